#pragma once
// The adaptive plans of a set of results, and the sweep that runs them: ideal_adaptive's solution
// per model made executable (analysis::to_plan), the plans that adaptive points already ran, and a
// SweepRequest that runs each plan at its own batch size on lib "adaptive". Plain data, no Qt.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/analysis/series.h"
#include "core/bench/adaptive_plan.h"
#include "ui/sweep_request.h"

namespace cnn::ui {

struct PlansFromAnalysis {
  std::vector<AdaptivePlan> plans;  // one per model analysis could solve, ordered by model
  std::vector<std::string> errors;  // one sentence per model skipped (analysis error, mixed precisions)
};

// The plan of every model of `points` that has per-layer times from `chosen` (libraries of one
// precision; lib "adaptive" is ignored), made from ideal_adaptive, tagged with `source_run`.
PlansFromAnalysis plans_from_analysis(std::span<const Point> points, std::span<const analysis::Series> chosen,
                                      std::int64_t source_run);

// The plans the successful adaptive points of `points` ran: the last one per (model, precision),
// ordered by model, then precision.
std::vector<AdaptivePlan> measured_plans(std::span<const Point> points);

// `fresh` completed with the measured plans of models (in that precision) it has none for; ordered
// by model, then precision.
std::vector<AdaptivePlan> merge_plans(std::vector<AdaptivePlan> fresh, const std::vector<AdaptivePlan>& measured);

// The sweep that measures every plan once at its own batch (plan.batch) on lib "adaptive", with
// `config` (threads, repetitions, warm-up); one Plan per (batch, precision). Empty for no plans.
SweepRequest adaptive_sweep(const std::vector<AdaptivePlan>& plans, const RunConfig& config, const std::string& label);

// The store label of such a run: "adaptive plan from run 12", or "adaptive plan" for run 0.
std::string adaptive_run_label(std::int64_t source_run);

}  // namespace cnn::ui
