// The prototxt parser's layer parameters: each type's *_param block read into its LayerDesc, the
// defaults Caffe gives what is left out, and the parameter errors (test_prototxt.cpp: syntax, inputs).
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "core/model/graph.h"
#include "core/model/net_desc.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

const std::string kSource = "test.prototxt";

// A net with a 1x3x8x8 input "data" and one layer of `type` whose body is `body`.
std::string one_layer(const std::string& type, const std::string& body) {
  return "input: \"data\"\ninput_shape { dim: 1 dim: 3 dim: 8 dim: 8 }\n"
         "layer { name: \"l\" type: \"" + type + "\" bottom: \"data\" top: \"l\"\n" + body + "\n}\n";
}

LayerDesc parse_one_layer(const std::string& type, const std::string& body) {
  const NetDesc net = parse_prototxt(one_layer(type, body), kSource);
  if (net.layers.size() != 1) throw std::logic_error("expected one layer");
  return net.layers.front();
}

// The message of the ModelError parsing then shaping `text` throws; empty when it builds.
std::string model_error(const std::string& text) {
  try {
    Graph(parse_prototxt(text, kSource), 1);
  } catch (const ModelError& e) {
    return std::string(e.what());
  }
  return {};
}

}  // namespace

struct ConvolutionParamsRow {
  std::string tag;
  std::string body;
  std::vector<int> expected;
};

std::vector<ConvolutionParamsRow> convolution_params_rows() {
  std::vector<ConvolutionParamsRow> rows;
  rows.push_back({"square", "convolution_param { num_output: 4 kernel_size: 3 }", {3, 3, 1, 1, 0, 0, 1, 1, 1, 1, 4}});
  rows.push_back({"repeated kernel_size", "convolution_param { num_output: 4 kernel_size: 3 kernel_size: 5 }",
                  {3, 5, 1, 1, 0, 0, 1, 1, 1, 1, 4}});
  rows.push_back({"kernel_h/_w", "convolution_param { num_output: 4 kernel_h: 1 kernel_w: 7 pad_h: 0 pad_w: 3 }",
                  {1, 7, 1, 1, 0, 3, 1, 1, 1, 1, 4}});
  rows.push_back({"stride_h/_w", "convolution_param { num_output: 4 kernel_size: 3 stride_h: 2 stride_w: 3 }",
                  {3, 3, 2, 3, 0, 0, 1, 1, 1, 1, 4}});
  rows.push_back({"repeated stride, pad",
                  "convolution_param { num_output: 4 kernel_size: 3 stride: 2 stride: 1 pad: [1, 2] }",
                  {3, 3, 2, 1, 1, 2, 1, 1, 1, 1, 4}});
  rows.push_back(
      {"dilation group bias",
       "convolution_param { num_output: 6 kernel_size: 3 dilation: 2 group: 3 bias_term: false engine: CAFFE }",
       {3, 3, 1, 1, 0, 0, 2, 2, 3, 0, 6}});
  rows.push_back({"hex, bool 0/1", "convolution_param { num_output: 0x10 kernel_size: 1 bias_term: 0 }",
                  {1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 16}});
  return rows;
}

TEST_CASE("convolutionParams") {
  auto [tag, body, expected] = test::pick_row(convolution_params_rows());
  const ConvolutionParams p = parse_one_layer("Convolution", body).conv;
  const std::vector<int> got{p.kernel_h, p.kernel_w,   p.stride_h,   p.stride_w, p.pad_h,       p.pad_w,
                       p.dilation_h, p.dilation_w, p.group, int(p.bias_term), p.num_output};
  CHECK(got == expected);
}

struct PoolingParamsRow {
  std::string tag;
  std::string body;
  std::vector<int> expected;
};

std::vector<PoolingParamsRow> pooling_params_rows() {
  std::vector<PoolingParamsRow> rows;
  rows.push_back({"max", "pooling_param { pool: MAX kernel_size: 3 stride: 2 }", {0, 3, 3, 2, 2, 0, 0, 0, 0}});
  rows.push_back({"ave padded", "pooling_param { pool: AVE kernel_size: 3 stride: 1 pad: 1 }",
                  {1, 3, 3, 1, 1, 1, 1, 0, 0}});
  rows.push_back({"h/w forms", "pooling_param { kernel_h: 2 kernel_w: 3 stride_h: 1 stride_w: 2 pad_h: 1 pad_w: 0 }",
                  {0, 2, 3, 1, 2, 1, 0, 0, 0}});
  rows.push_back({"global", "pooling_param { pool: AVE global_pooling: true }", {1, 0, 0, 1, 1, 0, 0, 1, 0}});
  rows.push_back({"enum by number", "pooling_param { pool: 1 kernel_size: 2 stride: 2 round_mode: CEIL }",
                  {1, 2, 2, 2, 2, 0, 0, 0, 0}});
  // Caffe's round_mode FLOOR (BVLC master): ONNX's rounding down.
  rows.push_back({"round_mode FLOOR", "pooling_param { pool: AVE kernel_size: 3 stride: 2 pad: 1 round_mode: FLOOR }",
                  {1, 3, 3, 2, 2, 1, 1, 0, 1}});
  return rows;
}

TEST_CASE("poolingParams") {
  auto [tag, body, expected] = test::pick_row(pooling_params_rows());
  const PoolingParams p = parse_one_layer("Pooling", body).pool;
  const std::vector<int> got{int(p.method == PoolMethod::Average), p.kernel_h, p.kernel_w, p.stride_h, p.stride_w,
                       p.pad_h, p.pad_w, int(p.global), int(p.rounding == PoolRounding::Down)};
  CHECK(got == expected);
  CHECK(p.exclude_pad == false);  // Caffe counts the padding in AVE's divisor
  CHECK((std::vector<int>({p.pad_h_more, p.pad_w_more})) == (std::vector<int>({0, 0})));  // and pads symmetrically
}

TEST_CASE("otherParams") {
  const LayerDesc lrn = parse_one_layer("LRN", "lrn_param { local_size: 3 alpha: 2e-4 beta: .5 k: 2.0f }");
  CHECK(lrn.lrn.local_size == 3);
  CHECK(lrn.lrn.alpha == test::fuzzy(2e-4f));
  CHECK(lrn.lrn.beta == test::fuzzy(0.5f));
  CHECK(lrn.lrn.k == test::fuzzy(2.f));
  CHECK(parse_one_layer("ReLU", "relu_param { negative_slope: -0.25 }").relu.negative_slope == test::fuzzy(-0.25f));
  CHECK(parse_one_layer("ReLU", "").relu.negative_slope == test::fuzzy(0.f));
  CHECK(parse_one_layer("BatchNorm", "batch_norm_param { eps: 0.001 }").batch_norm.eps == test::fuzzy(0.001f));
  CHECK(parse_one_layer("Scale", "scale_param { bias_term: true axis: 1 }").scale.bias_term == true);
  CHECK(parse_one_layer("Scale", "").scale.bias_term == false);
  CHECK(parse_one_layer("InnerProduct", "inner_product_param { num_output: 7 bias_term: False }").fc.num_output == 7);
  CHECK(parse_one_layer("Softmax", "softmax_param { axis: 1 }").softmax.axis == 1);
  CHECK(parse_one_layer("Flatten", "flatten_param { axis: 1 end_axis: -1 }").type == LayerType::Flatten);
  const LayerDesc clip = parse_one_layer("Clip", "clip_param { min: -0.5 max: 6 }");
  CHECK(clip.type == LayerType::Clip);
  CHECK(clip.clip.min == test::fuzzy(-0.5f));
  CHECK(clip.clip.max == test::fuzzy(6.f));
  CHECK(parse_one_layer("Clip", "clip_param { max: 1e-3 min: 1e-3 }").clip.min == test::fuzzy(1e-3f));  // min == max
  const LayerDesc concat = parse_one_layer("Concat", "bottom: \"data\" concat_param { concat_dim: 1 }");
  REQUIRE(concat.bottoms.size() == std::size_t(2));
  const LayerDesc prod = parse_one_layer("Eltwise", "bottom: \"data\" eltwise_param { operation: PROD }");
  CHECK(prod.eltwise.op == EltwiseOp::Prod);
  const LayerDesc sum = parse_one_layer("Eltwise", "bottom: \"data\" eltwise_param { coeff: [0.5, 2] }");
  CHECK(sum.eltwise.op == EltwiseOp::Sum);
  CHECK(sum.eltwise.coeff == (std::vector<float>{0.5f, 2.f}));
}

struct ErrorsRow {
  std::string tag;
  std::string type;
  std::string body;
  std::vector<std::string> parts;
};

std::vector<ErrorsRow> errors_rows() {
  std::vector<ErrorsRow> rows;
  rows.push_back({"clip without clip_param", "Clip", "",
                  {"3:1:", "layer 'l' (Clip)", "needs a clip_param with 'min' and 'max'"}});
  rows.push_back({"clip without max", "Clip", "clip_param { min: 0 }",
                  {"4:1:", "layer 'l' (Clip)", "clip_param needs 'max'"}});
  rows.push_back({"clip without min", "Clip", "clip_param { max: 6 }", {"4:1:", "clip_param needs 'min'"}});
  rows.push_back({"clip min twice", "Clip", "clip_param { min: 0 min: 1 max: 6 }",
                  {"4:21:", "'min' is given more than once"}});
  rows.push_back({"clip min above max", "Clip", "clip_param { min: 2 max: 1 }",
                  {"layer 'l' (Clip)", "min 2.000000 must not exceed max 1.000000"}});
  rows.push_back({"round_mode other", "Pooling", "pooling_param { kernel_size: 2 round_mode: UP }",
                  {"4:44:", "expected CEIL or FLOOR for 'round_mode'"}});
  return rows;
}

TEST_CASE("errors") {
  auto [tag, type, body, parts] = test::pick_row(errors_rows());
  const std::string message = model_error(one_layer(type, body));
  CHECK_MESSAGE(!message.empty(), "no ModelError");
  for (const std::string& part : parts) CHECK_MESSAGE(test::contains(message, part), (message + " lacks: " + part));
}
