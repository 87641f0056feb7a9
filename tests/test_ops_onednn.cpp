// The oneDNN backend against the reference backend, op by op, over the shared table of shapes
// (every row at batch 1 and 3), plus its identity, threads, both layouts of the ops that can run
// blocked (convolution, LRN, pooling) and the reorder stages a blocked convolution reports.
#include <doctest/doctest.h>

#include <omp.h>

#include <algorithm>
#include <string>

#include "backends/onednn/onednn_backend.h"
#include "backends/onednn/onednn_ops.h"
#include "backends/reference/reference_backend.h"
#include "core/bench/verify.h"
#include "core/model/fusion.h"
#include "core/model/graph.h"
#include "core/session.h"
#include "core/weights.h"
#include "tests/op_shape_table.h"
#include "tests/op_test_harness.h"
#include "tests/test_support.h"

using namespace cnn;
using namespace cnn::test;

namespace {

constexpr double kTolerance = 1e-4;  // max |a - r| / max |r|, fp32

std::string detail(const BackendInfo& info, const std::string& key) {
  for (const auto& [k, v] : info.details)
    if (k == key) return v;
  return {};
}

// A backend whose convolutions, LRNs and poolings compute in the given layouts (plain NCHW or
// blocked with reorders); everything else is OneDnnBackend's.
class LayoutOneDnn final : public Backend {
 public:
  explicit LayoutOneDnn(bool blocked)
      : conv_(blocked ? onednn::ConvLayout::Blocked : onednn::ConvLayout::Plain),
        other_(blocked ? onednn::Layout::Blocked : onednn::Layout::Plain) {
    ctx_->engine = dnnl::engine(dnnl::engine::kind::cpu, 0);
    ctx_->stream = dnnl::stream(ctx_->engine);
  }
  BackendInfo info() const override { return inner_.info(); }
  bool supports(const LayerDesc& l, Precision p) const override { return inner_.supports(l, p); }
  void configure(const RunConfig& config) override { inner_.configure(config); }
  std::unique_ptr<Op> create(const LayerDesc& l, const Weights& w, const RunConfig& config) override {
    if (!supports(l, config.precision)) return nullptr;
    switch (l.type) {
      case LayerType::Convolution: return onednn::make_convolution(l, w, ctx_, conv_);
      case LayerType::LRN: return onednn::make_lrn(l, ctx_, other_);
      case LayerType::Pooling: return onednn::make_pooling(l, ctx_, config.resolved_threads(), other_);
      default: return inner_.create(l, w, config);
    }
  }

 private:
  OneDnnBackend inner_;
  onednn::ConvLayout conv_;
  onednn::Layout other_;
  onednn::ContextPtr ctx_ = std::make_shared<onednn::Context>();
};

bool has_layouts(const std::string& row_name) {
  for (const char* prefix : {"conv", "lrn", "max pool", "ave pool", "global"})
    if (row_name.rfind(prefix, 0) == 0) return true;
  return false;
}

// Layer 0 of `prototxt` at `batch`, its weights, and the graph they live in.
struct OneLayer {
  OneLayer(const std::string& prototxt, int batch)
      : graph(parse_prototxt(prototxt, "onednn test"), batch), weights(generate_weights(graph, 1)) {}
  const LayerDesc& desc() const { return graph.nodes()[0].desc; }
  Graph graph;
  ModelWeights weights;
};

}  // namespace

TEST_CASE("identity") {
  const BackendInfo info = OneDnnBackend().info();
  CHECK(info.id == std::string("onednn"));
  CHECK_MESSAGE(info.name.rfind("oneDNN ", 0) == 0, info.name);
  REQUIRE(info.available);
  CHECK(info.precisions == (std::vector<Precision>{Precision::FP32}));
  CHECK(detail(info, "cpu runtime") == std::string("OpenMP"));
  CHECK_MESSAGE((!detail(info, "isa").empty() && detail(info, "isa") != "unknown"), detail(info, "isa").c_str());
  const std::string version = detail(info, "version");
  CHECK_MESSAGE(info.name.ends_with(version.substr(0, version.find(' '))), info.name);
}

TEST_CASE("configureSetsThreads") {
  OneDnnBackend b;
  for (int threads : {1, 2, 3}) {
    RunConfig config;
    config.threads = threads;
    b.configure(config);
    CHECK(omp_get_max_threads() == threads);
  }
  RunConfig all;
  b.configure(all);
  CHECK(omp_get_max_threads() == all.resolved_threads());
}

TEST_CASE("declinesFp16") {
  const OneLayer l(conv(3, 8, 8, "num_output: 4 kernel_size: 3"), 1);
  OneDnnBackend b;
  CHECK(!b.supports(l.desc(), Precision::FP16));
  RunConfig config;
  config.precision = Precision::FP16;
  CHECK(b.create(l.desc(), l.weights[0], config) == nullptr);
}

// Caffe clips 5 k2 s3 p1 to 2 outputs whose last window ends before the image does (so do ONNX's
// floor-rounded pools on odd sizes): oneDNN would need a negative right padding, so the op pools a
// view of the input without the rows and columns no window reads, copied dense ("reorder in").
struct PoolsTheInputNoWindowReadsToTheEndRow {
  std::string tag;
  std::string prototxt;
  int out;
};

std::vector<PoolsTheInputNoWindowReadsToTheEndRow> pools_the_input_no_window_reads_to_the_end_rows() {
  std::vector<PoolsTheInputNoWindowReadsToTheEndRow> rows;
  rows.push_back({"max 5 k2 s3 p1 (ceil, clipped)",
                  std::string(pool(3, 5, 5, "pool: MAX kernel_size: 2 stride: 3 pad: 1")), 2});
  rows.push_back({"ave 7 k2 s2 round down",
                  std::string(pool(3, 7, 7, "pool: AVE kernel_size: 2 stride: 2 round_mode: FLOOR")), 3});
  return rows;
}

TEST_CASE("poolsTheInputNoWindowReadsToTheEnd") {
  auto [tag, prototxt, out] = test::pick_row(pools_the_input_no_window_reads_to_the_end_rows());
  const OneLayer l(prototxt, 2);
  CHECK(l.desc().out_shapes[0].h == out);
  CHECK(onednn::pooling_padding_r(l.desc().in_shapes[0].h, out, l.desc().pool.kernel_h, l.desc().pool.stride_h,
                                    l.desc().pool.pad_h) < 0);
  OneDnnBackend b;
  CHECK(b.supports(l.desc(), Precision::FP32));
  const OpComparison r = compare_with_reference(prototxt, 2, b, Precision::FP32);
  CHECK_MESSAGE(r.failure.empty(), r.failure);
  CHECK_MESSAGE(r.worst <= kTolerance, r.summary());
  auto op = b.create(l.desc(), l.weights[0], RunConfig{});
  REQUIRE(op);
  Tensor x = Tensor::allocate(l.desc().in_shapes[0]), y = Tensor::allocate(l.desc().out_shapes[0]);
  fill_input(x, 1);
  const Tensor* in[] = {&x};
  Tensor* outs[] = {&y};
  op->forward(in, outs);
  REQUIRE((op->last_stages().size()) == std::size_t(1));
  CHECK((op->last_stages()[0].name) == std::string("reorder in"));
}

// An AVE pool whose divisors oneDNN gets wrong at the borders (rescaled after the primitive, on NCHW
// planes) between two convolutions: in the fused graph its output stays NCHW, and the values match.
TEST_CASE("fusedRescaledPoolingMatchesReference") {
  const NetDesc model = parse_prototxt(
      net(16, 12, 12,
          "layer { name: \"c1\" type: \"Convolution\" bottom: \"data\" top: \"c1\" "
          "convolution_param { num_output: 16 kernel_size: 3 pad: 1 } }\n"
          "layer { name: \"p\" type: \"Pooling\" bottom: \"c1\" top: \"p\" "
          "pooling_param { pool: AVE kernel_size: 3 stride: 2 pad: 1 } }\n"
          "layer { name: \"c2\" type: \"Convolution\" bottom: \"p\" top: \"c2\" "
          "convolution_param { num_output: 16 kernel_size: 3 pad: 1 } }\n"),
      "rescaled pool");
  OneDnnBackend candidate;
  ReferenceBackend oracle;
  const VerifyResult r = verify_model("rescaled pool", model, candidate, oracle, Precision::FP32, 2, RunConfig{},
                                      GraphMode::Fused);
  REQUIRE_MESSAGE(r.ran, r.error);
  CHECK_MESSAGE(r.passed(), (r.worst_layer + " " + std::to_string(r.worst_error)).c_str());
  const Graph g(model, 1);
  CHECK(!candidate.own_layout_ok(g.nodes()[1].desc, -1));  // its output
  CHECK(candidate.own_layout_ok(g.nodes()[1].desc, 0));    // its input
}

TEST_CASE("matchesReference") {
  const BatchedShapeRow row = pick_row(batched(op_shape_rows(), {1, 3}));
  OneDnnBackend backend;
  OpComparisonOptions options;
  options.edit = row.shape.edit;
  const OpComparison r = compare_with_reference(row.shape.prototxt, row.batch, backend, Precision::FP32, options);
  CHECK_MESSAGE(r.failure.empty(), r.failure);
  CHECK_MESSAGE(r.worst <= kTolerance, r.summary());
  if (test::contains(row.tag, "in place")) {
    const bool some_in_place = std::any_of(r.layers.begin(), r.layers.end(), [](const auto& l) { return l.in_place; });
    CHECK_MESSAGE(some_in_place, r.summary());
  }
}

struct LayoutsMatchReferenceRow {
  std::string tag;
  bool blocked;
  int threads;
  int batch;
};

std::vector<LayoutsMatchReferenceRow> layouts_match_reference_rows() {
  std::vector<LayoutsMatchReferenceRow> rows;
  for (bool blocked : {false, true})
    for (int threads : {1, 2})
      for (int batch : {1, 5})
        rows.push_back(
            {std::string(blocked ? "blocked" : "plain") + " t" + std::to_string(threads) + " b" + std::to_string(batch),
             blocked, threads, batch});
  return rows;
}

// Every convolution, LRN and pooling row of the table in both layouts.
TEST_CASE("layoutsMatchReference") {
  auto [tag, blocked, threads, batch] = test::pick_row(layouts_match_reference_rows());
  LayoutOneDnn backend{blocked};
  OpComparisonOptions options;
  options.threads = threads;
  int rows = 0;
  for (const OpShapeRow& row : op_shape_rows()) {
    if (!has_layouts(row.name)) continue;
    ++rows;
    options.edit = row.edit;
    const OpComparison r = compare_with_reference(row.prototxt, batch, backend, Precision::FP32, options);
    CHECK_MESSAGE(r.failure.empty(), (row.name + ": " + r.failure).c_str());
    CHECK_MESSAGE(r.worst <= kTolerance, (row.name + ": " + r.summary()).c_str());
  }
  CHECK(rows >= 30);
}

TEST_CASE("blockedConvolutionReportsItsReorders") {
  const OneLayer l(conv(32, 14, 14, "num_output: 64 kernel_size: 3 pad: 1"), 2);
  const Shape in_shape = l.desc().in_shapes[0], out_shape = l.desc().out_shapes[0];
  Tensor x = Tensor::allocate(in_shape), y = Tensor::allocate(out_shape);
  fill_input(x, 3);
  const Tensor* in[] = {&x};
  Tensor* out[] = {&y};
  RunConfig config;
  for (bool blocked : {false, true}) {
    LayoutOneDnn backend{blocked};
    backend.configure(config);
    std::unique_ptr<Op> op = backend.create(l.desc(), l.weights[0], config);
    REQUIRE(op);
    op->forward(in, out);
    const auto stages = op->last_stages();
    if (!blocked) {
      CHECK(stages.empty());
      continue;
    }
    // 32 and 64 channels: oneDNN's preferred formats are blocked on both sides.
    REQUIRE(stages.size() == std::size_t(2));
    CHECK(stages[0].name == std::string("reorder in"));
    CHECK(stages[1].name == std::string("reorder out"));
    for (const OpStage& s : stages) CHECK_MESSAGE(s.ms >= 0, s.name);
    CHECK(op->workspace_bytes() >= (in_shape.count() + out_shape.count()) * sizeof(float));
  }
}

// Each row's layers fused as this library declares (every row has a group), against the reference
// running the same groups.
TEST_CASE("fusedOpsMatchReference") {
  const BatchedShapeRow row = pick_row(batched(fused_op_rows(), {1, 3}));
  OneDnnBackend backend;
  const std::string failure = test::fused_ops_failure(row.shape.prototxt, row.batch, backend, kTolerance);
  CHECK_MESSAGE(failure.empty(), failure);
}

// verify in the fused mode: every value of the fused graph against the unfused reference's.
TEST_CASE("fusedModelsMatchReference") {
  const std::string id = pick_row(builtin_model_rows()).tag;
  OneDnnBackend candidate;
  const std::string failure = test::fused_model_failure(CNN_MODELS_DIR, id, candidate);
  CHECK_MESSAGE(failure.empty(), failure);
}

struct FusedGraphKeepsOwnLayoutRow {
  std::string tag;
  std::string id;
  int edge_reorders;
};

std::vector<FusedGraphKeepsOwnLayoutRow> fused_graph_keeps_own_layout_rows() {
  std::vector<FusedGraphKeepsOwnLayoutRow> rows;
  rows.push_back({"resnet-50", "resnet-50", 2});
  rows.push_back({"googlenet", "googlenet", 4});
  rows.push_back({"mobilenet-v1", "mobilenet-v1", 2});
  return rows;
}

// The fused graph on oneDNN reorders only at its edges (the input into the library's own layout, the
// last such value out), where the Caffe graph reorders around every convolution that is not 1x1.
TEST_CASE("fusedGraphKeepsOwnLayout") {
  auto [tag, id, edge_reorders] = test::pick_row(fused_graph_keeps_own_layout_rows());
  OneDnnBackend backend;
  const Graph source(load_prototxt(std::string(CNN_MODELS_DIR) + "/" + id + ".prototxt"), 1);
  const ModelWeights weights = generate_weights(source, 1);
  const FusedGraph fused = fuse(source, weights, fusions_of({&backend}, Precision::FP32));
  RunConfig config;
  config.threads = 1;
  const auto reorders = [&](const Graph& g, const ModelWeights& w) {
    Session session(g, w, backend, config);
    fill_input(session.input(), 1);
    session.forward();
    int count = 0;
    for (std::size_t i = 0; i < g.nodes().size(); ++i)
      for (const TimedStep& s : session.steps(int(i))) count += s.type == kReorderType;
    return count;
  };
  const int caffe = reorders(source, weights), kept = reorders(fused.graph, fused.weights);
  CHECK_MESSAGE(kept <= edge_reorders,
                (std::to_string(kept) + " reorders fused, " + std::to_string(caffe) + " unfused").c_str());
  CHECK_MESSAGE(caffe >= 20, std::to_string(caffe).c_str());  // around every convolution not 1x1
}

