#include "core/analysis/distribution.h"

#include "core/analysis/noise.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

namespace cnn::analysis {
namespace {

// Type-7 quantile of sorted, non-empty values.
double quantile(const std::vector<double>& sorted, double p) {
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto below = static_cast<std::size_t>(std::floor(h));
  if (below + 1 >= sorted.size()) return sorted.back();
  return sorted[below] + (h - static_cast<double>(below)) * (sorted[below + 1] - sorted[below]);
}

// The usable points with end-to-end repetitions, of `model` only when it is not empty.
std::vector<const Point*> timed_points(std::span<const Point> points, const std::string& model) {
  std::vector<const Point*> out;
  for (const Point* p : usable_points(points))
    if ((model.empty() || p->model == model) && !p->time_fw_ms.empty()) out.push_back(p);
  return out;
}

}  // namespace

BoxStats box_stats(std::span<const double> values) {
  std::vector<double> sorted;
  sorted.reserve(values.size());
  for (double v : values)
    if (!std::isnan(v)) sorted.push_back(v);
  BoxStats b;
  if (sorted.empty()) return b;
  std::sort(sorted.begin(), sorted.end());
  b.n = static_cast<int>(sorted.size());
  b.q1 = quantile(sorted, 0.25);
  b.median = quantile(sorted, 0.5);
  b.q3 = quantile(sorted, 0.75);
  const double low_fence = b.q1 - 1.5 * b.iqr(), high_fence = b.q3 + 1.5 * b.iqr();
  b.lower_whisker = b.q1;  // the quartiles themselves are always within the fences
  b.upper_whisker = b.q3;
  bool lower_set = false;
  for (double v : sorted) {
    if (v < low_fence || v > high_fence) {
      b.outliers.push_back(v);
      continue;
    }
    if (!lower_set) b.lower_whisker = std::min(v, b.q1);
    lower_set = true;
    b.upper_whisker = std::max(v, b.q3);
  }
  return b;
}

std::vector<LatencyBox> latency_boxes(std::span<const Point> points, int batch, const std::string& model) {
  std::vector<LatencyBox> boxes;
  for (const Point* p : timed_points(points, model)) {  // ordered by (model, series, batch)
    if (p->batch != batch) continue;
    std::vector<double> per_image;
    per_image.reserve(p->time_fw_ms.size());
    for (double ms : p->time_fw_ms) per_image.push_back(ms / p->batch);
    LatencyBox box{p->model, series_of(*p), p->batch, box_stats(per_image), noise_of(*p).noisy};
    if (box.per_image.n > 0) boxes.push_back(std::move(box));
  }
  return boxes;
}

std::vector<int> box_batches(std::span<const Point> points, const std::string& model) {
  std::set<int> batches;
  for (const Point* p : timed_points(points, model)) batches.insert(p->batch);
  return {batches.begin(), batches.end()};
}

int default_box_batch(std::span<const Point> points, const std::string& model) {
  std::map<std::pair<std::string, Series>, std::set<int>> measured;  // (model, series) -> batches
  for (const Point* p : timed_points(points, model)) measured[{p->model, series_of(*p)}].insert(p->batch);
  if (measured.empty()) return 0;
  std::set<int> shared = measured.begin()->second;
  for (const auto& entry : measured) {
    const std::set<int>& batches = entry.second;
    std::erase_if(shared, [&batches](int b) { return !batches.contains(b); });
  }
  if (!shared.empty()) return *shared.rbegin();
  const std::vector<int> all = box_batches(points, model);
  return all.front();
}

}  // namespace cnn::analysis
