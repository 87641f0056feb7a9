// Runner: one visit of a point on a real library (lenet, OpenBLAS): warm-up, then repetitions of an
// end-to-end and a per-layer pass; a second visit appends to the same record; the repetitions the
// visit takes come from its RepsFor with the warm-up's time; failures and a stop.
#include <QtTest>

#include <memory>

#include "backends/openblas/openblas_backend.h"
#include "backends/reference/reference_backend.h"
#include "core/bench/runner.h"
#include "core/session.h"
#include "models/builtin_models.h"

using namespace cnn;

class TestRunner : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    add_builtin_models(catalog_);
    registry_.add(std::make_unique<ReferenceBackend>());
    registry_.add(std::make_unique<OpenBlasBackend>());
    config_.threads = 1;
    config_.warmup = 1;
  }

  void visitsAppendRepetitions() {
    Runner runner(catalog_, registry_);
    const PointSpec spec{"lenet", "openblas", Precision::FP32, 2};
    Point point = empty_point(spec, config_);
    QCOMPARE(point.threads, 1);
    std::vector<std::string> phases;
    double seen_warm_ms = 0;
    const auto report = [&](const char* phase, int, int) { phases.push_back(phase); };
    runner.visit(spec, config_, [&](double warm_ms) { seen_warm_ms = warm_ms; return 2; }, point, report, nullptr);
    QVERIFY2(point.success, point.error.c_str());
    QVERIFY(seen_warm_ms > 0);  // the warm-up pass was timed and handed over
    QCOMPARE(phases, (std::vector<std::string>{"warm-up", "measuring", "measuring"}));
    QCOMPARE(int(point.time_fw_ms.size()), 2);
    const std::size_t records = point.layers.size();
    QCOMPARE(int(records), 8);  // lenet's layers, no steps on one host library
    QCOMPARE(point.layers[0].name, std::string("conv1"));
    QCOMPARE(point.layers[0].type, std::string("Convolution"));
    QVERIFY(point.layers[0].macs > 0);
    for (const LayerRecord& l : point.layers) QCOMPARE(int(l.time_ms.size()), 2);
    QVERIFY(point.memory.weights_bytes > 0);

    runner.visit(spec, config_, [](double) { return 3; }, point, [](const char*, int, int) {}, nullptr);
    QCOMPARE(int(point.time_fw_ms.size()), 5);
    QCOMPARE(point.layers.size(), records);
    for (const LayerRecord& l : point.layers) QCOMPARE(int(l.time_ms.size()), 5);
  }

  void measureInOneVisit() {
    Runner runner(catalog_, registry_);
    const Point p = runner.measure({"lenet", "reference", Precision::FP32, 1}, config_, 3);
    QVERIFY(p.success);
    QCOMPARE(p.lib, std::string("reference"));
    QCOMPARE(int(p.time_fw_ms.size()), 3);
  }

  void failuresAreOneSentence_data() {
    QTest::addColumn<QString>("lib");
    QTest::addColumn<int>("precision");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown library") << "nosuch" << int(Precision::FP32) << "unknown library 'nosuch'";
    QTest::newRow("no fp16 mode") << "openblas" << int(Precision::FP16) << "openblas has no fp16 mode";
  }
  void failuresAreOneSentence() {
    QFETCH(QString, lib);
    QFETCH(int, precision);
    QFETCH(QString, error);
    Runner runner(catalog_, registry_);
    const Point p = runner.measure({"lenet", lib.toStdString(), Precision(precision), 1}, config_, 2);
    QVERIFY(!p.success);
    QCOMPARE(QString::fromStdString(p.error), error);
    QVERIFY(p.time_fw_ms.empty() && p.layers.empty());
  }

  void stopLeavesTheRecordAsItWas() {
    Runner runner(catalog_, registry_);
    const PointSpec spec{"lenet", "reference", Precision::FP32, 1};
    Point point = runner.measure(spec, config_, 2);
    const Point before = point;
    std::atomic<bool> stop{false};
    int reports = 0;
    const auto report = [&](const char*, int, int) {
      if (++reports == 3) stop.store(true);  // during the second measuring repetition
    };
    QVERIFY_THROWS_EXCEPTION(Cancelled, runner.visit(spec, config_, [](double) { return 4; }, point, report, &stop));
    QCOMPARE(point.time_fw_ms, before.time_fw_ms);
    QCOMPARE(point.layers.size(), before.layers.size());
    QCOMPARE(point.layers[0].time_ms, before.layers[0].time_ms);
  }

 private:
  ModelCatalog catalog_;
  BackendRegistry registry_;
  RunConfig config_;
};

QTEST_GUILESS_MAIN(TestRunner)
#include "test_runner.moc"
