#pragma once
// Noise: how far a point's reading can be trusted: the spread of its end-to-end repetitions, the
// machine's load around it, and whether its per-layer pass adds up to its end-to-end time.
#include <optional>
#include <span>
#include <vector>

#include "core/bench/point.h"

namespace cnn::analysis {

// The CoV threshold of points recorded without one (older runs, imported documents).
inline constexpr double kDefaultNoiseThreshold = 0.05;
// How far the per-layer pass may depart from the end-to-end median before it is flagged.
inline constexpr double kLayerSumTolerance = 0.10;

struct Noise {
  int n = 0;                    // end-to-end repetitions
  double cov = 0;               // sample std / mean
  double min_ms = 0, median_ms = 0, p90_ms = 0, p99_ms = 0;  // whole batch
  double threshold = kDefaultNoiseThreshold;
  // Sum over layers (and their steps) of one per-layer repetition, median over repetitions, over
  // the end-to-end median; absent without a per-layer pass.
  std::optional<double> layer_ratio;
  bool noisy = false;           // a complete reading whose CoV is above the threshold
  bool layers_off = false;      // |layer_ratio - 1| > kLayerSumTolerance
  std::optional<double> load_before, load_after;
};

// Of a successful point with at least one repetition (n = 0 otherwise, nothing flagged). A
// provisional point is never flagged noisy: its reading is not complete.
Noise noise_of(const Point& point);

// The q-quantile (0..1) of the values by linear interpolation between order statistics (numpy's
// default); 0 for none.
double quantile(std::span<const double> values, double q);

// The per-layer pass of each repetition: the sum of every layer record's time in it (ms).
std::vector<double> layer_pass_totals(const Point& point);

}  // namespace cnn::analysis

namespace cnn::analysis {

// The readings of a run at a glance: how many points are noisy or have a per-layer pass that does
// not add up, over the successful points with repetitions.
struct NoiseSummary {
  int points = 0;
  int noisy = 0;         // complete readings with CoV above their threshold
  int layers_off = 0;    // per-layer sum more than kLayerSumTolerance from end to end
  int provisional = 0;   // readings the sweep did not complete (stopped)
  double median_cov = 0;
  std::optional<double> max_load;  // the highest load average recorded around a point
  std::optional<double> threshold; // the points' CoV threshold when they share one
};
NoiseSummary summarize_noise(std::span<const Point> points);

}  // namespace cnn::analysis
