// The fusion pass (core/model/fusion.h): which layers join which group, the group names and costs,
// what a library that fuses nothing still gets (the folds), and the fused graph's numbers against
// the model's, through the reference library, on every built-in model.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "backends/reference/reference_backend.h"
#include "core/bench/verify.h"
#include "core/model/fusion.h"
#include "core/model/graph.h"
#include "core/weights.h"
#include "tests/op_shape_table.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

const FusionQuery kAll = [](const LayerDesc&) { return Fusions{true, true, true}; };
const FusionQuery kNone = [](const LayerDesc&) { return Fusions{}; };

Graph model(const std::string& id, int batch = 1) {
  return Graph(load_prototxt(std::string(CNN_MODELS_DIR) + "/" + id + ".prototxt"), batch);
}

const Graph::Node* find(const Graph& g, const std::string& name) {
  for (const auto& n : g.nodes())
    if (n.desc.name == name) return &n;
  return nullptr;
}

int count_type(const Graph& g, LayerType t) {
  return int(std::count_if(g.nodes().begin(), g.nodes().end(), [&](const auto& n) { return n.desc.type == t; }));
}

std::uint64_t sum_bytes_out(const Graph& g) {
  std::uint64_t total = 0;
  for (const auto& n : g.nodes()) total += n.stats.bytes_out;
  return total;
}

// A convolution whose output two layers read, so its BatchNorm may not be folded; a Flatten read
// by a Softmax, which stays.
const char* kBranchy = R"(name: "branchy"
input: "data" input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
layer { name: "conv" type: "Convolution" bottom: "data" top: "conv" convolution_param { num_output: 4 kernel_size: 3 pad: 1 } }
layer { name: "bn" type: "BatchNorm" bottom: "conv" top: "bn" }
layer { name: "side" type: "ReLU" bottom: "conv" top: "side" }
layer { name: "sum" type: "Eltwise" bottom: "bn" bottom: "side" top: "sum" }
layer { name: "flat" type: "Flatten" bottom: "sum" top: "flat" }
layer { name: "prob" type: "Softmax" bottom: "flat" top: "prob" }
)";

}  // namespace

TEST_CASE("resnetGroupsAreNamedAfterTheirMembers") {
  const Graph g = model("resnet-50");
  const ModelWeights w = generate_weights(g, 1);
  const FusedGraph f = fuse(g, w, kAll);
  CHECK(f.graph.mode() == GraphMode::Fused);
  const auto* conv1 = find(f.graph, "conv1+bn_conv1+scale_conv1+conv1_relu");
  REQUIRE(conv1);
  CHECK((conv1->desc.type) == LayerType::Convolution);
  CHECK((conv1->desc.fused.activation) == Activation::ReLU);
  CHECK((!conv1->desc.fused.sum && conv1->desc.conv.bias_term));
  REQUIRE((conv1->desc.fused.members.size()) == std::size_t(4));
  // The residual sum joins the convolution producing its later operand, the projection stays alone.
  const auto* res2a = find(f.graph, "res2a_branch2c+bn2a_branch2c+scale2a_branch2c+res2a+res2a_relu");
  REQUIRE(res2a);
  CHECK(res2a->desc.fused.sum);
  REQUIRE((res2a->desc.bottoms.size()) == std::size_t(2));
  CHECK((res2a->desc.bottoms[1]) == std::string("res2a_branch1"));
  CHECK(find(f.graph, "res2a_branch1+bn2a_branch1+scale2a_branch1"));
  for (LayerType t : {LayerType::BatchNorm, LayerType::Scale, LayerType::ReLU, LayerType::Eltwise})
    CHECK(count_type(f.graph, t) == 0);
  // 53 convolutions, a max and an average pooling, the classifier and its softmax.
  CHECK(int(f.graph.nodes().size()) == 53 + 2 + 2);
  CHECK(f.graph.total_macs() == g.total_macs());
  CHECK(f.graph.total_params() == g.total_params());
  CHECK(sum_bytes_out(f.graph) < sum_bytes_out(g) / 3);  // a third of the passes over memory
  REQUIRE(f.weights.size() == f.graph.nodes().size());
  REQUIRE(f.origin.size() == f.graph.values().size());
}

TEST_CASE("foldsNeedNoLibrarySupport") {
  const Graph g = model("resnet-50");
  const FusedGraph f = fuse(g, generate_weights(g, 1), kNone);
  CHECK(find(f.graph, "conv1+bn_conv1+scale_conv1"));
  CHECK(find(f.graph, "conv1_relu"));
  CHECK(count_type(f.graph, LayerType::BatchNorm) + count_type(f.graph, LayerType::Scale) == 0);
  CHECK(count_type(f.graph, LayerType::Eltwise) == 16);
  CHECK(count_type(f.graph, LayerType::ReLU) == 49);
}

TEST_CASE("activationWithoutSum") {
  const Graph g = model("resnet-50");
  const FusionQuery relu_only = [](const LayerDesc&) { return Fusions{true, false, true}; };
  const FusedGraph f = fuse(g, generate_weights(g, 1), relu_only);
  CHECK(find(f.graph, "res2a+res2a_relu"));  // the Eltwise keeps its ReLU
  CHECK(count_type(f.graph, LayerType::Eltwise) == 16);
  CHECK(count_type(f.graph, LayerType::ReLU) == 0);
}

TEST_CASE("dropoutJoinsItsProducer") {
  const Graph g = model("alexnet", 2);
  const FusedGraph f = fuse(g, generate_weights(g, 1), kAll);
  CHECK(find(f.graph, "fc6+relu6+drop6"));
  CHECK(find(f.graph, "conv1+relu1"));
  CHECK(find(f.graph, "norm1"));
  CHECK(count_type(f.graph, LayerType::Dropout) == 0);
  CHECK(f.graph.total_macs() == g.total_macs());
}

TEST_CASE("sharedValuesAreNotFused") {
  const Graph g(parse_prototxt(kBranchy, "branchy"), 1);
  const FusedGraph f = fuse(g, generate_weights(g, 1), kAll);
  CHECK(find(f.graph, "conv"));  // two layers read conv: nothing folds into it
  CHECK(find(f.graph, "bn"));
  CHECK(find(f.graph, "side"));
  CHECK(find(f.graph, "sum"));
  CHECK(find(f.graph, "flat"));  // a Softmax reads it, not an inner product
  REQUIRE(f.graph.nodes().size() == g.nodes().size());
}

// A Clip (ReLU6) after a convolution is not a ReLU: it stays a layer of its own, even when every
// library fuses everything; the convolution's group ends there, and a ReLU after the Clip (whose
// producer is no convolution) stays alone too.
TEST_CASE("clipIsNotFusedAsAReLU") {
  const Graph g(
      parse_prototxt(
          "input: \"data\" input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }\n"
          "layer { name: \"conv\" type: \"Convolution\" bottom: \"data\" top: \"conv\" "
          "convolution_param { num_output: 4 kernel_size: 3 pad: 1 } }\n"
          "layer { name: \"relu6\" type: \"Clip\" bottom: \"conv\" top: \"conv\" clip_param { min: 0 max: 6 } }\n"
          "layer { name: \"relu\" type: \"ReLU\" bottom: \"conv\" top: \"conv\" }\n",
          "clip"),
      1);
  const FusedGraph f = fuse(g, generate_weights(g, 1), kAll);
  REQUIRE(f.graph.nodes().size() == std::size_t(3));
  const auto* conv = find(f.graph, "conv");
  REQUIRE(conv);
  CHECK((conv->desc.fused.activation) == Activation::None);
  const auto* clip = find(f.graph, "relu6");
  REQUIRE(clip);
  CHECK((clip->desc.type) == LayerType::Clip);
  CHECK((clip->desc.clip.max) == test::fuzzy(6.f));
  CHECK(find(f.graph, "relu"));
}

// Fused on the reference library against the model's graph on it: every value of the fused graph
// equals the model's value it stands for.
TEST_CASE("fusedNumbersMatch") {
  const std::string id = test::pick_row(test::builtin_model_rows()).tag;
  ReferenceBackend candidate, oracle;
  RunConfig config;
  const NetDesc net = load_prototxt(std::string(CNN_MODELS_DIR) + "/" + id + ".prototxt");
  const VerifyResult r = verify_model(id, net, candidate, oracle, Precision::FP32, 2, config, GraphMode::Fused);
  REQUIRE_MESSAGE(r.ran, r.error);
  CHECK(r.graph == GraphMode::Fused);
  CHECK_MESSAGE(r.worst_error < 1e-4, r.worst_layer << ": " << r.worst_error);
  CHECK(r.passed());
}
