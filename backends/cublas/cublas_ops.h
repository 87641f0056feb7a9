#pragma once
// Internal to the cublas backend: its own convolution (convolution_cublas.cpp). Every other layer runs
// on the project's CUDA ops (backends/cuda_common/cuda_ops.h).
#include <memory>

#include "backends/cuda_common/cuda_ops.h"

namespace cnn::cublas {

// Caffe's GPU convolution: im2col kernel + cuBLAS GEMM, in ctx.precision.
std::unique_ptr<Op> make_convolution(const LayerDesc& layer, const Weights& weights, const cuda::OpContext& ctx);

}  // namespace cnn::cublas
