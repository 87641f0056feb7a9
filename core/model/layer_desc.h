#pragma once
// LayerDesc: one Caffe layer as read from a prototxt, plus the shapes the Graph infers for it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/tensor.h"

namespace cnn {

enum class LayerType {
  Convolution, Pooling, ReLU, LRN, InnerProduct, Concat, Eltwise,
  BatchNorm, Scale, Dropout, Softmax, Flatten, Clip
};
std::string_view to_string(LayerType t);  // the Caffe type name, e.g. "Convolution"

struct ConvolutionParams {
  int num_output = 0;
  int kernel_h = 0, kernel_w = 0;
  int stride_h = 1, stride_w = 1;
  int pad_h = 0, pad_w = 0;  // top and left
  int dilation_h = 1, dilation_w = 1;
  int group = 1;
  bool bias_term = true;
  // The bottom / right pad minus the top / left one: 0 in Caffe, which pads symmetrically; ONNX's
  // pads and auto_pad may differ by side (SAME_UPPER pads the end more: +1, SAME_LOWER the start: -1).
  // Last, so positional initialisers of the Caffe fields keep their meaning.
  int pad_h_more = 0, pad_w_more = 0;
  int pad_bottom() const { return pad_h + pad_h_more; }
  int pad_right() const { return pad_w + pad_w_more; }
};

enum class PoolMethod { Max, Average };
// How the output size rounds (kernel, stride, pads that do not tile the input): Caffe rounds up
// (and drops a last window that would start in the end padding); ONNX rounds down unless ceil_mode.
enum class PoolRounding : std::uint8_t { Up, Down };
// After Graph shape inference, global pooling has kernel = input H x W, stride 1, pad 0.
struct PoolingParams {
  PoolMethod method = PoolMethod::Max;
  int kernel_h = 0, kernel_w = 0;
  int stride_h = 1, stride_w = 1;
  int pad_h = 0, pad_w = 0;        // top and left
  bool global = false;
  int pad_h_more = 0, pad_w_more = 0;  // bottom / right pad minus top / left (ConvolutionParams)
  PoolRounding rounding = PoolRounding::Up;
  // Average pooling's divisor: Caffe (and ONNX count_include_pad=1) counts the window's cells inside
  // the padded input, pads included; ONNX's default (count_include_pad=0) counts input cells only.
  bool exclude_pad = false;
  int pad_bottom() const { return pad_h + pad_h_more; }
  int pad_right() const { return pad_w + pad_w_more; }
};

// Caffe LRN, ACROSS_CHANNELS: y = x / (k + alpha/n * sum_{window} x^2)^beta.
struct LrnParams {
  int local_size = 5;
  float alpha = 1.f, beta = 0.75f, k = 1.f;
};

struct InnerProductParams {
  int num_output = 0;
  bool bias_term = true;
};

enum class EltwiseOp { Prod, Sum, Max };
struct EltwiseParams {
  EltwiseOp op = EltwiseOp::Sum;
  std::vector<float> coeff;  // SUM only; empty means all 1
};

struct BatchNormParams { float eps = 1e-5f; };
// Caffe's Clip layer and ONNX's Clip: y = min(max(x, min), max). ReLU6 is Clip(0, 6).
struct ClipParams { float min = 0.f, max = 6.f; };
struct ScaleParams { bool bias_term = false; };
struct ReluParams { float negative_slope = 0.f; };
struct ConcatParams { int axis = 1; };   // only the channel axis is supported
struct SoftmaxParams { int axis = 1; };  // only the channel axis is supported

// What the fusion pass (core/model/fusion.h) fused into a layer: the layer still does its own work
// (its type and parameters), then adds another value and applies an activation. Default: nothing.
enum class Activation : std::uint8_t { None, ReLU };
struct FusedOps {
  // The model's layers this node stands for, in order, itself first (BatchNorm and Scale folded into
  // a convolution's weights, a ReLU, an Eltwise sum, a Dropout); empty when it stands for itself.
  std::vector<std::string> members;
  // out = activation(layer(in[0]) + in.back()): the last bottom is an Eltwise sum's other operand.
  bool sum = false;
  Activation activation = Activation::None;
  float negative_slope = 0.f;  // of a fused (leaky) ReLU
  bool any() const { return sum || activation != Activation::None; }
  bool operator==(const FusedOps&) const = default;
};

// How a value lies in memory: NCHW, or (in a fused graph, between two ops of one library) that
// library's own layout, e.g. oneDNN's channel-blocked nChw16c, which only its ops read.
enum class ValueLayout : std::uint8_t { Nchw, Own };

// The fused activation on one value (Caffe's ReLU: x, or x * negative_slope when x <= 0).
inline float activate(const FusedOps& f, float x) {
  return f.activation == Activation::ReLU && x <= 0.f ? x * f.negative_slope : x;
}

struct LayerDesc {
  std::string name;
  LayerType type = LayerType::ReLU;
  std::vector<std::string> bottoms, tops;
  int line = 0;  // 1-based line of the layer in its prototxt, for messages

  ConvolutionParams conv;
  PoolingParams pool;
  LrnParams lrn;
  InnerProductParams fc;
  EltwiseParams eltwise;
  BatchNormParams batch_norm;
  ScaleParams scale;
  ReluParams relu;
  ConcatParams concat;
  SoftmaxParams softmax;
  ClipParams clip;
  FusedOps fused;  // set only in a fused graph

  // Filled by Graph for one batch size; one per bottom / top.
  std::vector<Shape> in_shapes, out_shapes;
  // Filled by a Session of a fused graph where a library keeps its own layout; empty: all NCHW.
  std::vector<ValueLayout> in_layouts, out_layouts;
  ValueLayout in_layout(std::size_t k) const { return k < in_layouts.size() ? in_layouts[k] : ValueLayout::Nchw; }
  ValueLayout out_layout() const { return out_layouts.empty() ? ValueLayout::Nchw : out_layouts[0]; }
};

}  // namespace cnn
