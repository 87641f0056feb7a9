// The ONNX importer (core/model/onnx): what each op becomes (layer parameters, weights in Caffe's
// layouts, shapes), the folds (alpha/beta, a MatMul's bias, the Reshape chain), and every error path
// as one sentence: unsupported op, not a protobuf, truncated, missing initializer, mismatched and
// absurd dims; and thousands of damaged files that never crash.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>

#include "core/model/graph.h"
#include "core/model/onnx/onnx_model.h"
#include "tests/onnx_builder.h"
#include "tests/test_support.h"

using namespace cnn;
using cnn::test::OnnxBuilder;

namespace {

std::vector<float> iota(std::size_t n, float scale) {
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = scale * float(i);
  return v;
}

// x (batch, 2, 5, 5) -> Conv (3 filters 3x3, stride 2, pads top 0 left 1 bottom 1 right 2, bias) -> Relu
// -> GlobalAveragePool -> Flatten -> Gemm (B 4x3 transposed, alpha 2, beta 0.5, C) -> y
OnnxBuilder small_net() {
  OnnxBuilder b;
  b.input("x", {-1, 2, 5, 5}).output("y");
  b.weights("W", {3, 2, 3, 3}, iota(54, 0.01f)).weights("B", {3}, {1, 2, 3}, true);
  b.weights("fcW", {4, 3}, iota(12, 0.1f)).weights("fcC", {4}, {1, 1, 2, 2});
  auto& conv = b.node("Conv", {"x", "W", "B"}, {"c"}, "conv1");
  cnn::test::set_ints(conv, "pads", {0, 1, 1, 2});
  cnn::test::set_ints(conv, "strides", {2, 2});
  b.node("Relu", {"c"}, {"r"}, "relu1");
  b.node("GlobalAveragePool", {"r"}, {"g"}, "gap");
  b.node("Flatten", {"g"}, {"f"}, "flat");
  auto& gemm = b.node("Gemm", {"f", "fcW", "fcC"}, {"y"}, "fc");
  cnn::test::set_int(gemm, "transB", 1);
  cnn::test::set_float(gemm, "alpha", 2.f);
  cnn::test::set_float(gemm, "beta", 0.5f);
  return b;
}

const LayerDesc& layer(const ImportedModel& m, const std::string& name) {
  for (const LayerDesc& l : m.net.layers)
    if (l.name == name) return l;
  FAIL("no layer " << name);
  throw std::logic_error("unreachable");  // FAIL throws; for the compiler
}

// The model's one conv/pool layer after `configure` sets its attributes on x (1, 1, 5, 5).
ImportedModel one_window_op(const std::string& op, const std::function<void(onnx::NodeProto&)>& configure) {
  OnnxBuilder b;
  b.input("x", {1, 1, 5, 5}).output("y");
  std::vector<std::string> in{"x"};
  if (op == "Conv") {
    b.weights("W", {1, 1, 2, 2}, {1, 1, 1, 1});
    in.push_back("W");
  }
  configure(b.node(op, in, {"y"}, "op"));
  return parse_onnx(b.bytes(), "window.onnx");
}

template <class E>
std::string error_of(const std::string& bytes) {
  try {
    parse_onnx(bytes, "bad.onnx");
  } catch (const E& e) {
    return std::string(e.what());
  }
  return std::string();
}

}  // namespace

TEST_CASE("convGemmNetBecomesCaffeLayersWithTheirWeights") {
  const ImportedModel m = parse_onnx(small_net().bytes(), "small.onnx");
  CHECK(int(m.net.layers.size()) == 5);
  const LayerDesc& conv = layer(m, "conv1");
  CHECK(conv.type == LayerType::Convolution);
  CHECK(conv.conv.num_output == 3);
  CHECK(conv.conv.pad_h == 0);
  CHECK(conv.conv.pad_w == 1);
  CHECK(conv.conv.pad_bottom() == 1);
  CHECK(conv.conv.pad_right() == 2);
  CHECK(conv.conv.stride_h == 2);
  const Weights& cw = m.weights.at("conv1");
  REQUIRE(cw.blobs.size() == std::size_t(2));
  CHECK(cw.blobs[0].shape().str() == std::string("3x2x3x3"));
  CHECK(cw.blobs[0].f32()[5] == test::fuzzy(0.05f));
  CHECK(cw.blobs[1].f32()[2] == test::fuzzy(3.f));  // from raw_data
  CHECK(layer(m, "gap").pool.global == true);
  CHECK(layer(m, "flat").type == LayerType::Flatten);
  const LayerDesc& fc = layer(m, "fc");
  CHECK(fc.type == LayerType::InnerProduct);
  CHECK(fc.fc.num_output == 4);
  const Weights& fw = m.weights.at("fc");
  CHECK(fw.blobs[0].f32()[4] == test::fuzzy(2.f * 0.4f));  // transB: B is already out x k; alpha 2
  CHECK(fw.blobs[1].f32()[3] == test::fuzzy(0.5f * 2.f));  // beta 0.5
  // (5 + 0 + 1 - 3) / 2 + 1 = 2 rows, (5 + 1 + 2 - 3) / 2 + 1 = 3 columns
  const Graph g(m.net, 4);
  CHECK(g.nodes()[0].desc.out_shapes[0].str() == std::string("4x3x2x3"));
  CHECK(g.nodes().back().desc.out_shapes[0].str() == std::string("4x4x1x1"));
  CHECK(m.outputs == (std::vector<std::string>{"y"}));
}

TEST_CASE("gemmWithoutTransposeTransposesTheWeights") {
  OnnxBuilder b;
  b.input("x", {-1, 3}).output("y").weights("B", {3, 4}, iota(12, 1.f));
  b.node("Gemm", {"x", "B"}, {"y"}, "fc");
  const ImportedModel m = parse_onnx(b.bytes(), "gemm.onnx");
  const Tensor& w = m.weights.at("fc").blobs[0];
  CHECK(w.shape().str() == std::string("4x3x1x1"));
  // Caffe's (out, k) row-major: w[o][k] = B[k][o] = 4k + o
  CHECK(w.f32()[1 * 3 + 2] == test::fuzzy(9.f));
  CHECK(layer(m, "fc").fc.bias_term == false);
}

TEST_CASE("autoPadSplitsTheTotalPad") {
  // 5 wide, kernel 2, stride 2: 3 outputs, a total pad of 1
  const ImportedModel upper = one_window_op("Conv", [](onnx::NodeProto& n) {
    cnn::test::set_string(n, "auto_pad", "SAME_UPPER");
    cnn::test::set_ints(n, "strides", {2, 2});
  });
  CHECK(upper.net.layers[0].conv.pad_h == 0);
  CHECK(upper.net.layers[0].conv.pad_bottom() == 1);
  const ImportedModel lower = one_window_op("AveragePool", [](onnx::NodeProto& n) {
    cnn::test::set_string(n, "auto_pad", "SAME_LOWER");
    cnn::test::set_ints(n, "kernel_shape", {2, 2});
    cnn::test::set_ints(n, "strides", {2, 2});
  });
  CHECK(lower.net.layers[0].pool.pad_w == 1);
  CHECK(lower.net.layers[0].pool.pad_right() == 0);
  CHECK(Graph(lower.net, 1).nodes()[0].desc.out_shapes[0].str() == std::string("1x1x3x3"));
}

TEST_CASE("poolingCarriesItsRoundingAndDivisor") {
  const ImportedModel floor = one_window_op("AveragePool", [](onnx::NodeProto& n) {
    cnn::test::set_ints(n, "kernel_shape", {2, 2});
    cnn::test::set_ints(n, "strides", {2, 2});
  });
  CHECK(floor.net.layers[0].pool.rounding == PoolRounding::Down);
  CHECK(floor.net.layers[0].pool.exclude_pad == true);
  CHECK(Graph(floor.net, 1).nodes()[0].desc.out_shapes[0].str() == std::string("1x1x2x2"));
  const ImportedModel ceil = one_window_op("MaxPool", [](onnx::NodeProto& n) {
    cnn::test::set_ints(n, "kernel_shape", {2, 2});
    cnn::test::set_ints(n, "strides", {2, 2});
    cnn::test::set_int(n, "ceil_mode", 1);
  });
  CHECK(ceil.net.layers[0].pool.rounding == PoolRounding::Up);
  CHECK(Graph(ceil.net, 1).nodes()[0].desc.out_shapes[0].str() == std::string("1x1x3x3"));
  const ImportedModel counted = one_window_op("AveragePool", [](onnx::NodeProto& n) {
    cnn::test::set_ints(n, "kernel_shape", {3, 3});
    cnn::test::set_ints(n, "pads", {1, 1, 1, 1});
    cnn::test::set_int(n, "count_include_pad", 1);
  });
  CHECK(counted.net.layers[0].pool.exclude_pad == false);
}

TEST_CASE("batchNormBecomesBatchNormAndScale") {
  OnnxBuilder b;
  b.input("x", {-1, 2, 3, 3}).output("y");
  b.weights("s", {2}, {2, 3}).weights("b", {2}, {0.5f, 0.25f}).weights("m", {2}, {1, -1}).weights("v", {2}, {4, 9});
  cnn::test::set_float(b.node("BatchNormalization", {"x", "s", "b", "m", "v"}, {"y"}, "bn"), "epsilon", 1e-3f);
  const ImportedModel m = parse_onnx(b.bytes(), "bn.onnx");
  CHECK(int(m.net.layers.size()) == 2);
  CHECK(m.net.layers[0].type == LayerType::BatchNorm);
  CHECK(m.net.layers[0].batch_norm.eps == test::fuzzy(1e-3f));
  CHECK(m.weights.at(m.net.layers[0].name).blobs[1].f32()[1] == test::fuzzy(9.f));  // variance
  CHECK(m.net.layers[1].type == LayerType::Scale);
  CHECK(m.net.layers[1].tops[0] == std::string("y"));
  CHECK(m.weights.at(m.net.layers[1].name).blobs[0].f32()[0] == test::fuzzy(2.f));  // gamma
  CHECK(m.weights.at(m.net.layers[1].name).blobs[1].f32()[1] == test::fuzzy(0.25f));  // beta
}

TEST_CASE("reshapeChainFoldsToAFlattenAndMatMulTakesTheAddAsBias") {
  OnnxBuilder b;
  b.input("x", {-1, 2, 3, 3}).output("y");
  b.ints("zero", {0}).ints("minus_one", {-1}).weights("B", {18, 4}, iota(72, 0.01f)).weights("bias", {4}, {1, 2, 3, 4});
  b.node("Shape", {"x"}, {"s"});
  cnn::test::set_int(b.node("Gather", {"s", "zero"}, {"n"}), "axis", 0);
  b.node("Unsqueeze", {"n", "zero"}, {"n1"});
  cnn::test::set_int(b.node("Concat", {"n1", "minus_one"}, {"target"}), "axis", 0);
  b.node("Reshape", {"x", "target"}, {"flat"}, "reshape");
  b.node("MatMul", {"flat", "B"}, {"mm"}, "fc");
  b.node("Add", {"mm", "bias"}, {"y"}, "fc_bias");
  const ImportedModel m = parse_onnx(b.bytes(), "chain.onnx");
  CHECK(int(m.net.layers.size()) == 2);
  CHECK(m.net.layers[0].type == LayerType::Flatten);
  CHECK(m.net.layers[1].type == LayerType::InnerProduct);
  CHECK(m.net.layers[1].fc.bias_term == true);
  CHECK(m.weights.at("fc").blobs[1].f32()[3] == test::fuzzy(4.f));
  CHECK(m.outputs == (std::vector<std::string>{"mm"}));  // y is the folded Add: the layer's own top
  CHECK(Graph(m.net, 2).nodes().back().desc.out_shapes[0].str() == std::string("2x4x1x1"));
}

TEST_CASE("clipTakesItsBoundsFromInputs") {
  OnnxBuilder b;
  b.input("x", {-1, 2, 3, 3}).output("y").weights("lo", {}, {0}).weights("hi", {}, {6});
  b.node("Clip", {"x", "lo", "hi"}, {"y"}, "relu6");
  const ImportedModel m = parse_onnx(b.bytes(), "clip.onnx");
  CHECK(m.net.layers[0].type == LayerType::Clip);
  CHECK(m.net.layers[0].clip.min == test::fuzzy(0.f));
  CHECK(m.net.layers[0].clip.max == test::fuzzy(6.f));
}

TEST_CASE("unsupportedOpNamesTypeNodeAndIndex") {
  OnnxBuilder b = small_net();
  b.proto().mutable_graph()->mutable_node(1)->set_op_type("Resize");
  const std::string e = error_of<OnnxUnsupported>(b.bytes());
  CHECK_MESSAGE((test::contains(e, "node 1 'relu1' (Resize)") && test::contains(e, "op type Resize")), e);
}

TEST_CASE("damagedFilesAreOneSentence") {
  const std::string good = small_net().bytes();
  CHECK(test::contains(error_of<ModelError>("this is not a protobuf at all"), "not an ONNX model"));
  CHECK(test::contains(error_of<ModelError>(good.substr(0, good.size() / 2)), "not an ONNX model"));

  OnnxBuilder missing = small_net();
  missing.proto().mutable_graph()->mutable_node(0)->set_input(1, "W_missing");
  CHECK_MESSAGE(test::contains(error_of<ModelError>(missing.bytes()), "'W_missing'"),
                error_of<ModelError>(missing.bytes()));

  OnnxBuilder mismatched = small_net();  // 4 input channels per filter for a 2-channel input
  mismatched.proto().mutable_graph()->mutable_initializer(0)->set_dims(1, 4);
  mismatched.proto().mutable_graph()->mutable_initializer(0)->mutable_float_data()->Resize(108, 0.f);
  const std::string m = error_of<ModelError>(mismatched.bytes());
  CHECK_MESSAGE(
      (test::contains(m, "'conv1'") && test::contains(m, "needs 54 values") && test::contains(m, "gives 108")), m);

  OnnxBuilder absurd = small_net();
  absurd.proto().mutable_graph()->mutable_initializer(0)->set_dims(0, std::int64_t(1) << 40);
  CHECK(test::contains(error_of<ModelError>(absurd.bytes()), "absurdly large"));

  OnnxBuilder short_data = small_net();
  short_data.proto().mutable_graph()->mutable_initializer(0)->mutable_float_data()->Truncate(5);
  CHECK(test::contains(error_of<ModelError>(short_data.bytes()), "declares 54 elements but holds 5"));

  OnnxBuilder int_input;
  int_input.input("x", {1, 3}, onnx::TensorProto::INT8).output("y").node("Relu", {"x"}, {"y"});
  CHECK(test::contains(error_of<OnnxUnsupported>(int_input.bytes()), "INT8"));
}

// Inputs libFuzzer found (tests/fuzz/onnx/regression-*.onnx, also seeds of scripts/fuzz.sh): each is
// one ModelError. The first crashed reading a Dropout whose input is unnamed.
struct FuzzerFindingsAreModelErrorsRow {
  std::string tag;
  std::string file;
};

std::vector<FuzzerFindingsAreModelErrorsRow> fuzzer_findings_are_model_errors_rows() {
  std::vector<FuzzerFindingsAreModelErrorsRow> rows;
  rows.push_back({"dropout without input", "regression-dropout-without-input.onnx"});
  return rows;
}

TEST_CASE("fuzzerFindingsAreModelErrors") {
  auto [tag, file] = test::pick_row(fuzzer_findings_are_model_errors_rows());
  std::ifstream in(std::string(CNN_FUZZ_DIR) + "/onnx/" + file, std::ios::binary);
  CHECK(in.good());
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string e = error_of<ModelError>(bytes);
  CHECK_MESSAGE(!e.empty(), "no ModelError");
}

TEST_CASE("dropoutWithoutInputOrOutputIsDamaged") {
  OnnxBuilder no_input;
  no_input.input("x", {1, 2}).output("y").node("Dropout", {""}, {"y"}, "drop");
  CHECK(test::contains(error_of<ModelError>(no_input.bytes()), "node 0 'drop' (Dropout): its input is missing"));
  OnnxBuilder no_output;
  no_output.input("x", {1, 2}).output("y").node("Relu", {"x"}, {}, "r");
  CHECK(test::contains(error_of<ModelError>(no_output.bytes()), "node 0 'r' (Relu): it has no output"));
}

// Truncations at every length and random byte flips of a real model: each one either imports into
// a graph that shapes, or is a ModelError; nothing else escapes, nothing crashes.
TEST_CASE("garbledFilesNeverCrash") {
  const std::string good = small_net().bytes();
  std::mt19937 rng(7);
  int parsed = 0, refused = 0;
  const auto attempt = [&](const std::string& bytes) {
    try {
      const ImportedModel m = parse_onnx(bytes, "garbled.onnx");
      Graph(m.net, 2);
      ++parsed;
    } catch (const ModelError&) {
      ++refused;
    }
  };
  for (std::size_t n = 0; n < good.size(); ++n) attempt(good.substr(0, n));
  for (int i = 0; i < 3000; ++i) {
    std::string bytes = good;
    for (int flips = 1 + int(rng() % 4); flips > 0; --flips) bytes[rng() % bytes.size()] = char(rng());
    attempt(bytes);
  }
  CHECK(parsed + refused == int(good.size()) + 3000);
  CHECK(refused > int(good.size()) / 2);  // most truncations cut a message short
  attempt(good);
  CHECK(parsed >= 1);
}
