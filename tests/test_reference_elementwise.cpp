// The reference backend's element-wise layers (Eltwise, BatchNorm, Scale, ReLU, Clip, Softmax,
// Dropout, Flatten) against hand-computed fixtures, including in-place runs where the output is the input.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "tests/reference_test_util.h"
#include "tests/test_support.h"

using namespace cnn;
using namespace cnn::test;

// Bottoms a = [1 -2 3 0.5], b = [2 2 -1 4], c = [0 1 1 -1].
struct EltwiseRow {
  std::string tag;
  int op;
  int bottoms;
  std::vector<float> coeff;
  std::vector<float> expected;
};

std::vector<EltwiseRow> eltwise_rows() {
  std::vector<EltwiseRow> rows;
  rows.push_back({"sum", 0, 2, {}, {3, 0, 2, 4.5f}});
  rows.push_back({"sum coeff 1 -1", 0, 2, {1, -1}, {-1, -4, 4, -3.5f}});
  rows.push_back({"sum of 3 coeff 0.5 2 -1", 0, 3, {0.5f, 2, -1}, {4.5f, 2, -1.5f, 9.25f}});
  rows.push_back({"prod", 1, 2, {}, {2, -4, -3, 2}});
  rows.push_back({"prod of 3", 1, 3, {}, {0, -4, -3, -2}});
  rows.push_back({"max", 2, 2, {}, {2, 2, 3, 4}});
  rows.push_back({"max of 3", 2, 3, {}, {2, 2, 3, 4}});
  return rows;
}

TEST_CASE("eltwise") {
  auto [tag, op, bottoms, coeff, expected] = test::pick_row(eltwise_rows());
  const std::vector<int> s{1, 2, 1, 2};
  const Tensor x[3] = {tensor_of(s, {1, -2, 3, 0.5f}), tensor_of(s, {2, 2, -1, 4}), tensor_of(s, {0, 1, 1, -1})};
  std::vector<const Tensor*> in;
  for (int i = 0; i < bottoms; ++i) in.push_back(&x[i]);
  LayerDesc d = layer_of(LayerType::Eltwise, std::vector<Shape>(bottoms, shape_of(s)), {shape_of(s)});
  d.eltwise.op = op == 0 ? EltwiseOp::Sum : op == 1 ? EltwiseOp::Prod : EltwiseOp::Max;
  d.eltwise.coeff.assign(coeff.begin(), coeff.end());
  Tensor y = Tensor::allocate(shape_of(s));
  run(d, Weights{}, in, y);
  expect_values(y, expected);
}

// Input 2 x 2 x 1 x 2: image 0 channels [1 3] [0 4], image 1 [5 -1] [2 2.5].
const std::vector<float> kChannelInput{1, 3, 0, 4, 5, -1, 2, 2.5f};

struct BatchNormRow {
  std::string tag;
  bool in_place;
};

std::vector<BatchNormRow> batch_norm_rows() {
  std::vector<BatchNormRow> rows;
  rows.push_back({"separate output", false});
  rows.push_back({"in place", true});
  return rows;
}

// mean [1 2], variance [3 0], eps 1: divide by 2 and 1.
TEST_CASE("batchNorm") {
  auto [tag, in_place] = test::pick_row(batch_norm_rows());
  const Shape s{2, 2, 1, 2};
  LayerDesc d = layer_of(LayerType::BatchNorm, {s}, {s});
  d.batch_norm.eps = 1.f;
  Weights w;
  w.blobs = {vector_of({1, 2}), vector_of({3, 0})};
  Tensor x = tensor_of({2, 2, 1, 2}, kChannelInput);
  Tensor separate = Tensor::allocate(s);
  Tensor& y = in_place ? x : separate;
  run(d, w, {&x}, y);
  expect_values(y, {0, 1, -2, 2, 2, -1, 0, 0.5f});
}

struct ScaleRow {
  std::string tag;
  bool bias;
  bool in_place;
  std::vector<float> expected;
};

std::vector<ScaleRow> scale_rows() {
  std::vector<ScaleRow> rows;
  // gamma [2 -1], beta [0.5 1].
  rows.push_back({"bias", true, false, {2.5f, 6.5f, 1, -3, 10.5f, -1.5f, -1, -1.5f}});
  rows.push_back({"no bias", false, false, {2, 6, 0, -4, 10, -2, -2, -2.5f}});
  rows.push_back({"bias in place", true, true, {2.5f, 6.5f, 1, -3, 10.5f, -1.5f, -1, -1.5f}});
  return rows;
}

TEST_CASE("scale") {
  auto [tag, bias, in_place, expected] = test::pick_row(scale_rows());
  const Shape s{2, 2, 1, 2};
  LayerDesc d = layer_of(LayerType::Scale, {s}, {s});
  d.scale.bias_term = bias;
  Weights w;
  w.blobs.push_back(vector_of({2, -1}));
  if (bias) w.blobs.push_back(vector_of({0.5f, 1}));
  Tensor x = tensor_of({2, 2, 1, 2}, kChannelInput);
  Tensor separate = Tensor::allocate(s);
  Tensor& y = in_place ? x : separate;
  run(d, w, {&x}, y);
  expect_values(y, expected);
}

struct ReluRow {
  std::string tag;
  float slope;
  bool in_place;
  std::vector<float> expected;
};

std::vector<ReluRow> relu_rows() {
  std::vector<ReluRow> rows;
  rows.push_back({"plain", 0.f, false, {0, 0, 0, 1.5f}});
  rows.push_back({"negative slope 0.1", 0.1f, false, {-0.2f, -0.05f, 0, 1.5f}});
  rows.push_back({"negative slope in place", 0.1f, true, {-0.2f, -0.05f, 0, 1.5f}});
  return rows;
}

TEST_CASE("relu") {
  auto [tag, slope, in_place, expected] = test::pick_row(relu_rows());
  const Shape s{1, 1, 2, 2};
  LayerDesc d = layer_of(LayerType::ReLU, {s}, {s});
  d.relu.negative_slope = slope;
  Tensor x = tensor_of({1, 1, 2, 2}, {-2, -0.5f, 0, 1.5f});
  Tensor separate = Tensor::allocate(s);
  Tensor& y = in_place ? x : separate;
  run(d, Weights{}, {&x}, y);
  expect_values(y, expected);
}

struct ClipRow {
  std::string tag;
  float min;
  float max;
  bool in_place;
  std::vector<float> expected;
};

std::vector<ClipRow> clip_rows() {
  std::vector<ClipRow> rows;
  // Input -8 -1 -0.5 0 0.25 1 6 7.5.
  rows.push_back({"relu6", 0.f, 6.f, false, {0, 0, 0, 0, 0.25f, 1, 6, 6}});
  rows.push_back({"-1 to 1", -1.f, 1.f, false, {-1, -1, -0.5f, 0, 0.25f, 1, 1, 1}});
  rows.push_back({"-1 to 1 in place", -1.f, 1.f, true, {-1, -1, -0.5f, 0, 0.25f, 1, 1, 1}});
  rows.push_back({"min == max", 0.5f, 0.5f, false, {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f}});
  rows.push_back({"both below zero", -4.f, -0.75f, false, {-4, -1, -0.75f, -0.75f, -0.75f, -0.75f, -0.75f, -0.75f}});
  // ONNX's Clip without a bound: that side is infinite.
  rows.push_back({"no lower bound", -INFINITY, 1.f, false, {-8, -1, -0.5f, 0, 0.25f, 1, 1, 1}});
  rows.push_back({"no upper bound", 0.f, INFINITY, false, {0, 0, 0, 0, 0.25f, 1, 6, 7.5f}});
  return rows;
}

TEST_CASE("clip") {
  auto [tag, min, max, in_place, expected] = test::pick_row(clip_rows());
  const Shape s{2, 1, 2, 2};
  LayerDesc d = layer_of(LayerType::Clip, {s}, {s});
  d.clip = {min, max};
  Tensor x = tensor_of({2, 1, 2, 2}, {-8, -1, -0.5f, 0, 0.25f, 1, 6, 7.5f});
  Tensor separate = Tensor::allocate(s);
  Tensor& y = in_place ? x : separate;
  run(d, Weights{}, {&x}, y);
  expect_values(y, expected);
}

// Over channels at each (n, h, w). Position 0: equal logits of 1000 (overflow without the max
// subtraction) -> 1/3 each; position 1: exp = 1, 3, 1 -> 0.2, 0.6, 0.2; image 1 swapped.
TEST_CASE("softmax") {
  const Shape s{2, 3, 1, 2};
  const float l3 = std::log(3.f);
  const Tensor x = tensor_of({2, 3, 1, 2}, {1000, 0, 1000, l3, 1000, 0, 0, 1000, l3, 1000, 0, 1000});
  const LayerDesc d = layer_of(LayerType::Softmax, {s}, {s});
  Tensor y = Tensor::allocate(s);
  run(d, Weights{}, {&x}, y);
  const float t = 1.f / 3;
  expect_values(y, {t, 0.2f, t, 0.6f, t, 0.2f, 0.2f, t, 0.6f, t, 0.2f, t});
}

struct IdentityLayersRow {
  std::string tag;
  bool flatten;
  bool in_place;
};

std::vector<IdentityLayersRow> identity_layers_rows() {
  std::vector<IdentityLayersRow> rows;
  rows.push_back({"dropout", false, false});
  rows.push_back({"dropout in place", false, true});
  rows.push_back({"flatten", true, false});
  rows.push_back({"flatten in place", true, true});
  return rows;
}

// Dropout (inference) and Flatten keep every value in order; Flatten to N x CHW x 1 x 1.
TEST_CASE("identityLayers") {
  auto [tag, flatten, in_place] = test::pick_row(identity_layers_rows());
  const Shape s{2, 2, 1, 2}, flat{2, 4, 1, 1};
  const Shape out_shape = flatten ? flat : s;
  const LayerDesc d = layer_of(flatten ? LayerType::Flatten : LayerType::Dropout, {s}, {out_shape});
  Tensor x = tensor_of({2, 2, 1, 2}, kChannelInput);
  Tensor y = in_place ? x.reshaped(out_shape) : Tensor::allocate(out_shape);
  run(d, Weights{}, {&x}, y);
  CHECK(y.shape() == out_shape);
  expect_values(y, kChannelInput);
}
