#pragma once
// OneDnnBackend: every layer as a oneDNN primitive on the CPU engine, host fp32 tensors: NCHW, or in a
// fused graph between its own layers the layout its convolutions pick (onednn::own_tag).
// Primitives and their reordered weights are made in create(), outside the timed region.
#include <memory>

#include "core/backend.h"

namespace cnn {

namespace onednn {
struct Context;
}

class OneDnnBackend final : public Backend {
 public:
  OneDnnBackend();
  ~OneDnnBackend() override;

  // id "onednn", name "oneDNN <major.minor.patch>", details: version, cpu runtime, ISA.
  // Not available (why_not says why) when oneDNN cannot make a CPU engine.
  BackendInfo info() const override;
  // Every layer type in fp32 (Concat and Softmax on the channel axis, LRN with an odd
  // local_size, Pooling whose Caffe output size needs no negative padding); nothing in fp16.
  bool supports(const LayerDesc& layer, Precision precision) const override;
  // Null when !supports(layer, config.precision).
  std::unique_ptr<Op> create(const LayerDesc& layer, const Weights& weights,
                             const RunConfig& config) override;
  // ReLU after a convolution, inner product or Eltwise sum, and a residual sum into a convolution,
  // as post-ops of the primitive.
  Fusions fusions(const LayerDesc& layer, Precision precision) const override;
  // Its convolutions' own layout (nhwc on AVX-512 cores, else nChw16c / nChw8c; onednn::own_tag)
  // kept between convolutions, pooling, LRN and concat, and into an inner product.
  bool own_layout_ok(const LayerDesc& layer, int k) const override;
  void own_to_nchw(const Tensor& own, Tensor& nchw) const override;
  // ReLU, BatchNorm, Scale, Dropout, Flatten; a convolution over its fused sum's operand.
  bool in_place_ok(const LayerDesc& layer) const override;
  // Sets the OpenMP thread count oneDNN runs on to config.resolved_threads().
  void configure(const RunConfig& config) override;
  // OpenMP's thread count of the calling thread, by which oneDNN sizes a primitive when it is
  // created and each parallel region when it runs.
  void set_thread_team(int threads, bool beside_others) override;
  // oneDNN's matmul primitive on a square 2048 fp32 product (peak_onednn.cpp); nothing in fp16.
  std::optional<CeilingReading> measure_peak(Precision precision, const RunConfig& config,
                                             int repetitions) override;

 private:
  std::shared_ptr<onednn::Context> context_;  // null when no CPU engine could be made
  std::string why_not_;
};

}  // namespace cnn
