#pragma once
// The adaptive plans of a set of results (the new ones come from analysis::adaptive_plans): the
// plans that adaptive points already ran, and a SweepRequest that runs each plan at its own batch
// size on lib "adaptive". Plain data, no Qt.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/analysis/series.h"
#include "core/bench/adaptive_plan.h"
#include "ui/sweep_request.h"

namespace cnn::ui {

// The plans the successful adaptive points of `points` ran: the last one per (model, precision,
// graph mode), ordered by model, then precision, then graph mode.
std::vector<AdaptivePlan> measured_plans(std::span<const Point> points);

// `fresh` completed with the measured plans of models (in that precision and graph mode) it has none
// for; ordered by model, then precision, then graph mode.
std::vector<AdaptivePlan> merge_plans(std::vector<AdaptivePlan> fresh, const std::vector<AdaptivePlan>& measured);

// The sweep that measures every plan once at its own batch (plan.batch) on lib "adaptive", with
// `config` (threads, repetitions, warm-up) and each scheduler of `schedulers` (the sweep form's
// Schedule boxes); the first plan of each (model, precision, graph mode). Empty for no plans.
SweepRequest adaptive_sweep(const std::vector<AdaptivePlan>& plans, const RunConfig& config, const std::string& label,
                            const std::vector<Scheduler>& schedulers = {Scheduler::Sequential});

// The store label of such a run: "adaptive plan from run 12", or "adaptive plan" for run 0.
std::string adaptive_run_label(std::int64_t source_run);

}  // namespace cnn::ui
