#pragma once
// Adaptive plans from the analysis: the ideal adaptive solution of each model made executable, with
// a noise margin that keeps layers on the best single library where another one is barely faster.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/analysis/adaptive.h"
#include "core/bench/adaptive_plan.h"

namespace cnn::analysis {

// The result as a plan to run: its model, batch, and each layer's library. `result` must be ok().
// Throws std::runtime_error when its layers come from series of different precisions.
AdaptivePlan to_plan(const AdaptiveResult& result, std::int64_t source_run = 0);

// What a layer must gain to leave the best single library in a plan by default (%): per-layer
// medians of a shared machine move by a few percent between runs, and every switch between
// libraries risks cache and thread-pool effects that the per-layer times do not show.
inline constexpr double kDefaultMinGainPercent = 5.0;

// The plans of every model ideal_adaptive can solve among `chosen` (lib "adaptive" is left out: an
// executed plan is not a library to choose), ordered by model, then graph mode (a plan is made
// among the chosen series of one graph mode and carries it), with each model it cannot plan as
// one sentence in `errors`. A layer stays on the best single library at the plan's batch unless
// the chosen library runs it at least `min_gain_percent` faster there (0: exactly the ideal
// adaptive solution); the plan's predicted time is the sum of the layers as planned.
struct AdaptivePlans {
  std::vector<AdaptivePlan> plans;
  std::vector<std::string> errors;
};
AdaptivePlans adaptive_plans(std::span<const Point> points, std::span<const Series> chosen, std::int64_t source_run = 0,
                             double min_gain_percent = kDefaultMinGainPercent);

}  // namespace cnn::analysis
