// Sessions whose layers run on different libraries: whole models against the reference, the
// copies between memory domains (with a test library that keeps its tensors in a domain of its
// own), the runner's reorder and transfer records, and adaptive plans run as points.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <set>
#include <string>

#include "backends/onednn/onednn_backend.h"
#include "backends/openblas/openblas_backend.h"
#include "backends/reference/reference_backend.h"
#include "core/bench/runner.h"
#include "core/model/graph.h"
#include "core/session.h"
#include "models/builtin_models.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

// Views a tensor of the domain library as the host fp32 tensor it is underneath.
Tensor as_host(const Tensor& t) { return Tensor::view(const_cast<void*>(t.data()), t.shape(), DType::F32); }

// A reference op reading and writing the domain library's tensors.
class DomainOp final : public Op {
 public:
  explicit DomainOp(std::unique_ptr<Op> op) : op_(std::move(op)) {}
  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    std::vector<Tensor> ins, outs;
    for (const Tensor* t : in) {
      REQUIRE_MESSAGE(t->space() == MemorySpace::Device, "a domain op was given a host tensor");
      ins.push_back(as_host(*t));
    }
    for (Tensor* t : out) outs.push_back(as_host(*t));
    std::vector<const Tensor*> in_ptrs;
    std::vector<Tensor*> out_ptrs;
    for (auto& t : ins) in_ptrs.push_back(&t);
    for (auto& t : outs) out_ptrs.push_back(&t);
    op_->forward(in_ptrs, out_ptrs);
  }

 private:
  std::unique_ptr<Op> op_;
};

// Test library: the reference ops on memory the session must treat as another device (its own
// domain), so every value crossing to or from it is copied. Counts the copies.
class DomainBackend final : public Backend {
 public:
  explicit DomainBackend(std::string id) : id_(std::move(id)) {}
  BackendInfo info() const override {
    BackendInfo info;
    info.id = id_;
    info.name = "reference ops in a memory domain of their own";
    info.precisions = {Precision::FP32};
    return info;
  }
  bool supports(const LayerDesc& layer, Precision p) const override { return reference_.supports(layer, p); }
  std::unique_ptr<Op> create(const LayerDesc& layer, const Weights& w, const RunConfig& c) override {
    auto op = reference_.create(layer, w, c);
    return op ? std::make_unique<DomainOp>(std::move(op)) : nullptr;
  }
  MemorySpace memory_space() const override { return MemorySpace::Device; }
  Tensor allocate(const Shape& shape, DType dtype) override {
    Tensor host = Tensor::allocate(shape, dtype);
    auto owner = std::make_shared<Tensor>(host);
    return Tensor::wrap(owner, owner->data(), shape, dtype, MemorySpace::Device);
  }
  void upload(const Tensor& host, Tensor& dst) override {
    REQUIRE((host.space() == MemorySpace::Host && dst.space() == MemorySpace::Device && host.count() == dst.count()));
    std::memcpy(dst.data(), host.data(), host.bytes());
    ++uploads;
  }
  void download(const Tensor& src, Tensor& host) override {
    REQUIRE((src.space() == MemorySpace::Device && host.space() == MemorySpace::Host && host.count() == src.count()));
    std::memcpy(host.data(), src.data(), host.bytes());
    ++downloads;
  }
  int uploads = 0, downloads = 0;

 private:
  std::string id_;
  ReferenceBackend reference_;
};

struct Libraries {
  ReferenceBackend reference;
  OpenBlasBackend openblas;
  OneDnnBackend onednn;
  DomainBackend device_a{"domain-a"}, device_b{"domain-b"};
};

// Layer i of n on a library by pattern.
std::vector<Backend*> plan_for(const std::string& pattern, const Graph& graph, Libraries& libs) {
  std::vector<Backend*> plan;
  for (std::size_t i = 0; i < graph.nodes().size(); ++i) {
    const bool conv = graph.nodes()[i].desc.type == LayerType::Convolution;
    if (pattern == "openblas/onednn alternating")
      plan.push_back(i % 2 ? &libs.onednn : static_cast<Backend*>(&libs.openblas));
    else if (pattern == "onednn convolutions")
      plan.push_back(conv ? &libs.onednn : static_cast<Backend*>(&libs.openblas));
    else if (pattern == "host/domain alternating")
      plan.push_back(i % 2 ? &libs.device_a : static_cast<Backend*>(&libs.openblas));
    else if (pattern == "two domains and host")
      plan.push_back(i % 3 == 0 ? &libs.device_a : i % 3 == 1 ? static_cast<Backend*>(&libs.device_b) : &libs.onednn);
    else if (pattern == "domain first, host last")
      plan.push_back(i + 2 < graph.nodes().size() ? &libs.device_a : static_cast<Backend*>(&libs.reference));
  }
  return plan;
}

ModelCatalog catalog() {
  ModelCatalog c;
  add_builtin_models(c);
  return c;
}

// max |a - b| / max |b| over the tensors.
double relative_error(const Tensor& a, const Tensor& b) {
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < b.count(); ++i) {
    diff = std::max(diff, double(std::abs(a.f32()[i] - b.f32()[i])));
    scale = std::max(scale, double(std::abs(b.f32()[i])));
  }
  return scale > 0 ? diff / scale : diff;
}

}  // namespace

struct MatchesReferenceRow {
  std::string tag;
  std::string model;
  std::string pattern;
};

std::vector<MatchesReferenceRow> matches_reference_rows() {
  std::vector<MatchesReferenceRow> rows;
  for (const char* model : {"lenet", "squeezenet-1.1", "mobilenet-v1", "googlenet"})
    for (const char* pattern : {"openblas/onednn alternating", "onednn convolutions", "host/domain alternating",
                                "two domains and host", "domain first, host last"})
      rows.push_back({(std::string(model) + ": " + pattern).c_str(), model, pattern});
  return rows;
}

// The output of a mixed plan equals the reference's, and every intermediate value too.
TEST_CASE("matches_reference") {
  auto [tag, model, pattern] = test::pick_row(matches_reference_rows());
  const ModelCatalog models = catalog();
  const NetDesc net = models.parse(*models.find(model));
  const Graph graph(net, 2);
  const ModelWeights weights = generate_weights(graph, 7);
  RunConfig config;
  config.threads = 2;
  Libraries libs;
  Session expected(graph, weights, libs.reference, config, {.keep_all_values = true});
  fill_input(expected.input(), 7);
  expected.forward();
  Session mixed(graph, weights, plan_for(pattern, graph, libs), config);
  fill_input(mixed.input(), 7);
  for (int pass = 0; pass < 2; ++pass) {  // a second pass reuses every buffer and mirror
    mixed.upload_inputs();
    mixed.forward();
    mixed.download_outputs();
    const double error = relative_error(mixed.output(), expected.output());
    CHECK_MESSAGE(error <= 1e-4, "pass " << pass << ": relative error " << error);
  }
  Session kept(graph, weights, plan_for(pattern, graph, libs), config, {.keep_all_values = true});
  fill_input(kept.input(), 7);
  kept.upload_inputs();
  kept.forward();
  for (std::size_t v = 0; v < graph.values().size(); ++v) {
    const double error = relative_error(kept.host_value(int(v)), expected.value(int(v)));
    CHECK_MESSAGE(error <= 1e-4, "value " << v << " ('" << graph.values()[v].blob << "'): relative error " << error);
  }
}

// A value read in another domain is copied once per run, before its first reader there; the
// copy is a Transfer step of that reader named "<layer> transfer <blob>", the mirror is counted
// as activation memory, and the output equals the reference's.
TEST_CASE("transfers_are_steps") {
  const ModelCatalog models = catalog();
  const Graph graph(models.parse(*models.find("lenet")), 1);
  const ModelWeights weights = generate_weights(graph, 1);
  Libraries libs;
  const std::vector<Backend*> plan = plan_for("host/domain alternating", graph, libs);
  Session host_only(graph, weights, libs.openblas, RunConfig{});
  Session reference(graph, weights, libs.reference, RunConfig{});
  Session session(graph, weights, plan, RunConfig{});
  CHECK(session.on_device());
  CHECK(session.memory().activations_bytes > host_only.memory().activations_bytes);
  fill_input(reference.input(), 1);
  reference.forward();
  fill_input(session.input(), 1);
  session.upload_inputs();  // lenet's first layer runs on the host: nothing to upload
  CHECK(libs.device_a.uploads == 0);
  // The steps each node should have: one per (value, domain) first read away from its home.
  std::set<std::pair<int, const void*>> mirrored;
  std::vector<std::vector<std::string>> expected(graph.nodes().size());
  int uploads = 0, downloads = 0;
  for (std::size_t i = 0; i < graph.nodes().size(); ++i)
    for (int v : graph.nodes()[i].inputs) {
      const auto& value = graph.values()[v];
      const Backend* home = value.producer >= 0 ? plan[value.producer] : plan[value.consumers.front()];
      if (home->memory_domain() == plan[i]->memory_domain() || !mirrored.insert({v, plan[i]->memory_domain()}).second)
        continue;
      expected[i].push_back(graph.nodes()[i].desc.name + " transfer " + value.blob);
      ++(plan[i] == &libs.device_a ? uploads : downloads);
    }
  CHECK((uploads > 0 && downloads > 0));
  for (int pass = 1; pass <= 2; ++pass) {  // the second run copies again, into the same mirrors
    session.forward();
    for (std::size_t i = 0; i < graph.nodes().size(); ++i) {
      std::vector<std::string> names;
      for (const TimedStep& s : session.steps(int(i))) {
        CHECK(s.type == kTransferType);  // openblas and the domain's reference ops reorder nothing
        CHECK_MESSAGE((std::isfinite(s.ms) && s.ms >= 0), s.name);  // a steady clock never goes back
        names.push_back(s.name);
      }
      CHECK(names == expected[i]);
    }
    CHECK(libs.device_a.uploads == pass * uploads);
    CHECK(libs.device_a.downloads == pass * downloads);
  }
  session.download_outputs();
  const double error = relative_error(session.output(), reference.output());
  CHECK(error <= 1e-4);
}

// The runner records each reorder and transfer step right after its layer, with the layer's
// index, one time per repetition; an adaptive plan runs as a point of lib "adaptive".
TEST_CASE("runner_records_steps") {
  const ModelCatalog models = catalog();
  Libraries owned;
  BackendRegistry registry;
  registry.add(std::make_unique<OpenBlasBackend>());
  registry.add(std::make_unique<OneDnnBackend>());
  registry.add(std::make_unique<DomainBackend>("domain-a"));
  const ModelInfo& lenet = *models.find("lenet");
  const Graph graph(models.parse(lenet), 2);
  AdaptivePlan plan;
  plan.model = "lenet";
  plan.batch = 2;
  for (std::size_t i = 0; i < graph.nodes().size(); ++i)
    plan.layers.push_back({int(i), graph.nodes()[i].desc.name, std::string(to_string(graph.nodes()[i].desc.type)),
                           i % 3 == 0 ? "onednn" : i % 3 == 1 ? "domain-a" : "openblas"});
  RunConfig config;
  config.warmup = 1;
  config.threads = 1;
  Runner runner(models, registry);
  const Point point =
      runner.measure({"lenet", std::string(kAdaptiveLib), Precision::FP32, 2, GraphMode::Caffe, &plan}, config, 3);
  REQUIRE_MESSAGE(point.success, point.error);
  CHECK(point.lib == std::string(kAdaptiveLib));
  CHECK((point.plan && *point.plan == plan));
  REQUIRE(point.time_fw_ms.size() == std::size_t(3));
  int layers = 0, transfers = 0, reorders = 0, last_index = -1;
  for (const LayerRecord& l : point.layers) {
    REQUIRE(l.time_ms.size() == std::size_t(3));
    if (is_stage(l)) {
      CHECK(l.index == last_index);  // right after its layer
      // "conv2 transfer pool1", "conv1 reorder in": named after the layer it follows
      const std::string prefix =
          graph.nodes()[std::size_t(l.index)].desc.name + (l.type == kTransferType ? " transfer " : " reorder ");
      CHECK_MESSAGE((l.name.rfind(prefix, 0) == 0 && l.name.size() > prefix.size()), l.name);
      for (double ms : l.time_ms) CHECK_MESSAGE((std::isfinite(ms) && ms >= 0), l.name);
      (l.type == kTransferType ? transfers : reorders)++;
    } else {
      CHECK(l.index == layers);
      last_index = l.index;
      ++layers;
    }
  }
  CHECK(layers == int(graph.nodes().size()));
  CHECK(transfers > 0);
  CHECK(reorders > 0);  // oneDNN's convolutions run in a blocked layout
}

struct PlanMustFitRow {
  std::string tag;
  std::string change;
  std::string message;
};

std::vector<PlanMustFitRow> plan_must_fit_rows() {
  std::vector<PlanMustFitRow> rows;
  rows.push_back({"a layer fewer", "drop", "has 7 layers but the model has 8"});
  rows.push_back({"a renamed layer", "rename", "names layer 'other' at index 2 where the model has 'conv2' at 2"});
  rows.push_back({"an unknown library", "lib", "runs layer 'conv2' on unknown library 'fastest'"});
  return rows;
}

TEST_CASE("plan_must_fit") {
  auto [tag, change, message] = test::pick_row(plan_must_fit_rows());
  const ModelCatalog models = catalog();
  const Graph graph(models.parse(*models.find("lenet")), 1);
  BackendRegistry registry;
  registry.add(std::make_unique<OpenBlasBackend>());
  AdaptivePlan plan;
  plan.model = "lenet";
  for (std::size_t i = 0; i < graph.nodes().size(); ++i)
    plan.layers.push_back({int(i), graph.nodes()[i].desc.name, "", "openblas"});
  REQUIRE(resolve_plan(plan, graph, registry).size() == graph.nodes().size());
  if (change == "drop") plan.layers.pop_back();
  if (change == "rename") plan.layers[2].name = "other";
  if (change == "lib") plan.layers[2].lib = "fastest";
  try {
    resolve_plan(plan, graph, registry);
    FAIL("a plan that does not fit was accepted");
  } catch (const std::runtime_error& e) {
    CHECK_MESSAGE(test::contains(e.what(), message), e.what());
  }
}
