// The reference backend, op by op, against tiny fixtures whose outputs were worked out by hand
// (written into the tables below, never computed by the code under test): the layers with
// windows, weights or several bottoms. Element-wise layers: test_reference_elementwise.cpp.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "tests/reference_test_util.h"
#include "tests/test_support.h"

using namespace cnn;
using namespace cnn::test;

TEST_CASE("info") {
  ReferenceBackend b;
  const BackendInfo i = b.info();
  CHECK(i.id == std::string("reference"));
  CHECK(i.name == std::string("Reference (plain loops)"));
  REQUIRE(i.available);
  REQUIRE(i.precisions.size() == std::size_t(1));
  CHECK(i.precisions[0] == Precision::FP32);
  CHECK(b.memory_space() == MemorySpace::Host);
}

TEST_CASE("declinesFp16AndOtherAxes") {
  ReferenceBackend b;
  RunConfig fp16;
  fp16.precision = Precision::FP16;
  const Shape s{1, 2, 2, 2};
  for (LayerType t : {LayerType::Convolution, LayerType::Pooling, LayerType::ReLU, LayerType::LRN,
                      LayerType::InnerProduct, LayerType::Concat, LayerType::Eltwise, LayerType::BatchNorm,
                      LayerType::Scale, LayerType::Dropout, LayerType::Softmax, LayerType::Flatten,
                      LayerType::Clip}) {
    const LayerDesc d = layer_of(t, {s}, {s});
    CHECK_MESSAGE(b.supports(d, Precision::FP32), to_string(t).data());
    CHECK_MESSAGE(!b.supports(d, Precision::FP16), to_string(t).data());
    CHECK(!b.create(d, Weights{}, fp16));
  }
  LayerDesc concat = layer_of(LayerType::Concat, {s, s}, {Shape{1, 2, 4, 2}});
  concat.concat.axis = 2;
  CHECK(!b.supports(concat, Precision::FP32));
  CHECK(!b.create(concat, Weights{}, RunConfig{}));
  LayerDesc softmax = layer_of(LayerType::Softmax, {s}, {s});
  softmax.softmax.axis = 0;
  CHECK(!b.create(softmax, Weights{}, RunConfig{}));
  LayerDesc lrn = layer_of(LayerType::LRN, {s}, {s});
  lrn.lrn.local_size = 4;  // Caffe accepts odd sizes only
  CHECK(!b.supports(lrn, Precision::FP32));
}

// Columns: input shape and values; kernel, stride, pad, dilation (square), group; weights,
// bias (empty: no bias term); output shape and the expected values.
struct ConvolutionRow {
  std::string tag;
  std::vector<int> in_shape;
  std::vector<float> input;
  std::vector<int> ksdg;
  std::vector<float> weights;
  std::vector<float> bias;
  std::vector<int> out_shape;
  std::vector<float> expected;
};

std::vector<ConvolutionRow> convolution_rows() {
  std::vector<ConvolutionRow> rows;

  std::vector<float> x4, x5;  // x4[h][w] = 4h + w + 1, x5[h][w] = 5h + w + 1
  for (int i = 1; i <= 16; ++i) x4.push_back(float(i));
  for (int i = 1; i <= 25; ++i) x5.push_back(float(i));

  // y = x[r][c] + 2 x[r][c+1] - x[r+2][c+2] + 0.5 with (r, c) = (2oh - 1, 2ow - 1), zero outside.
  rows.push_back({"3x3 stride 2 pad 1 bias", {1, 1, 4, 4}, x4, {3, 2, 1, 1, 1}, {1, 2, 0, 0, 0, 0, 0, 0, -1}, {0.5f},
                  {1, 1, 2, 2}, {-5.5f, -7.5f, -3.5f, 4.5f}});
  // Taps at (0,0) (0,2) (2,0) (2,2): y = x[oh][ow] - x[oh][ow+2] + 2x[oh+2][ow] + 0.5x[oh+2][ow+2]
  //                                    = 12.5 oh + 2.5 ow + 26.5.
  rows.push_back({"2x2 dilation 2 no bias", {1, 1, 5, 5}, x5, {2, 1, 0, 2, 1}, {1, -1, 2, 0.5f}, {}, {1, 1, 3, 3},
                  {26.5f, 29, 31.5f, 39, 41.5f, 44, 51.5f, 54, 56.5f}});
  // Group 2, 1x1: out0 = in0 + 2 in1 + 1, out1 = 3 in2 - in3 - 1; image 1 is image 0 doubled.
  rows.push_back({"1x1 group 2 batch 2", {2, 4, 2, 2},
                  {1, 2, 3, 4, 0, 1, 0, 1, 2, 2, 2, 2, 1, 2, 3, 4, 2, 4, 6, 8, 0, 2, 0, 2, 4, 4, 4, 4, 2, 4, 6, 8},
                  {1, 1, 0, 1, 2}, {1, 2, 3, -1}, {1, -1}, {2, 2, 2, 2},
                  {2, 5, 4, 7, 4, 3, 2, 1, 3, 9, 7, 13, 9, 7, 5, 3}});
  // Group 2, 2x2 dilated taps at rows/cols {2o - 1, 2o + 1}; channel 0 holds x4, channel 1 ones.
  // out0 (weights 1 2 3 4): (0,0) 4*6; (0,1) 3*6 + 4*8; (1,0) 2*6 + 4*14; (1,1) 6 + 2*8 + 3*14 + 4*16.
  // out1 (weights all 1) counts the taps that land inside the image.
  std::vector<float> x4_ones = x4;
  for (int i = 0; i < 16; ++i) x4_ones.push_back(1.f);
  rows.push_back({"group 2 stride 2 pad 1 dilation 2 no bias", {1, 2, 4, 4}, x4_ones, {2, 2, 1, 2, 2},
                  {1, 2, 3, 4, 1, 1, 1, 1}, {}, {1, 2, 2, 2}, {24, 50, 68, 128, 1, 2, 2, 4}});
  // 3x3 pad 1 stride 1, weights 1 with a centre of 10: the sum of the in-image neighbourhood
  // plus 9 times the centre, e.g. (0,0) = (1 + 2 + 4 + 5) + 9*1, (1,1) = 45 + 9*5.
  std::vector<float> x3;
  for (int i = 1; i <= 9; ++i) x3.push_back(float(i));
  rows.push_back({"3x3 stride 1 pad 1", {1, 1, 3, 3}, x3, {3, 1, 1, 1, 1}, {1, 1, 1, 1, 10, 1, 1, 1, 1}, {},
                  {1, 1, 3, 3}, {21, 39, 43, 63, 90, 87, 87, 111, 109}});
  // Two input channels, one output: channel 0 [1 2 3; 4 5 6] with weights [1 0; 0 1], channel 1
  // [1 0 0; 0 0 1] with weights [10 20; 30 40]. ow 0: (1 + 5) + 10*1; ow 1: (2 + 6) + 40*1.
  rows.push_back({"2 channels 2x2 valid", {1, 2, 2, 3}, {1, 2, 3, 4, 5, 6, 1, 0, 0, 0, 0, 1}, {2, 1, 0, 1, 1},
                  {1, 0, 0, 1, 10, 20, 30, 40}, {0.25f}, {1, 1, 1, 2}, {16.25f, 48.25f}});
  return rows;
}

TEST_CASE("convolution") {
  auto [tag, in_shape, input, ksdg, weights, bias, out_shape, expected] = test::pick_row(convolution_rows());
  LayerDesc d = layer_of(LayerType::Convolution, {shape_of(in_shape)}, {shape_of(out_shape)});
  d.conv.num_output = out_shape[1];
  d.conv.kernel_h = d.conv.kernel_w = ksdg[0];
  d.conv.stride_h = d.conv.stride_w = ksdg[1];
  d.conv.pad_h = d.conv.pad_w = ksdg[2];
  d.conv.dilation_h = d.conv.dilation_w = ksdg[3];
  d.conv.group = ksdg[4];
  d.conv.bias_term = !bias.empty();
  Weights w;
  w.blobs.push_back(tensor_of({out_shape[1], in_shape[1] / ksdg[4], ksdg[0], ksdg[0]}, weights));
  if (!bias.empty()) w.blobs.push_back(vector_of(bias));
  const Tensor x = tensor_of(in_shape, input);
  Tensor y = Tensor::allocate(shape_of(out_shape));
  run(d, w, {&x}, y);
  expect_values(y, expected);
}

// Work is split over (image, output channel); every split gives the same bits.
TEST_CASE("convolutionDoesNotDependOnThreads") {
  const Shape in{2, 6, 9, 7}, out{2, 4, 5, 4};
  LayerDesc d = layer_of(LayerType::Convolution, {in}, {out});
  d.conv = {.num_output = 4, .kernel_h = 3, .kernel_w = 3, .stride_h = 2, .stride_w = 2, .pad_h = 1, .pad_w = 1,
            .group = 2};
  Weights w;
  w.blobs = {Tensor::allocate({4, 3, 3, 3}), Tensor::allocate({4, 1, 1, 1})};
  Tensor x = Tensor::allocate(in);
  for (std::size_t i = 0; i < x.count(); ++i) x.f32()[i] = float((i * 37) % 23) / 7.f - 1.5f;
  for (std::size_t i = 0; i < w.blobs[0].count(); ++i) w.blobs[0].f32()[i] = float((i * 11) % 13) / 5.f - 1.f;
  for (int i = 0; i < 4; ++i) w.blobs[1].f32()[i] = 0.1f * float(i);
  Tensor y1 = Tensor::allocate(out), y3 = Tensor::allocate(out);
  run(d, w, {&x}, y1, 1);
  run(d, w, {&x}, y3, 3);
  CHECK(std::memcmp(y1.data(), y3.data(), y1.bytes()) == 0);
}

// Columns: method (0 max, 1 average), input shape and values, kernel, stride, pad (square),
// output shape (as Caffe's ceil rule gives it) and the expected values.
struct PoolingRow {
  std::string tag;
  int method;
  std::vector<int> in_shape;
  std::vector<float> input;
  std::vector<int> ksp;
  std::vector<int> out_shape;
  std::vector<float> expected;
};

std::vector<PoolingRow> pooling_rows() {
  std::vector<PoolingRow> rows;

  std::vector<float> x4, neg4, x5;  // x4[h][w] = 4h + w + 1, neg4 = -x4, x5[h][w] = 5h + w + 1
  for (int i = 1; i <= 16; ++i) x4.push_back(float(i)), neg4.push_back(-float(i));
  for (int i = 1; i <= 25; ++i) x5.push_back(float(i));

  // k3 s2 p1 on 4x4: ceil(3/2) + 1 = 3 outputs; windows (clipped) rows {0,1} {1,2,3} {3}.
  // All inputs negative: a padded zero must never win.
  rows.push_back({"max pad 1 padding never wins", 0, {1, 1, 4, 4}, neg4, {3, 2, 1}, {1, 1, 3, 3},
                  {-1, -2, -4, -5, -6, -8, -13, -14, -16}});
  // k2 s2 p0 on 5x5: ceil(3/2) + 1 = 3 outputs; the last window holds row/col 4 only.
  rows.push_back({"max ceil partial window", 0, {1, 1, 5, 5}, x5, {2, 2, 0}, {1, 1, 3, 3},
                  {7, 9, 10, 17, 19, 20, 22, 24, 25}});
  // Divisors per axis 3, 3, 2 (window clipped to H + pad = 5 before clipping to the image).
  // (0,0) = (1+2+5+6)/9, (0,2) = (4+8)/6, (2,2) = 16/4, (1,1) = 99/9 ...
  rows.push_back({"ave pad 1 border divisors", 1, {1, 1, 4, 4}, x4, {3, 2, 1}, {1, 1, 3, 3},
                  {14.f / 9, 30.f / 9, 2, 57.f / 9, 11, 6, 4.5f, 7.5f, 4}});
  // No padding: the partial last window divides by the cells it holds (5h + w + 1 averaged).
  rows.push_back({"ave ceil partial window", 1, {1, 1, 5, 5}, x5, {2, 2, 0}, {1, 1, 3, 3},
                  {4, 6, 7.5f, 14, 16, 17.5f, 21.5f, 23.5f, 25}});
  // Global pooling as the Graph rewrites it: kernel = H x W, stride 1, pad 0; two channels, two images.
  rows.push_back({"ave global", 1, {2, 2, 2, 2}, {1, 2, 3, 4, -1, -1, -1, 5, 0, 0, 0, 8, 2, 2, 2, 2}, {2, 1, 0},
                  {2, 2, 1, 1}, {2.5f, 0.5f, 2, 2}});
  rows.push_back({"max global", 0, {2, 2, 2, 2}, {1, 2, 3, 4, -1, -1, -1, 5, 0, 0, 0, 8, 2, 2, 2, 2}, {2, 1, 0},
                  {2, 2, 1, 1}, {4, 5, 8, 2}});
  return rows;
}

TEST_CASE("pooling") {
  auto [tag, method, in_shape, input, ksp, out_shape, expected] = test::pick_row(pooling_rows());
  LayerDesc d = layer_of(LayerType::Pooling, {shape_of(in_shape)}, {shape_of(out_shape)});
  d.pool.method = method == 0 ? PoolMethod::Max : PoolMethod::Average;
  d.pool.kernel_h = d.pool.kernel_w = ksp[0];
  d.pool.stride_h = d.pool.stride_w = ksp[1];
  d.pool.pad_h = d.pool.pad_w = ksp[2];
  const Tensor x = tensor_of(in_shape, input);
  Tensor y = Tensor::allocate(shape_of(out_shape));
  run(d, Weights{}, {&x}, y);
  expect_values(y, expected);
}

// What ONNX adds to Caffe's pooling (PoolingParams): bottom / right pads of their own and AVE's
// divisor counting input cells only. Columns: method (0 max, 1 average), exclude_pad, input side
// (a square of x[h][w] = side * h + w + 1, or its negation for max), kernel, stride, pads (top / left,
// bottom / right), output side, expected values.
struct PoolingOnnxParamsRow {
  std::string tag;
  int method;
  bool exclude;
  std::vector<int> side_k_s_pads_out;
  std::vector<float> expected;
};

std::vector<PoolingOnnxParamsRow> pooling_onnx_params_rows() {
  std::vector<PoolingOnnxParamsRow> rows;
  // 4x4 k3 s2 pad 1 (ceil): per axis the windows hold cells {0,1} {1,2,3} {3}; their sums are
  // 14 30 12 / 57 99 36 / 27 45 16 ("ave pad 1 border divisors"). Divided by the cells: 2, 3, 1 per axis.
  rows.push_back({"ave exclude pad", 1, true, {4, 3, 2, 1, 1, 3}, {3.5f, 5, 6, 9.5f, 11, 12, 13.5f, 15, 16}});
  // 4x4 k3 s2, pad 0 before and 1 after (SAME_UPPER): windows {0,1,2} and {2,3} + one padded cell.
  // Sums 54 45 / 72 54. Caffe's divisor counts the end pad: 3 x 3 everywhere; exclude: 3 or 2 per axis.
  rows.push_back({"ave pads 0/1", 1, false, {4, 3, 2, 0, 1, 2}, {6, 5, 8, 6}});
  rows.push_back({"ave pads 0/1 exclude pad", 1, true, {4, 3, 2, 0, 1, 2}, {6, 7.5f, 12, 13.5f}});
  // 5x5 k3 s2, pad 1 before and 0 after (SAME_LOWER), ceil: 3 outputs, the last window (cells 3, 4)
  // overhangs the image by one cell with no pad there. Sums 16 33 28 / 69 117 87 / 76 123 88.
  // Caffe's divisors per axis 3, 3, 2 (the overhang does not count); exclude: 2, 3, 2.
  rows.push_back({"ave pads 1/0 ceil overhang", 1, false, {5, 3, 2, 1, 0, 3},
                  {16.f / 9, 33.f / 9, 28.f / 6, 69.f / 9, 13, 14.5f, 76.f / 6, 20.5f, 22}});
  rows.push_back({"ave pads 1/0 ceil overhang exclude pad", 1, true, {5, 3, 2, 1, 0, 3},
                  {4, 5.5f, 7, 11.5f, 13, 14.5f, 19, 20.5f, 22}});
  // 5x5 k2 s2 rounded down: 2 outputs, the last row and column read by none.
  rows.push_back({"ave round down", 1, false, {5, 2, 2, 0, 0, 2}, {4, 6, 14, 16}});
  // Negated 4x4, k3 s2, pads 1/0: windows {0,1} and {1,2,3}; the largest is minus the smallest |x|.
  rows.push_back({"max pads 1/0", 0, false, {4, 3, 2, 1, 0, 2}, {-1, -2, -5, -6}});
  return rows;
}

TEST_CASE("poolingOnnxParams") {
  auto [tag, method, exclude, side_k_s_pads_out, expected] = test::pick_row(pooling_onnx_params_rows());
  const int side = side_k_s_pads_out[0], out = side_k_s_pads_out[5];
  std::vector<float> input;
  for (int i = 1; i <= side * side; ++i) input.push_back((method == 0 ? -float(i) : float(i)));
  LayerDesc d = layer_of(LayerType::Pooling, {Shape{1, 1, side, side}}, {Shape{1, 1, out, out}});
  PoolingParams& p = d.pool;
  p.method = method == 0 ? PoolMethod::Max : PoolMethod::Average;
  p.exclude_pad = exclude;
  p.kernel_h = p.kernel_w = side_k_s_pads_out[1];
  p.stride_h = p.stride_w = side_k_s_pads_out[2];
  p.pad_h = p.pad_w = side_k_s_pads_out[3];
  p.pad_h_more = p.pad_w_more = side_k_s_pads_out[4] - side_k_s_pads_out[3];
  const Tensor x = tensor_of({1, 1, side, side}, input);
  Tensor y = Tensor::allocate({1, 1, out, out});
  run(d, Weights{}, {&x}, y);
  expect_values(y, expected);
}

// 3x3 stride 2 on x4 (4h + w + 1) with pads that differ by side; weights 1 but one corner of 10.
TEST_CASE("convolutionAsymmetricPads") {
  std::vector<float> x4;
  for (int i = 1; i <= 16; ++i) x4.push_back(float(i));
  const Tensor x = tensor_of({1, 1, 4, 4}, x4);
  LayerDesc d = layer_of(LayerType::Convolution, {x.shape()}, {Shape{1, 1, 2, 2}});
  d.conv = {.num_output = 1, .kernel_h = 3, .kernel_w = 3, .stride_h = 2, .stride_w = 2, .pad_h = 0, .pad_w = 0,
            .bias_term = false, .pad_h_more = 1, .pad_w_more = 1};  // pads 0 before, 1 after (SAME_UPPER)
  // Windows rows / cols {0,1,2} and {2,3}: sums 54 45 / 72 54; the corner (2, 2) adds 9 x[2][2] = 99
  // to output (0, 0) and falls in the padding elsewhere.
  Weights w;
  w.blobs.push_back(tensor_of({1, 1, 3, 3}, {1, 1, 1, 1, 1, 1, 1, 1, 10}));
  Tensor y = Tensor::allocate({1, 1, 2, 2});
  run(d, w, {&x}, y);
  expect_values(y, {153, 45, 72, 54});
  // Pads 1 before, 0 after (SAME_LOWER): windows start at -1 and 1, holding {0,1} and {1,2,3}: sums
  // 14 30 / 57 99; the corner tap (0, 0) reads (-1 + 2oh, -1 + 2ow): in the image for output (1, 1)
  // only, adding 9 x[1][1] = 54.
  d.conv.pad_h = d.conv.pad_w = 1;
  d.conv.pad_h_more = d.conv.pad_w_more = -1;
  w.blobs[0] = tensor_of({1, 1, 3, 3}, {10, 1, 1, 1, 1, 1, 1, 1, 1});
  run(d, w, {&x}, y);
  expect_values(y, {14, 30, 57, 153});
}

// Columns: local_size, alpha, beta, k, input shape and values, expected values.
struct LrnRow {
  std::string tag;
  int size;
  float alpha;
  float beta;
  float k;
  std::vector<int> shape;
  std::vector<float> input;
  std::vector<float> expected;
};

std::vector<LrnRow> lrn_rows() {
  std::vector<LrnRow> rows;
  // alpha / n = 1. Column 0 squares 1 4 9: scales 1+5, 1+14, 1+13; column 1 squares 0 1 4: 2, 6, 6.
  rows.push_back({"n 3 clipped windows beta 1", 3, 3.f, 1.f, 1.f, {1, 3, 1, 2}, {1, 0, 2, 1, 3, 2},
                  {1.f / 6, 0, 2.f / 15, 1.f / 6, 3.f / 14, 2.f / 6}});
  // Scale 1 + 15 x^2 = 16 for |x| = 1, and 16^-0.75 = 1/8.
  rows.push_back({"n 1 beta 0.75", 1, 15.f, 0.75f, 1.f, {1, 3, 1, 1}, {1, -1, 0}, {0.125f, -0.125f, 0}});
  // Every window covers all three channels: scale 2 + (1 + 4 + 4) = 11.
  rows.push_back({"n 5 k 2 beta 0.5", 5, 5.f, 0.5f, 2.f, {1, 3, 1, 1}, {1, 2, 2},
                  {1.f / std::sqrt(11.f), 2.f / std::sqrt(11.f), 2.f / std::sqrt(11.f)}});
  return rows;
}

TEST_CASE("lrn") {
  auto [tag, size, alpha, beta, k, shape, input, expected] = test::pick_row(lrn_rows());
  LayerDesc d = layer_of(LayerType::LRN, {shape_of(shape)}, {shape_of(shape)});
  d.lrn = {size, alpha, beta, k};
  const Tensor x = tensor_of(shape, input);
  Tensor y = Tensor::allocate(shape_of(shape));
  run(d, Weights{}, {&x}, y);
  expect_values(y, expected);
}

struct InnerProductRow {
  std::string tag;
  std::vector<int> in_shape;
  std::vector<float> bias;
  std::vector<float> expected;
};

std::vector<InnerProductRow> inner_product_rows() {
  std::vector<InnerProductRow> rows;
  // W = [1 0 0 0; 0 1 2 0; 1 -1 1 -1]; images [1 2 3 4] and [-1 0 1 2] (flattened CHW).
  rows.push_back({"bias", {2, 4, 1, 1}, {0.5f, 0, -1}, {1.5f, 8, -3, -0.5f, 2, -3}});
  rows.push_back({"no bias, spatial input", {2, 2, 1, 2}, {}, {1, 8, -2, -1, 2, -2}});
  return rows;
}

TEST_CASE("innerProduct") {
  auto [tag, in_shape, bias, expected] = test::pick_row(inner_product_rows());
  LayerDesc d = layer_of(LayerType::InnerProduct, {shape_of(in_shape)}, {Shape{2, 3, 1, 1}});
  d.fc = {3, !bias.empty()};
  Weights w;
  w.blobs.push_back(tensor_of({3, 4, 1, 1}, {1, 0, 0, 0, 0, 1, 2, 0, 1, -1, 1, -1}));
  if (!bias.empty()) w.blobs.push_back(vector_of(bias));
  const Tensor x = tensor_of(in_shape, {1, 2, 3, 4, -1, 0, 1, 2});
  Tensor y = Tensor::allocate({2, 3, 1, 1});
  run(d, w, {&x}, y);
  expect_values(y, expected);
}

TEST_CASE("concat") {
  const Tensor a = tensor_of({2, 1, 1, 2}, {1, 2, 3, 4});
  const Tensor b = tensor_of({2, 2, 1, 2}, {10, 11, 12, 13, 20, 21, 22, 23});
  const Tensor c = tensor_of({2, 1, 1, 2}, {-1, -2, -3, -4});
  const LayerDesc d = layer_of(LayerType::Concat, {a.shape(), b.shape(), c.shape()}, {Shape{2, 4, 1, 2}});
  Tensor y = Tensor::allocate({2, 4, 1, 2});
  run(d, Weights{}, {&a, &b, &c}, y);
  expect_values(y, {1, 2, 10, 11, 12, 13, -1, -2, 3, 4, 20, 21, 22, 23, -3, -4});
}
