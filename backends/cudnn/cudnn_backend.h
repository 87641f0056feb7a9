#pragma once
// CudnnBackend: Caffe's cuDNN engine. Convolutions by cudnnConvolutionForward with the algorithm
// found once per shape, pooling / LRN / ReLU / softmax by cuDNN, inner products by cuBLAS GEMM and
// the remaining layers by the project's CUDA kernels (cuda_common); fp32 and fp16 on one stream.
#include "backends/cuda_common/cuda_backend.h"
#include "backends/cudnn/cudnn_ops.h"

namespace cnn {

class CudnnBackend final : public cuda::CudaBackend {
 public:
  CudnnBackend() : CudaBackend(true) {}
  // id "cudnn", name "cuDNN <version>", details: GPU, driver, library versions, which op runs where.
  BackendInfo info() const override;
  // Every layer type in both precisions (Concat and Softmax on the channel axis, LRN with an odd size),
  // but convolutions padded unequally by side and Clip with a lower bound other than 0.
  bool supports(const LayerDesc& layer, Precision precision) const override;
  // A ReLU (not leaky) and a residual sum into a convolution: one cudnnConvolutionBiasActivationForward.
  Fusions fusions(const LayerDesc& layer, Precision precision) const override;
  // Null when !supports; throws std::runtime_error with the reason when no device can be used.
  std::unique_ptr<Op> create(const LayerDesc& layer, const Weights& weights, const RunConfig& config) override;

 private:
  cudnn::ConvAlgorithmCache algorithms_;
};

}  // namespace cnn
