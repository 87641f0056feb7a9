// Runner: one visit of a point on a real library (lenet, OpenBLAS): warm-up, then repetitions of an
// end-to-end and a per-layer pass; a second visit appends to the same record; the repetitions the
// visit takes come from its RepsFor with the warm-up's time; failures and a stop.
#include <doctest/doctest.h>

#include <memory>

#include "backends/openblas/openblas_backend.h"
#include "backends/reference/reference_backend.h"
#include "core/bench/runner.h"
#include "core/model/graph.h"
#include "core/session.h"
#include "models/builtin_models.h"
#include "tests/test_support.h"

using namespace cnn;

struct TestRunner {
  ModelCatalog catalog_;
  BackendRegistry registry_;
  RunConfig config_;
  TestRunner() {
    add_builtin_models(catalog_);
    registry_.add(std::make_unique<ReferenceBackend>());
    registry_.add(std::make_unique<OpenBlasBackend>());
    config_.threads = 1;
    config_.warmup = 1;
  }
};

TEST_CASE_FIXTURE(TestRunner, "visitsAppendRepetitions") {
  Runner runner(catalog_, registry_);
  const PointSpec spec{"lenet", "openblas", Precision::FP32, 2};
  Point point = empty_point(spec, config_);
  CHECK(point.threads == 1);
  std::vector<std::string> phases;
  double seen_warm_ms = 0;
  const auto report = [&](const char* phase, int, int) { phases.push_back(phase); };
  runner.visit(spec, config_, [&](double warm_ms) { seen_warm_ms = warm_ms; return 2; }, point, report, nullptr);
  REQUIRE_MESSAGE(point.success, point.error);
  CHECK(seen_warm_ms > 0);  // the warm-up pass was timed and handed over
  CHECK(phases == (std::vector<std::string>{"warm-up", "measuring", "measuring"}));
  CHECK(int(point.time_fw_ms.size()) == 2);
  const std::size_t records = point.layers.size();
  CHECK(int(records) == 8);  // lenet's layers, no steps on one host library
  CHECK(point.layers[0].name == std::string("conv1"));
  CHECK(point.layers[0].type == std::string("Convolution"));
  CHECK(point.layers[0].macs > 0);
  for (const LayerRecord& l : point.layers) CHECK(int(l.time_ms.size()) == 2);
  CHECK(point.memory.weights_bytes > 0);

  runner.visit(spec, config_, [](double) { return 3; }, point, [](const char*, int, int) {}, nullptr);
  CHECK(int(point.time_fw_ms.size()) == 5);
  REQUIRE(point.layers.size() == records);
  for (const LayerRecord& l : point.layers) CHECK(int(l.time_ms.size()) == 5);
}

TEST_CASE_FIXTURE(TestRunner, "measureInOneVisit") {
  Runner runner(catalog_, registry_);
  const Point p = runner.measure({"lenet", "reference", Precision::FP32, 1}, config_, 3);
  REQUIRE(p.success);
  CHECK(p.lib == std::string("reference"));
  CHECK(int(p.time_fw_ms.size()) == 3);
}

struct FailuresAreOneSentenceRow {
  std::string tag;
  std::string lib;
  int precision;
  std::string error;
};

std::vector<FailuresAreOneSentenceRow> failures_are_one_sentence_rows() {
  std::vector<FailuresAreOneSentenceRow> rows;
  rows.push_back({"unknown library", "nosuch", int(Precision::FP32), "unknown library 'nosuch'"});
  rows.push_back({"no fp16 mode", "openblas", int(Precision::FP16), "openblas has no fp16 mode"});
  return rows;
}

TEST_CASE_FIXTURE(TestRunner, "failuresAreOneSentence") {
  auto [tag, lib, precision, error] = test::pick_row(failures_are_one_sentence_rows());
  Runner runner(catalog_, registry_);
  const Point p = runner.measure({"lenet", lib, Precision(precision), 1}, config_, 2);
  CHECK(!p.success);
  CHECK(std::string(p.error) == error);
  CHECK((p.time_fw_ms.empty() && p.layers.empty()));
}

TEST_CASE_FIXTURE(TestRunner, "stopLeavesTheRecordAsItWas") {
  Runner runner(catalog_, registry_);
  const PointSpec spec{"lenet", "reference", Precision::FP32, 1};
  Point point = runner.measure(spec, config_, 2);
  const Point before = point;
  std::atomic<bool> stop{false};
  int reports = 0;
  const auto report = [&](const char*, int, int) {
    if (++reports == 3) stop.store(true);  // during the second measuring repetition
  };
  CHECK_THROWS_AS(runner.visit(spec, config_, [](double) { return 4; }, point, report, &stop), Cancelled);
  CHECK(point.time_fw_ms == before.time_fw_ms);
  REQUIRE(point.layers.size() == before.layers.size());
  CHECK(point.layers[0].time_ms == before.layers[0].time_ms);
}

TEST_CASE_FIXTURE(TestRunner, "scheduledPointsKeepTheirScheduleAndStageTimes") {
  Runner runner(catalog_, registry_);
  config_.threads = 2;
  PointSpec spec{"squeezenet-1.1", "openblas", Precision::FP32, 1};
  spec.scheduler = Scheduler::Greedy;
  Point point = empty_point(spec, config_);
  CHECK(point.scheduler == Scheduler::Greedy);
  std::vector<std::string> phases;
  const auto report = [&](const char* phase, int, int) { phases.push_back(phase); };
  runner.visit(spec, config_, [](double) { return 2; }, point, report, nullptr);
  REQUIRE_MESSAGE(point.success, point.error);
  CHECK(phases.front() == "schedule search");
  REQUIRE(point.schedule);
  CHECK(point.schedule->scheduler == Scheduler::Greedy);
  const ModelInfo model = catalog_.resolve("squeezenet-1.1");
  const Graph graph(catalog_.parse(model), 1);
  CHECK(point.schedule->schedule == greedy_schedule(graph));
  REQUIRE(point.schedule->stage_ms.size() == point.schedule->schedule.stages.size());
  for (const auto& stage : point.schedule->stage_ms) CHECK(stage.size() == 2);
  // The stages' times are parts of the pass they were taken in.
  double sum = 0;
  for (const auto& stage : point.schedule->stage_ms) sum += stage[0];
  CHECK(sum <= point.time_fw_ms[0] * 1.0001);
  CHECK(point.layers.size() == graph.nodes().size());  // the per-layer pass: every layer alone

  // A second visit reuses the schedule and appends a time to every stage.
  phases.clear();
  runner.visit(spec, config_, [](double) { return 1; }, point, report, nullptr);
  CHECK(std::count(phases.begin(), phases.end(), std::string("schedule search")) == 0);
  for (const auto& stage : point.schedule->stage_ms) CHECK(stage.size() == 3);
}

TEST_CASE_FIXTURE(TestRunner, "iosOnOneThread") {
  // One thread: every stage's groups share one lane, and the search still measures and chooses.
  Runner runner(catalog_, registry_);
  PointSpec spec{"lenet", "reference", Precision::FP32, 1};
  spec.scheduler = Scheduler::Ios;
  const Point p = [&] {
    Point point = empty_point(spec, config_);
    runner.visit(spec, config_, [](double) { return 1; }, point, [](const char*, int, int) {}, nullptr);
    return point;
  }();
  REQUIRE_MESSAGE(p.success, p.error);
  REQUIRE(p.schedule);
  CHECK(p.schedule->stages_measured > 0);
}
