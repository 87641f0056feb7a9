#pragma once
// Distributions of the repeated end-to-end passes (QuTiBench-style boxplots): Tukey box statistics
// of a set of values, and the boxes of one batch size, one per (model, series).
#include <span>
#include <string>
#include <vector>

#include "core/analysis/series.h"

namespace cnn::analysis {

// A Tukey box over some values, in their unit.
struct BoxStats {
  int n = 0;  // how many values; 0: nothing measured (then every field is 0 / empty)
  double q1 = 0, median = 0, q3 = 0;
  // The most extreme values within 1.5 IQR of the quartiles (Tukey); never inside the box: when that
  // value would be, the whisker is the quartile itself (as matplotlib draws it).
  double lower_whisker = 0, upper_whisker = 0;
  std::vector<double> outliers;                 // the values beyond the whiskers, ascending
  double iqr() const { return q3 - q1; }
};

// Quantiles interpolate linearly between the sorted values (numpy's default, Hyndman-Fan type 7):
// q(p) = x[h] + (h - floor h)(x[floor h + 1] - x[floor h]) with h = (n - 1) p. NaNs are left out.
BoxStats box_stats(std::span<const double> values);

// One box: a model on one series at one batch size.
struct LatencyBox {
  std::string model;
  Series series;
  int batch = 0;
  BoxStats per_image;  // ms per image: each repetition of the end-to-end pass (time_fw_ms) / batch
  bool noisy = false;  // the point's reading is flagged noisy (see noise.h)
};

// The boxes at `batch`: one per (model, series) among the usable points (see usable_points) that
// have at least one repetition, of `model` only when it is not empty; ordered by (model, series).
std::vector<LatencyBox> latency_boxes(std::span<const Point> points, int batch, const std::string& model = {});

// The batch sizes those boxes can be drawn at (of `model` only when not empty), ascending.
std::vector<int> box_batches(std::span<const Point> points, const std::string& model = {});

// The batch size to draw the boxes at by default: the largest that every (model, series) measured
// (of `model` only when not empty), else the smallest measured; 0 when there is none.
int default_box_batch(std::span<const Point> points, const std::string& model = {});

}  // namespace cnn::analysis
