#include "backends/cublas/cublas_backend.h"

#include <cassert>

#include "backends/cublas/cublas_ops.h"
#include "backends/cuda_common/cuda_check.h"

namespace cnn {

BackendInfo CublasBackend::info() const {
  int major = 0, minor = 0, patch = 0;
  cublasGetProperty(MAJOR_VERSION, &major);
  cublasGetProperty(MINOR_VERSION, &minor);
  cublasGetProperty(PATCH_LEVEL, &patch);
  const std::string version = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  BackendInfo i = base_info("cublas", "cuBLAS " + version + " + CUDA kernels");
  i.details.emplace_back("convolution", "im2col kernel + cublasSgemm / cublasGemmEx (strided batched)");
  return i;
}

bool CublasBackend::supports(const LayerDesc& layer, Precision precision) const {
  return (precision == Precision::FP32 || precision == Precision::FP16) && cublas::supports_layer(layer);
}

std::unique_ptr<Op> CublasBackend::create(const LayerDesc& layer, const Weights& weights, const RunConfig& config) {
  require_available();
  if (!supports(layer, config.precision)) return nullptr;
  assert(!layer.in_shapes.empty() && !layer.out_shapes.empty());
  const cuda::OpContext ctx = op_context(config);
  switch (layer.type) {
    case LayerType::Convolution: return cublas::make_convolution(layer, weights, ctx);
    case LayerType::InnerProduct: return cublas::make_inner_product(layer, weights, ctx);
    case LayerType::Pooling: return cublas::make_pooling(layer, ctx);
    case LayerType::ReLU: return cublas::make_relu(layer, ctx);
    case LayerType::Clip: return cublas::make_clip(layer, ctx);
    case LayerType::LRN: return cublas::make_lrn(layer, ctx);
    case LayerType::Softmax: return cublas::make_softmax(layer, ctx);
    case LayerType::Concat: return cublas::make_concat(layer, ctx);
    case LayerType::Eltwise: return cublas::make_eltwise(layer, ctx);
    case LayerType::BatchNorm: return cublas::make_batch_norm(layer, weights, ctx);
    case LayerType::Scale: return cublas::make_scale(layer, weights, ctx);
    case LayerType::Dropout:
    case LayerType::Flatten: return cublas::make_copy(layer, ctx);
  }
  return nullptr;
}

namespace cublas {

bool supports_layer(const LayerDesc& layer) {
  switch (layer.type) {
    case LayerType::Concat: return layer.concat.axis == 1;
    case LayerType::Softmax: return layer.softmax.axis == 1;
    case LayerType::LRN: return layer.lrn.local_size > 0 && layer.lrn.local_size % 2 == 1;
    case LayerType::Convolution:
    case LayerType::Pooling:
    case LayerType::ReLU:
    case LayerType::InnerProduct:
    case LayerType::Eltwise:
    case LayerType::BatchNorm:
    case LayerType::Scale:
    case LayerType::Dropout:
    case LayerType::Flatten:
    case LayerType::Clip: return true;
  }
  return false;
}

template <class T>
void check_tensor(const Tensor& t, const Shape& shape) {
  assert(t.space() == MemorySpace::Device);
  assert(t.dtype() == (sizeof(T) == 2 ? DType::F16 : DType::F32));
  assert(t.count() == shape.count());
  (void)t;
  (void)shape;
}

template void check_tensor<float>(const Tensor&, const Shape&);
template void check_tensor<__half>(const Tensor&, const Shape&);

void copy_unless_same(const Tensor& src, Tensor& dst, cudaStream_t stream) {
  assert(src.count() == dst.count() && src.dtype() == dst.dtype());
  if (src.data() == dst.data()) return;
  CNN_CUDA_CHECK(cudaMemcpyAsync(dst.data(), src.data(), src.bytes(), cudaMemcpyDeviceToDevice, stream));
}

std::string layer_label(const LayerDesc& layer) { return "layer '" + layer.name + "'"; }

}  // namespace cublas
}  // namespace cnn
