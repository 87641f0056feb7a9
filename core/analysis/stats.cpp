#include "core/analysis/stats.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace cnn::analysis {

Stats summarize(std::span<const double> values) {
  Stats s;
  s.n = static_cast<int>(values.size());
  if (s.n == 0) return s;
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  s.min = sorted.front();
  const std::size_t mid = sorted.size() / 2;
  s.median = sorted.size() % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  s.mean = mean_of(values);
  if (s.n > 1) {
    double squares = 0;
    for (double v : values) squares += (v - s.mean) * (v - s.mean);
    s.std = std::sqrt(squares / (s.n - 1));
  }
  return s;
}

PointStats point_stats(const Point& point) {
  assert(point.batch > 0);
  PointStats ps{point.model, series_of(point), point.batch, summarize(point.time_fw_ms), {}};
  std::vector<double> per_image(point.time_fw_ms.begin(), point.time_fw_ms.end());
  for (double& v : per_image) v /= point.batch;
  ps.per_image = summarize(per_image);
  return ps;
}

std::vector<PointStats> point_stats(std::span<const Point> points) {
  std::vector<PointStats> out;
  for (const Point* p : usable_points(points)) out.push_back(point_stats(*p));
  return out;
}

}  // namespace cnn::analysis
