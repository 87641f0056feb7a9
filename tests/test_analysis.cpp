// Analysis over points: series, repetition statistics, best batch, speedups, memory per image,
// the "good enough" batch and time ratios, each against hand-computed fixtures.
#include <QtTest>

#include <vector>

#include "analysis_fixtures.h"
#include "core/analysis/best_batch.h"
#include "core/analysis/memory.h"
#include "core/analysis/ratios.h"
#include "core/analysis/stats.h"

using namespace cnn;
using namespace cnn::analysis;
using fixtures::failed;
using fixtures::point;
using fixtures::series;

namespace {

QString label(const Series& s) { return QString::fromStdString(s.label()); }

// alexnet on two series and lenet on one; per image (ms) = mean(fw) / batch.
std::vector<Point> best_batch_fixture() {
  return {
      // openblas/fp32: b1 {10,12} -> 11; b2 {18,20} -> 9.5; b4 {40,36} -> 9.5 (tie: b2 wins); b8 {80} -> 10
      point("alexnet", "openblas", "fp32", 8, {80}),
      point("alexnet", "openblas", "fp32", 1, {10, 12}),
      point("alexnet", "openblas", "fp32", 4, {40, 36}),
      point("alexnet", "openblas", "fp32", 2, {18, 20}),
      // reference/fp32: b1 {50} -> 50; b2 {90} -> 45; b4 fails (0.25 would win if counted)
      point("alexnet", "reference", "fp32", 1, {50}),
      point("alexnet", "reference", "fp32", 2, {90}),
      failed(point("alexnet", "reference", "fp32", 4, {1})),
      // lenet: openblas b16 {8} -> 0.5; reference succeeded without repetitions: no entry
      point("lenet", "openblas", "fp32", 16, {8}),
      point("lenet", "reference", "fp32", 1, {}),
  };
}

}  // namespace

class TestAnalysis : public QObject {
  Q_OBJECT

 private slots:
  void parseSeries_data();
  void parseSeries();
  void usablePointsSkipFailedAndKeepTheLastDuplicate();
  void graphModesAreSeriesOfTheirOwn();
  void summarize_data();
  void summarize();
  void pointStatsPerBatchAndPerImage();
  void bestBatches();
  void bestBatchOfOne_data();
  void bestBatchOfOne();
  void speedupsOverABaseline();
  void speedupsWithoutTheBaselineAreEmpty();
  void memoryPerImage();
  void goodEnoughBatch_data();
  void goodEnoughBatch();
  void precisionRatios();
  void libRatiosAndSeriesRatios();
  void emptyInputGivesEmptyResults();
};

void TestAnalysis::parseSeries_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<bool>("valid");
  QTest::addColumn<QString>("lib");
  QTest::addColumn<QString>("precision");
  QTest::newRow("openblas/fp32") << "openblas/fp32" << true << "openblas"
                                 << "fp32";
  QTest::newRow("cudnn/fp16") << "cudnn/fp16" << true << "cudnn"
                              << "fp16";
  QTest::newRow("no slash") << "openblas" << false << ""
                            << "";
  QTest::newRow("no lib") << "/fp32" << false << ""
                          << "";
  QTest::newRow("no precision") << "openblas/" << false << ""
                                << "";
  QTest::newRow("two slashes") << "a/b/c" << false << ""
                               << "";
  QTest::newRow("fused graph") << "onednn/fp32/fused" << true << "onednn"
                               << "fp32";
  QTest::newRow("unknown graph mode") << "onednn/fp32/folded" << false << ""
                                      << "";
  QTest::newRow("four parts") << "onednn/fp32/fused/x" << false << ""
                              << "";
  QTest::newRow("unknown precision") << "openblas/fp64" << false << ""
                                     << "";
}

void TestAnalysis::parseSeries() {
  QFETCH(QString, text);
  QFETCH(bool, valid);
  QFETCH(QString, lib);
  QFETCH(QString, precision);
  const auto s = parse_series(text.toStdString());
  QCOMPARE(s.has_value(), valid);
  if (!valid) return;
  QCOMPARE(QString::fromStdString(s->lib), lib);
  QCOMPARE(QString::fromStdString(std::string(to_string(s->precision))), precision);
  QCOMPARE(s->graph, text.endsWith("/fused") ? GraphMode::Fused : GraphMode::Caffe);
  QCOMPARE(label(*s), text);
}

void TestAnalysis::usablePointsSkipFailedAndKeepTheLastDuplicate() {
  const std::vector<Point> points = {
      point("b", "openblas", "fp32", 2, {1}),
      point("a", "reference", "fp32", 1, {2}),
      point("a", "openblas", "fp32", 4, {3}),
      point("a", "openblas", "fp32", 1, {4}),
      failed(point("a", "openblas", "fp16", 1, {5})),
      point("a", "openblas", "fp32", 1, {6}),  // re-measured: replaces {4}
      point("a", "openblas", "fp32", 0, {7}),  // batch 0 is unusable
  };
  const auto usable = usable_points(points);
  // Expected order (model, lib, precision, batch): a openblas 1 {6}, a openblas 4, a reference 1, b
  // openblas 2.
  QCOMPARE(usable.size(), std::size_t(4));
  QCOMPARE(usable[0]->time_fw_ms.front(), 6.0);
  QCOMPARE(usable[1]->time_fw_ms.front(), 3.0);
  QCOMPARE(usable[2]->time_fw_ms.front(), 2.0);
  QCOMPARE(usable[3]->time_fw_ms.front(), 1.0);
  QCOMPARE(models_of(points), (std::vector<std::string>{"a", "b"}));
}

// A library's Caffe and fused readings are two series: neither replaces the other, each has its
// own best batch, and they are compared only with each other (fused / caffe) and with the same mode.
void TestAnalysis::graphModesAreSeriesOfTheirOwn() {
  std::vector<Point> points = {
      point("a", "onednn", "fp32", 1, {4}),   // caffe
      point("a", "onednn", "fp32", 1, {3}),   // fused, measured later: must not replace {4}
      point("a", "onednn", "fp32", 2, {10}),  // fused at batch 2: 5 per image
      point("a", "openblas", "fp32", 1, {8}), // caffe only
  };
  points[1].graph = points[2].graph = GraphMode::Fused;
  const auto usable = usable_points(points);
  QCOMPARE(usable.size(), std::size_t(4));
  QCOMPARE(usable[0]->time_fw_ms.front(), 4.0);  // (a, onednn/fp32, 1)
  QCOMPARE(usable[1]->time_fw_ms.front(), 3.0);  // (a, onednn/fp32/fused, 1)
  QCOMPARE(usable[2]->time_fw_ms.front(), 10.0);
  const auto best = best_batches(points);
  QCOMPARE(best.size(), std::size_t(3));
  QCOMPARE(label(best[1].series), QString("onednn/fp32/fused"));
  QCOMPARE(best[1].batch, 1);
  const auto graphs = graph_ratios(points);
  QCOMPARE(graphs.size(), std::size_t(1));
  QCOMPARE(label(graphs[0].numerator), QString("onednn/fp32/fused"));
  QCOMPARE(label(graphs[0].denominator), QString("onednn/fp32"));
  COMPARE_CLOSE(graphs[0].ratio, 0.75);  // 3 / 4
  const auto libs = lib_ratios(points, "onednn", "openblas");
  QCOMPARE(libs.size(), std::size_t(1));  // openblas has no fused series to set the fused one against
  QCOMPARE(label(libs[0].numerator), QString("onednn/fp32"));
  COMPARE_CLOSE(libs[0].ratio, 0.5);  // 4 / 8
}

void TestAnalysis::summarize_data() {
  QTest::addColumn<QList<double>>("values");
  QTest::addColumn<int>("n");
  QTest::addColumn<double>("mean");
  QTest::addColumn<double>("stdev");
  QTest::addColumn<double>("min");
  QTest::addColumn<double>("median");
  QTest::newRow("none") << QList<double>{} << 0 << 0.0 << 0.0 << 0.0 << 0.0;
  QTest::newRow("one: std 0") << QList<double>{5} << 1 << 5.0 << 0.0 << 5.0 << 5.0;
  // mean 2; squares 1 + 1 + 0 = 2; 2 / (3 - 1) = 1 -> std 1
  QTest::newRow("odd") << QList<double>{3, 1, 2} << 3 << 2.0 << 1.0 << 1.0 << 2.0;
  // mean 2.5; squares 2.25 + 2.25 + 0.25 + 0.25 = 5; sqrt(5 / 3) = 1.2909944487358056; median (2+3)/2
  QTest::newRow("even") << QList<double>{4, 1, 3, 2} << 4 << 2.5 << 1.2909944487358056 << 1.0 << 2.5;
  QTest::newRow("equal") << QList<double>{7, 7, 7} << 3 << 7.0 << 0.0 << 7.0 << 7.0;
}

void TestAnalysis::summarize() {
  QFETCH(QList<double>, values);
  QFETCH(int, n);
  QFETCH(double, mean);
  QFETCH(double, stdev);
  QFETCH(double, min);
  QFETCH(double, median);
  const std::vector<double> v(values.begin(), values.end());
  const Stats s = analysis::summarize(v);
  QCOMPARE(s.n, n);
  COMPARE_CLOSE(s.mean, mean);
  COMPARE_CLOSE(s.std, stdev);
  COMPARE_CLOSE(s.min, min);
  COMPARE_CLOSE(s.median, median);
}

void TestAnalysis::pointStatsPerBatchAndPerImage() {
  const std::vector<Point> points = {point("m", "openblas", "fp32", 4, {8, 12, 10}),
                                     failed(point("m", "openblas", "fp32", 8, {8}))};
  const auto stats = point_stats(points);
  QCOMPARE(stats.size(), std::size_t(1));
  const PointStats& ps = stats.front();
  QCOMPARE(ps.batch, 4);
  QCOMPARE(label(ps.series), QString("openblas/fp32"));
  // per batch: mean 10; squares 4 + 4 + 0 = 8; sqrt(8 / 2) = 2; min 8; median 10
  QCOMPARE(ps.per_batch.n, 3);
  COMPARE_CLOSE(ps.per_batch.mean, 10);
  COMPARE_CLOSE(ps.per_batch.std, 2);
  COMPARE_CLOSE(ps.per_batch.min, 8);
  COMPARE_CLOSE(ps.per_batch.median, 10);
  // per image {2, 3, 2.5}: mean 2.5, std 0.5, min 2, median 2.5
  COMPARE_CLOSE(ps.per_image.mean, 2.5);
  COMPARE_CLOSE(ps.per_image.std, 0.5);
  COMPARE_CLOSE(ps.per_image.min, 2);
  COMPARE_CLOSE(ps.per_image.median, 2.5);
}

void TestAnalysis::bestBatches() {
  const std::vector<Point> points = best_batch_fixture();
  const auto best = best_batches(points);
  QCOMPARE(best.size(), std::size_t(3));
  QCOMPARE(QString::fromStdString(best[0].model), QString("alexnet"));
  QCOMPARE(label(best[0].series), QString("openblas/fp32"));
  QCOMPARE(best[0].batch, 2);  // 9.5, tied with b4: the smaller batch
  COMPARE_CLOSE(best[0].ms_per_image, 9.5);
  COMPARE_CLOSE(best[0].images_per_s, 105.26315789473684);    // 1000 / 9.5
  COMPARE_CLOSE(best[0].per_image.std, 0.70710678118654757);  // {9, 10}: sqrt(0.5)
  QCOMPARE(label(best[1].series), QString("reference/fp32"));
  QCOMPARE(best[1].batch, 2);  // the failed b4 is ignored
  COMPARE_CLOSE(best[1].ms_per_image, 45);
  COMPARE_CLOSE(best[1].images_per_s, 22.222222222222222);  // 1000 / 45
  QCOMPARE(QString::fromStdString(best[2].model), QString("lenet"));
  QCOMPARE(best[2].batch, 16);
  COMPARE_CLOSE(best[2].ms_per_image, 0.5);
  COMPARE_CLOSE(best[2].images_per_s, 2000);
}

void TestAnalysis::bestBatchOfOne_data() {
  QTest::addColumn<QString>("model");
  QTest::addColumn<QString>("series");
  QTest::addColumn<int>("batch");  // 0: no entry
  QTest::addColumn<double>("ms");
  QTest::newRow("alexnet openblas") << "alexnet"
                                    << "openblas/fp32" << 2 << 9.5;
  QTest::newRow("alexnet reference") << "alexnet"
                                     << "reference/fp32" << 2 << 45.0;
  QTest::newRow("lenet openblas") << "lenet"
                                  << "openblas/fp32" << 16 << 0.5;
  QTest::newRow("lenet reference: no repetitions") << "lenet"
                                                   << "reference/fp32" << 0 << 0.0;
  QTest::newRow("unknown model") << "vgg"
                                 << "openblas/fp32" << 0 << 0.0;
  QTest::newRow("unknown series") << "alexnet"
                                  << "openblas/fp16" << 0 << 0.0;
}

void TestAnalysis::bestBatchOfOne() {
  QFETCH(QString, model);
  QFETCH(QString, series);
  QFETCH(int, batch);
  QFETCH(double, ms);
  const std::vector<Point> points = best_batch_fixture();
  const auto best = best_batch(points, model.toStdString(), *parse_series(series.toStdString()));
  QCOMPARE(best.has_value(), batch != 0);
  if (!best) return;
  QCOMPARE(best->batch, batch);
  COMPARE_CLOSE(best->ms_per_image, ms);
}

void TestAnalysis::speedupsOverABaseline() {
  const std::vector<Point> points = best_batch_fixture();
  const auto s = speedups(points, series("reference", "fp32"));
  // lenet has no reference/fp32 with repetitions: no entries for it.
  QCOMPARE(s.size(), std::size_t(2));
  QCOMPARE(label(s[0].series), QString("openblas/fp32"));
  QCOMPARE(s[0].batch, 2);
  QCOMPARE(s[0].baseline_batch, 2);
  COMPARE_CLOSE(s[0].ms_per_image, 9.5);
  COMPARE_CLOSE(s[0].baseline_ms_per_image, 45);
  COMPARE_CLOSE(s[0].speedup, 4.7368421052631579);  // 45 / 9.5
  QCOMPARE(label(s[1].series), QString("reference/fp32"));
  COMPARE_CLOSE(s[1].speedup, 1);
}

void TestAnalysis::speedupsWithoutTheBaselineAreEmpty() {
  const std::vector<Point> points = best_batch_fixture();
  QVERIFY(speedups(points, series("cudnn", "fp32")).empty());
}

void TestAnalysis::memoryPerImage() {
  Point p = point("m", "openblas", "fp32", 4, {1});
  p.memory = {400, 800, 1200, 40, 4000, std::nullopt};
  const std::vector<Point> points = {p, failed(point("m", "openblas", "fp32", 8, {1}))};
  const auto rows = memory_per_image(points);
  QCOMPARE(rows.size(), std::size_t(1));
  QCOMPARE(rows[0].batch, 4);
  // each field / 4
  COMPARE_CLOSE(rows[0].per_image.weights, 100);
  COMPARE_CLOSE(rows[0].per_image.activations, 200);
  COMPARE_CLOSE(rows[0].per_image.activations_total, 300);
  COMPARE_CLOSE(rows[0].per_image.workspace, 10);
  COMPARE_CLOSE(rows[0].per_image.measured, 1000);
}

void TestAnalysis::goodEnoughBatch_data() {
  QTest::addColumn<double>("percent");
  QTest::addColumn<int>("batch");
  QTest::addColumn<double>("ms");
  // ms per image by batch: 1 -> 20, 2 -> 12, 4 -> 10.5, 8 -> 10 (best), 16 -> 10.2
  QTest::newRow("0%: the best") << 0.0 << 8 << 10.0;
  QTest::newRow("1%: limit 10.1") << 1.0 << 8 << 10.0;
  QTest::newRow("6%: limit 10.6") << 6.0 << 4 << 10.5;
  QTest::newRow("25%: limit 12.5") << 25.0 << 2 << 12.0;
  QTest::newRow("100%: limit 20, inclusive") << 100.0 << 1 << 20.0;
}

void TestAnalysis::goodEnoughBatch() {
  QFETCH(double, percent);
  QFETCH(int, batch);
  QFETCH(double, ms);
  std::vector<Point> points = {
      point("m", "openblas", "fp32", 16, {163.2}), point("m", "openblas", "fp32", 1, {20}),
      point("m", "openblas", "fp32", 2, {24}),     point("m", "openblas", "fp32", 4, {42}),
      point("m", "openblas", "fp32", 8, {80}),     failed(point("m", "openblas", "fp32", 32, {32})),
  };
  for (Point& p : points) p.memory.weights_bytes = 1000;
  const auto good = good_enough_batches(points, percent);
  QCOMPARE(good.size(), std::size_t(1));
  QCOMPARE(good[0].batch, batch);
  COMPARE_CLOSE(good[0].ms_per_image, ms);
  QCOMPARE(good[0].best_batch, 8);
  COMPARE_CLOSE(good[0].best_ms_per_image, 10);
  COMPARE_CLOSE(good[0].memory.weights, 1000.0 / batch);
}

void TestAnalysis::precisionRatios() {
  const std::vector<Point> points = {
      point("alexnet", "openblas", "fp32", 4, {40}),  // best 10 ms/image
      point("alexnet", "openblas", "fp32", 1, {12}),
      point("alexnet", "openblas", "fp16", 8, {48}),   // best 6
      point("alexnet", "cublas", "fp32", 16, {32}),    // best 2
      point("alexnet", "cublas", "fp16", 32, {32}),    // best 1
      point("alexnet", "reference", "fp32", 1, {25}),  // no fp16: no ratio
      point("lenet", "openblas", "fp16", 1, {1}),      // no fp32: no ratio
  };
  const auto r = precision_ratios(points);
  QCOMPARE(r.size(), std::size_t(2));
  QCOMPARE(label(r[0].numerator), QString("cublas/fp16"));
  QCOMPARE(label(r[0].denominator), QString("cublas/fp32"));
  QCOMPARE(r[0].numerator_batch, 32);
  QCOMPARE(r[0].denominator_batch, 16);
  COMPARE_CLOSE(r[0].ratio, 0.5);  // 1 / 2
  QCOMPARE(label(r[1].numerator), QString("openblas/fp16"));
  COMPARE_CLOSE(r[1].numerator_ms, 6);
  COMPARE_CLOSE(r[1].denominator_ms, 10);
  COMPARE_CLOSE(r[1].ratio, 0.6);  // 6 / 10
}

void TestAnalysis::libRatiosAndSeriesRatios() {
  const std::vector<Point> points = {
      point("alexnet", "openblas", "fp32", 4, {40}),   // 10
      point("alexnet", "openblas", "fp16", 8, {48}),   // 6
      point("alexnet", "cublas", "fp32", 16, {32}),    // 2
      point("alexnet", "cublas", "fp16", 32, {32}),    // 1
      point("alexnet", "reference", "fp32", 1, {25}),  // 25
      point("lenet", "openblas", "fp32", 1, {3}),      // no cublas: no lib ratio
  };
  const auto libs = lib_ratios(points, "openblas", "cublas");
  QCOMPARE(libs.size(), std::size_t(2));
  QCOMPARE(label(libs[0].numerator), QString("openblas/fp32"));  // (model, precision) order: fp32 first
  QCOMPARE(label(libs[0].denominator), QString("cublas/fp32"));
  COMPARE_CLOSE(libs[0].ratio, 5);  // 10 / 2
  QCOMPARE(label(libs[1].numerator), QString("openblas/fp16"));
  COMPARE_CLOSE(libs[1].ratio, 6);  // 6 / 1

  const auto r = ratios(points, series("openblas", "fp32"), series("reference", "fp32"));
  QCOMPARE(r.size(), std::size_t(1));  // lenet has no reference
  QCOMPARE(QString::fromStdString(r[0].model), QString("alexnet"));
  COMPARE_CLOSE(r[0].ratio, 0.4);  // 10 / 25
}

void TestAnalysis::emptyInputGivesEmptyResults() {
  const std::vector<Point> none;
  QVERIFY(point_stats(none).empty());
  QVERIFY(best_batches(none).empty());
  QVERIFY(!best_batch(none, "alexnet", series("openblas", "fp32")));
  QVERIFY(speedups(none, series("openblas", "fp32")).empty());
  QVERIFY(memory_per_image(none).empty());
  QVERIFY(good_enough_batches(none, 5).empty());
  QVERIFY(precision_ratios(none).empty());
  QVERIFY(lib_ratios(none, "a", "b").empty());
  QVERIFY(ratios(none, series("a", "fp32"), series("b", "fp32")).empty());
  const std::vector<Point> only_failed = {failed(point("m", "openblas", "fp32", 1, {1}))};
  QVERIFY(best_batches(only_failed).empty());
  QVERIFY(memory_per_image(only_failed).empty());
}

QTEST_GUILESS_MAIN(TestAnalysis)
#include "test_analysis.moc"
