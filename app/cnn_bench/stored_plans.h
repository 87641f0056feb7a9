#pragma once
// Adaptive plans made from a stored run's per-layer times; shared by 'plan' and 'run --plan-run'.
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/bench/adaptive_plan.h"
#include "core/run_config.h"
#include "core/store/results_store.h"

namespace cnn::bench_cli {

// --graph for plans: the modes listed, or when absent every graph mode the run measured (caffe for a
// run without points). Throws UsageError for an unknown mode.
std::vector<GraphMode> graphs_asked(const StoredRun& run, const std::optional<std::string>& list);

// One plan per model of `run` and graph mode of `graphs` (only the models of the `models` list when
// given), each choosing among the libraries of the `libs` list (default: every library the run
// measured, except 'adaptive') in `precision` and that graph mode, a layer leaving the best single
// library only when it gains `min_gain_percent` (see analysis::adaptive_plans). Models the analysis
// cannot plan are named on `err`. Throws UsageError for a library the run has no successful point
// of, or when no model gets a plan.
std::vector<AdaptivePlan> plans_from_run(const StoredRun& run, const std::optional<std::string>& libs,
                                       Precision precision, const std::vector<GraphMode>& graphs,
                                       const std::optional<std::string>& models, double min_gain_percent,
                                       std::ostream& err);

}  // namespace cnn::bench_cli
