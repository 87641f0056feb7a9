#pragma once
// Internal to the cudnn backend: the ops cuDNN runs (each in <op>_cudnn.cpp). The other layers
// use the project's CUDA ops (backends/cuda_common/cuda_ops.h), as Caffe's cuDNN engine used Caffe's own.
#include <cudnn.h>

#include <map>
#include <memory>
#include <string>

#include "backends/cuda_common/cuda_backend.h"
#include "core/backend.h"

namespace cnn::cudnn {

// The forward algorithm cudnnFindConvolutionForwardAlgorithm picked for one shape.
struct ConvAlgorithm {
  cudnnConvolutionFwdAlgo_t algo = CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM;
  cudnnMathType_t math = CUDNN_FMA_MATH;
  std::size_t workspace_bytes = 0;
  float find_ms = 0;  // the time cuDNN measured for it
};
// Keyed by shapes, parameters, data type and math policy; kept by the backend across sessions.
using ConvAlgorithmCache = std::map<std::string, ConvAlgorithm>;

// cuDNN pads both sides alike: a convolution whose bottom / right pads differ from its top / left ones
// (ONNX) does not fit, and the backend declines it.
bool convolution_fits(const LayerDesc& layer);
// Finds the algorithm on first sight of a shape (outside any timed region) and reserves its
// workspace in ctx.workspace.
std::unique_ptr<Op> make_convolution(const LayerDesc& layer, const Weights& weights, const cuda::OpContext& ctx,
                                     ConvAlgorithmCache& cache);
// True when cuDNN, padding both sides by the top / left pads and rounding down, gives the layer's
// output size (Caffe's ceil or ONNX's floor rounding) with every window ending inside the layer's
// own padded input: then its MAX and AVE (padding counted, or with exclude_pad not) give the
// layer's values; otherwise the project's pooling kernel runs.
bool pooling_fits(const LayerDesc& layer);
std::unique_ptr<Op> make_pooling(const LayerDesc& layer, const cuda::OpContext& ctx);
// cuDNN's LRN limits: 1 <= local_size <= 16, k >= 1e-5, beta >= 0.01.
bool lrn_fits(const LayerDesc& layer);
std::unique_ptr<Op> make_lrn(const LayerDesc& layer, const cuda::OpContext& ctx);
// Plain ReLU only (negative_slope 0), as Caffe's CuDNNReLULayer; may run in place.
std::unique_ptr<Op> make_relu(const LayerDesc& layer, const cuda::OpContext& ctx);
// Clip(0, max > 0) only: cuDNN's CLIPPED_RELU (RELU for an infinite max); may run in place.
bool clip_fits(const LayerDesc& layer);
std::unique_ptr<Op> make_clip(const LayerDesc& layer, const cuda::OpContext& ctx);
std::unique_ptr<Op> make_softmax(const LayerDesc& layer, const cuda::OpContext& ctx);

}  // namespace cnn::cudnn
