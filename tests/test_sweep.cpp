// The Sweep, the engine behind cnn-bench run and the explorer's worker, on real libraries (lenet,
// reference and OpenBLAS): the point count and numbering, rounds that revisit every point, each
// visit committed to the store (inserted, then replaced), the final status, a failing point that
// does not stop the sweep, and a stop that keeps what was measured. Nothing here depends on timing.
#include <doctest/doctest.h>

#include <map>
#include <memory>

#include "backends/openblas/openblas_backend.h"
#include "backends/reference/reference_backend.h"
#include "core/bench/sweep.h"
#include "models/builtin_models.h"
#include "tests/test_support.h"

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
    CHECK((p.point >= 0 && p.point < p.points));
    CHECK(p.round >= 1);
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

struct TestSweep {
  ModelCatalog catalog_;
  BackendRegistry registry_;
  TestSweep() {
    add_builtin_models(catalog_);
    registry_.add(std::make_unique<ReferenceBackend>());
    registry_.add(std::make_unique<OpenBlasBackend>());
  }
};

TEST_CASE_FIXTURE(TestSweep, "pointsInSweepOrder") {
  Selection s = lenet_selection({{"openblas", {Precision::FP32}}, {"reference", {Precision::FP32}}}, {1, 2});
  s.models = {"lenet", "squeezenet-1.1"};
  const std::vector<PointSpec> specs = points_of(s);
  CHECK(int(specs.size()) == 8);
  // By model, then batch, then library: the libraries compared at one batch side by side.
  CHECK(specs[0].model == std::string("lenet"));
  CHECK(specs[0].batch == 1);
  CHECK(specs[0].lib == std::string("openblas"));
  CHECK(specs[1].lib == std::string("reference"));
  CHECK(specs[2].batch == 2);
  CHECK(specs[4].model == std::string("squeezenet-1.1"));
  CHECK_THROWS_AS(Sweep(catalog_, registry_, lenet_selection({}, {1})), std::invalid_argument);
}

TEST_CASE_FIXTURE(TestSweep, "everyPointInEverySchedulerSideBySide") {
  Selection s = lenet_selection({{"openblas", {Precision::FP32}}}, {1, 2});
  s.graphs = {GraphMode::Caffe, GraphMode::Fused};
  s.schedulers = {Scheduler::Sequential, Scheduler::Ios};
  AdaptivePlan plan;
  plan.model = "lenet";
  plan.batch = 4;
  s.adaptive = {plan};
  const std::vector<PointSpec> specs = points_of(s);
  REQUIRE(int(specs.size()) == 2 * 2 * 2 + 2);  // batches x graphs x schedulers, and the plan in both
  // Schedulers vary fastest: a library's sequential and IOS readings side by side.
  CHECK(specs[0].scheduler == Scheduler::Sequential);
  CHECK(specs[1].scheduler == Scheduler::Ios);
  CHECK(specs[1].graph == GraphMode::Caffe);
  CHECK(specs[2].graph == GraphMode::Fused);
  CHECK(specs[2].scheduler == Scheduler::Sequential);
  CHECK(specs[8].lib == std::string(kAdaptiveLib));
  CHECK(specs[8].batch == 4);
  CHECK(specs[8].scheduler == Scheduler::Sequential);
  CHECK(specs[9].scheduler == Scheduler::Ios);
  CHECK(empty_point(specs[9], s.config).scheduler == Scheduler::Ios);
}

TEST_CASE_FIXTURE(TestSweep, "roundsCommitEveryVisit") {
  const test::TempDir dir;
  ResultsStore store(dir.file("r.sqlite"));
  SweepOptions options;
  options.store = &store;
  options.label = "rounds";
  Sweep sweep(catalog_, registry_,
              lenet_selection({{"reference", {Precision::FP32}}, {"openblas", {Precision::FP32}}}, {1, 2}), options);
  CHECK(sweep.points() == 4);
  Recorder rec;
  const SweepResult result = sweep.run(rec);
  CHECK(result.status == RunStatus::Finished);
  CHECK(rec.started_points == 4);
  CHECK(rec.started_run == result.run_id);
  CHECK(rec.progress > 0);
  // Two rounds: every index twice, the first record provisional with one repetition.
  CHECK(int(rec.visits.size()) == 8);
  std::map<int, int> seen;
  for (const auto& [index, point] : rec.visits) {
    const int visit = ++seen[index];
    CHECK(point.visits == visit);
    CHECK(point.provisional == (visit == 1));
    CHECK(int(point.time_fw_ms.size()) == visit);
    for (const LayerRecord& l : point.layers) CHECK(int(l.time_ms.size()) == visit);
    REQUIRE(point.noise_threshold.has_value());
    REQUIRE(point.load_before.has_value() == point.load_after.has_value());
  }
  CHECK(int(seen.size()) == 4);
  // The rounds visit every point before any point's second visit.
  for (int i = 0; i < 4; ++i) CHECK(rec.visits[std::size_t(i)].second.visits == 1);
  CHECK(result.finished == 4);
  CHECK(int(result.points.size()) == 4);
  // The store holds each point once, as its last record, in sweep order.
  const StoredRun run = store.load_run(result.run_id);
  CHECK(run.summary.status == RunStatus::Finished);
  CHECK(run.summary.label == std::string("rounds"));
  CHECK(int(run.points.size()) == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(run.points[i].lib == result.points[i].lib);
    CHECK(run.points[i].batch == result.points[i].batch);
    CHECK(run.points[i].time_fw_ms == result.points[i].time_fw_ms);
    CHECK(run.points[i].visits == 2);
    CHECK(!run.points[i].provisional);
  }
  CHECK(run.selection.config.reps.rounds == 2);
  CHECK(int(run.selection.libs.size()) == 2);
  CHECK(result.message.find("stored as run") != std::string::npos);
}

TEST_CASE_FIXTURE(TestSweep, "failingPointDoesNotStopTheSweep") {
  Sweep sweep(catalog_, registry_,
              lenet_selection({{"nosuchlib", {Precision::FP32}}, {"reference", {Precision::FP32}}}, {1}));
  Recorder rec;
  const SweepResult result = sweep.run(rec);
  CHECK(result.status == RunStatus::Finished);
  CHECK(result.run_id == std::int64_t(0));
  CHECK(int(result.points.size()) == 2);
  CHECK(!result.points[0].success);
  CHECK(result.points[0].error == std::string("unknown library 'nosuchlib'"));
  CHECK(result.points[0].visits == 1);  // failed at once, not visited again
  CHECK(result.points[1].success);
  CHECK(result.points[1].visits == 2);
  CHECK(int(rec.visits.size()) == 3);
}

TEST_CASE_FIXTURE(TestSweep, "stopKeepsWhatWasMeasured") {
  const test::TempDir dir;
  ResultsStore store(dir.file("r.sqlite"));
  SweepOptions options;
  options.store = &store;
  Sweep sweep(catalog_, registry_, lenet_selection({{"reference", {Precision::FP32}}}, {1, 2}), options);
  std::atomic<bool> stop{false};
  Recorder rec;
  rec.stop_after_first = &stop;
  const SweepResult result = sweep.run(rec, &stop);
  CHECK(result.status == RunStatus::Cancelled);
  CHECK(int(rec.visits.size()) == 1);
  CHECK(int(result.points.size()) == 1);
  CHECK(result.finished == 0);
  const StoredRun run = store.load_run(result.run_id);
  CHECK(run.summary.status == RunStatus::Cancelled);
  CHECK(int(run.points.size()) == 1);
  CHECK(run.points[0].provisional);  // its reading was not complete
  CHECK(run.points[0].time_fw_ms == result.points[0].time_fw_ms);
  CHECK(result.message.rfind("Stopped: 0 of 2 points complete, 1 measured", 0) == 0);
}
