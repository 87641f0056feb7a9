#pragma once
// Time ratios between two series of the same model, each at its own best batch.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/series.h"

namespace cnn::analysis {

struct Ratio {
  std::string model;
  Series numerator, denominator;
  int numerator_batch = 0, denominator_batch = 0;  // each series' best batch
  double numerator_ms = 0, denominator_ms = 0;     // mean ms per image at those batches
  double ratio = 0;  // numerator_ms / denominator_ms; < 1: the numerator series is faster
};

// Per model that has both series (end-to-end best batches), ordered by model.
std::vector<Ratio> ratios(std::span<const Point> points, const Series& numerator, const Series& denominator);

// fp16 / fp32 of the same library and graph mode: every (model, lib, graph) with both, ordered by
// (model, lib, graph).
std::vector<Ratio> precision_ratios(std::span<const Point> points);

// fused / caffe graph of the same library and precision: every (model, lib, precision) with both,
// ordered by (model, lib, precision).
std::vector<Ratio> graph_ratios(std::span<const Point> points);

// greedy / sequential and ios / sequential of the same library, precision and graph mode: every
// (model, lib, precision, graph) with both, ordered by (model, lib, precision, graph, scheduler).
std::vector<Ratio> scheduler_ratios(std::span<const Point> points);

// lib_a / lib_b in the same precision, graph mode and scheduler: every (model, precision, graph) with both,
// ordered by (model, precision, graph).
std::vector<Ratio> lib_ratios(std::span<const Point> points, std::string_view lib_a, std::string_view lib_b);

}  // namespace cnn::analysis
