#include "core/analysis/best_batch.h"

#include <map>
#include <utility>

namespace cnn::analysis {

namespace {

// `ordered` as usable_points returns it: a group is a run of equal (model, series), and the
// strict < keeps the smaller batch on ties.
std::vector<BestBatch> best_over(const std::vector<const Point*>& ordered) {
  std::vector<BestBatch> out;
  for (const Point* p : ordered) {
    if (p->time_fw_ms.empty()) continue;
    const PointStats ps = point_stats(*p);
    const bool same_group = !out.empty() && out.back().model == ps.model && out.back().series == ps.series;
    if (same_group && ps.per_image.mean >= out.back().ms_per_image) continue;
    BestBatch best{ps.model, ps.series, ps.batch, ps.per_image.mean, 0, ps.per_image, noise_of(*p)};
    best.images_per_s = best.ms_per_image > 0 ? 1000.0 / best.ms_per_image : 0;
    if (same_group)
      out.back() = std::move(best);
    else
      out.push_back(std::move(best));
  }
  return out;
}

}  // namespace

std::vector<BestBatch> best_batches(std::span<const Point> points) {
  return best_over(usable_points(points));
}

std::optional<BestBatch> best_batch(std::span<const Point> points, const std::string& model,
                                    const Series& series) {
  std::vector<const Point*> selected;
  for (const Point* p : usable_points(points))
    if (p->model == model && series_of(*p) == series) selected.push_back(p);
  auto best = best_over(selected);
  if (best.empty()) return std::nullopt;
  return best.front();
}

std::vector<Speedup> speedups(std::span<const Point> points, const Series& baseline) {
  const std::vector<BestBatch> best = best_batches(points);
  std::map<std::string, const BestBatch*> base;  // model -> the baseline's best batch
  for (const BestBatch& b : best)
    if (b.series == baseline) base[b.model] = &b;
  std::vector<Speedup> out;
  for (const BestBatch& b : best) {
    const auto it = base.find(b.model);
    if (it == base.end() || b.ms_per_image <= 0) continue;
    const BestBatch& ref = *it->second;
    out.push_back({b.model, b.series, b.batch, b.ms_per_image, ref.batch, ref.ms_per_image,
                   ref.ms_per_image / b.ms_per_image, b.noise.noisy || ref.noise.noisy});
  }
  return out;
}

}  // namespace cnn::analysis
