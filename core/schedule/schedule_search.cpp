#include "core/schedule/schedule_search.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <memory>

#include "core/session.h"
#include "core/weights.h"

namespace cnn {
namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

template <class F>
double time_ms(F&& f) {
  const auto t0 = Clock::now();
  f();
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

ScheduleRecord choose_schedule(Scheduler scheduler, const Graph& graph, const ModelWeights& weights,
                               const std::vector<Backend*>& layer_libs, const RunConfig& config,
                               const SearchSettings& settings, const std::atomic<bool>* cancel,
                               const SearchProgress& progress) {
  ScheduleRecord record;
  record.scheduler = scheduler;
  if (scheduler == Scheduler::Sequential) {
    record.schedule = sequential_schedule(graph);
    return record;
  }
  if (scheduler == Scheduler::Greedy) {
    record.schedule = greedy_schedule(graph);
    return record;
  }
  const auto t0 = Clock::now();
  const int runs = std::max(1, settings.runs);
  IosResult found;
  Schedule merges_only;
  {
    // Every value kept and filled once, so any candidate stage can run again, in any order.
    Session session(graph, weights, layer_libs, config, SessionOptions{.keep_all_values = true});
    fill_input(session.input(), config.seed);
    session.forward(nullptr, cancel);
    // Latencies by stage, shared by the searches below (each measures a stage at most once).
    std::map<std::pair<std::vector<std::vector<int>>, bool>, double> measured_ms;
    const StageCost measure = [&](const Stage& stage) {
      // A merge, or groups at once, that this session or its library refuses cannot be chosen.
      if (stage.merged ? bool(session.merge_refusal(stage)) : bool(session.concurrency_refusal(stage)))
        return std::numeric_limits<double>::infinity();
      try {
        session.prepare_stage(stage);
      } catch (const UnsupportedLayer&) {
        if (stage.merged) return std::numeric_limits<double>::infinity();
        throw;
      }
      session.run_stage(stage, cancel);
      session.synchronize();
      std::vector<double> ms;
      for (int r = 0; r < runs; ++r)
        ms.push_back(time_ms([&] {
          session.run_stage(stage, cancel);
          session.synchronize();  // a device library's queued work is part of the stage
        }));
      if (progress) progress(int(measured_ms.size()) + 1);
      return median(ms);
    };
    const StageCost cost = [&](const Stage& stage) {
      const auto key = std::make_pair(stage.groups, stage.merged);
      if (const auto it = measured_ms.find(key); it != measured_ms.end()) return it->second;
      const double ms = measure(stage);
      if (std::isfinite(ms)) measured_ms.emplace(key, ms);
      return ms;
    };
    found = ios_search(graph, cost, settings.ios, cancel);
    // Stages measured alone misjudge groups side by side more than one wider convolution: IOS's
    // merges without its concurrency is a second candidate.
    if (settings.ios.merge && settings.ios.concurrent) {
      IosOptions merges = settings.ios;
      merges.concurrent = false;
      merges_only = ios_search(graph, cost, merges, cancel).schedule;
    }
    record.stages_measured = int(measured_ms.size());
  }

  // The schedules found against sequential end to end, in sessions that reuse buffers as the timed
  // run will, alternating; the fastest is kept only when its median is at least 1 % below
  // sequential's (a tie is noise). Only schedules with a stage of several groups differ in how they run.
  const Schedule sequential = sequential_schedule(graph);
  record.schedule = sequential;
  std::vector<const Schedule*> candidates;
  for (const Schedule* s : {&found.schedule, &merges_only})
    if (s->concurrent_stages() + s->merged_stages() > 0 && (candidates.empty() || !(*candidates[0] == *s)))
      candidates.push_back(s);
  if (!candidates.empty()) {
    candidates.push_back(&sequential);
    const auto ms = time_schedules(graph, weights, layer_libs, config, candidates, std::max(7, runs), cancel);
    double best = 0.99 * median(ms.back());
    for (std::size_t k = 0; k + 1 < candidates.size(); ++k)
      if (const double m = median(ms[k]); m < best) {
        best = m;
        record.schedule = *candidates[k];
      }
  }
  record.search_s = std::chrono::duration<double>(Clock::now() - t0).count();
  return record;
}

std::vector<std::vector<double>> time_schedules(const Graph& graph, const ModelWeights& weights,
                                                const std::vector<Backend*>& layer_libs, const RunConfig& config,
                                                const std::vector<const Schedule*>& schedules, int rounds,
                                                const std::atomic<bool>* cancel) {
  std::vector<std::unique_ptr<Session>> sessions;
  for (const Schedule* s : schedules) {
    sessions.push_back(std::make_unique<Session>(graph, weights, layer_libs, config, SessionOptions{.schedule = s}));
    fill_input(sessions.back()->input(), config.seed);
    sessions.back()->forward(nullptr, cancel);
  }
  std::vector<std::vector<double>> ms(schedules.size());
  // Forward, then backward: each schedule follows each other one as often (the one before can leave
  // the machine busy, e.g. threads still spinning after groups side by side).
  for (int r = 0; r < rounds; ++r)
    for (std::size_t i = 0; i < sessions.size(); ++i) {
      const std::size_t k = r % 2 ? sessions.size() - 1 - i : i;
      ms[k].push_back(time_ms([&] { sessions[k]->forward(nullptr, cancel); }));
    }
  return ms;
}

}  // namespace cnn
