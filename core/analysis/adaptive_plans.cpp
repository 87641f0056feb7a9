#include "core/analysis/adaptive_plans.h"

#include <cassert>
#include <map>
#include <stdexcept>

namespace cnn::analysis {
namespace {

// Per layer index: the mean time of the layer with its own reorder/transfer records (whole batch).
std::map<int, double> layer_costs(const Point& point) {
  std::map<int, double> costs;
  for (const LayerRecord& l : point.layers) costs[l.index] += mean_of(l.time_ms);
  return costs;
}

// The usable point of `series` for `model` at `batch`; null when none.
const Point* point_of(std::span<const Point> points, const std::string& model, const Series& series, int batch) {
  for (const Point* p : usable_points(points))
    if (p->model == model && series_of(*p) == series && p->batch == batch) return p;
  return nullptr;
}

}  // namespace

AdaptivePlan to_plan(const AdaptiveResult& result, std::int64_t source_run) {
  assert(result.ok() && !result.layers.empty());
  AdaptivePlan plan;
  plan.model = result.model;
  plan.precision = result.layers.front().series.precision;
  plan.graph = result.graph;
  plan.batch = result.batch;
  plan.predicted_ms_per_image = result.ms_per_image;
  plan.best_single = {result.best_single.series.lib, result.best_single.batch, result.best_single.ms_per_image};
  plan.source_run = source_run;
  for (const AdaptiveLayer& l : result.layers) {
    if (l.series.precision != plan.precision)
      throw std::runtime_error("The adaptive solution for '" + result.model + "' mixes " + std::string(to_string(plan.precision)) + " and " +
                               std::string(to_string(l.series.precision)) + " layers; a plan runs in one precision, so choose libraries of one precision.");
    plan.layers.push_back({l.index, l.name, l.type, l.series.lib});
  }
  return plan;
}

AdaptivePlans adaptive_plans(std::span<const Point> points, std::span<const Series> chosen, std::int64_t source_run,
                             double min_gain_percent) {
  assert(min_gain_percent >= 0);
  std::vector<Series> libs;
  for (const Series& s : chosen)
    if (s.lib != kAdaptiveLib) libs.push_back(s);
  AdaptivePlans out;
  for (const AdaptiveResult& result : ideal_adaptive(points, libs)) {
    if (!result.ok()) {
      out.errors.push_back(result.error);
      continue;
    }
    AdaptivePlan plan;
    try {
      plan = to_plan(result, source_run);
    } catch (const std::runtime_error& e) {
      out.errors.push_back(e.what());
      continue;
    }
    plan.min_gain_percent = min_gain_percent;
    const Series& base = result.best_single_same_batch.series;
    const Point* base_point = point_of(points, result.model, base, result.batch);
    if (min_gain_percent > 0 && base_point) {
      const std::map<int, double> base_costs = layer_costs(*base_point);
      double planned = 0;
      for (std::size_t i = 0; i < plan.layers.size(); ++i) {
        PlannedLayer& layer = plan.layers[i];
        const double chosen_ms = result.layers[i].ms_per_image;
        const double base_ms = base_costs.at(layer.index) / result.batch;
        if (layer.lib != base.lib && chosen_ms > base_ms * (1 - min_gain_percent / 100)) {
          layer.lib = base.lib;
          planned += base_ms;
        } else {
          planned += chosen_ms;
        }
      }
      plan.predicted_ms_per_image = planned;
    }
    out.plans.push_back(std::move(plan));
  }
  return out;
}

}  // namespace cnn::analysis
