#pragma once
// OpenBlasBackend: convolutions as im2col + sgemm, inner products as sgemv/sgemm (OpenBLAS),
// every other layer as OpenMP-parallel loops; host fp32.
#include "core/backend.h"

namespace cnn {

class OpenBlasBackend final : public Backend {
 public:
  // id "openblas", name "OpenBLAS <version> (<kernel>)", details: version, kernel, threads model.
  BackendInfo info() const override;
  // Every layer type in fp32 (Concat and Softmax on the channel axis only); nothing in fp16.
  bool supports(const LayerDesc& layer, Precision precision) const override;
  // ReLU after a convolution, inner product or Eltwise sum, and a residual sum into a convolution,
  // each applied in the same pass over the output (a convolution's chunk by chunk, in cache); a
  // convolution writes straight into its slice of a Concat's output (concat in place).
  Fusions fusions(const LayerDesc& layer, Precision precision) const override;
  // Null when !supports(layer, config.precision). Ops run on config.resolved_threads() threads.
  std::unique_ptr<Op> create(const LayerDesc& layer, const Weights& weights,
                             const RunConfig& config) override;
  // Sets OpenBLAS's thread count to config.resolved_threads().
  void configure(const RunConfig& config) override;
  // OpenMP's thread count of the calling thread (our loops, and OpenBLAS's OpenMP build, follow it);
  // beside other groups, OpenBLAS's GEMMs run on one thread (use_gemm_threads).
  void set_thread_team(int threads, bool beside_others) override;
  // A square 2048 sgemm in fp32 (peak_openblas.cpp); nothing in fp16.
  std::optional<CeilingReading> measure_peak(Precision precision, const RunConfig& config,
                                             int repetitions) override;
};

}  // namespace cnn
