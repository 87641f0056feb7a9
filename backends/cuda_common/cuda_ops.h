#pragma once
// The project's own CUDA ops (each in <op>_cuda.cpp): the project's kernels and, for fully connected
// layers, a cuBLAS GEMM. The cublas backend runs all of them, with its im2col + GEMM convolution; the
// cudnn backend those it has no cuDNN op for, as Caffe's cuDNN engine used Caffe's own.
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <memory>
#include <string>

#include "backends/cuda_common/cuda_backend.h"
#include "backends/cuda_common/kernel_math.h"
#include "core/backend.h"

namespace cnn::cuda {

// Each factory expects a layer supports_layer() accepts, with its shapes filled and its weights in
// Caffe's layout (core/weights.h), and runs in ctx.precision: float or __half storage.
std::unique_ptr<Op> make_inner_product(const LayerDesc& layer, const Weights& weights, const OpContext& ctx);
std::unique_ptr<Op> make_pooling(const LayerDesc& layer, const OpContext& ctx);
std::unique_ptr<Op> make_relu(const LayerDesc& layer, const OpContext& ctx);
std::unique_ptr<Op> make_clip(const LayerDesc& layer, const OpContext& ctx);
std::unique_ptr<Op> make_lrn(const LayerDesc& layer, const OpContext& ctx);
std::unique_ptr<Op> make_softmax(const LayerDesc& layer, const OpContext& ctx);
std::unique_ptr<Op> make_concat(const LayerDesc& layer, const OpContext& ctx);
std::unique_ptr<Op> make_eltwise(const LayerDesc& layer, const OpContext& ctx);
std::unique_ptr<Op> make_batch_norm(const LayerDesc& layer, const Weights& weights, const OpContext& ctx);
std::unique_ptr<Op> make_scale(const LayerDesc& layer, const Weights& weights, const OpContext& ctx);
// Dropout (identity at inference) and Flatten: a device copy unless run in place.
std::unique_ptr<Op> make_copy(const LayerDesc& layer, const OpContext& ctx);

// Whether the project's CUDA ops (with the cublas convolution) handle `layer` (any precision): every
// layer type, Concat and Softmax on the channel axis only, LRN with an odd local_size.
bool supports_layer(const LayerDesc& layer);

// The kernels' view of a layer (kernel_geometry.cpp): one image's convolution, every plane's
// pooling, every pixel's LRN, from the layer's parameters and shapes.
ConvGeometry conv_geometry(const LayerDesc& layer);
PoolGeometry pool_geometry(const LayerDesc& layer);
LrnGeometry lrn_geometry(const LayerDesc& layer);

// Asserts a device tensor of `shape`'s element count holding T.
template <class T>
void check_tensor(const Tensor& t, const Shape& shape);

template <class T>
const T* device_data(const Tensor& t) {
  return static_cast<const T*>(t.data());
}
template <class T>
T* device_data(Tensor& t) {
  return static_cast<T*>(t.data());
}

// Copies src to dst (same element count and type) on `stream` unless they are the same memory.
void copy_unless_same(const Tensor& src, Tensor& dst, cudaStream_t stream);

// "layer 'conv1'": for allocation messages.
std::string layer_label(const LayerDesc& layer);

// Builds Op<float> or Op<__half> for ctx.precision.
template <template <class> class OpT, class... Args>
std::unique_ptr<Op> make_for_precision(const OpContext& ctx, Args&&... args) {
  if (ctx.precision == Precision::FP16) return std::make_unique<OpT<__half>>(std::forward<Args>(args)...);
  return std::make_unique<OpT<float>>(std::forward<Args>(args)...);
}

}  // namespace cnn::cuda
