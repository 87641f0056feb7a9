#pragma once
// Schedules: what the Schedule tab draws. A point's chosen schedule laid out in time (stages left to
// right, each as wide as its median time; its concurrent groups side by side in it, each made of its
// layers in order), and each model's time per image with every scheduler of one library, precision
// and graph mode, with the speedup over sequential.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/analysis/series.h"
#include "core/analysis/stats.h"

namespace cnn::analysis {

// One layer of a group: its per-layer pass (whole batch, ms) and where it sits on the time axis.
struct TimelineLayer {
  int index = 0;                  // graph node index
  std::string name, type, lib;    // lib: the point's, or for lib "adaptive" its plan's for this layer
  double median_ms = 0, min_ms = 0, max_ms = 0;  // over the per-layer repetitions; 0 without any
  double start_ms = 0, width_ms = 0;  // on the timeline: the group scaled to fill its stage
};

struct TimelineStage {
  double start_ms = 0;  // the sum of the stages before it
  double ms = 0;        // its median time in the end-to-end repetitions (stage_ms), else `estimated`
  bool estimated = false;  // no stage times recorded: the sum of its layers' per-layer medians
  bool merged = false;     // its groups' first layers ran as one merged convolution (Stage::merged)
  std::vector<std::vector<TimelineLayer>> groups;  // each group's layers in the order they run
};

struct Timeline {
  std::vector<TimelineStage> stages;
  double total_ms = 0;         // end of the last stage
  int concurrent_stages = 0;   // stages of more than one group run at once
  int merged_stages = 0;       // stages run as one merged convolution
};

// The schedule record of `point` laid out in time; nullopt when it has none. A layer the record
// names but the point has no per-layer time for is drawn with 0 ms; a group whose layers sum to
// 0 ms is shared equally among them.
std::optional<Timeline> schedule_timeline(const Point& point);

// A series without its scheduler: the library, precision and graph mode the bar chart compares
// schedulers in (its `scheduler` is ignored).
struct SchedulerTime {
  std::string model;
  int batch = 0;
  Scheduler scheduler = Scheduler::Sequential;
  Stats per_image;             // end-to-end repetitions / batch: median and std drawn
  bool noisy = false;          // the point's reading is flagged (analysis::noise_of)
  std::optional<double> speedup;  // sequential's median over this one's, where both were measured
};

// Every usable point of `series` (its scheduler ignored), ordered by (model, batch, scheduler).
std::vector<SchedulerTime> scheduler_times(std::span<const Point> points, const Series& series);

}  // namespace cnn::analysis
