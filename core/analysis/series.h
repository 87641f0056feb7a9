#pragma once
// Series: what analysis compares (a library in one precision), and the common selection of points.
#include <compare>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bench/point.h"

namespace cnn::analysis {

// A library in one precision, graph mode and scheduler, e.g. {"openblas", fp32, caffe, sequential};
// ordered by lib, then precision, then graph mode, then scheduler.
struct Series {
  std::string lib;
  Precision precision = Precision::FP32;
  GraphMode graph = GraphMode::Caffe;
  Scheduler scheduler = Scheduler::Sequential;
  auto operator<=>(const Series&) const = default;
  bool operator==(const Series&) const = default;
  // "openblas/fp32"; "openblas/fp32/fused" in the fused mode, "openblas/fp32/ios" scheduled by IOS,
  // "openblas/fp32/fused/greedy" both (the defaults, Caffe and sequential, add nothing).
  std::string label() const;
};

Series series_of(const Point& point);
// How people read a series without its library: "fp32", "fp32, fused", "fp32, ios", "fp32, fused, greedy".
std::string precision_text(Precision precision, GraphMode graph, Scheduler scheduler);
std::string precision_text(const Series& series);  // of its precision, graph mode and scheduler
// "openblas/fp32" -> {"openblas", FP32, Caffe, Sequential}, "openblas/fp32/fused" -> {..., Fused, ...},
// "openblas/fp32/ios" -> {..., Caffe, Ios}, "openblas/fp32/fused/greedy" -> {..., Fused, Greedy}; nullopt
// for anything else (an empty library, an unknown precision, graph mode or scheduler, the scheduler
// before the graph mode, more parts).
std::optional<Series> parse_series(std::string_view label);

// The successful points with batch > 0, ordered by (model, series, batch). When one
// (model, series, batch) appears more than once, the last one in `points` wins (a re-measured
// point replaces the old). The pointers point into `points`.
std::vector<const Point*> usable_points(std::span<const Point> points);

// The models among the usable points, sorted, each once.
std::vector<std::string> models_of(std::span<const Point> points);

// Mean of the values; 0 for none.
double mean_of(std::span<const double> values);

// Sum over layers of each layer's mean time over repetitions (ms, whole batch): the per-layer pass.
double layer_pass_ms(const Point& point);

}  // namespace cnn::analysis
