#pragma once
// Choosing a point's schedule: sequential and greedy as they are; IOS by its dynamic program over
// stage latencies measured on the point's own libraries, batch and threads.
#include <atomic>
#include <functional>
#include <vector>

#include "core/backend.h"
#include "core/schedule/ios_search.h"
#include "core/schedule/schedule.h"

namespace cnn {

struct SearchSettings {
  IosOptions ios;
  int runs = 5;  // timed runs of each candidate stage (after one untimed), their median its latency
};

// Called after each stage the search measured, with how many it has measured so far.
using SearchProgress = std::function<void(int stages_measured)>;

// The schedule `scheduler` chooses for `graph` on `layer_libs` (host libraries for greedy and
// IOS). IOS measures each candidate stage alone in a session that keeps every value (so any stage
// can run again), searches twice over those latencies (as configured, and with merged stages but no
// concurrent ones), then times the schedules found against sequential end to end in sessions like the timed run's
// (time_schedules: alternating, at least 7 rounds) and keeps sequential unless the fastest's median
// is at least 1 % below sequential's. The record has no stage times yet (stage_ms: the runner's passes fill
// them). Throws Cancelled when `cancel` is set, UnsupportedLayer as a Session does.
ScheduleRecord choose_schedule(Scheduler scheduler, const Graph& graph, const ModelWeights& weights,
                               const std::vector<Backend*>& layer_libs, const RunConfig& config,
                               const SearchSettings& settings = {}, const std::atomic<bool>* cancel = nullptr,
                               const SearchProgress& progress = {});

// End-to-end times (ms, whole batch) of each schedule in sessions that reuse buffers as a timed run
// does: one warm-up pass each, then `rounds` rounds, each timing every schedule once in turn (so a
// slow moment of the machine falls on all of them), in order and in reverse order by turns.
// result[k][r]: schedule k in round r.
std::vector<std::vector<double>> time_schedules(const Graph& graph, const ModelWeights& weights,
                                                const std::vector<Backend*>& layer_libs, const RunConfig& config,
                                                const std::vector<const Schedule*>& schedules, int rounds,
                                                const std::atomic<bool>* cancel = nullptr);

}  // namespace cnn
