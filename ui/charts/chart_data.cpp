#include "ui/charts/chart_data.h"

#include <QFileInfo>

#include <algorithm>

#include "ui/charts/library_colors.h"

namespace cnn::ui {

QString model_name(const ResultsSnapshot& results, const std::string& model) {
  const auto it = results.models.find(model);
  if (it == results.models.end() || it->second.name.empty()) {
    const QFileInfo file(QString::fromStdString(model));
    const bool definition = file.suffix() == QLatin1String("prototxt") || file.suffix() == QLatin1String("onnx");
    return definition ? file.completeBaseName() : QString::fromStdString(model);
  }
  QString name = QString::fromStdString(it->second.name);
  const qsizetype paren = name.indexOf(QLatin1String(" ("));
  if (paren > 0 && name.endsWith(QLatin1Char(')'))) name.truncate(paren);
  return name;
}

std::vector<analysis::Series> measured_series(const ResultsSnapshot& results) {
  std::vector<analysis::Series> out;
  for (const Point* p : analysis::usable_points(results.points)) out.push_back(analysis::series_of(*p));
  std::sort(out.begin(), out.end(), LibraryColors::before);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<int> measured_batches(const ResultsSnapshot& results, const std::string& model) {
  std::vector<int> out;
  for (const Point* p : analysis::usable_points(results.points))
    if (model.empty() || p->model == model) out.push_back(p->batch);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> layered_models(const ResultsSnapshot& results) {
  std::vector<std::string> out;
  for (const Point* p : analysis::usable_points(results.points))  // ordered by model
    if (!p->layers.empty() && (out.empty() || out.back() != p->model)) out.push_back(p->model);
  return out;
}

std::vector<analysis::Series> layered_series(const ResultsSnapshot& results, const std::string& model) {
  std::vector<analysis::Series> out;
  for (const Point* p : analysis::usable_points(results.points))
    if (!p->layers.empty() && (model.empty() || p->model == model)) out.push_back(analysis::series_of(*p));
  std::sort(out.begin(), out.end(), LibraryColors::before);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<PublishedFigure> shown_published(const ResultsSnapshot& results) {
  if (!results.show_published) return {};
  return results.published;
}

analysis::Series series_of(const PublishedFigure& figure) { return {figure.lib, figure.precision}; }

QString published_name(const analysis::Series& series) {
  return LibraryColors::series_name(series) + QStringLiteral(" (Jetson TX1)");
}

}  // namespace cnn::ui
