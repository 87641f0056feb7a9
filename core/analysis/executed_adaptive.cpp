#include "core/analysis/executed_adaptive.h"

#include "core/analysis/series.h"

namespace cnn::analysis {
namespace {

double percent_over(double value, double base) { return base > 0 ? 100.0 * (value - base) / base : 0.0; }

}  // namespace

double ExecutedAdaptive::vs_predicted_percent() const {
  return percent_over(measured_ms_per_image, predicted_ms_per_image + transfer_ms_per_image);
}

double ExecutedAdaptive::vs_best_single_percent() const {
  return percent_over(measured_ms_per_image, best_single.ms_per_image);
}

std::vector<ExecutedAdaptive> executed_adaptive(std::span<const Point> points) {
  const std::vector<const Point*> usable = usable_points(points);
  std::vector<ExecutedAdaptive> out;
  for (const Point* p : usable) {
    if (p->lib != kAdaptiveLib || !p->plan || p->layers.empty()) continue;
    const AdaptivePlan& plan = *p->plan;
    ExecutedAdaptive e;
    e.model = p->model;
    e.precision = p->precision;
    e.graph = p->graph;
    e.scheduler = p->scheduler;
    e.batch = p->batch;
    e.plan_batch = plan.batch;
    e.predicted_ms_per_image = plan.predicted_ms_per_image;
    e.best_single = plan.best_single;
    const double batch = p->batch;
    for (const LayerRecord& l : p->layers) {
      const double ms = mean_of(l.time_ms) / batch;
      e.measured_ms_per_image += ms;
      if (l.type == kTransferType) {
        e.transfer_ms_per_image += ms;
        continue;
      }
      if (l.type == kReorderType) e.reorder_ms_per_image += ms;
      const bool planned = l.index >= 0 && std::size_t(l.index) < plan.layers.size();
      e.per_lib_ms_per_image[planned ? plan.layers[std::size_t(l.index)].lib : std::string("?")] += ms;
    }
    e.end_to_end_ms_per_image = mean_of(p->time_fw_ms) / batch;
    for (const Point* q : usable)
      if (q->model == p->model && q->lib == plan.best_single.lib && q->precision == p->precision &&
          q->graph == p->graph && q->scheduler == p->scheduler && q->batch == plan.best_single.batch)
        e.best_single_end_to_end_ms_per_image = mean_of(q->time_fw_ms) / q->batch;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace cnn::analysis
