// Analysis of the per-layer pass: the per-layer table with the share filter, and the ideal
// adaptive solution, against hand-computed fixtures.
#include <QtTest>

#include <vector>

#include "analysis_fixtures.h"
#include "core/analysis/adaptive.h"
#include "core/analysis/layers.h"

using namespace cnn;
using namespace cnn::analysis;
using fixtures::failed;
using fixtures::layer;
using fixtures::point;
using fixtures::series;

namespace {

QString label(const Series& s) { return QString::fromStdString(s.label()); }

// Model "net" at batch 2 on two series; per image = mean(times) / 2.
//   openblas/fp32: conv1 {6, 10} -> 4, relu1 {0.1, 0.1} -> 0.05, fc {4} -> 2; total 6.05
//   reference/fp32: conv1 {20} -> 10, relu1 {1} -> 0.5, fc {9} -> 4.5; total 15
std::vector<Point> layer_fixture() {
  return {
      point("net", "openblas", "fp32", 2, {1},
            {layer(1, "conv1", "Convolution", {6, 10}), layer(2, "relu1", "ReLU", {0.1, 0.1}),
             layer(3, "fc", "InnerProduct", {4})}),
      point("net", "reference", "fp32", 2, {1},
            {layer(3, "fc", "InnerProduct", {9}), layer(1, "conv1", "Convolution", {20}),
             layer(2, "relu1", "ReLU", {1})}),
      failed(point("net", "reference", "fp32", 4, {1}, {layer(1, "conv1", "Convolution", {1})})),
      point("other", "openblas", "fp32", 2, {1}, {layer(1, "conv1", "Convolution", {1})}),
  };
}

// Model "net", layers conv (index 0) and fc (index 1), per image = mean(times) / batch.
//   a/fp32 b1: conv 10, fc 2 (total 12)   b/fp32 b1: conv 6, fc 0.5 (total 6.5)
//   a/fp32 b2: conv 8, fc 1 (total 9)     b/fp32 b2: conv 5, fc 4 (total 9)
//   a/fp32 b4: conv 7, fc 1 (total 8)     (b/fp32 has no b4: b4 is not common)
// Adaptive at b1: conv b 6 + fc b 0.5 = 6.5; at b2: conv b 5 + fc a 1 = 6 -> batch 2, 6 ms/image.
// (Minimising per layer over batch sizes, as the published notebook did, would give 5 + 0.5 = 5.5.)
// Best single: b/fp32 at b1, 6.5 -> saving (6.5 - 6) / 6.5 = 7.6923076923076925 %.
// Best single at b2: a 9 and b 9 tie -> a/fp32 (Series order) -> saving (9 - 6) / 9 = 33.33 %.
std::vector<Point> adaptive_fixture() {
  auto two = [](double conv, double fc) {
    return std::vector<LayerRecord>{layer(0, "conv", "Convolution", {conv}),
                                    layer(1, "fc", "InnerProduct", {fc})};
  };
  std::vector<Point> points = {
      point("net", "a", "fp32", 1, {1}, two(10, 2)),
      point("net", "b", "fp32", 1, {1}, two(6, 0.5)),
      point("net", "a", "fp32", 2, {1},
            {layer(0, "conv", "Convolution", {15, 17}),  // mean 16 -> 8
             layer(1, "fc", "InnerProduct", {2})}),
      point("net", "b", "fp32", 2, {1}, two(10, 8)),
      point("net", "a", "fp32", 4, {1}, two(28, 4)),
      point("net", "c", "fp16", 2, {1}, two(0.1, 0.1)),      // not chosen
      failed(point("net", "b", "fp32", 4, {1}, two(1, 1))),  // would make b4 common and best
  };
  return points;
}

}  // namespace

class TestAnalysisLayers : public QObject {
  Q_OBJECT

 private slots:
  void layerTable();
  void layerShareFilter_data();
  void layerShareFilter();
  void layerMissingInOneColumn();
  void layerTableWithoutPointsIsEmpty();
  void adaptive();
  void adaptiveWithOneSeriesIsThatSeries();
  void adaptiveLayerMismatchIsAnError();
  void adaptiveWithoutCommonBatchIsAnError();
  void adaptiveEmptyInputs();
};

void TestAnalysisLayers::layerTable() {
  const std::vector<Point> points = layer_fixture();
  const std::vector<Series> chosen = {series("reference", "fp32"), series("openblas", "fp32")};
  const std::vector<int> batches = {2, 4};  // nothing usable at 4
  const LayerTable t = layer_times(points, "net", chosen, batches, {0.01, 1.0});
  QCOMPARE(t.columns.size(), std::size_t(2));
  QCOMPARE(label(t.columns[0].series), QString("reference/fp32"));  // the order given
  QCOMPARE(t.columns[0].batch, 2);
  COMPARE_CLOSE(t.columns[0].total_ms_per_image, 15);
  QCOMPARE(label(t.columns[1].series), QString("openblas/fp32"));
  COMPARE_CLOSE(t.columns[1].total_ms_per_image, 6.05);
  // relu1's share is 0.05 / 6.05 = 0.00826 in openblas but 0.5 / 15 = 0.0333 in reference: kept.
  QCOMPARE(t.rows.size(), std::size_t(3));
  QCOMPARE(t.rows[0].index, 1);
  QCOMPARE(QString::fromStdString(t.rows[0].name), QString("conv1"));
  QCOMPARE(QString::fromStdString(t.rows[0].type), QString("Convolution"));
  COMPARE_CLOSE(t.rows[0].cells[0].ms_per_image, 10);
  COMPARE_CLOSE(t.rows[0].cells[0].share, 10.0 / 15);
  COMPARE_CLOSE(t.rows[0].cells[1].ms_per_image, 4);
  COMPARE_CLOSE(t.rows[0].cells[1].share, 4 / 6.05);
  QCOMPARE(QString::fromStdString(t.rows[1].name), QString("relu1"));
  COMPARE_CLOSE(t.rows[1].cells[0].share, 0.5 / 15);
  COMPARE_CLOSE(t.rows[1].cells[1].ms_per_image, 0.05);
  QCOMPARE(QString::fromStdString(t.rows[2].name), QString("fc"));
  COMPARE_CLOSE(t.rows[2].cells[0].ms_per_image, 4.5);
  COMPARE_CLOSE(t.rows[2].cells[1].ms_per_image, 2);
  for (const LayerRow& row : t.rows) QVERIFY(row.cells[0].measured && row.cells[1].measured);
}

void TestAnalysisLayers::layerShareFilter_data() {
  QTest::addColumn<double>("lower");
  QTest::addColumn<double>("upper");
  QTest::addColumn<QStringList>("kept");
  // shares: conv1 0.667 / 0.661, relu1 0.0333 / 0.00826, fc 0.3 / 0.331 (reference / openblas)
  QTest::newRow("0.01..1") << 0.01 << 1.0 << QStringList{"conv1", "relu1", "fc"};
  QTest::newRow("0.05..1") << 0.05 << 1.0 << QStringList{"conv1", "fc"};
  QTest::newRow("0..0.5") << 0.0 << 0.5 << QStringList{"relu1", "fc"};
  QTest::newRow("0.31..0.5: fc in openblas only") << 0.31 << 0.5 << QStringList{"fc"};
  QTest::newRow("0.7..1: none") << 0.7 << 1.0 << QStringList{};
}

void TestAnalysisLayers::layerShareFilter() {
  QFETCH(double, lower);
  QFETCH(double, upper);
  QFETCH(QStringList, kept);
  const std::vector<Point> points = layer_fixture();
  const std::vector<Series> chosen = {series("reference", "fp32"), series("openblas", "fp32")};
  const std::vector<int> batches = {2};
  const LayerTable t = layer_times(points, "net", chosen, batches, {lower, upper});
  QStringList names;
  for (const LayerRow& row : t.rows) names << QString::fromStdString(row.name);
  QCOMPARE(names, kept);
  QCOMPARE(t.columns.size(), std::size_t(2));  // the filter drops rows, never columns
}

void TestAnalysisLayers::layerMissingInOneColumn() {
  const std::vector<Point> points = {
      point("net", "a", "fp32", 1, {1},
            {layer(0, "conv", "Convolution", {3}), layer(1, "drop", "Dropout", {1})}),
      point("net", "b", "fp32", 1, {1}, {layer(0, "conv", "Convolution", {2})}),
  };
  const std::vector<Series> chosen = {series("a", "fp32"), series("b", "fp32")};
  const std::vector<int> batches = {1};
  const LayerTable t = layer_times(points, "net", chosen, batches, {0, 1});
  QCOMPARE(t.rows.size(), std::size_t(2));
  QCOMPARE(QString::fromStdString(t.rows[1].name), QString("drop"));
  QVERIFY(t.rows[1].cells[0].measured);
  COMPARE_CLOSE(t.rows[1].cells[0].share, 0.25);  // 1 / (3 + 1)
  QVERIFY(!t.rows[1].cells[1].measured);
  COMPARE_CLOSE(t.rows[0].cells[1].share, 1);  // b's conv is all of b
}

void TestAnalysisLayers::layerTableWithoutPointsIsEmpty() {
  const std::vector<Point> points = layer_fixture();
  const std::vector<Series> chosen = {series("openblas", "fp32")};
  const std::vector<int> batches = {2};
  const LayerTable unknown = layer_times(points, "vgg", chosen, batches);
  QVERIFY(unknown.columns.empty() && unknown.rows.empty());
  const LayerTable none = layer_times({}, "net", chosen, batches);
  QVERIFY(none.columns.empty() && none.rows.empty());
  const LayerTable no_batches = layer_times(points, "net", chosen, {});
  QVERIFY(no_batches.columns.empty() && no_batches.rows.empty());
}

void TestAnalysisLayers::adaptive() {
  const std::vector<Point> points = adaptive_fixture();
  const std::vector<Series> chosen = {series("b", "fp32"), series("a", "fp32"), series("a", "fp32")};
  const auto results = ideal_adaptive(points, chosen);
  QCOMPARE(results.size(), std::size_t(1));
  const AdaptiveResult& r = results.front();
  QVERIFY2(r.ok(), r.error.c_str());
  QCOMPARE(QString::fromStdString(r.model), QString("net"));
  QCOMPARE(r.batch, 2);
  COMPARE_CLOSE(r.ms_per_image, 6);
  QCOMPARE(r.layers.size(), std::size_t(2));
  QCOMPARE(QString::fromStdString(r.layers[0].name), QString("conv"));
  QCOMPARE(QString::fromStdString(r.layers[0].type), QString("Convolution"));
  QCOMPARE(label(r.layers[0].series), QString("b/fp32"));
  COMPARE_CLOSE(r.layers[0].ms_per_image, 5);
  QCOMPARE(r.layers[1].index, 1);
  QCOMPARE(label(r.layers[1].series), QString("a/fp32"));
  COMPARE_CLOSE(r.layers[1].ms_per_image, 1);
  // per series, in Series order: a spends fc's 1 ms, b conv's 5 ms
  QCOMPARE(r.per_series.size(), std::size_t(2));
  QCOMPARE(label(r.per_series[0].series), QString("a/fp32"));
  COMPARE_CLOSE(r.per_series[0].ms_per_image, 1);
  QCOMPARE(label(r.per_series[1].series), QString("b/fp32"));
  COMPARE_CLOSE(r.per_series[1].ms_per_image, 5);
  QCOMPARE(label(r.best_single.series), QString("b/fp32"));
  QCOMPARE(r.best_single.batch, 1);
  COMPARE_CLOSE(r.best_single.ms_per_image, 6.5);
  COMPARE_CLOSE(r.saving_percent, 7.6923076923076925);  // 100 * 0.5 / 6.5
  QCOMPARE(label(r.best_single_same_batch.series), QString("a/fp32"));
  QCOMPARE(r.best_single_same_batch.batch, 2);
  COMPARE_CLOSE(r.best_single_same_batch.ms_per_image, 9);
  COMPARE_CLOSE(r.saving_same_batch_percent, 33.333333333333333);  // 100 * 3 / 9
}

void TestAnalysisLayers::adaptiveWithOneSeriesIsThatSeries() {
  const std::vector<Point> points = adaptive_fixture();
  const std::vector<Series> chosen = {series("a", "fp32")};
  const auto results = ideal_adaptive(points, chosen);
  QCOMPARE(results.size(), std::size_t(1));
  const AdaptiveResult& r = results.front();
  QVERIFY2(r.ok(), r.error.c_str());
  // a alone: b1 12, b2 9, b4 8 -> batch 4, 8 ms/image, no saving
  QCOMPARE(r.batch, 4);
  COMPARE_CLOSE(r.ms_per_image, 8);
  QCOMPARE(r.best_single.batch, 4);
  COMPARE_CLOSE(r.saving_percent, 0);
  COMPARE_CLOSE(r.saving_same_batch_percent, 0);
}

void TestAnalysisLayers::adaptiveLayerMismatchIsAnError() {
  std::vector<Point> points = adaptive_fixture();
  points[3].layers[1].name = "fc8";  // b/fp32 at batch 2
  const std::vector<Series> chosen = {series("a", "fp32"), series("b", "fp32")};
  const auto results = ideal_adaptive(points, chosen);
  QCOMPARE(results.size(), std::size_t(1));
  QVERIFY(!results[0].ok());
  QCOMPARE(
      QString::fromStdString(results[0].error),
      QString("Layer 'fc' (index 1) of model 'net' at batch 2 is measured by a/fp32 but not by b/fp32."));
  QVERIFY(results[0].layers.empty());
  QCOMPARE(results[0].batch, 0);
}

void TestAnalysisLayers::adaptiveWithoutCommonBatchIsAnError() {
  const std::vector<Point> points = {
      point("m", "a", "fp32", 1, {1}, {layer(0, "conv", "Convolution", {1})}),
      point("m", "b", "fp32", 2, {1}, {layer(0, "conv", "Convolution", {1})}),
      point("m", "b", "fp32", 1, {1}, {}),  // no per-layer times: does not count
  };
  const std::vector<Series> chosen = {series("a", "fp32"), series("b", "fp32")};
  const auto results = ideal_adaptive(points, chosen);
  QCOMPARE(results.size(), std::size_t(1));
  QCOMPARE(QString::fromStdString(results[0].error),
           QString("Model 'm' has no batch size with per-layer times from every chosen series "
                   "(a/fp32, b/fp32)."));
}

void TestAnalysisLayers::adaptiveEmptyInputs() {
  const std::vector<Point> points = adaptive_fixture();
  QVERIFY(ideal_adaptive(points, {}).empty());
  const std::vector<Series> chosen = {series("a", "fp32")};
  QVERIFY(ideal_adaptive({}, chosen).empty());
  const std::vector<Series> absent = {series("cudnn", "fp32")};
  QVERIFY(ideal_adaptive(points, absent).empty());
}

QTEST_GUILESS_MAIN(TestAnalysisLayers)
#include "test_analysis_layers.moc"
