// Pareto fronts: the generic non-dominated filter, (time, memory) per image and (top-1, images/s),
// the latter measured where a point carries a reading, published otherwise, one front per scale.
#include <QtTest>

#include <map>
#include <vector>

#include "analysis_fixtures.h"
#include "core/analysis/pareto.h"

using namespace cnn;
using namespace cnn::analysis;
using fixtures::failed;
using fixtures::point;

Q_DECLARE_METATYPE(cnn::analysis::Goal)
Q_DECLARE_METATYPE(cnn::analysis::MemoryFigure)

namespace {

QString label(const Series& s) { return QString::fromStdString(s.label()); }

// A point whose only memory figure set is measured_bytes.
Point with_memory(Point p, std::uint64_t measured) {
  p.memory.measured_bytes = measured;
  return p;
}

// Per image: ms = fw / batch, bytes = measured / batch.
//   m1 a/fp32 b1: 10 ms, 100 B   m1 a/fp32 b2: 8 ms, 200 B   m1 a/fp32 b4: 9 ms, 300 B (beaten by b2)
//   m1 b/fp32 b1: 20 ms, 50 B    m2 a/fp32 b1: 30 ms, 60 B (beaten by m1 b)   m4 a/fp32 b1: 1 ms, 1000 B
std::vector<Point> fixture() {
  return {
      with_memory(point("m1", "a", "fp32", 4, {36}), 1200),
      with_memory(point("m1", "a", "fp32", 1, {10}), 100),
      with_memory(point("m1", "a", "fp32", 2, {16}), 400),
      with_memory(point("m1", "b", "fp32", 1, {20}), 50),
      with_memory(point("m2", "a", "fp32", 1, {30}), 60),
      with_memory(point("m4", "a", "fp32", 1, {1}), 1000),
      failed(with_memory(point("m2", "b", "fp32", 1, {0.1}), 1)),  // would beat everything
  };
}

}  // namespace

class TestAnalysisPareto : public QObject {
  Q_OBJECT

 private slots:
  void paretoIndices_data();
  void paretoIndices();
  void memoryFigure_data();
  void memoryFigure();
  void timeMemoryFront();
  void accuracySpeedFront();
  void measuredAccuracyHasItsOwnFront();
  void emptyInputGivesEmptyFronts();
};

void TestAnalysisPareto::paretoIndices_data() {
  QTest::addColumn<QList<double>>("x");
  QTest::addColumn<Goal>("xGoal");
  QTest::addColumn<QList<double>>("y");
  QTest::addColumn<Goal>("yGoal");
  QTest::addColumn<QList<int>>("front");
  // (3,4) is beaten by (2,3); the repeated (2,3) stays twice.
  QTest::newRow("both minimised") << QList<double>{1, 2, 3, 4, 2} << Goal::Minimise
                                  << QList<double>{5, 3, 4, 1, 3} << Goal::Minimise << QList<int>{0, 1, 3, 4};
  // (1,1) is beaten by (2,2).
  QTest::newRow("both maximised") << QList<double>{1, 2, 0} << Goal::Maximise << QList<double>{1, 2, 3}
                                  << Goal::Maximise << QList<int>{1, 2};
  // x minimised, y maximised: (3,4) is beaten by (2,5).
  QTest::newRow("mixed") << QList<double>{1, 2, 3} << Goal::Minimise << QList<double>{1, 5, 4}
                         << Goal::Maximise << QList<int>{0, 1};
  // Same x: only the better y survives.
  QTest::newRow("tie on one axis") << QList<double>{1, 1} << Goal::Minimise << QList<double>{2, 3}
                                   << Goal::Minimise << QList<int>{0};
  QTest::newRow("one point") << QList<double>{7} << Goal::Minimise << QList<double>{7} << Goal::Maximise
                             << QList<int>{0};
  QTest::newRow("none") << QList<double>{} << Goal::Minimise << QList<double>{} << Goal::Minimise
                        << QList<int>{};
}

void TestAnalysisPareto::paretoIndices() {
  QFETCH(QList<double>, x);
  QFETCH(Goal, xGoal);
  QFETCH(QList<double>, y);
  QFETCH(Goal, yGoal);
  QFETCH(QList<int>, front);
  const std::vector<double> xs(x.begin(), x.end()), ys(y.begin(), y.end());
  QList<int> got;
  for (std::size_t i : pareto_indices(xs, xGoal, ys, yGoal)) got << int(i);
  QCOMPARE(got, front);
}

void TestAnalysisPareto::memoryFigure_data() {
  QTest::addColumn<MemoryFigure>("figure");
  QTest::addColumn<double>("bytes");
  // memory {weights 8, activations 16, activations_total 32, workspace 4, measured 64} at batch 4
  QTest::newRow("measured") << MemoryFigure::Measured << 16.0;
  QTest::newRow("weights") << MemoryFigure::Weights << 2.0;
  QTest::newRow("activations") << MemoryFigure::Activations << 4.0;
  QTest::newRow("activations total") << MemoryFigure::ActivationsTotal << 8.0;
  QTest::newRow("workspace") << MemoryFigure::Workspace << 1.0;
  QTest::newRow("modelled: (8 + 16 + 4) / 4") << MemoryFigure::Modelled << 7.0;
}

void TestAnalysisPareto::memoryFigure() {
  QFETCH(MemoryFigure, figure);
  QFETCH(double, bytes);
  Point p = point("m", "a", "fp32", 4, {8, 12});
  p.memory = {8, 16, 32, 4, 64, std::nullopt};
  const std::vector<Point> points = {p};
  const auto candidates = time_memory_points(points, figure);
  QCOMPARE(candidates.size(), std::size_t(1));
  COMPARE_CLOSE(candidates[0].ms_per_image, 2.5);  // mean(8, 12) / 4
  COMPARE_CLOSE(candidates[0].bytes_per_image, bytes);
}

void TestAnalysisPareto::timeMemoryFront() {
  const std::vector<Point> points = fixture();
  QCOMPARE(time_memory_points(points, MemoryFigure::Measured).size(), std::size_t(6));
  const auto front = pareto_time_memory(points, MemoryFigure::Measured);
  // By time: m4 (1 ms, 1000 B), m1 a b2 (8, 200), m1 a b1 (10, 100), m1 b b1 (20, 50)
  QCOMPARE(front.size(), std::size_t(4));
  QCOMPARE(QString::fromStdString(front[0].model), QString("m4"));
  QCOMPARE(front[1].batch, 2);
  COMPARE_CLOSE(front[1].ms_per_image, 8);
  COMPARE_CLOSE(front[1].bytes_per_image, 200);
  QCOMPARE(front[2].batch, 1);
  QCOMPARE(label(front[2].series), QString("a/fp32"));
  QCOMPARE(QString::fromStdString(front[3].model), QString("m1"));
  QCOMPARE(label(front[3].series), QString("b/fp32"));
  COMPARE_CLOSE(front[3].bytes_per_image, 50);
}

void TestAnalysisPareto::accuracySpeedFront() {
  const std::vector<Point> points = fixture();
  // m3 is not measured; m4 is measured but has no top-1: both are left out.
  const PublishedTop1 top1 = {{"m1", 0.57}, {"m2", 0.70}, {"m3", 0.75}};
  // best batches: m1 a b2 8 ms -> 125 images/s; m1 b 20 ms -> 50; m2 a 30 ms -> 33.333
  const auto candidates = accuracy_speed_points(points, top1);
  QCOMPARE(candidates.size(), std::size_t(3));
  QCOMPARE(candidates[1].batch, 1);
  COMPARE_CLOSE(candidates[1].images_per_s, 50);
  COMPARE_CLOSE(candidates[1].per_image.mean, 20);
  for (const auto& c : candidates) QVERIFY(!c.accuracy.measured());
  const auto front = pareto_accuracy_speed(points, top1);
  // m1 b (0.57, 50) is beaten by m1 a (0.57, 125)
  QCOMPARE(front.size(), std::size_t(2));
  QCOMPARE(QString::fromStdString(front[0].model), QString("m1"));
  QCOMPARE(label(front[0].series), QString("a/fp32"));
  QCOMPARE(front[0].batch, 2);
  COMPARE_CLOSE(front[0].images_per_s, 125);
  COMPARE_CLOSE(front[0].accuracy.top1, 0.57);
  QCOMPARE(QString::fromStdString(front[0].accuracy.dataset), QString("imagenet"));
  QCOMPARE(QString::fromStdString(front[1].model), QString("m2"));
  COMPARE_CLOSE(front[1].images_per_s, 33.333333333333333);  // 1000 / 30
  COMPARE_CLOSE(front[1].accuracy.top1, 0.70);
}

// A measured reading replaces the published figure of its own series only, and readings on another
// scale (another dataset, or published) are never ranked against it: one front per scale.
void TestAnalysisPareto::measuredAccuracyHasItsOwnFront() {
  std::vector<Point> points = fixture();
  Point m1b = point("m1", "b", "fp32", 8, {400});  // 50 ms per image: slower than m1 b at batch 1
  m1b.accuracy = AccuracyReading{"digits", 1000, 900};   // 0.9: carried by another batch of m1 b
  Point m2a = point("m2", "a", "fp32", 8, {480});        // 60 ms per image
  m2a.accuracy = AccuracyReading{"digits", 1000, 800};   // 0.8
  Point m4a = point("m4", "a", "fp32", 2, {4});          // 2 ms per image
  m4a.accuracy = AccuracyReading{"letters", 500, 100};   // 0.2: alone on its scale
  points.insert(points.end(), {m1b, m2a, m4a});
  const PublishedTop1 top1 = {{"m1", 0.57}, {"m2", 0.70}};
  const auto candidates = accuracy_speed_points(points, top1);
  // (model, series): m1 a published, m1 b digits 0.9 at 50/s, m2 a digits 0.8 at 33.3/s, m4 a letters.
  QCOMPARE(candidates.size(), std::size_t(4));
  QVERIFY(!candidates[0].accuracy.measured());
  QVERIFY(candidates[1].accuracy.measured());
  COMPARE_CLOSE(candidates[1].accuracy.top1, 0.9);
  QCOMPARE(candidates[1].batch, 1);  // the best batch, not the batch that carried the reading
  COMPARE_CLOSE(candidates[1].images_per_s, 50);
  QCOMPARE(candidates[1].accuracy.images, 1000);
  COMPARE_CLOSE(candidates[3].accuracy.top1, 0.2);
  COMPARE_CLOSE(candidates[3].images_per_s, 1000);  // 1 ms per image at batch 1 beats 2 ms at batch 2
  const auto front = pareto_accuracy_speed(points, top1);
  // digits: m1 b (0.9, 50) beats m2 a (0.8, 33.3); letters: m4 a alone; imagenet: m1 a alone.
  // m4 a (0.2, 1000) is faster than all, yet ranked against none of them.
  QCOMPARE(front.size(), std::size_t(3));
  QCOMPARE(QString::fromStdString(front[0].accuracy.dataset), QString("digits"));
  QCOMPARE(QString::fromStdString(front[0].model), QString("m1"));
  QCOMPARE(QString::fromStdString(front[1].accuracy.dataset), QString("letters"));
  QCOMPARE(QString::fromStdString(front[2].accuracy.dataset), QString("imagenet"));
  QVERIFY(!front[2].accuracy.measured());
  QCOMPARE(label(front[2].series), QString("a/fp32"));
}

void TestAnalysisPareto::emptyInputGivesEmptyFronts() {
  QVERIFY(pareto_time_memory({}, MemoryFigure::Measured).empty());
  QVERIFY(pareto_accuracy_speed({}, {{"m1", 0.57}}).empty());
  const std::vector<Point> points = fixture();
  QVERIFY(pareto_accuracy_speed(points, {}).empty());
}

QTEST_GUILESS_MAIN(TestAnalysisPareto)
#include "test_analysis_pareto.moc"
