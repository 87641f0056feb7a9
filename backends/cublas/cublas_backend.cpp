#include "backends/cublas/cublas_backend.h"

#include <cassert>

#include "backends/cublas/cublas_ops.h"

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
  return (precision == Precision::FP32 || precision == Precision::FP16) && cuda::supports_layer(layer);
}

std::unique_ptr<Op> CublasBackend::create(const LayerDesc& layer, const Weights& weights, const RunConfig& config) {
  require_available();
  if (!supports(layer, config.precision)) return nullptr;
  assert(!layer.in_shapes.empty() && !layer.out_shapes.empty());
  const cuda::OpContext ctx = op_context(config);
  switch (layer.type) {
    case LayerType::Convolution: return cublas::make_convolution(layer, weights, ctx);
    case LayerType::InnerProduct: return cuda::make_inner_product(layer, weights, ctx);
    case LayerType::Pooling: return cuda::make_pooling(layer, ctx);
    case LayerType::ReLU: return cuda::make_relu(layer, ctx);
    case LayerType::Clip: return cuda::make_clip(layer, ctx);
    case LayerType::LRN: return cuda::make_lrn(layer, ctx);
    case LayerType::Softmax: return cuda::make_softmax(layer, ctx);
    case LayerType::Concat: return cuda::make_concat(layer, ctx);
    case LayerType::Eltwise: return cuda::make_eltwise(layer, ctx);
    case LayerType::BatchNorm: return cuda::make_batch_norm(layer, weights, ctx);
    case LayerType::Scale: return cuda::make_scale(layer, weights, ctx);
    case LayerType::Dropout:
    case LayerType::Flatten: return cuda::make_copy(layer, ctx);
  }
  return nullptr;
}

}  // namespace cnn
