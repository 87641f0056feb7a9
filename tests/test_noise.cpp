// Noise of a point: CoV, percentiles, the per-layer pass against the end-to-end median, the noisy and
// layers-off flags (threshold from the run, or the default for older records), and the run summary.
#include <QtTest>

#include <vector>

#include "analysis_fixtures.h"
#include "core/analysis/noise.h"

using namespace cnn;
using namespace cnn::analysis;
using fixtures::layer;
using fixtures::point;

class TestNoise : public QObject {
  Q_OBJECT
 private slots:
  void quantiles_data() {
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<double>("q");
    QTest::addColumn<double>("expected");
    QTest::newRow("none") << std::vector<double>{} << 0.5 << 0.0;
    QTest::newRow("one") << std::vector<double>{7} << 0.9 << 7.0;
    QTest::newRow("median odd") << std::vector<double>{3, 1, 2} << 0.5 << 2.0;
    QTest::newRow("median even") << std::vector<double>{4, 1, 3, 2} << 0.5 << 2.5;
    QTest::newRow("p90 of 1..11") << std::vector<double>{11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10} << 0.9 << 10.0;
    QTest::newRow("p90 interpolated") << std::vector<double>{10, 20} << 0.9 << 19.0;
    QTest::newRow("p99 of 1..5") << std::vector<double>{1, 2, 3, 4, 5} << 0.99 << 4.96;
    QTest::newRow("min") << std::vector<double>{5, 2, 9} << 0.0 << 2.0;
  }
  void quantiles() {
    QFETCH(std::vector<double>, values);
    QFETCH(double, q);
    QFETCH(double, expected);
    COMPARE_CLOSE(quantile(values, q), expected);
  }

  void figuresOfAPoint() {
    // fw {10, 12, 14, 20}: mean 14, sample std sqrt(56/3) = 4.3205; median 13.
    // Per-layer repetitions: conv {6, 7}, its reorder {1, 1}, pool {5, 6}: totals {12, 14} -> median 13.
    Point p = point("alexnet", "onednn", "fp32", 2, {10, 12, 14, 20},
                    {layer(0, "conv", "Convolution", {6, 7}), layer(0, "conv reorder in", "Reorder", {1, 1}),
                     layer(1, "pool", "Pooling", {5, 6})});
    p.noise_threshold = 0.5;
    p.load_before = 0.25;
    const Noise n = noise_of(p);
    QCOMPARE(n.n, 4);
    COMPARE_CLOSE(n.cov, std::sqrt(56.0 / 3) / 14);
    COMPARE_CLOSE(n.min_ms, 10);
    COMPARE_CLOSE(n.median_ms, 13);
    COMPARE_CLOSE(n.p90_ms, 18.2);
    COMPARE_CLOSE(n.p99_ms, 19.82);
    QVERIFY(n.layer_ratio.has_value());
    COMPARE_CLOSE(*n.layer_ratio, 1.0);
    QVERIFY(!n.noisy);  // 30.9 % is below this run's 50 %
    QVERIFY(!n.layers_off);
    QCOMPARE(n.load_before, std::optional<double>(0.25));
    QVERIFY(!n.load_after.has_value());
  }

  void noisyFlag_data() {
    QTest::addColumn<std::vector<double>>("fw");
    QTest::addColumn<std::optional<double>>("threshold");
    QTest::addColumn<bool>("provisional");
    QTest::addColumn<bool>("noisy");
    QTest::newRow("quiet under the default") << std::vector<double>{100, 101, 99, 100} << std::optional<double>() << false << false;
    QTest::newRow("above the default 5 %") << std::vector<double>{100, 110, 90, 100} << std::optional<double>() << false << true;
    QTest::newRow("below a run's 10 %") << std::vector<double>{100, 110, 90, 100} << std::optional<double>(0.10) << false << false;
    QTest::newRow("above a run's 1 %") << std::vector<double>{100, 101, 99, 100} << std::optional<double>(0.001) << false << true;
    QTest::newRow("provisional is never flagged") << std::vector<double>{100, 200} << std::optional<double>(0.05) << true << false;
    QTest::newRow("one repetition") << std::vector<double>{100} << std::optional<double>(0.05) << false << false;
  }
  void noisyFlag() {
    QFETCH(std::vector<double>, fw);
    QFETCH(std::optional<double>, threshold);
    QFETCH(bool, provisional);
    QFETCH(bool, noisy);
    Point p = point("lenet", "openblas", "fp32", 1, fw);
    p.noise_threshold = threshold;
    p.provisional = provisional;
    const Noise n = noise_of(p);
    QCOMPARE(n.noisy, noisy);
    QCOMPARE(n.threshold, threshold.value_or(kDefaultNoiseThreshold));
  }

  void layersOff_data() {
    QTest::addColumn<double>("layer_ms");
    QTest::addColumn<bool>("off");
    QTest::newRow("within 10 %") << 10.9 << false;
    QTest::newRow("11 % above") << 11.1 << true;
    QTest::newRow("11 % below") << 8.9 << true;
  }
  void layersOff() {
    QFETCH(double, layer_ms);
    QFETCH(bool, off);
    const Point p = point("lenet", "openblas", "fp32", 1, {10, 10, 10}, {layer(0, "conv", "Convolution", {layer_ms})});
    const Noise n = noise_of(p);
    COMPARE_CLOSE(*n.layer_ratio, layer_ms / 10);
    QCOMPARE(n.layers_off, off);
  }

  void nothingToJudge() {
    const Noise failed = noise_of(fixtures::failed(point("lenet", "openblas", "fp32", 1, {10, 30})));
    QCOMPARE(failed.n, 0);
    QVERIFY(!failed.noisy);
    const Noise no_layers = noise_of(point("lenet", "openblas", "fp32", 1, {10, 10}));
    QVERIFY(!no_layers.layer_ratio.has_value());
    QVERIFY(!no_layers.layers_off);
  }

  void summaryOfARun() {
    std::vector<Point> points = {
        point("a", "openblas", "fp32", 1, {10, 10}),                                      // CoV 0
        point("a", "onednn", "fp32", 1, {10, 20}),                                        // CoV 0.471: noisy
        point("b", "openblas", "fp32", 1, {10, 10}, {layer(0, "x", "Convolution", {5})}),  // layers off
        fixtures::failed(point("b", "onednn", "fp32", 1, {1, 100})),                      // not counted
    };
    points[0].load_before = 0.5;
    points[1].load_after = 2.5;
    points[2].provisional = true;
    const NoiseSummary s = summarize_noise(points);
    QCOMPARE(s.points, 3);
    QCOMPARE(s.noisy, 1);
    QCOMPARE(s.layers_off, 1);
    QCOMPARE(s.provisional, 1);
    COMPARE_CLOSE(s.median_cov, 0);
    QCOMPARE(s.max_load, std::optional<double>(2.5));
    QCOMPARE(s.threshold, std::optional<double>(kDefaultNoiseThreshold));
  }
};

QTEST_APPLESS_MAIN(TestNoise)
#include "test_noise.moc"
