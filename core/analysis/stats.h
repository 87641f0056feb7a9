#pragma once
// Statistics over repetitions of the end-to-end pass, per batch and per image.
#include <span>
#include <string>
#include <vector>

#include "core/analysis/series.h"

namespace cnn::analysis {

// Summary of repeated measurements, in the unit of the inputs.
struct Stats {
  int n = 0;  // how many values; 0: nothing measured (then every field is 0)
  double mean = 0;
  double std = 0;  // sample standard deviation (divides by n - 1); 0 for n = 1
  double min = 0;
  double median = 0;  // mean of the two middle values for even n
};

Stats summarize(std::span<const double> values);

struct PointStats {
  std::string model;
  Series series;
  int batch = 0;
  Stats per_batch;  // ms per repetition for the whole batch (time_fw_ms)
  Stats per_image;  // ms per image: per_batch / batch
};

// The end-to-end pass of one point (whatever its success).
PointStats point_stats(const Point& point);

// Every usable point (see usable_points), ordered by (model, series, batch).
std::vector<PointStats> point_stats(std::span<const Point> points);

}  // namespace cnn::analysis
