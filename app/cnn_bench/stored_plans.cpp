#include "app/cnn_bench/stored_plans.h"

#include <algorithm>
#include <ostream>

#include "app/cnn_bench/arguments.h"
#include "app/cnn_bench/selection.h"
#include "core/analysis/adaptive_plans.h"
#include "core/analysis/report.h"

namespace cnn::bench_cli {

std::vector<GraphMode> graphs_asked(const StoredRun& run, const std::optional<std::string>& list) {
  if (list) return select_graphs(list);
  std::vector<GraphMode> out;
  for (const GraphMode g : {GraphMode::Caffe, GraphMode::Fused})
    if (std::any_of(run.points.begin(), run.points.end(), [&](const Point& p) { return p.success && p.graph == g; }))
      out.push_back(g);
  if (out.empty()) out.push_back(GraphMode::Caffe);
  return out;
}

std::vector<AdaptivePlan> plans_from_run(const StoredRun& run, const std::optional<std::string>& libs,
                                       Precision precision, const std::vector<GraphMode>& graphs,
                                       const std::optional<std::string>& models, double min_gain_percent,
                                       std::ostream& err) {
  const std::string run_name = "run " + std::to_string(run.summary.id);
  std::vector<std::string> measured = analysis::libs_of(run.points);
  std::erase(measured, std::string(kAdaptiveLib));
  std::vector<analysis::Series> chosen;
  for (const std::string& lib : libs ? split_list(*libs, "libs") : measured) {
    if (std::find(measured.begin(), measured.end(), lib) == measured.end())
      throw UsageError(run_name + " has no successful point of library '" + lib + "'");
    for (GraphMode graph : graphs) chosen.push_back({lib, precision, graph});
  }
  if (chosen.empty()) throw UsageError(run_name + " has no library to plan with");
  std::vector<Point> points = run.points;
  if (models) {
    const std::vector<std::string> wanted = split_list(*models, "models");
    std::erase_if(points, [&](const Point& p) { return std::find(wanted.begin(), wanted.end(), p.model) == wanted.end(); });
  }
  analysis::AdaptivePlans made = analysis::adaptive_plans(points, chosen, run.summary.id, min_gain_percent);
  for (const std::string& error : made.errors) err << "cnn-bench: no plan: " << error << "\n";
  std::vector<AdaptivePlan> out = std::move(made.plans);
  if (out.empty()) throw UsageError(run_name + " gives no plan in " + std::string(to_string(precision)) +
                                    (models ? " for the models asked" : "") + " (see the reasons above, if any)");
  return out;
}

}  // namespace cnn::bench_cli
