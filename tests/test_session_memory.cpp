// What a session holds against what its memory model says: building and running a session on a
// host library allocates, through core's hook, exactly Session::memory()'s modelled total
// (weights + activations + workspace), so a backend that allocates a buffer outside the hook, or a
// model that forgets a library's copy, fails here. The runner records the same figure as tracked.
#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <string>

#include "backends/onednn/onednn_backend.h"
#include "backends/openblas/openblas_backend.h"
#include "core/backend_registry.h"
#include "core/bench/runner.h"
#include "core/memory_tracker.h"
#include "core/model/graph.h"
#include "core/session.h"
#include "models/builtin_models.h"
#include "tests/test_support.h"

using namespace cnn;
namespace mt = cnn::memory_tracker;

namespace {

ModelCatalog catalog() {
  ModelCatalog c;
  add_builtin_models(c);
  return c;
}

std::uint64_t modelled(const MemoryUse& m) { return m.weights_bytes + m.activations_bytes + m.workspace_bytes; }

}  // namespace

struct HeldEqualsModelledRow {
  std::string tag;
  std::string model;
  std::string lib;
  int batch;
};

std::vector<HeldEqualsModelledRow> held_equals_modelled_rows() {
  std::vector<HeldEqualsModelledRow> rows;
  for (const char* lib : {"openblas", "onednn", "mixed"}) {
    rows.push_back({"lenet " + std::string(lib), "lenet", lib, 2});
    rows.push_back({"squeezenet-1.1 " + std::string(lib), "squeezenet-1.1", lib, 2});  // concat, 1x1 and 3x3
    rows.push_back({"mobilenet-v1 " + std::string(lib), "mobilenet-v1", lib, 1});      // batch norm and scale
  }
  return rows;
}

// Tolerance: none. Everything the model counts is allocated through the hook and stays held
// until the session ends; nothing else goes through it while the session is built and run.
TEST_CASE("held_equals_modelled") {
  auto [tag, model, lib, batch] = test::pick_row(held_equals_modelled_rows());
  const ModelCatalog models = catalog();
  const ModelInfo* info = models.find(model);
  REQUIRE(info);
  const Graph graph(models.parse(*info), batch);
  OpenBlasBackend openblas;
  OneDnnBackend onednn;
  std::vector<Backend*> plan;
  for (std::size_t i = 0; i < graph.nodes().size(); ++i)
    plan.push_back(lib == "openblas" ? static_cast<Backend*>(&openblas)
                   : lib == "onednn" ? static_cast<Backend*>(&onednn)
                   : i % 2           ? static_cast<Backend*>(&onednn)
                                     : &openblas);
  RunConfig config;
  config.threads = 2;

  const std::uint64_t before = mt::current_bytes();
  mt::reset_peak();
  {
    const ModelWeights weights = generate_weights(graph, config.seed);
    std::uint64_t host_weights = 0, folded = 0;  // the model's fp32 weights; batch-norm blobs among them
    for (std::size_t i = 0; i < weights.size(); ++i) {
      host_weights += weights[i].bytes();
      if (graph.nodes()[i].desc.type == LayerType::BatchNorm) folded += weights[i].bytes();
    }
    CHECK(mt::current_bytes() - before == host_weights);
    Session session(graph, weights, plan, config);
    fill_input(session.input(), config.seed);
    session.forward();
    const MemoryUse m = session.memory();
    CHECK(mt::current_bytes() - before == modelled(m));  // held now
    CHECK(mt::peak_bytes() - before == modelled(m));     // and never more on the way
    // The model counts the libraries' copies of the weights beside the host fp32 ones: OpenBLAS
    // reads them in place but folds batch norm into a scale and shift of the same size; oneDNN
    // keeps every layer's weights reordered (or folded), at least as large as the original.
    if (lib == "openblas") CHECK(m.weights_bytes == host_weights + folded);
    if (lib == "onednn") CHECK_MESSAGE(m.weights_bytes >= 2 * host_weights, "oneDNN's reordered copies are counted");
    if (lib == "onednn") CHECK(m.workspace_bytes > 0);  // blocked copies of values, scratchpads
  }
  CHECK(mt::current_bytes() == before);  // all released with the session and the weights
}

// The runner's tracked figure is the same peak: exactly the modelled total for a host library
// (SqueezeNet on oneDNN at batch 8 measured 0 MB of RSS growth before the hook existed).
struct RunnerRecordsTrackedRow {
  std::string tag;
  std::string model;
  std::string lib;
  int batch;
};

std::vector<RunnerRecordsTrackedRow> runner_records_tracked_rows() {
  std::vector<RunnerRecordsTrackedRow> rows;
  rows.push_back({"lenet openblas", "lenet", "openblas", 2});
  rows.push_back({"squeezenet-1.1 onednn", "squeezenet-1.1", "onednn", 8});
  return rows;
}

TEST_CASE("runner_records_tracked") {
  auto [tag, model, lib, batch] = test::pick_row(runner_records_tracked_rows());
  const ModelCatalog models = catalog();
  BackendRegistry registry;
  registry.add(std::make_unique<OpenBlasBackend>());
  registry.add(std::make_unique<OneDnnBackend>());
  RunConfig config;
  config.threads = 2;
  config.warmup = 0;
  Runner runner(models, registry);
  const std::uint64_t before = mt::current_bytes();
  const Point point = runner.measure({model, lib, Precision::FP32, batch}, config, 1);
  REQUIRE_MESSAGE(point.success, point.error);
  REQUIRE(point.memory.tracked_bytes.has_value());
  CHECK(*point.memory.tracked_bytes == modelled(point.memory));
  CHECK(mt::current_bytes() == before);
}
