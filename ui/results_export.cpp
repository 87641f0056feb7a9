#include "ui/results_export.h"

#include <filesystem>
#include <fstream>

#include "core/bench/results_csv.h"
#include "core/bench/results_json.h"
#include "core/model/net_desc.h"
#include "ui/chart_exporter.h"

namespace cnn::ui {
namespace {

std::ofstream open_for_writing(const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw ExportError("Cannot write the file '" + path.string() + "'.");
  return out;
}

void finish(std::ofstream& out, const std::filesystem::path& path) {
  out.flush();
  if (!out) throw ExportError("Cannot write the file '" + path.string() + "'.");
}

}  // namespace

QStringList write_results(const QString& file, ResultsFormat format, const Platform& platform,
                          const std::vector<Point>& points) {
  const std::filesystem::path path = file.toStdString();
  if (format == ResultsFormat::Json) {
    std::ofstream out = open_for_writing(path);
    out << results_to_json(platform, points);
    finish(out, path);
    return {file};
  }
  const std::filesystem::path layers_path = layers_csv_path(path);
  std::ofstream out = open_for_writing(path);
  write_points_csv(out, points);
  finish(out, path);
  std::ofstream layers = open_for_writing(layers_path);
  write_layers_csv(layers, points);
  finish(layers, layers_path);
  return {file, QString::fromStdString(layers_path.string())};
}

void write_plans(const QString& file, const std::vector<AdaptivePlan>& plans) {
  try {
    save_plans(file.toStdString(), plans);
  } catch (const std::runtime_error& e) {
    throw ExportError(e.what());
  }
}

void write_plan_prototxt(const QString& file, const AdaptivePlan& plan, const std::string& prototxt,
                         const std::string& source) {
  std::string text;
  try {
    text = prototxt_with_engines(plan, prototxt, source);
  } catch (const ModelError& e) {
    throw ExportError("The prototxt of '" + plan.model + "' does not parse: " + e.what());
  }
  const std::filesystem::path path = file.toStdString();
  std::ofstream out = open_for_writing(path);
  out << text;
  finish(out, path);
}

}  // namespace cnn::ui
