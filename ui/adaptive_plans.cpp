#include "ui/adaptive_plans.h"

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "core/analysis/adaptive_plans.h"

namespace cnn::ui {
namespace {

bool by_model_precision(const AdaptivePlan& a, const AdaptivePlan& b) {
  return std::tie(a.model, a.precision, a.graph) < std::tie(b.model, b.precision, b.graph);
}

// Plans of the same model, precision and graph mode stand for one another.
bool same_kind(const AdaptivePlan& a, const AdaptivePlan& b) {
  return a.model == b.model && a.precision == b.precision && a.graph == b.graph;
}

}  // namespace

std::vector<AdaptivePlan> measured_plans(std::span<const Point> points) {
  std::map<std::tuple<std::string, Precision, GraphMode>, AdaptivePlan> last;
  for (const Point& p : points)
    if (p.success && p.lib == kAdaptiveLib && p.plan) last[{p.model, p.precision, p.plan->graph}] = *p.plan;
  std::vector<AdaptivePlan> out;
  for (auto& [key, plan] : last) out.push_back(std::move(plan));
  return out;
}

std::vector<AdaptivePlan> merge_plans(std::vector<AdaptivePlan> fresh, const std::vector<AdaptivePlan>& measured) {
  for (const AdaptivePlan& m : measured) {
    const bool have = std::any_of(fresh.begin(), fresh.end(), [&](const AdaptivePlan& f) { return same_kind(f, m); });
    if (!have) fresh.push_back(m);
  }
  std::stable_sort(fresh.begin(), fresh.end(), by_model_precision);
  return fresh;
}

SweepRequest adaptive_sweep(const std::vector<AdaptivePlan>& plans, const RunConfig& config, const std::string& label,
                            const std::vector<Scheduler>& schedulers) {
  SweepRequest request;
  request.label = label;
  request.selection.config = config;
  request.selection.schedulers = schedulers;
  for (const AdaptivePlan& a : plans) {
    if (a.batch <= 0) continue;  // the runner could not run it either
    const bool have = std::any_of(request.selection.adaptive.begin(), request.selection.adaptive.end(),
                                  [&](const AdaptivePlan& x) { return same_kind(x, a); });
    if (have) continue;
    if (std::find(request.selection.models.begin(), request.selection.models.end(), a.model) == request.selection.models.end())
      request.selection.models.push_back(a.model);
    request.selection.adaptive.push_back(a);
  }
  return request;
}

std::string adaptive_run_label(std::int64_t source_run) {
  return source_run > 0 ? "adaptive plan from run " + std::to_string(source_run) : "adaptive plan";
}

}  // namespace cnn::ui
