#pragma once
// LayerDesc: one Caffe layer as read from a prototxt, plus the shapes the Graph infers for it.
#include <string>
#include <string_view>
#include <vector>

#include "core/tensor.h"

namespace cnn {

enum class LayerType {
  Convolution, Pooling, ReLU, LRN, InnerProduct, Concat, Eltwise,
  BatchNorm, Scale, Dropout, Softmax, Flatten
};
std::string_view to_string(LayerType t);  // the Caffe type name, e.g. "Convolution"

struct ConvolutionParams {
  int num_output = 0;
  int kernel_h = 0, kernel_w = 0;
  int stride_h = 1, stride_w = 1;
  int pad_h = 0, pad_w = 0;
  int dilation_h = 1, dilation_w = 1;
  int group = 1;
  bool bias_term = true;
};

enum class PoolMethod { Max, Average };
// After Graph shape inference, global pooling has kernel = input H x W, stride 1, pad 0.
struct PoolingParams {
  PoolMethod method = PoolMethod::Max;
  int kernel_h = 0, kernel_w = 0;
  int stride_h = 1, stride_w = 1;
  int pad_h = 0, pad_w = 0;
  bool global = false;
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
struct ScaleParams { bool bias_term = false; };
struct ReluParams { float negative_slope = 0.f; };
struct ConcatParams { int axis = 1; };   // only the channel axis is supported
struct SoftmaxParams { int axis = 1; };  // only the channel axis is supported

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

  // Filled by Graph for one batch size; one per bottom / top.
  std::vector<Shape> in_shapes, out_shapes;
};

}  // namespace cnn
