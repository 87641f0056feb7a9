#pragma once
// ReferenceBackend: every layer as plain loops over host fp32 tensors; the oracle for every test.
#include "core/backend.h"

namespace cnn {

class ReferenceBackend final : public Backend {
 public:
  BackendInfo info() const override;
  // Every layer type in fp32 (Concat and Softmax on the channel axis only, LRN with an odd
  // local_size, as Caffe); nothing in fp16.
  bool supports(const LayerDesc& layer, Precision precision) const override;
  // Every fusion, written plainly: ReLU after a convolution, inner product or Eltwise sum, and an
  // Eltwise sum into a convolution.
  Fusions fusions(const LayerDesc& layer, Precision precision) const override;
  // Null when !supports(layer, config.precision). Convolutions and inner products run on
  // config.resolved_threads() threads, split over (image, output channel); results do not
  // depend on the thread count.
  std::unique_ptr<Op> create(const LayerDesc& layer, const Weights& weights,
                             const RunConfig& config) override;
};

}  // namespace cnn
