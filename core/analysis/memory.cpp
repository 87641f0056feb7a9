#include "core/analysis/memory.h"

#include <cassert>
#include <map>
#include <utility>

#include "core/analysis/best_batch.h"

namespace cnn::analysis {

MemoryPerImage memory_per_image(const Point& point) {
  assert(point.batch > 0);
  const double b = point.batch;
  const MemoryUse& m = point.memory;
  return {double(m.weights_bytes) / b, double(m.activations_bytes) / b, double(m.activations_total_bytes) / b,
          double(m.workspace_bytes) / b, double(m.measured_bytes) / b,
          m.tracked_bytes ? std::optional<double>(double(*m.tracked_bytes) / b) : std::nullopt};
}

std::vector<MemoryRow> memory_per_image(std::span<const Point> points) {
  std::vector<MemoryRow> rows;
  for (const Point* p : usable_points(points))
    rows.push_back({p->model, series_of(*p), p->batch, memory_per_image(*p)});
  return rows;
}

std::vector<GoodEnoughBatch> good_enough_batches(std::span<const Point> points, double percent) {
  assert(percent >= 0);
  std::map<std::pair<std::string, Series>, std::vector<const Point*>> groups;  // batches ascending
  for (const Point* p : usable_points(points))
    if (!p->time_fw_ms.empty()) groups[{p->model, series_of(*p)}].push_back(p);
  std::vector<GoodEnoughBatch> out;
  for (const BestBatch& best : best_batches(points)) {
    const double limit = best.ms_per_image * (1.0 + percent / 100.0);
    for (const Point* p : groups.at({best.model, best.series})) {
      const double ms = point_stats(*p).per_image.mean;  // computed as best_batches does
      if (ms > limit) continue;
      out.push_back(
          {best.model, best.series, p->batch, ms, best.batch, best.ms_per_image, memory_per_image(*p)});
      break;
    }
  }
  return out;
}

}  // namespace cnn::analysis
