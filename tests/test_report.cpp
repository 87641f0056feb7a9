// The report of one run: best rows with speedups, the adaptive solution per precision, memory at the
// best and good-enough batch, ratios, the --libs filter; and the embedded published Jetson TX1 run.
#include <QtTest>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "analysis_fixtures.h"
#include "core/analysis/report.h"
#include "resources/published_reference.h"

using namespace cnn;
using namespace cnn::analysis;
using fixtures::failed;
using fixtures::layer;
using fixtures::point;

namespace {

// Per image (ms) = mean(fw) / batch; per-layer times are whole-batch ms per repetition.
std::vector<Point> fixture() {
  std::vector<Point> points = {
      // m on a/fp32: b1 11, b2 9, b4 8.9 (best); layers at b2: conv 2 + fc 4; at b4: conv 1.5 + fc 5
      point("m", "a", "fp32", 1, {10, 12}),
      point("m", "a", "fp32", 2, {16, 20}, {layer(1, "conv1", "Convolution", {4, 4}), layer(2, "fc1", "InnerProduct", {8, 8})}),
      point("m", "a", "fp32", 4, {35.2, 36}, {layer(1, "conv1", "Convolution", {6}), layer(2, "fc1", "InnerProduct", {20})}),
      // m on b/fp32: b1 4, b2 3 (best), b4 3.5; layers at b2: conv 3 + fc 1; at b4: conv 2.5 + fc 2
      point("m", "b", "fp32", 1, {4}),
      point("m", "b", "fp32", 2, {6}, {layer(1, "conv1", "Convolution", {6}), layer(2, "fc1", "InnerProduct", {2})}),
      point("m", "b", "fp32", 4, {14}, {layer(1, "conv1", "Convolution", {10}), layer(2, "fc1", "InnerProduct", {8})}),
      failed(point("m", "b", "fp32", 8, {1})),  // would be the best if counted
      // m on b/fp16: b2 2.5; layers conv 1.5 + fc 0.5
      point("m", "b", "fp16", 2, {5}, {layer(1, "conv1", "Convolution", {3}), layer(2, "fc1", "InnerProduct", {1})}),
      // n only on a, o only on b (no baseline: no speedup)
      point("n", "a", "fp32", 1, {7}),
      point("o", "b", "fp32", 1, {2}),
  };
  for (Point& p : points)
    if (p.model == "m" && p.lib == "a") p.memory = {1000, std::uint64_t(400 * p.batch), 0, 100, std::uint64_t(64 * p.batch), std::nullopt};
  return points;
}

ReportOptions baseline_a() {
  ReportOptions o;
  o.baseline = {"a", Precision::FP32};
  return o;
}

const BestRow* find_best(const Report& r, const std::string& model, const Series& s) {
  for (const auto& b : r.best)
    if (b.best.model == model && b.best.series == s) return &b;
  return nullptr;
}

std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

class TestReport : public QObject {
  Q_OBJECT

 private slots:
  void bestRows_data();
  void bestRows();
  void bestRowsShowAccuracy();
  void withoutTheBaselineNoSpeedups();
  void libsFilterKeepsBaselineSpeedups();
  void adaptivePerPrecision();
  void memoryAtBestAndGoodEnough_data();
  void memoryAtBestAndGoodEnough();
  void ratios();
  void publishedRows_data();
  void publishedRows();
  void publishedRunDescribesItself();
  void embeddedTextIsTheResourceFile();
  void publishedBesideTheRun();
  void parseRejects_data();
  void parseRejects();
};

void TestReport::bestRows_data() {
  QTest::addColumn<QString>("model");
  QTest::addColumn<QString>("lib");
  QTest::addColumn<QString>("precision");
  QTest::addColumn<int>("batch");
  QTest::addColumn<double>("ms");
  QTest::addColumn<double>("speedup");  // < 0: none
  QTest::newRow("m a fp32: the baseline") << "m" << "a" << "fp32" << 4 << 8.9 << 1.0;
  QTest::newRow("m b fp16") << "m" << "b" << "fp16" << 2 << 2.5 << 8.9 / 2.5;
  QTest::newRow("m b fp32: failed b8 ignored") << "m" << "b" << "fp32" << 2 << 3.0 << 8.9 / 3.0;
  QTest::newRow("n a fp32") << "n" << "a" << "fp32" << 1 << 7.0 << 1.0;
  QTest::newRow("o b fp32: no baseline") << "o" << "b" << "fp32" << 1 << 2.0 << -1.0;
}

void TestReport::bestRows() {
  QFETCH(QString, model);
  QFETCH(QString, lib);
  QFETCH(QString, precision);
  QFETCH(int, batch);
  QFETCH(double, ms);
  QFETCH(double, speedup);
  const Report r = build_report(fixture(), baseline_a());
  QCOMPARE(r.best.size(), std::size_t(5));
  QVERIFY(r.baseline_measured);
  QCOMPARE(r.libs, (std::vector<std::string>{"a", "b"}));
  const BestRow* row = find_best(r, model.toStdString(), {lib.toStdString(), *parse_precision(precision.toStdString())});
  QVERIFY(row);
  QCOMPARE(row->best.batch, batch);
  COMPARE_CLOSE(row->best.ms_per_image, ms);
  COMPARE_CLOSE(row->best.images_per_s, 1000.0 / ms);
  QCOMPARE(row->speedup.has_value(), speedup >= 0);
  if (speedup >= 0) COMPARE_CLOSE(*row->speedup, speedup);
}

// A best row shows the top-1 measured with its series (carried by any of its points), else its model's
// published figure, else none.
void TestReport::bestRowsShowAccuracy() {
  std::vector<Point> points = fixture();
  points[3].accuracy = AccuracyReading{"fashion-mnist-test", 10000, 9083};  // m b/fp32 at batch 1, not its best
  const PublishedTop1 published = {{"m", 0.568279}, {"n", 0.7}};
  const Report r = build_report(points, baseline_a(), nullptr, published);
  const auto text = [&](const char* model, const char* lib, const char* precision) {
    const BestRow* row = find_best(r, model, {lib, *parse_precision(precision)});
    return row ? QString::fromStdString(accuracy_text(row->accuracy)) : QString("no row");
  };
  QCOMPARE(text("m", "b", "fp32"), QString("90.8 % (fashion-mnist-test, 10000 images)"));
  QCOMPARE(text("m", "b", "fp16"), QString("56.8 % published"));
  QCOMPARE(text("m", "a", "fp32"), QString("56.8 % published"));
  QCOMPARE(text("n", "a", "fp32"), QString("70.0 % published"));
  QCOMPARE(text("o", "b", "fp32"), QString("-"));
  // Without published figures only the measured one is known.
  const Report measured_only = build_report(points, baseline_a());
  for (const BestRow& b : measured_only.best)
    QCOMPARE(b.accuracy.has_value(), b.best.model == "m" && b.best.series.lib == "b" && b.best.series.precision == Precision::FP32);
}

void TestReport::withoutTheBaselineNoSpeedups() {
  ReportOptions o;  // openblas/fp32: not in the fixture
  const Report r = build_report(fixture(), o);
  QVERIFY(!r.baseline_measured);
  QCOMPARE(r.best.size(), std::size_t(5));
  for (const auto& b : r.best) QVERIFY(!b.speedup);
  QVERIFY(r.published.empty());
}

void TestReport::libsFilterKeepsBaselineSpeedups() {
  ReportOptions o = baseline_a();
  o.libs = {"b"};
  const Report r = build_report(fixture(), o);
  QCOMPARE(r.libs, std::vector<std::string>{"b"});
  QCOMPARE(r.best.size(), std::size_t(3));
  for (const auto& b : r.best) QCOMPARE(b.best.series.lib, std::string("b"));
  const BestRow* row = find_best(r, "m", {"b", Precision::FP32});
  QVERIFY(row && row->speedup);
  COMPARE_CLOSE(*row->speedup, 8.9 / 3.0);
  QCOMPARE(r.memory.size(), std::size_t(3));
  QCOMPARE(r.ratios.size(), std::size_t(1));  // only fp16/fp32 of b
  QCOMPARE(r.adaptive.size(), std::size_t(2));
  for (const auto& a : r.adaptive) QCOMPARE(a.libraries, 1);
}

void TestReport::adaptivePerPrecision() {
  const Report r = build_report(fixture(), baseline_a());
  QCOMPARE(r.adaptive.size(), std::size_t(2));  // m in fp32 and fp16 (in that order); n and o have no layers

  const AdaptiveRow& fp16 = r.adaptive[1];
  QCOMPARE(fp16.precision, Precision::FP16);
  QCOMPARE(fp16.libraries, 1);
  QVERIFY(fp16.result.ok());
  QCOMPARE(fp16.result.batch, 2);
  COMPARE_CLOSE(fp16.result.ms_per_image, 2.0);
  COMPARE_CLOSE(fp16.result.saving_percent, 0.0);

  const AdaptiveRow& fp32 = r.adaptive[0];
  QCOMPARE(fp32.precision, Precision::FP32);
  QCOMPARE(fp32.libraries, 2);
  QVERIFY2(fp32.result.ok(), fp32.result.error.c_str());
  QCOMPARE(fp32.result.model, std::string("m"));
  QCOMPARE(fp32.result.batch, 2);  // b2: conv on a 2 + fc on b 1 = 3; b4: 1.5 + 2 = 3.5
  COMPARE_CLOSE(fp32.result.ms_per_image, 3.0);
  QCOMPARE(fp32.result.layers.size(), std::size_t(2));
  QCOMPARE(fp32.result.layers[0].series, (Series{"a", Precision::FP32}));
  QCOMPARE(fp32.result.layers[1].series, (Series{"b", Precision::FP32}));
  QCOMPARE(fp32.result.per_series.size(), std::size_t(2));
  COMPARE_CLOSE(fp32.result.per_series[0].ms_per_image, 2.0);
  COMPARE_CLOSE(fp32.result.per_series[1].ms_per_image, 1.0);
  QCOMPARE(fp32.result.best_single.series, (Series{"b", Precision::FP32}));  // b: 4 at b2 (4.5 at b4); a: 6 at b2
  QCOMPARE(fp32.result.best_single.batch, 2);
  COMPARE_CLOSE(fp32.result.saving_percent, 25.0);
}

void TestReport::memoryAtBestAndGoodEnough_data() {
  QTest::addColumn<double>("percent");
  QTest::addColumn<int>("good");
  QTest::newRow("0%: the best itself") << 0.0 << 4;
  QTest::newRow("5%: 9 <= 9.345") << 5.0 << 2;
  QTest::newRow("30%: 11 <= 11.57") << 30.0 << 1;
}

void TestReport::memoryAtBestAndGoodEnough() {
  QFETCH(double, percent);
  QFETCH(int, good);
  ReportOptions o = baseline_a();
  o.good_enough_percent = percent;
  const Report r = build_report(fixture(), o);
  QCOMPARE(r.memory.size(), std::size_t(5));
  const MemoryReportRow& m = r.memory[0];  // (m, a/fp32) sorts first
  QCOMPARE(m.model, std::string("m"));
  QCOMPARE(m.series, (Series{"a", Precision::FP32}));
  QCOMPARE(m.best_batch, 4);
  COMPARE_CLOSE(m.best_ms_per_image, 8.9);
  COMPARE_CLOSE(m.at_best.weights, 250.0);
  COMPARE_CLOSE(m.at_best.activations, 400.0);
  COMPARE_CLOSE(m.at_best.workspace, 25.0);
  COMPARE_CLOSE(m.at_best.measured, 64.0);
  QCOMPARE(m.good_batch, good);
  COMPARE_CLOSE(m.at_good.weights, 1000.0 / good);
  COMPARE_CLOSE(m.at_good.activations, 400.0);
}

void TestReport::ratios() {
  const Report r = build_report(fixture(), baseline_a());
  QCOMPARE(r.ratios.size(), std::size_t(2));
  QCOMPARE(r.ratios[0].numerator, (Series{"a", Precision::FP32}));  // lib a / lib b, fp32
  QCOMPARE(r.ratios[0].denominator, (Series{"b", Precision::FP32}));
  COMPARE_CLOSE(r.ratios[0].ratio, 8.9 / 3.0);
  QCOMPARE(r.ratios[1].numerator, (Series{"b", Precision::FP16}));  // then fp16 / fp32 of b
  COMPARE_CLOSE(r.ratios[1].ratio, 2.5 / 3.0);
}

void TestReport::publishedRows_data() {
  // Copied from /work/shared/reference/jetson-tx1-2016.md.
  QTest::addColumn<QString>("model");
  QTest::addColumn<QString>("lib");
  QTest::addColumn<QString>("precision");
  QTest::addColumn<QString>("tag");
  QTest::addColumn<double>("ms");
  QTest::addColumn<int>("batch");
  QTest::newRow("alexnet cpu") << "alexnet" << "openblas" << "fp32" << "cpu" << 124.327292 << 16;
  QTest::newRow("alexnet libdnn") << "alexnet" << "libdnn" << "fp32" << "libdnn-cuda" << 14.621250 << 16;
  QTest::newRow("alexnet cublas fp16") << "alexnet" << "cublas" << "fp16" << "nvidia-fp16-cuda" << 8.583306 << 12;
  QTest::newRow("googlenet cudnn") << "googlenet" << "cudnn" << "fp32" << "nvidia-cudnn" << 17.109729 << 16;
  QTest::newRow("squeezenet-1.0 cpu") << "squeezenet-1.0" << "openblas" << "fp32" << "cpu" << 125.432222 << 12;
  QTest::newRow("squeezenet-1.0 libdnn") << "squeezenet-1.0" << "libdnn" << "fp32" << "libdnn-cuda" << 19.493929 << 14;
  QTest::newRow("squeezenet-1.1 cpu") << "squeezenet-1.1" << "openblas" << "fp32" << "cpu" << 67.141024 << 14;
  QTest::newRow("squeezenet-1.1 cudnn fp16") << "squeezenet-1.1" << "cudnn" << "fp16" << "nvidia-fp16-cudnn" << 5.012350 << 16;
}

void TestReport::publishedRows() {
  QFETCH(QString, model);
  QFETCH(QString, lib);
  QFETCH(QString, precision);
  QFETCH(QString, tag);
  QFETCH(double, ms);
  QFETCH(int, batch);
  const PublishedRun& run = resources::jetson_tx1_reference();
  const auto row = run.find(model.toStdString(), {lib.toStdString(), *parse_precision(precision.toStdString())});
  QVERIFY(row);
  QCOMPARE(QString::fromStdString(row->tag), tag);
  QCOMPARE(row->ms_per_image, ms);  // exactly the published decimal
  QCOMPARE(row->batch, batch);
}

void TestReport::publishedRunDescribesItself() {
  const PublishedRun& run = resources::jetson_tx1_reference();
  QCOMPARE(run.results.size(), std::size_t(24));  // 4 models x 6 library tags
  QCOMPARE(run.id, std::string("jetson-tx1-caffe-2016"));
  QVERIFY(run.platform.find("Jetson TX1 (4x Cortex-A57 @1743 MHz") == 0);
  QVERIFY(run.source.find("Benchmarking Caffe on NVIDIA Jetson TX1") != std::string::npos);
  QCOMPARE(run.repetitions, 3);
  QCOMPARE(run.batch_sizes, (std::vector<int>{2, 4, 6, 8, 10, 12, 14, 16}));
  QCOMPARE(run.accuracy.size(), std::size_t(4));
  QCOMPARE(run.accuracy[0].model, std::string("alexnet"));
  QCOMPARE(run.accuracy[0].top1, 0.568279);
  QCOMPARE(run.accuracy[3].model, std::string("googlenet"));
  QCOMPARE(run.accuracy[3].top5, 0.891441);
}

void TestReport::embeddedTextIsTheResourceFile() {
  QCOMPARE(std::string(resources::jetson_tx1_reference_json()), read_file(TX1_REFERENCE_JSON));
}

void TestReport::publishedBesideTheRun() {
  ReportOptions o;  // baseline openblas/fp32: the published "cpu" rows
  const Report all = build_report(fixture(), o, &resources::jetson_tx1_reference());
  QCOMPARE(all.published.size(), std::size_t(24));
  QCOMPARE(all.best.size(), std::size_t(5));  // the published rows stay apart from the measured ones
  const PublishedRow& cudnn = all.published[3];  // alexnet cudnn fp32
  QCOMPARE(cudnn.result.tag, std::string("nvidia-cudnn"));
  QVERIFY(cudnn.speedup);
  COMPARE_CLOSE(*cudnn.speedup, 124.327292 / 7.413354);
  COMPARE_CLOSE(cudnn.images_per_s, 1000.0 / 7.413354);
  o.libs = {"b"};  // no published library is called b
  QVERIFY(build_report(fixture(), o, &resources::jetson_tx1_reference()).published.empty());
}

void TestReport::parseRejects_data() {
  const std::string good(resources::jetson_tx1_reference_json());
  const auto replaced = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    const auto at = s.find(from);
    Q_ASSERT(at != std::string::npos);
    return QString::fromStdString(s.replace(at, from.size(), to));
  };
  QTest::addColumn<QString>("text");
  QTest::addColumn<QString>("error");
  QTest::newRow("not JSON") << "{" << "is not valid JSON";
  QTest::newRow("other schema") << replaced("cnn-explorer-published/1", "cnn-explorer/1") << "has schema";
  QTest::newRow("not published") << replaced("\"published\": true", "\"published\": false") << "\"published\": true";
  QTest::newRow("missing batch") << replaced("\"best_batch\": 16}", "\"batch\": 16}") << "no \"best_batch\" in results[0]";
  QTest::newRow("text time") << replaced("124.327292", "\"124.327292\"") << "non-numeric \"best_ms_per_image\"";
  QTest::newRow("repeated row") << replaced("\"lib\": \"libdnn\", \"precision\": \"fp32\", \"tag\": \"libdnn-cuda\"",
                                            "\"lib\": \"openblas\", \"precision\": \"fp32\", \"tag\": \"libdnn-cuda\"")
                                << "repeats alexnet on openblas/fp32 in results[1]";
  QTest::newRow("accuracy above 1") << replaced("0.568279", "56.8279") << "outside [0, 1] in accuracy[0]";
}

void TestReport::parseRejects() {
  QFETCH(QString, text);
  QFETCH(QString, error);
  try {
    parse_published_run(text.toStdString());
    QFAIL("accepted");
  } catch (const std::runtime_error& e) {
    QVERIFY2(QString(e.what()).contains(error), e.what());
  }
}

QTEST_GUILESS_MAIN(TestReport)
#include "test_report.moc"
