#include "core/schedule/schedule_search.h"

#include <algorithm>
#include <chrono>
#include <limits>
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
  {
    // Every value kept and filled once, so any candidate stage can run again, in any order.
    Session session(graph, weights, layer_libs, config, SessionOptions{.keep_all_values = true});
    fill_input(session.input(), config.seed);
    session.forward(nullptr, cancel);
    int measured = 0;
    const StageCost cost = [&](const Stage& stage) {
      if (stage.merged) {  // a merge this session or its library refuses cannot be chosen
        if (session.merge_refusal(stage)) return std::numeric_limits<double>::infinity();
        try {
          session.prepare_stage(stage);
        } catch (const UnsupportedLayer&) {
          return std::numeric_limits<double>::infinity();
        }
      }
      session.prepare_stage(stage);
      session.run_stage(stage, cancel);
      std::vector<double> ms;
      for (int r = 0; r < runs; ++r) ms.push_back(time_ms([&] { session.run_stage(stage, cancel); }));
      if (progress) progress(++measured);
      return median(ms);
    };
    found = ios_search(graph, cost, settings.ios, cancel);
  }
  record.stages_measured = found.stages_measured;

  // The whole schedule against sequential end to end, in sessions that reuse buffers as the timed
  // run will, alternating; kept only when its median is at least 1 % faster (a tie is noise).
  const Schedule sequential = sequential_schedule(graph);
  record.schedule = sequential;
  if (!(found.schedule == sequential)) {
    const auto ms = time_schedules(graph, weights, layer_libs, config, {&found.schedule, &sequential},
                                   std::max(7, runs), cancel);
    if (median(ms[0]) < 0.99 * median(ms[1])) record.schedule = found.schedule;
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
  for (int r = 0; r < rounds; ++r)
    for (std::size_t k = 0; k < sessions.size(); ++k)
      ms[k].push_back(time_ms([&] { sessions[k]->forward(nullptr, cancel); }));
  return ms;
}

}  // namespace cnn
