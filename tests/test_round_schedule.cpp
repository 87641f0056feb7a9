// RoundSchedule: which points each round visits and how many repetitions each visit takes, on
// synthetic series (no clock): the repetition rule, extra rounds for noisy points, failures, and a
// simulated slow minute that lands on one library when points are measured one after another but
// on a share of every point when they are measured in rounds.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "core/analysis/noise.h"
#include "core/bench/round_schedule.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

RepetitionRule rule(int min_reps, double min_time_s, int max_reps, int rounds, double threshold = 0.05) {
  RepetitionRule r;
  r.min_reps = min_reps;
  r.min_time_s = min_time_s;
  r.max_reps = max_reps;
  r.rounds = rounds;
  r.noise_threshold = threshold;
  return r;
}

std::vector<double> repeat(double v, int n) { return std::vector<double>(std::size_t(n), v); }

void append(std::vector<double>& to, const std::vector<double>& more) { to.insert(to.end(), more.begin(), more.end()); }

}  // namespace

TEST_CASE("quietPointsCompleteAfterTheirRounds") {
  RoundSchedule s(2, rule(6, 0, 60, 3));
  std::vector<double> times[2];
  for (int round = 1; round <= 3; ++round) {
    const std::vector<int> visit = s.next_round();
    CHECK(s.round() == round);
    CHECK(visit == (std::vector<int>{0, 1}));
    for (int p : visit) {
      CHECK(s.reps_for_visit(p, 10.0) == 2);  // 6 repetitions over 3 rounds
      append(times[p], repeat(10.0, 2));
      CHECK(s.record_visit(p, times[p]) == (round == 3));
    }
  }
  CHECK((s.complete(0) && s.complete(1)));
  CHECK(s.visits(0) == 3);
  CHECK(s.visits_done() == 6);
  CHECK(s.next_round().empty());
}

struct MinTimeSetsTheTargetAndMaxRepsCapsItRow {
  std::string tag;
  double min_time_s;
  double pass_ms;
  int first_visit;
};

std::vector<MinTimeSetsTheTargetAndMaxRepsCapsItRow> min_time_sets_the_target_and_max_reps_caps_it_rows() {
  std::vector<MinTimeSetsTheTargetAndMaxRepsCapsItRow> rows;
  rows.push_back({"min reps rule", 0.0, 100.0, 2});         // 6 / 3
  rows.push_back({"min time rule", 0.03, 1.0, 10});         // 30 passes of 1 ms over 3 rounds
  rows.push_back({"capped by max reps", 10.0, 0.001, 20});  // 60 / 3
  rows.push_back({"unknown pass time", 10.0, -1.0, 2});     // no estimate: the min reps share
  return rows;
}

TEST_CASE("minTimeSetsTheTargetAndMaxRepsCapsIt") {
  auto [tag, min_time_s, pass_ms, first_visit] = test::pick_row(min_time_sets_the_target_and_max_reps_caps_it_rows());
  RoundSchedule s(1, rule(6, min_time_s, 60, 3));
  s.next_round();
  CHECK(s.reps_for_visit(0, pass_ms) == first_visit);
}

TEST_CASE("laterVisitsMakeUpWhatTheFirstMissed") {
  // The first visit guessed the min reps share; the measured 1 ms passes need 30 for 30 ms.
  RoundSchedule s(1, rule(6, 0.03, 60, 3));
  s.next_round();
  std::vector<double> times = repeat(1.0, 2);
  CHECK(!s.record_visit(0, times));
  s.next_round();
  CHECK(s.reps_for_visit(0, 1.0) == 14);  // (30 - 2) over the 2 rounds left
  append(times, repeat(1.0, 14));
  CHECK(!s.record_visit(0, times));
  s.next_round();
  CHECK(s.reps_for_visit(0, 1.0) == 14);
  append(times, repeat(1.0, 14));
  CHECK(s.record_visit(0, times));
}

TEST_CASE("noisyPointGetsExtraRoundsUpToTwiceItsRounds") {
  RoundSchedule s(2, rule(6, 0, 60, 3));
  std::vector<double> quiet, noisy;
  for (int round = 1; round <= 3; ++round) {
    s.next_round();
    append(quiet, repeat(10.0, 2));
    append(noisy, {10.0, 20.0});
    s.record_visit(0, quiet);
    s.record_visit(1, noisy);
  }
  CHECK(s.complete(0));
  CHECK(!s.complete(1));  // CoV about 35 %: more repetitions before the flag is settled
  for (int round = 4; round <= 6; ++round) {
    CHECK(s.next_round() == (std::vector<int>{1}));
    CHECK(s.reps_for_visit(1, 15.0) == 2);
    append(noisy, {10.0, 20.0});
    CHECK(s.record_visit(1, noisy) == (round == 6));
  }
  CHECK(s.next_round().empty());
  CHECK(s.visits(1) == 6);
}

TEST_CASE("noisyPointThatSettlesStops") {
  RoundSchedule s(1, rule(3, 0, 60, 2, 0.05));
  std::vector<double> times = {10.0, 10.0, 12.0};
  s.next_round();
  CHECK(!s.record_visit(0, times));
  s.next_round();
  times.push_back(10.0);  // CoV 9.5 % after its two rounds: an extra round
  CHECK(!s.record_visit(0, times));
  s.next_round();
  append(times, repeat(10.0, 30));  // CoV 3.5 %: settled before 2 x rounds
  CHECK(coefficient_of_variation(times) < 0.05);
  CHECK(s.record_visit(0, times));
  CHECK(s.visits(0) == 3);
}

TEST_CASE("maxRepsEndsANoisyPoint") {
  RoundSchedule s(1, rule(4, 0, 6, 2));
  s.next_round();
  CHECK(s.reps_for_visit(0, 2.0) == 2);
  CHECK(!s.record_visit(0, std::vector<double>{1.0, 3.0}));
  s.next_round();
  CHECK(s.reps_for_visit(0, 2.0) == 2);
  CHECK(!s.record_visit(0, std::vector<double>{1.0, 3.0, 1.0, 3.0}));
  s.next_round();
  CHECK(s.reps_for_visit(0, 2.0) == 2);  // an extra round: at most max reps in all
  CHECK(s.record_visit(0, std::vector<double>{1.0, 3.0, 1.0, 3.0, 1.0, 3.0}));
  CHECK(s.visits(0) == 3);
}

TEST_CASE("maxRepsCompletesBeforeItsRounds") {
  RoundSchedule s(1, rule(2, 0, 2, 3));
  s.next_round();
  CHECK(s.reps_for_visit(0, 1.0) == 1);
  CHECK(!s.record_visit(0, std::vector<double>{1.0}));
  s.next_round();
  CHECK(s.reps_for_visit(0, 1.0) == 1);
  CHECK(s.record_visit(0, std::vector<double>{1.0, 5.0}));  // 2 = max reps: no third round
  CHECK(s.next_round().empty());
}

TEST_CASE("failedPointIsCompleteAtOnce") {
  RoundSchedule s(3, rule(6, 0, 60, 3));
  CHECK(s.visits_planned() == 9);
  s.next_round();
  s.fail(1);
  CHECK(s.complete(1));
  CHECK(s.visits_done() == 1);
  CHECK(s.visits_planned() == 1 + 2 * 3);
  s.record_visit(0, repeat(1.0, 2));
  s.record_visit(2, repeat(1.0, 2));
  CHECK(s.next_round() == (std::vector<int>{0, 2}));
}

// Two libraries at four batch sizes, 6 repetitions of 10 ms each; a slow period (every pass 2x)
// covers a stretch of the sweep as long as one point's whole measurement. Measured one point
// after another, it lands on all repetitions of one point, whose median doubles; in three rounds
// it lands on at most a third of each point's repetitions, and every median stays 10 ms.
struct SlowMinuteSpreadsOverRoundsRow {
  std::string tag;
  int rounds;
  int points_off;
};

std::vector<SlowMinuteSpreadsOverRoundsRow> slow_minute_spreads_over_rounds_rows() {
  std::vector<SlowMinuteSpreadsOverRoundsRow> rows;
  rows.push_back({"one after another", 1, 1});
  rows.push_back({"three rounds", 3, 0});
  return rows;
}

TEST_CASE("slowMinuteSpreadsOverRounds") {
  auto [tag, rounds, points_off] = test::pick_row(slow_minute_spreads_over_rounds_rows());
  const int points = 8;
  RoundSchedule s(points, rule(6, 0, 6, rounds, 1.0));
  std::vector<std::vector<double>> times(points);
  double clock_ms = 0;
  const double slow_from = 3 * 60.0, slow_to = slow_from + 60.0;  // the 4th point's 60 ms, one at a time
  for (std::vector<int> round = s.next_round(); !round.empty(); round = s.next_round()) {
    for (int p : round) {
      const int reps = s.reps_for_visit(p, 10.0);
      for (int r = 0; r < reps; ++r) {
        const double ms = clock_ms >= slow_from && clock_ms < slow_to ? 20.0 : 10.0;
        times[std::size_t(p)].push_back(ms);
        clock_ms += ms;
      }
      s.record_visit(p, times[std::size_t(p)]);
    }
  }
  int off = 0;
  for (const auto& t : times) {
    CHECK(int(t.size()) == 6);
    if (analysis::quantile(t, 0.5) != 10.0) ++off;
  }
  CHECK(off == points_off);
}

TEST_CASE("coefficientOfVariation") {
  CHECK(coefficient_of_variation(std::vector<double>{}) == test::fuzzy(0.0));
  CHECK(coefficient_of_variation(std::vector<double>{5.0}) == test::fuzzy(0.0));
  CHECK(coefficient_of_variation(std::vector<double>{2.0, 2.0}) == test::fuzzy(0.0));
  // mean 2, sample std sqrt(2): CoV 0.7071...
  CHECK(std::abs(coefficient_of_variation(std::vector<double>{1.0, 3.0}) - std::sqrt(2.0) / 2) < 1e-12);
}
