// The OpenBLAS backend against the reference backend, op by op, over the shared table of shapes
// (op_shape_table.h, every row at batch 1 and 3), plus its identity, the kernel choice and the
// convolution's work splits. Its own main(): the kernel is chosen before doctest starts.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

#include "backends/openblas/openblas_backend.h"
#include "backends/openblas/openblas_kernel.h"
#include "backends/openblas/openblas_ops.h"
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
using namespace cnn::test;  // the shared shape table and its prototxt builders

namespace {

constexpr double kTolerance = 1e-4;  // max |a - r| / max |r|, fp32

// A backend whose convolutions split their work as told; everything else is OpenBlasBackend's.
class TunedOpenBlas final : public Backend {
 public:
  explicit TunedOpenBlas(openblas::ConvTuning tuning) : tuning_(tuning) {}
  BackendInfo info() const override { return inner_.info(); }
  bool supports(const LayerDesc& l, Precision p) const override { return inner_.supports(l, p); }
  void configure(const RunConfig& config) override { inner_.configure(config); }
  std::unique_ptr<Op> create(const LayerDesc& l, const Weights& w, const RunConfig& config) override {
    if (l.type == LayerType::Convolution)
      return openblas::make_convolution(l, w, config.resolved_threads(), tuning_);
    return inner_.create(l, w, config);
  }

 private:
  OpenBlasBackend inner_;
  openblas::ConvTuning tuning_;
};

}  // namespace

TEST_CASE("identity") {
  const BackendInfo info = OpenBlasBackend().info();
  CHECK(info.id == std::string("openblas"));
  CHECK_MESSAGE(info.name.rfind("OpenBLAS 0.", 0) == 0, info.name);
  std::string kernel = "(";  // appended, not "(" + name: GCC 12 warns wrongly (-Wrestrict) on that
  kernel += openblas_kernel_name() + ")";
  CHECK_MESSAGE(info.name.ends_with(kernel), info.name);
  REQUIRE(info.precisions.size() == std::size_t(1));
  REQUIRE(info.available);
  std::string threads;
  for (const auto& [key, value] : info.details)
    if (key == "threads model") threads = value;
  CHECK(threads == std::string("OpenMP"));  // the OpenMP build of OpenBLAS is linked and loaded
}

TEST_CASE("kernelIsFastOnThisCpu") {
  const char* forced = std::getenv("OPENBLAS_CORETYPE");
  __builtin_cpu_init();
  const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
  if (!avx512) {
    MESSAGE("skipped: no AVX-512 on this CPU");
    return;
  }
  if (forced && std::string(forced) != "SkylakeX") {
    MESSAGE("skipped: OPENBLAS_CORETYPE was set by the user");
    return;
  }
  std::string kernel = openblas_kernel_name();
  std::transform(kernel.begin(), kernel.end(), kernel.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  CHECK_MESSAGE((kernel == "skylakex" || kernel == "cooperlake" || kernel == "sapphirerapids"), kernel);
}

TEST_CASE("declinesFp16") {
  const Graph g(parse_prototxt(conv(3, 8, 8, "num_output: 4 kernel_size: 3"), "fp16"), 1);
  OpenBlasBackend b;
  CHECK(!b.supports(g.nodes()[0].desc, Precision::FP16));
  RunConfig config;
  config.precision = Precision::FP16;
  CHECK(b.create(g.nodes()[0].desc, generate_weights(g, 1)[0], config) == nullptr);
}

TEST_CASE("matchesReference") {
  const BatchedShapeRow row = pick_row(batched(op_shape_rows(), {1, 3}));
  OpenBlasBackend backend;
  test::OpComparisonOptions options;
  options.edit = row.shape.edit;
  const test::OpComparison r =
      test::compare_with_reference(row.shape.prototxt, row.batch, backend, Precision::FP32, options);
  CHECK_MESSAGE(r.failure.empty(), r.failure);
  CHECK_MESSAGE(r.worst <= kTolerance, r.summary());
  if (test::contains(row.tag, "in place")) {
    const bool some_in_place = std::any_of(r.layers.begin(), r.layers.end(), [](const auto& l) { return l.in_place; });
    CHECK_MESSAGE(some_in_place, r.summary());
  }
}

struct ConvolutionSplitsMatchReferenceRow {
  std::string tag;
  int threads;
  int targetColumns;
  int columnBytes;
  int batch;
};

std::vector<ConvolutionSplitsMatchReferenceRow> convolution_splits_match_reference_rows() {
  std::vector<ConvolutionSplitsMatchReferenceRow> rows;
  for (int threads : {1, 2, 3})
    for (int target : {1, 40, 100000})
      for (int bytes : {0, 1})
        for (int batch : {1, 5}) {
          std::string name = "t";
          name += std::to_string(threads) + " target " + std::to_string(target) + " bytes " + std::to_string(bytes) +
                  " b" + std::to_string(batch);
          rows.push_back({name, threads, target, bytes, batch});
        }
  return rows;
}

TEST_CASE("convolutionSplitsMatchReference") {
  auto [tag, threads, targetColumns, columnBytes, batch] = test::pick_row(convolution_splits_match_reference_rows());
  TunedOpenBlas backend({targetColumns, std::size_t(columnBytes)});
  test::OpComparisonOptions options;
  options.threads = threads;
  for (const std::string& text : {conv(6, 9, 9, "num_output: 8 kernel_size: 3 pad: 1 group: 2"),
                                  conv(6, 5, 5, "num_output: 8 kernel_size: 1"),
                                  conv(4, 6, 7, "num_output: 3 kernel_size: 1 bias_term: false"),
                                  conv(4, 15, 13, "num_output: 6 kernel_size: 1 group: 2"),
                                  conv(3, 23, 23, "num_output: 4 kernel_size: 11 stride: 4 bias_term: false"),
                                  conv(2, 10, 9, "num_output: 3 kernel_size: 3 stride: 2 pad: 2 dilation: 2"),
                                  conv(4, 20, 19, "num_output: 6 kernel_size: 3 pad: 1 group: 2"),
                                  conv(3, 21, 21, "num_output: 5 kernel_size: 5 stride: 2 pad: 2")}) {
    const test::OpComparison r = test::compare_with_reference(text, batch, backend, Precision::FP32, options);
    CHECK_MESSAGE(r.failure.empty(), r.failure);
    CHECK_MESSAGE(r.worst <= kTolerance, (text + ": " + r.summary()).c_str());
  }
}

struct DepthwisePathsMatchReferenceRow {
  std::string tag;
  std::string prototxt;
  int threads;
};

std::vector<DepthwisePathsMatchReferenceRow> depthwise_paths_match_reference_rows() {
  std::vector<DepthwisePathsMatchReferenceRow> rows;
  auto row = [&rows](const char* name, const std::string& text) {
    for (int threads : {1, 2}) rows.push_back({name + std::string(" t") + std::to_string(threads), text, threads});
  };
  // Each path of single_channel_convolution: flat 3x3 (narrow rows), 3x3 row by row (wide
  // rows), 3x3 stride 2, and any other kernel; with and without padding and bias.
  row("3x3 flat 7x7", conv(16, 7, 7, "num_output: 16 kernel_size: 3 pad: 1 group: 16"));
  row("3x3 flat no pad", conv(5, 11, 10, "num_output: 5 kernel_size: 3 group: 5 bias_term: false"));
  row("3x3 rows wide", conv(3, 36, 40, "num_output: 3 kernel_size: 3 pad: 1 group: 3"));
  row("3x3 stride 2 odd", conv(6, 35, 33, "num_output: 6 kernel_size: 3 pad: 1 stride: 2 group: 6"));
  row("3x3 stride 2 by 1",
      conv(4, 12, 12, "num_output: 4 kernel_h: 3 kernel_w: 3 pad: 1 stride_h: 2 stride_w: 1 group: 4"));
  row("5x5 dilation 2", conv(4, 13, 12, "num_output: 4 kernel_size: 5 pad: 3 dilation: 2 group: 4"));
  row("3x1 multiplier 3", conv(2, 9, 8, "num_output: 6 kernel_h: 3 kernel_w: 1 pad_h: 1 pad_w: 0 group: 2"));
  return rows;
}

TEST_CASE("depthwisePathsMatchReference") {
  auto [tag, prototxt, threads] = test::pick_row(depthwise_paths_match_reference_rows());
  OpenBlasBackend backend;
  test::OpComparisonOptions options;
  options.threads = threads;
  for (int batch : {1, 3}) {
    const test::OpComparison r =
        test::compare_with_reference(prototxt, batch, backend, Precision::FP32, options);
    CHECK_MESSAGE(r.failure.empty(), r.failure);
    CHECK_MESSAGE(r.worst <= kTolerance, r.summary());
  }
}

TEST_CASE("workspaceIsIm2colScratch") {
  RunConfig config;
  config.threads = 1;
  OpenBlasBackend b;
  const Graph g3(parse_prototxt(conv(4, 10, 10, "num_output: 8 kernel_size: 3 pad: 1"), "ws"), 1);
  auto op = b.create(g3.nodes()[0].desc, generate_weights(g3, 1)[0], config);
  REQUIRE(op);
  // One image's columns (36 rows x 100 pixels) and its zero-padded copy (4 x 12 x 12).
  CHECK((op->workspace_bytes()) == std::size_t(36 * 100 + 4 * 12 * 12) * sizeof(float));
  const Graph g1(parse_prototxt(conv(4, 40, 40, "num_output: 8 kernel_size: 1"), "ws"), 1);
  auto op1 = b.create(g1.nodes()[0].desc, generate_weights(g1, 1)[0], config);
  REQUIRE(op1);
  CHECK((op1->workspace_bytes()) == std::size_t(0));  // 1x1 stride 1 reads the input directly
}

// Each row's layers fused as this library declares (every row has a group), against the reference
// running the same groups.
TEST_CASE("fusedOpsMatchReference") {
  const BatchedShapeRow row = pick_row(batched(fused_op_rows(), {1, 3}));
  OpenBlasBackend backend;
  const std::string failure = test::fused_ops_failure(row.shape.prototxt, row.batch, backend, kTolerance);
  CHECK_MESSAGE(failure.empty(), failure);
}

// verify in the fused mode: every value of the fused graph against the unfused reference's.
TEST_CASE("fusedModelsMatchReference") {
  const std::string id = pick_row(builtin_model_rows()).tag;
  OpenBlasBackend candidate;
  const std::string failure = test::fused_model_failure(CNN_MODELS_DIR, id, candidate);
  CHECK_MESSAGE(failure.empty(), failure);
}

// In GoogLeNet's fused graph every inception branch's last convolution writes straight into its
// slice of the concat's output, and the output still matches the reference (fusedModelsMatchReference
// checks every value; this checks the slices are there, and the pass repeats identically).
TEST_CASE("concatInputsAreWrittenInPlace") {
  OpenBlasBackend backend;
  const Graph source(load_prototxt(std::string(CNN_MODELS_DIR) + "/googlenet.prototxt"), 2);
  const FusedGraph fused = fuse(source, generate_weights(source, 1), fusions_of({&backend}, Precision::FP32));
  RunConfig config;
  config.threads = 2;
  Session session(fused.graph, fused.weights, backend, config);
  int concats = 0, slices = 0;
  for (const Graph::Node& n : fused.graph.nodes()) {
    if (n.desc.type != LayerType::Concat) continue;
    ++concats;
    for (int v : n.inputs) {
      const Tensor& t = session.value(v);
      CHECK(!t.packed());
      CHECK(t.image_stride() == fused.graph.values()[std::size_t(n.outputs[0])].shape.per_image());
      ++slices;
    }
  }
  CHECK(concats == 9);
  CHECK(slices == 36);
  fill_input(session.input(), 1);
  session.forward();
  const Tensor first = session.host_value(fused.graph.outputs()[0]);
  std::vector<float> kept(first.f32(), first.f32() + first.count());
  session.forward();
  const Tensor again = session.host_value(fused.graph.outputs()[0]);
  CHECK(std::equal(kept.begin(), kept.end(), again.f32()));
}

int main(int argc, char** argv) {
  openblas_select_kernel(argv);  // may re-execute this test with OPENBLAS_CORETYPE set
  return doctest::Context(argc, argv).run();
}

