// The generated weights and the reference backend on whole networks: every prototxt in models/
// runs at batch 1 with every activation finite and not all zero and an output that is not flat;
// weights and inputs are deterministic and independent of the batch size.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "backends/reference/reference_backend.h"
#include "core/model/graph.h"
#include "core/session.h"
#include "core/weights.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

const char* kSmallNet = R"(name: "small"
input: "data"
input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
        convolution_param { num_output: 4 kernel_size: 3 pad: 1 } }
layer { name: "bn" type: "BatchNorm" bottom: "conv" top: "conv" }
layer { name: "scale" type: "Scale" bottom: "conv" top: "conv" scale_param { bias_term: true } }
layer { name: "relu" type: "ReLU" bottom: "conv" top: "conv" }
layer { name: "fc" type: "InnerProduct" bottom: "conv" top: "fc" inner_product_param { num_output: 5 } }
)";

bool same_bits(const Tensor& a, const Tensor& b) {
  return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), a.bytes()) == 0;
}

bool all_within(const Tensor& t, float lo, float hi) {
  return std::all_of(t.f32(), t.f32() + t.count(), [&](float v) { return v >= lo && v < hi; });
}

}  // namespace

TEST_CASE("weightsAreDeterministicPerSeedAndBatch") {
  const NetDesc net = parse_prototxt(kSmallNet, "small");
  const Graph g1(net, 1), g3(net, 3);
  const ModelWeights a = generate_weights(g1, 7), b = generate_weights(g3, 7), c = generate_weights(g1, 8);
  REQUIRE(a.size() == g1.nodes().size());
  bool differs = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    REQUIRE(a[i].blobs.size() == b[i].blobs.size());
    for (std::size_t k = 0; k < a[i].blobs.size(); ++k) {
      CHECK(same_bits(a[i].blobs[k], b[i].blobs[k]));
      differs = differs || !same_bits(a[i].blobs[k], c[i].blobs[k]);
    }
  }
  REQUIRE_MESSAGE(differs, "another seed gives other weights");
}

TEST_CASE("weightsHaveCaffeLayoutsAndRanges") {
  const Graph g(parse_prototxt(kSmallNet, "small"), 1);
  const ModelWeights w = generate_weights(g, 1);
  REQUIRE(w.size() == std::size_t(5));
  // conv: (4, 3, 3, 3) within He's sqrt(6 / 27), bias (4).
  REQUIRE(w[0].blobs.size() == std::size_t(2));
  CHECK(w[0].blobs[0].shape() == (Shape{4, 3, 3, 3}));
  CHECK(w[0].blobs[1].shape() == (Shape{4, 1, 1, 1}));
  const float a = std::sqrt(6.f / 27.f);
  CHECK(all_within(w[0].blobs[0], -a, a));
  CHECK(all_within(w[0].blobs[1], -0.05f, 0.05f));
  // batch norm: mean, variance.
  REQUIRE(w[1].blobs.size() == std::size_t(2));
  CHECK(all_within(w[1].blobs[0], -0.1f, 0.1f));
  CHECK(all_within(w[1].blobs[1], 0.5f, 1.5f));
  // scale: gamma, beta.
  REQUIRE(w[2].blobs.size() == std::size_t(2));
  CHECK(all_within(w[2].blobs[0], 0.5f, 1.f));
  CHECK(all_within(w[2].blobs[1], -0.1f, 0.1f));
  CHECK(w[3].blobs.empty());
  // fc: (5, 4*8*8) row-major, bias (5).
  CHECK(w[4].blobs[0].shape() == (Shape{5, 256, 1, 1}));
  CHECK(w[4].blobs[1].shape() == (Shape{5, 1, 1, 1}));
  CHECK(w[0].bytes() == std::uint64_t(4 * (108 + 4)));
}

// Image 0 of a batch holds the same values at every batch size; values lie in [-1, 1].
TEST_CASE("inputIsDeterministicAndBatchIndependent") {
  Tensor one = Tensor::allocate({1, 3, 5, 5}), two = Tensor::allocate({2, 3, 5, 5});
  Tensor again = Tensor::allocate({1, 3, 5, 5}), other = Tensor::allocate({1, 3, 5, 5});
  fill_input(one, 3);
  fill_input(two, 3);
  fill_input(again, 3);
  fill_input(other, 4);
  CHECK(same_bits(one, again));
  CHECK(!same_bits(one, other));
  CHECK(std::memcmp(one.data(), two.data(), one.bytes()) == 0);
  CHECK(std::memcmp(two.f32(), two.f32() + one.count(), one.bytes()) != 0);
  CHECK(all_within(two, -1.f, 1.f));
}

TEST_CASE("modelsDirectoryHasPrototxts") {
  int found = 0;
  for (const auto& e : std::filesystem::directory_iterator(CNN_MODELS_DIR))
    found += e.path().extension() == ".prototxt";
  CHECK_MESSAGE(found > 0, CNN_MODELS_DIR);
}

struct ModelRunsFiniteAtBatch1Row {
  std::string tag;
  std::string path;
};

std::vector<ModelRunsFiniteAtBatch1Row> model_runs_finite_at_batch1_rows() {
  std::vector<ModelRunsFiniteAtBatch1Row> rows;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(CNN_MODELS_DIR))
    if (e.path().extension() == ".prototxt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) rows.push_back({f.filename().string().c_str(), std::string(f.string())});
  return rows;
}

// Every intermediate value finite and not all zero; the output not one repeated value; and a
// second session with buffer reuse (element-wise layers in place) gives the same output bits.
TEST_CASE("modelRunsFiniteAtBatch1") {
  auto [tag, path] = test::pick_row(model_runs_finite_at_batch1_rows());
  const Graph graph(load_prototxt(path), 1);
  const ModelWeights weights = generate_weights(graph, 1);
  ReferenceBackend backend;
  RunConfig config;
  config.threads = 2;

  Session all(graph, weights, backend, config, SessionOptions{true});
  Session reuse(graph, weights, backend, config);
  for (std::size_t i = 0; i < graph.inputs().size(); ++i) {
    fill_input(all.input(int(i)), 1 + i);
    fill_input(reuse.input(int(i)), 1 + i);
  }
  all.forward();
  reuse.forward();

  for (std::size_t v = 0; v < graph.values().size(); ++v) {
    const Tensor& t = all.value(int(v));
    const float* p = t.f32();
    const std::string blob = std::string(graph.values()[v].blob);
    CHECK_MESSAGE(std::all_of(p, p + t.count(), [](float x) { return std::isfinite(x); }), blob);
    CHECK_MESSAGE(std::any_of(p, p + t.count(), [](float x) { return x != 0.f; }), blob);
  }
  for (std::size_t o = 0; o < graph.outputs().size(); ++o) {
    const Tensor& out = all.output(int(o));
    const auto [lo, hi] = std::minmax_element(out.f32(), out.f32() + out.count());
    CHECK_MESSAGE(*lo < *hi, "the output is not one repeated value");
    CHECK_MESSAGE(same_bits(out, reuse.output(int(o))), "in-place and buffer reuse change the output");
  }
}
