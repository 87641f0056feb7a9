#include "backends/cudnn/cudnn_backend.h"

#include <cassert>

#include "backends/cuda_common/cuda_ops.h"

namespace cnn {

BackendInfo CudnnBackend::info() const {
  const std::size_t v = cudnnGetVersion();
  const std::string version =
      std::to_string(v / 10000) + "." + std::to_string(v % 10000 / 100) + "." + std::to_string(v % 100);
  BackendInfo i = base_info("cudnn", "cuDNN " + version);
  i.details.emplace_back("convolution",
                         "cudnnConvolutionForward, algorithm by cudnnFindConvolutionForwardAlgorithm once per shape");
  i.details.emplace_back("pooling",
                         "cuDNN where its output size and divisors equal the layer's, else the project's kernel");
  i.details.emplace_back("declines", "convolutions padded unequally by side, Clip with a lower bound other than 0");
  i.details.emplace_back("inner product", "cuBLAS GEMM (as Caffe)");
  return i;
}

bool CudnnBackend::supports(const LayerDesc& layer, Precision precision) const {
  if (precision != Precision::FP32 && precision != Precision::FP16) return false;
  switch (layer.type) {
    case LayerType::Convolution: return cudnn::convolution_fits(layer);
    case LayerType::Clip: return cudnn::clip_fits(layer);
    default: return cuda::supports_layer(layer);
  }
}

Fusions CudnnBackend::fusions(const LayerDesc& layer, Precision precision) const {
  if (layer.type != LayerType::Convolution || !supports(layer, precision)) return {};
  return {true, true, false};  // cudnnConvolutionBiasActivationForward: ReLU, not leaky
}

std::unique_ptr<Op> CudnnBackend::create(const LayerDesc& layer, const Weights& weights, const RunConfig& config) {
  require_available();
  if (!supports(layer, config.precision)) return nullptr;
  assert(!layer.in_shapes.empty() && !layer.out_shapes.empty());
  const cuda::OpContext ctx = op_context(config);
  switch (layer.type) {
    case LayerType::Convolution: return cudnn::make_convolution(layer, weights, ctx, algorithms_);
    case LayerType::Pooling:
      return cudnn::pooling_fits(layer) ? cudnn::make_pooling(layer, ctx) : cuda::make_pooling(layer, ctx);
    case LayerType::LRN: return cudnn::lrn_fits(layer) ? cudnn::make_lrn(layer, ctx) : cuda::make_lrn(layer, ctx);
    case LayerType::ReLU:
      return layer.relu.negative_slope == 0.f ? cudnn::make_relu(layer, ctx) : cuda::make_relu(layer, ctx);
    case LayerType::Softmax: return cudnn::make_softmax(layer, ctx);
    case LayerType::Clip: return cudnn::make_clip(layer, ctx);
    case LayerType::InnerProduct: return cuda::make_inner_product(layer, weights, ctx);
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
