#pragma once
// RoundSchedule: which points a sweep visits in each round and how many repetitions each visit
// takes, from the repetition rule and the times measured so far. Pure bookkeeping (no clock), so
// the scheme is tested on synthetic series.
//
// The scheme: every round visits every point that is not complete, in the sweep's order. A point's
// target is max(min_reps, min_time / its pass time), at most max_reps; its first `rounds` visits
// share the target evenly (the pass time is re-estimated at each visit). It is complete once it has
// max_reps (whatever the round), or after its rounds when its coefficient of variation is at most
// the threshold, or after 2 x rounds visits; until then each extra round gives it another share. So a slow minute lands on
// one visit of many points instead of on every repetition of a few, and a median over the visits
// sets it aside.
#include <span>
#include <vector>

#include "core/run_config.h"

namespace cnn {

class RoundSchedule {
 public:
  RoundSchedule(int points, const RepetitionRule& rule);

  // The points to visit in the next round, in order, and the round's number (1-based); empty when
  // every point is complete.
  std::vector<int> next_round();
  int round() const { return round_; }

  // Repetitions for the next visit of `point`, given the time of one pass (ms; <= 0 when unknown).
  int reps_for_visit(int point, double pass_ms) const;
  // After a visit of `point`: all of its end-to-end times so far (ms). Returns whether it is complete.
  bool record_visit(int point, std::span<const double> times_ms);
  void fail(int point);  // a failed point is complete at once

  bool complete(int point) const { return state_[std::size_t(point)].complete; }
  int visits(int point) const { return state_[std::size_t(point)].visits; }
  // Visits still planned: each incomplete point's remaining base rounds (at least one each).
  int visits_planned() const;
  int visits_done() const { return visits_done_; }

 private:
  struct State {
    int visits = 0;
    int reps = 0;
    double total_ms = 0;
    bool complete = false;
  };
  int target_reps(const State& s, double pass_ms) const;

  RepetitionRule rule_;
  std::vector<State> state_;
  int round_ = 0;
  int visits_done_ = 0;
};

// Coefficient of variation (sample std / mean) of the values; 0 for fewer than two or a zero mean.
double coefficient_of_variation(std::span<const double> values);

}  // namespace cnn
