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

// A library in one precision and graph mode, e.g. {"openblas", fp32, caffe}; ordered by lib, then
// precision, then graph mode.
struct Series {
  std::string lib;
  Precision precision = Precision::FP32;
  GraphMode graph = GraphMode::Caffe;
  auto operator<=>(const Series&) const = default;
  bool operator==(const Series&) const = default;
  std::string label() const;  // "openblas/fp32"; "openblas/fp32/fused" in the fused mode
};

Series series_of(const Point& point);
// How people read a series without its library: "fp32", and "fp32, fused" in the fused mode.
std::string precision_text(Precision precision, GraphMode graph);
// "openblas/fp32" -> {"openblas", FP32, Caffe}, "openblas/fp32/fused" -> {..., Fused}; nullopt for
// anything else (an empty library, an unknown precision or graph mode, more parts).
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
