// The cublas and cudnn libraries as a whole: identity and platform details; without a usable
// device, unavailable with the driver's own reason and failing cleanly (session, runner, verify);
// with one, whole models against the reference (fp32 <= 1e-4, fp16 <= 2e-2) and the runner's
// device records (transfers, per-layer times, measured device memory); the copy times through
// a results document and the store.
#include <cuda_runtime.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "backends/cublas/cublas_backend.h"
#include "backends/cudnn/cudnn_backend.h"
#include "backends/reference/reference_backend.h"
#include "core/bench/results_json.h"
#include "core/bench/runner.h"
#include "core/bench/verify.h"
#include "core/model/graph.h"
#include "core/session.h"
#include "core/store/results_store.h"
#include "models/builtin_models.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

std::unique_ptr<Backend> make_backend(const std::string& id) {
  if (id == "cudnn") return std::make_unique<CudnnBackend>();
  return std::make_unique<CublasBackend>();
}

std::string detail(const BackendInfo& info, const std::string& key) {
  for (const auto& [k, v] : info.details)
    if (k == key) return v;
  return {};
}

ModelCatalog catalog() {
  ModelCatalog c;
  add_builtin_models(c);
  return c;
}

struct LibRow {
  std::string tag;  // the library's id
};

std::vector<LibRow> lib_rows() { return {{"cublas"}, {"cudnn"}}; }

// Whether a CUDA device can be used: "" if so, else the driver's reason (asked once per run).
std::string no_device() {
  static const std::string why = [] {
    const BackendInfo cublas = CublasBackend().info(), cudnn = CudnnBackend().info();
    return cublas.available || cudnn.available ? std::string() : cublas.why_not;
  }();
  return why;
}

}  // namespace

TEST_CASE("identity") {
  const std::string lib = test::pick_row(lib_rows()).tag;
  const auto backend = make_backend(lib);
  const BackendInfo info = backend->info();
  CHECK(std::string(info.id) == lib);
  REQUIRE(info.precisions.size() == std::size_t(2));
  CHECK((backend->memory_space()) == MemorySpace::Device);
  // The libraries' versions are recorded with or without a device; the GPU's only with one.
  for (const char* key : {"cuda runtime", "cublas", "cudnn", "driver"}) CHECK_MESSAGE(!detail(info, key).empty(), key);
  CHECK(detail(info, "gpu").empty() == (!info.available));
  if (info.available) CHECK(!detail(info, "compute capability").empty());
}

// Without a usable device: the reason is CUDA's own, and nothing crashes: creating ops, a
// session, a runner point and a verification all fail with it.
TEST_CASE("unavailableFailsWithTheDriversReason") {
  const std::string lib = test::pick_row(lib_rows()).tag;
  const auto backend = make_backend(lib);
  const BackendInfo info = backend->info();
  if (info.available) {
    MESSAGE("skipped: a CUDA device is usable here");
    return;
  }
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  cudaGetLastError();
  CHECK(!info.why_not.empty());
  if (status != cudaSuccess)
    CHECK_MESSAGE(test::contains(info.why_not, cudaGetErrorString(status)), info.why_not);
  CHECK(!backend->device_bytes_in_use());
  CHECK(!backend->stream_timer());
  CHECK(backend->streams() == 1);  // no streams for concurrent groups either

  const ModelCatalog models = catalog();
  const ModelInfo& lenet = *models.find("lenet");
  const Graph graph(models.parse(lenet), 1);
  const ModelWeights weights = generate_weights(graph, 1);
  CHECK(backend->supports(graph.nodes()[0].desc, Precision::FP16));  // a question about the layer only
  try {
    Session session(graph, weights, *backend, RunConfig{});
    FAIL("a session was created without a device");
  } catch (const std::runtime_error& e) {
    CHECK_MESSAGE(test::contains(e.what(), info.why_not), e.what());
  }

  BackendRegistry registry;
  registry.add(make_backend(lib));
  Runner runner(models, registry);
  const Point point = runner.measure({"lenet", lib, Precision::FP32, 1}, RunConfig{}, 2);
  CHECK(!point.success);
  CHECK_MESSAGE(test::contains(point.error, info.why_not), point.error);

  ReferenceBackend reference;
  const VerifyResult v =
      verify_model("lenet", models.parse(lenet), *backend, reference, Precision::FP16, 1, RunConfig{});
  REQUIRE(!v.ran);
  CHECK_MESSAGE(test::contains(v.error, info.why_not), v.error);
}

struct ModelsMatchReferenceRow {
  std::string tag;
  std::string lib;
  Precision precision;
  std::string model;
};

std::vector<ModelsMatchReferenceRow> models_match_reference_rows() {
  std::vector<ModelsMatchReferenceRow> rows;
  const ModelCatalog models = catalog();
  for (const ModelInfo& m : models.all())
    for (const char* lib : {"cublas", "cudnn"})
      for (Precision p : {Precision::FP32, Precision::FP16}) {
        const std::string tag = m.id + " " + lib + " " + std::string(to_string(p));
        rows.push_back({tag, lib, p, m.id});
      }
  return rows;
}

// Every value of every built-in model at batch 2, through the session's device path (uploads,
// fp16 activations, downloads for comparison).
TEST_CASE("modelsMatchReference") {
  if (const std::string why = no_device(); !why.empty()) {  // one message for the whole table
    MESSAGE("skipped, no CUDA device: " << why);
    return;
  }
  const ModelsMatchReferenceRow row = test::pick_row(models_match_reference_rows());
  const auto backend = make_backend(row.lib);
  const BackendInfo info = backend->info();
  if (!info.available) {
    MESSAGE("skipped: " << info.id << " is not available: " << info.why_not);
    return;
  }
  const ModelCatalog models = catalog();
  ReferenceBackend reference;
  const VerifyResult r = verify_model(row.model, models.parse(*models.find(row.model)), *backend, reference,
                                      row.precision, 2, RunConfig{});
  REQUIRE_MESSAGE(r.ran, r.error);
  CHECK_MESSAGE(r.passed(), "output " << r.output_error << ", worst " << r.worst_error << " at " << r.worst_layer);
}

// Schedules of concurrent stages on CUDA streams: GoogLeNet's greedy schedule (inception modules'
// four branches on four streams) gives the sequential session's outputs over two passes, with each
// stage timed by events.
TEST_CASE("greedyScheduleOnStreamsMatchesSequential") {
  if (const std::string why = no_device(); !why.empty()) {
    MESSAGE("skipped, no CUDA device: " << why);
    return;
  }
  const std::string lib = test::pick_row(lib_rows()).tag;
  const auto backend = make_backend(lib);
  if (!backend->info().available) {
    MESSAGE("skipped: " << lib << " is not available: " << backend->info().why_not);
    return;
  }
  CHECK(backend->streams() > 1);
  const ModelCatalog models = catalog();
  const Graph graph(models.parse(*models.find("googlenet")), 2);
  const ModelWeights weights = generate_weights(graph, 1);
  const Schedule greedy = greedy_schedule(graph);
  REQUIRE(greedy.concurrent_stages() > 0);
  RunConfig config;
  Session sequential(graph, weights, *backend, config);
  Session scheduled(graph, weights, *backend, config, {.schedule = &greedy});
  for (Session* s : {&sequential, &scheduled}) fill_input(s->input(), 1);
  sequential.upload_inputs();
  sequential.forward();
  sequential.download_outputs();
  for (int pass = 0; pass < 2; ++pass) {
    scheduled.upload_inputs();
    scheduled.forward();
    scheduled.download_outputs();
    double worst = 0, scale = 0;  // ops on other streams may pick other algorithms: relative, as verify
    for (std::size_t i = 0; i < sequential.output().count(); ++i) {
      worst = std::max(worst, double(std::abs(scheduled.output().f32()[i] - sequential.output().f32()[i])));
      scale = std::max(scale, double(std::abs(sequential.output().f32()[i])));
    }
    CHECK_MESSAGE(worst <= 1e-4 * scale, "pass " << pass << ": " << worst << " of " << scale);
  }
  REQUIRE(scheduled.stage_ms().size() == greedy.stages.size());
  for (double ms : scheduled.stage_ms()) CHECK((ms > 0 && ms < 1000));
}

// A runner point on a device: forward and per-layer times from events, the copies on their own,
// the device memory the session took.
TEST_CASE("runnerRecordsDevicePoint") {
  const std::string lib = test::pick_row(lib_rows()).tag;
  BackendRegistry registry;
  registry.add(make_backend(lib));
  Backend& backend = *registry.find(lib);
  const BackendInfo info = backend.info();
  if (!info.available) {
    MESSAGE("skipped: " << info.id << " is not available: " << info.why_not);
    return;
  }
  const ModelCatalog models = catalog();
  Runner runner(models, registry);
  RunConfig config;
  config.warmup = 1;
  for (Precision p : {Precision::FP32, Precision::FP16}) {
    const Point point = runner.measure({"alexnet", info.id, p, 2}, config, 3);
    REQUIRE_MESSAGE(point.success, point.error);
    REQUIRE(point.time_fw_ms.size() == std::size_t(3));
    REQUIRE(point.transfer_in_ms.size() == std::size_t(3));
    REQUIRE(point.transfer_out_ms.size() == std::size_t(3));
    for (const LayerRecord& l : point.layers) REQUIRE(l.time_ms.size() == std::size_t(3));
    CHECK((point.memory.weights_bytes > 0 && point.memory.activations_bytes > 0));
    // weights_bytes is the host fp32 model plus the device copy (as large in fp32, half in fp16).
    CHECK_MESSAGE(point.memory.measured_bytes >= point.memory.weights_bytes / 3, "the weights alone are on the device");
  }
}

// A device point's copy times survive a results document and the results store; a host point
// writes none.
TEST_CASE("transferTimesRoundTrip") {
  Point device;
  device.model = "alexnet";
  device.lib = "cudnn";
  device.precision = Precision::FP16;
  device.batch = 4;
  device.success = true;
  device.time_fw_ms = {1.5, 1.25};
  device.transfer_in_ms = {0.5, 0.375};
  device.transfer_out_ms = {0.0625, 0.125};
  Point host = device;
  host.lib = "openblas";
  host.transfer_in_ms.clear();
  host.transfer_out_ms.clear();
  Platform platform;
  platform.started_at = "2026-01-01T00:00:00Z";

  const std::string json = results_to_json(platform, {device, host});
  CHECK(json.find("transfer_in_ms") != std::string::npos);
  const ResultsDocument doc = results_from_json(json);
  CHECK(doc.points.at(0).transfer_in_ms == device.transfer_in_ms);
  CHECK(doc.points.at(0).transfer_out_ms == device.transfer_out_ms);
  CHECK((doc.points.at(1).transfer_in_ms.empty() && doc.points.at(1).transfer_out_ms.empty()));

  const test::TempDir dir;
  ResultsStore store(dir.file("results.sqlite"));
  Selection selection;
  selection.models = {"alexnet"};
  selection.libs = {{"cudnn", {Precision::FP16}}, {"openblas", {Precision::FP32}}};
  const std::int64_t run = store.begin_run(platform, selection, "transfers");
  store.add_point(run, device);
  store.add_point(run, host);
  const StoredRun stored = store.load_run(run);
  CHECK(stored.points.at(0).transfer_in_ms == device.transfer_in_ms);
  CHECK(stored.points.at(0).transfer_out_ms == device.transfer_out_ms);
  CHECK(stored.points.at(0).time_fw_ms == device.time_fw_ms);
  CHECK((stored.points.at(1).transfer_in_ms.empty() && stored.points.at(1).transfer_out_ms.empty()));
}
