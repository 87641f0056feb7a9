#include "core/analysis/schedules.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/analysis/noise.h"

namespace cnn::analysis {
namespace {

// The library that ran node `index`: the point's, or the plan's for an adaptive point.
std::string lib_of(const Point& point, int index) {
  if (point.plan)
    for (const PlannedLayer& l : point.plan->layers)
      if (l.index == index) return l.lib;
  return point.lib;
}

// Node `index` of `point` with its per-layer pass (its record, not the steps recorded beside it).
TimelineLayer layer_of(const Point& point, int index) {
  TimelineLayer out;
  out.index = index;
  out.lib = lib_of(point, index);
  for (const LayerRecord& r : point.layers) {
    if (r.index != index || is_stage(r)) continue;
    out.name = r.name;
    out.type = r.type;
    const Stats s = summarize(r.time_ms);
    out.median_ms = s.median;
    out.min_ms = s.min;
    out.max_ms = s.n > 0 ? *std::max_element(r.time_ms.begin(), r.time_ms.end()) : 0;
    break;
  }
  return out;
}

double sum_of_medians(const std::vector<TimelineLayer>& group) {
  double sum = 0;
  for (const TimelineLayer& l : group) sum += l.median_ms;
  return sum;
}

// Lays the group's layers out from `start` to fill `width`, each in proportion to its median.
void fill(std::vector<TimelineLayer>& group, double start, double width) {
  const double sum = sum_of_medians(group);
  for (TimelineLayer& l : group) {
    l.start_ms = start;
    l.width_ms = sum > 0 ? width * l.median_ms / sum : width / double(group.size());
    start += l.width_ms;
  }
}

}  // namespace

std::optional<Timeline> schedule_timeline(const Point& point) {
  if (!point.schedule) return std::nullopt;
  const ScheduleRecord& record = *point.schedule;
  Timeline out;
  for (std::size_t s = 0; s < record.schedule.stages.size(); ++s) {
    TimelineStage stage;
    stage.start_ms = out.total_ms;
    double layers_ms = 0;
    for (const std::vector<int>& nodes : record.schedule.stages[s].groups) {
      std::vector<TimelineLayer> group;
      for (int node : nodes) group.push_back(layer_of(point, node));
      layers_ms += sum_of_medians(group);
      if (!group.empty()) stage.groups.push_back(std::move(group));
    }
    const bool timed = s < record.stage_ms.size() && !record.stage_ms[s].empty();
    stage.estimated = !timed;
    stage.ms = timed ? summarize(record.stage_ms[s]).median : layers_ms;
    for (std::vector<TimelineLayer>& group : stage.groups) fill(group, stage.start_ms, stage.ms);
    stage.merged = record.schedule.stages[s].merged;
    if (stage.merged) ++out.merged_stages;
    else if (stage.groups.size() > 1) ++out.concurrent_stages;
    out.total_ms += stage.ms;
    out.stages.push_back(std::move(stage));
  }
  return out;
}

std::vector<SchedulerTime> scheduler_times(std::span<const Point> points, const Series& series) {
  using Key = std::tuple<std::string, int, Scheduler>;
  std::map<Key, SchedulerTime> by_key;
  for (const Point* p : usable_points(points)) {
    const Series s = series_of(*p);
    if (s.lib != series.lib || s.precision != series.precision || s.graph != series.graph) continue;
    const PointStats stats = point_stats(*p);
    if (stats.per_image.n == 0) continue;
    by_key[{p->model, p->batch, p->scheduler}] = {p->model, p->batch, p->scheduler, stats.per_image,
                                                   noise_of(*p).noisy, std::nullopt};
  }
  std::vector<SchedulerTime> out;
  for (auto& [key, t] : by_key) {
    const auto sequential = by_key.find({t.model, t.batch, Scheduler::Sequential});
    if (sequential != by_key.end() && t.per_image.median > 0)
      t.speedup = sequential->second.per_image.median / t.per_image.median;
    out.push_back(t);
  }
  return out;
}

}  // namespace cnn::analysis
