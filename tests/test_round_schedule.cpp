// RoundSchedule: which points each round visits and how many repetitions each visit takes, on
// synthetic series (no clock): the repetition rule, extra rounds for noisy points, failures, and a
// simulated slow minute that lands on one library when points are measured one after another but
// on a share of every point when they are measured in rounds.
#include <QtTest>

#include <algorithm>
#include <map>
#include <vector>

#include "core/analysis/noise.h"
#include "core/bench/round_schedule.h"

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

class TestRoundSchedule : public QObject {
  Q_OBJECT
 private slots:
  void quietPointsCompleteAfterTheirRounds() {
    RoundSchedule s(2, rule(6, 0, 60, 3));
    std::vector<double> times[2];
    for (int round = 1; round <= 3; ++round) {
      const std::vector<int> visit = s.next_round();
      QCOMPARE(s.round(), round);
      QCOMPARE(visit, (std::vector<int>{0, 1}));
      for (int p : visit) {
        QCOMPARE(s.reps_for_visit(p, 10.0), 2);  // 6 repetitions over 3 rounds
        append(times[p], repeat(10.0, 2));
        QCOMPARE(s.record_visit(p, times[p]), round == 3);
      }
    }
    QVERIFY(s.complete(0) && s.complete(1));
    QCOMPARE(s.visits(0), 3);
    QCOMPARE(s.visits_done(), 6);
    QVERIFY(s.next_round().empty());
  }

  void minTimeSetsTheTargetAndMaxRepsCapsIt_data() {
    QTest::addColumn<double>("min_time_s");
    QTest::addColumn<double>("pass_ms");
    QTest::addColumn<int>("first_visit");
    QTest::newRow("min reps rule") << 0.0 << 100.0 << 2;       // 6 / 3
    QTest::newRow("min time rule") << 0.03 << 1.0 << 10;       // 30 passes of 1 ms over 3 rounds
    QTest::newRow("capped by max reps") << 10.0 << 0.001 << 20;  // 60 / 3
    QTest::newRow("unknown pass time") << 10.0 << -1.0 << 2;   // no estimate: the min reps share
  }
  void minTimeSetsTheTargetAndMaxRepsCapsIt() {
    QFETCH(double, min_time_s);
    QFETCH(double, pass_ms);
    QFETCH(int, first_visit);
    RoundSchedule s(1, rule(6, min_time_s, 60, 3));
    s.next_round();
    QCOMPARE(s.reps_for_visit(0, pass_ms), first_visit);
  }

  void laterVisitsMakeUpWhatTheFirstMissed() {
    // The first visit guessed the min reps share; the measured 1 ms passes need 30 for 30 ms.
    RoundSchedule s(1, rule(6, 0.03, 60, 3));
    s.next_round();
    std::vector<double> times = repeat(1.0, 2);
    QVERIFY(!s.record_visit(0, times));
    s.next_round();
    QCOMPARE(s.reps_for_visit(0, 1.0), 14);  // (30 - 2) over the 2 rounds left
    append(times, repeat(1.0, 14));
    QVERIFY(!s.record_visit(0, times));
    s.next_round();
    QCOMPARE(s.reps_for_visit(0, 1.0), 14);
    append(times, repeat(1.0, 14));
    QVERIFY(s.record_visit(0, times));
  }

  void noisyPointGetsExtraRoundsUpToTwiceItsRounds() {
    RoundSchedule s(2, rule(6, 0, 60, 3));
    std::vector<double> quiet, noisy;
    for (int round = 1; round <= 3; ++round) {
      s.next_round();
      append(quiet, repeat(10.0, 2));
      append(noisy, {10.0, 20.0});
      s.record_visit(0, quiet);
      s.record_visit(1, noisy);
    }
    QVERIFY(s.complete(0));
    QVERIFY(!s.complete(1));  // CoV about 35 %: more repetitions before the flag is settled
    for (int round = 4; round <= 6; ++round) {
      QCOMPARE(s.next_round(), std::vector<int>{1});
      QCOMPARE(s.reps_for_visit(1, 15.0), 2);
      append(noisy, {10.0, 20.0});
      QCOMPARE(s.record_visit(1, noisy), round == 6);
    }
    QVERIFY(s.next_round().empty());
    QCOMPARE(s.visits(1), 6);
  }

  void noisyPointThatSettlesStops() {
    RoundSchedule s(1, rule(3, 0, 60, 2, 0.05));
    std::vector<double> times = {10.0, 10.0, 12.0};
    s.next_round();
    QVERIFY(!s.record_visit(0, times));
    s.next_round();
    times.push_back(10.0);  // CoV 9.5 % after its two rounds: an extra round
    QVERIFY(!s.record_visit(0, times));
    s.next_round();
    append(times, repeat(10.0, 30));  // CoV 3.5 %: settled before 2 x rounds
    QVERIFY(coefficient_of_variation(times) < 0.05);
    QVERIFY(s.record_visit(0, times));
    QCOMPARE(s.visits(0), 3);
  }

  void maxRepsEndsANoisyPoint() {
    RoundSchedule s(1, rule(4, 0, 6, 2));
    s.next_round();
    QCOMPARE(s.reps_for_visit(0, 2.0), 2);
    QVERIFY(!s.record_visit(0, std::vector<double>{1.0, 3.0}));
    s.next_round();
    QCOMPARE(s.reps_for_visit(0, 2.0), 2);
    QVERIFY(!s.record_visit(0, std::vector<double>{1.0, 3.0, 1.0, 3.0}));
    s.next_round();
    QCOMPARE(s.reps_for_visit(0, 2.0), 2);  // an extra round: at most max reps in all
    QVERIFY(s.record_visit(0, std::vector<double>{1.0, 3.0, 1.0, 3.0, 1.0, 3.0}));
    QCOMPARE(s.visits(0), 3);
  }

  void maxRepsCompletesBeforeItsRounds() {
    RoundSchedule s(1, rule(2, 0, 2, 3));
    s.next_round();
    QCOMPARE(s.reps_for_visit(0, 1.0), 1);
    QVERIFY(!s.record_visit(0, std::vector<double>{1.0}));
    s.next_round();
    QCOMPARE(s.reps_for_visit(0, 1.0), 1);
    QVERIFY(s.record_visit(0, std::vector<double>{1.0, 5.0}));  // 2 = max reps: no third round
    QVERIFY(s.next_round().empty());
  }

  void failedPointIsCompleteAtOnce() {
    RoundSchedule s(3, rule(6, 0, 60, 3));
    QCOMPARE(s.visits_planned(), 9);
    s.next_round();
    s.fail(1);
    QVERIFY(s.complete(1));
    QCOMPARE(s.visits_done(), 1);
    QCOMPARE(s.visits_planned(), 1 + 2 * 3);
    s.record_visit(0, repeat(1.0, 2));
    s.record_visit(2, repeat(1.0, 2));
    QCOMPARE(s.next_round(), (std::vector<int>{0, 2}));
  }

  // Two libraries at four batch sizes, 6 repetitions of 10 ms each; a slow period (every pass 2x)
  // covers a stretch of the sweep as long as one point's whole measurement. Measured one point
  // after another, it lands on all repetitions of one point, whose median doubles; in three rounds
  // it lands on at most a third of each point's repetitions, and every median stays 10 ms.
  void slowMinuteSpreadsOverRounds_data() {
    QTest::addColumn<int>("rounds");
    QTest::addColumn<int>("points_off");
    QTest::newRow("one after another") << 1 << 1;
    QTest::newRow("three rounds") << 3 << 0;
  }
  void slowMinuteSpreadsOverRounds() {
    QFETCH(int, rounds);
    QFETCH(int, points_off);
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
      QCOMPARE(int(t.size()), 6);
      if (analysis::quantile(t, 0.5) != 10.0) ++off;
    }
    QCOMPARE(off, points_off);
  }

  void coefficientOfVariation() {
    QCOMPARE(coefficient_of_variation(std::vector<double>{}), 0.0);
    QCOMPARE(coefficient_of_variation(std::vector<double>{5.0}), 0.0);
    QCOMPARE(coefficient_of_variation(std::vector<double>{2.0, 2.0}), 0.0);
    // mean 2, sample std sqrt(2): CoV 0.7071...
    QVERIFY(std::abs(coefficient_of_variation(std::vector<double>{1.0, 3.0}) - std::sqrt(2.0) / 2) < 1e-12);
  }
};

QTEST_APPLESS_MAIN(TestRoundSchedule)
#include "test_round_schedule.moc"
