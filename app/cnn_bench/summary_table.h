#pragma once
// The summary cnn-bench run prints: best time per image, where the time goes, failed points.
#include <iosfwd>
#include <vector>

#include "core/bench/point.h"

namespace cnn::bench_cli {

// Per model x library x precision: the best batch by mean end-to-end ms per image, with images/s
// and the standard deviation; then, at that batch, the `top_layers` largest layers by share of the
// per-layer pass and the share of each layer type; then every failed point with its reason.
void print_summary(std::ostream& out, const std::vector<Point>& points, int top_layers = 5);

}  // namespace cnn::bench_cli
