// The Sweep, the engine behind cnn-bench run and the explorer's worker, on real libraries (lenet,
// reference and OpenBLAS): the point count and numbering, rounds that revisit every point, each
// visit committed to the store (inserted, then replaced), the final status, a failing point that
// does not stop the sweep, and a stop that keeps what was measured. Nothing here depends on timing.
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <memory>

#include "backends/openblas/openblas_backend.h"
#include "backends/reference/reference_backend.h"
#include "core/bench/sweep.h"
#include "models/builtin_models.h"

using namespace cnn;

namespace {

struct Recorder : SweepObserver {
  int started_points = -1;
  std::int64_t started_run = -1;
  std::vector<std::pair<int, Point>> visits;  // (index, record) per on_point
  std::vector<std::string> notes;
  int progress = 0;
  std::atomic<bool>* stop_after_first = nullptr;

  void on_started(std::int64_t run_id, const Platform&, int points) override {
    started_run = run_id;
    started_points = points;
  }
  void on_note(const std::string& sentence) override { notes.push_back(sentence); }
  void on_progress(const Progress& p) override {
    ++progress;
    QVERIFY(p.point >= 0 && p.point < p.points);
    QVERIFY(p.round >= 1);
  }
  void on_point(const Point& point, int index) override {
    visits.emplace_back(index, point);
    if (stop_after_first) stop_after_first->store(true);
  }
};

Selection lenet_selection(std::vector<LibraryChoice> libs, std::vector<int> batches) {
  Selection s;
  s.models = {"lenet"};
  s.libs = std::move(libs);
  s.batches = std::move(batches);
  s.config.warmup = 0;
  s.config.threads = 1;
  s.config.reps.min_reps = 2;
  s.config.reps.min_time_s = 0;
  s.config.reps.max_reps = 2;  // no extra rounds, whatever the machine does
  s.config.reps.rounds = 2;
  return s;
}

}  // namespace

class TestSweep : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    add_builtin_models(catalog_);
    registry_.add(std::make_unique<ReferenceBackend>());
    registry_.add(std::make_unique<OpenBlasBackend>());
  }

  void pointsInSweepOrder() {
    Selection s = lenet_selection({{"openblas", {Precision::FP32}}, {"reference", {Precision::FP32}}}, {1, 2});
    s.models = {"lenet", "squeezenet-1.1"};
    const std::vector<PointSpec> specs = points_of(s);
    QCOMPARE(int(specs.size()), 8);
    // By model, then batch, then library: the libraries compared at one batch side by side.
    QCOMPARE(specs[0].model, std::string("lenet"));
    QCOMPARE(specs[0].batch, 1);
    QCOMPARE(specs[0].lib, std::string("openblas"));
    QCOMPARE(specs[1].lib, std::string("reference"));
    QCOMPARE(specs[2].batch, 2);
    QCOMPARE(specs[4].model, std::string("squeezenet-1.1"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Sweep(catalog_, registry_, lenet_selection({}, {1})));
  }

  void roundsCommitEveryVisit() {
    QTemporaryDir dir;
    ResultsStore store(dir.filePath("r.sqlite").toStdString());
    SweepOptions options;
    options.store = &store;
    options.label = "rounds";
    Sweep sweep(catalog_, registry_, lenet_selection({{"reference", {Precision::FP32}}, {"openblas", {Precision::FP32}}}, {1, 2}), options);
    QCOMPARE(sweep.points(), 4);
    Recorder rec;
    const SweepResult result = sweep.run(rec);
    QCOMPARE(result.status, RunStatus::Finished);
    QCOMPARE(rec.started_points, 4);
    QCOMPARE(rec.started_run, result.run_id);
    QVERIFY(rec.progress > 0);
    // Two rounds: every index twice, the first record provisional with one repetition.
    QCOMPARE(int(rec.visits.size()), 8);
    std::map<int, int> seen;
    for (const auto& [index, point] : rec.visits) {
      const int visit = ++seen[index];
      QCOMPARE(point.visits, visit);
      QCOMPARE(point.provisional, visit == 1);
      QCOMPARE(int(point.time_fw_ms.size()), visit);
      for (const LayerRecord& l : point.layers) QCOMPARE(int(l.time_ms.size()), visit);
      QVERIFY(point.noise_threshold.has_value());
      QVERIFY(point.load_before.has_value() == point.load_after.has_value());
    }
    QCOMPARE(int(seen.size()), 4);
    // The rounds visit every point before any point's second visit.
    for (int i = 0; i < 4; ++i) QCOMPARE(rec.visits[std::size_t(i)].second.visits, 1);
    QCOMPARE(result.finished, 4);
    QCOMPARE(int(result.points.size()), 4);
    // The store holds each point once, as its last record, in sweep order.
    const StoredRun run = store.load_run(result.run_id);
    QCOMPARE(run.summary.status, RunStatus::Finished);
    QCOMPARE(run.summary.label, std::string("rounds"));
    QCOMPARE(int(run.points.size()), 4);
    for (std::size_t i = 0; i < 4; ++i) {
      QCOMPARE(run.points[i].lib, result.points[i].lib);
      QCOMPARE(run.points[i].batch, result.points[i].batch);
      QCOMPARE(run.points[i].time_fw_ms, result.points[i].time_fw_ms);
      QCOMPARE(run.points[i].visits, 2);
      QVERIFY(!run.points[i].provisional);
    }
    QCOMPARE(run.selection.config.reps.rounds, 2);
    QCOMPARE(int(run.selection.libs.size()), 2);
    QVERIFY(result.message.find("stored as run") != std::string::npos);
  }

  void failingPointDoesNotStopTheSweep() {
    Sweep sweep(catalog_, registry_, lenet_selection({{"nosuchlib", {Precision::FP32}}, {"reference", {Precision::FP32}}}, {1}));
    Recorder rec;
    const SweepResult result = sweep.run(rec);
    QCOMPARE(result.status, RunStatus::Finished);
    QCOMPARE(result.run_id, std::int64_t(0));
    QCOMPARE(int(result.points.size()), 2);
    QVERIFY(!result.points[0].success);
    QCOMPARE(result.points[0].error, std::string("unknown library 'nosuchlib'"));
    QCOMPARE(result.points[0].visits, 1);  // failed at once, not visited again
    QVERIFY(result.points[1].success);
    QCOMPARE(result.points[1].visits, 2);
    QCOMPARE(int(rec.visits.size()), 3);
  }

  void stopKeepsWhatWasMeasured() {
    QTemporaryDir dir;
    ResultsStore store(dir.filePath("r.sqlite").toStdString());
    SweepOptions options;
    options.store = &store;
    Sweep sweep(catalog_, registry_, lenet_selection({{"reference", {Precision::FP32}}}, {1, 2}), options);
    std::atomic<bool> stop{false};
    Recorder rec;
    rec.stop_after_first = &stop;
    const SweepResult result = sweep.run(rec, &stop);
    QCOMPARE(result.status, RunStatus::Cancelled);
    QCOMPARE(int(rec.visits.size()), 1);
    QCOMPARE(int(result.points.size()), 1);
    QCOMPARE(result.finished, 0);
    const StoredRun run = store.load_run(result.run_id);
    QCOMPARE(run.summary.status, RunStatus::Cancelled);
    QCOMPARE(int(run.points.size()), 1);
    QVERIFY(run.points[0].provisional);  // its reading was not complete
    QCOMPARE(run.points[0].time_fw_ms, result.points[0].time_fw_ms);
    QVERIFY(result.message.rfind("Stopped: 0 of 2 points complete, 1 measured", 0) == 0);
  }

 private:
  ModelCatalog catalog_;
  BackendRegistry registry_;
};

QTEST_GUILESS_MAIN(TestSweep)
#include "test_sweep.moc"
