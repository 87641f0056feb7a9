#include "core/analysis/noise.h"

#include <algorithm>
#include <cmath>

#include "core/bench/round_schedule.h"

namespace cnn::analysis {

double quantile(std::span<const double> values, double q) {
  if (values.empty()) return 0;
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const double at = std::clamp(q, 0.0, 1.0) * double(sorted.size() - 1);
  const auto lo = std::size_t(std::floor(at));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - double(lo));
}

std::vector<double> layer_pass_totals(const Point& point) {
  std::size_t reps = 0;
  for (const LayerRecord& l : point.layers) reps = std::max(reps, l.time_ms.size());
  std::vector<double> totals(reps, 0.0);
  for (const LayerRecord& l : point.layers)
    for (std::size_t r = 0; r < l.time_ms.size(); ++r) totals[r] += l.time_ms[r];
  return totals;
}

Noise noise_of(const Point& point) {
  Noise n;
  n.threshold = point.noise_threshold.value_or(kDefaultNoiseThreshold);
  n.load_before = point.load_before;
  n.load_after = point.load_after;
  if (!point.success || point.time_fw_ms.empty()) return n;
  const std::span<const double> t = point.time_fw_ms;
  n.n = int(t.size());
  n.cov = coefficient_of_variation(t);
  n.min_ms = *std::min_element(t.begin(), t.end());
  n.median_ms = quantile(t, 0.5);
  n.p90_ms = quantile(t, 0.9);
  n.p99_ms = quantile(t, 0.99);
  n.noisy = !point.provisional && n.cov > n.threshold;
  const std::vector<double> totals = layer_pass_totals(point);
  if (!totals.empty() && n.median_ms > 0) {
    n.layer_ratio = quantile(totals, 0.5) / n.median_ms;
    n.layers_off = std::abs(*n.layer_ratio - 1) > kLayerSumTolerance;
  }
  return n;
}

}  // namespace cnn::analysis

namespace cnn::analysis {

NoiseSummary summarize_noise(std::span<const Point> points) {
  NoiseSummary s;
  std::vector<double> covs;
  bool same_threshold = true;
  for (const Point& p : points) {
    const Noise n = noise_of(p);
    if (n.n == 0) continue;
    ++s.points;
    covs.push_back(n.cov);
    s.noisy += n.noisy ? 1 : 0;
    s.layers_off += n.layers_off ? 1 : 0;
    s.provisional += p.provisional ? 1 : 0;
    for (const auto& load : {p.load_before, p.load_after})
      if (load) s.max_load = std::max(s.max_load.value_or(0.0), *load);
    if (s.threshold && *s.threshold != n.threshold) same_threshold = false;
    s.threshold = n.threshold;
  }
  if (!same_threshold) s.threshold.reset();
  s.median_cov = quantile(covs, 0.5);
  return s;
}

}  // namespace cnn::analysis
