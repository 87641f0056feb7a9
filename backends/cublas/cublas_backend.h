#pragma once
// CublasBackend: Caffe's CUDA path. Convolutions as an im2col kernel + cuBLAS GEMM, inner products
// as GEMM, the project's own CUDA kernels for every other layer; fp32 and fp16 (half storage, fp32
// accumulation) on one stream. Unavailable, with the driver's reason, where no GPU can be used.
#include "backends/cuda_common/cuda_backend.h"

namespace cnn {

class CublasBackend final : public cuda::CudaBackend {
 public:
  CublasBackend() : CudaBackend(false) {}
  // id "cublas", name "cuBLAS <version> + CUDA kernels", details: GPU, driver, library versions.
  BackendInfo info() const override;
  // Every layer type in both precisions (Concat and Softmax on the channel axis, LRN with an odd size).
  bool supports(const LayerDesc& layer, Precision precision) const override;
  // Null when !supports; throws std::runtime_error with the reason when no device can be used.
  std::unique_ptr<Op> create(const LayerDesc& layer, const Weights& weights, const RunConfig& config) override;
  // A square 8192 GEMM in either precision, and the device memory's bandwidth by a triad kernel
  // (peak_cublas.cpp); nullopt when no GPU can be used.
  std::optional<CeilingReading> measure_peak(Precision precision, const RunConfig& config,
                                             int repetitions) override;
  std::optional<CeilingReading> measure_bandwidth(int repetitions) override;
};

}  // namespace cnn
