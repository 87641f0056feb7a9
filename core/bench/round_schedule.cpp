#include "core/bench/round_schedule.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace cnn {

double coefficient_of_variation(std::span<const double> values) {
  if (values.size() < 2) return 0;
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
  if (!(mean > 0)) return 0;
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / double(values.size() - 1)) / mean;
}

RoundSchedule::RoundSchedule(int points, const RepetitionRule& rule) : rule_(rule), state_(std::size_t(points)) {
  assert(points >= 0 && rule.min_reps >= 1 && rule.max_reps >= rule.min_reps && rule.rounds >= 1);
}

std::vector<int> RoundSchedule::next_round() {
  std::vector<int> out;
  for (std::size_t i = 0; i < state_.size(); ++i)
    if (!state_[i].complete) out.push_back(int(i));
  if (!out.empty()) ++round_;
  return out;
}

int RoundSchedule::target_reps(const State& s, double pass_ms) const {
  if (pass_ms <= 0 && s.reps > 0) pass_ms = s.total_ms / s.reps;
  double target = rule_.min_reps;
  if (pass_ms > 0) target = std::max(target, std::ceil(rule_.min_time_s * 1000.0 / pass_ms));
  return int(std::min<double>(target, rule_.max_reps));
}

int RoundSchedule::reps_for_visit(int point, double pass_ms) const {
  const State& s = state_[std::size_t(point)];
  const int left = rule_.max_reps - s.reps;
  if (left <= 0) return 1;  // not planned: a complete point is not visited
  const int base_share = (rule_.min_reps + rule_.rounds - 1) / rule_.rounds;
  if (s.visits >= rule_.rounds) return std::min(left, std::max(base_share, 1));  // an extra visit
  const int need = target_reps(s, pass_ms) - s.reps;
  const int rounds_left = rule_.rounds - s.visits;
  const int share = (std::max(need, 0) + rounds_left - 1) / rounds_left;
  return std::clamp(share, 1, left);
}

bool RoundSchedule::record_visit(int point, std::span<const double> times_ms) {
  State& s = state_[std::size_t(point)];
  assert(!s.complete);
  ++s.visits;
  ++visits_done_;
  s.reps = int(times_ms.size());
  s.total_ms = std::accumulate(times_ms.begin(), times_ms.end(), 0.0);
  if (s.reps >= rule_.max_reps) return s.complete = true;  // its budget is spent, whatever the round
  if (s.visits < rule_.rounds) return false;
  const bool enough = s.reps >= target_reps(s, 0);
  const bool quiet = coefficient_of_variation(times_ms) <= rule_.noise_threshold;
  s.complete = s.visits >= 2 * rule_.rounds || (enough && quiet);
  return s.complete;
}

void RoundSchedule::fail(int point) {
  State& s = state_[std::size_t(point)];
  if (!s.complete) {
    ++s.visits;
    ++visits_done_;
  }
  s.complete = true;
}

int RoundSchedule::visits_planned() const {
  int n = visits_done_;
  for (const State& s : state_)
    if (!s.complete) n += std::max(1, rule_.rounds - s.visits);
  return n;
}

}  // namespace cnn
