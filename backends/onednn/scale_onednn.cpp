// Caffe Scale with a learned per-channel factor: y = x * gamma[c] (+ beta[c] with bias_term), one
// oneDNN binary primitive (ChannelAffine); may run in place.
#include <cassert>
#include <vector>

#include "backends/onednn/onednn_ops.h"

namespace cnn::onednn {

namespace {

std::vector<float> values_of(const Tensor& blob) { return {blob.f32(), blob.f32() + blob.count()}; }

class ScaleOneDnn final : public Op {
 public:
  ScaleOneDnn(const LayerDesc& layer, const Weights& weights, ContextPtr ctx) {
    const bool bias = layer.scale.bias_term;
    assert(weights.blobs.size() == (bias ? 2u : 1u));
    affine_ = ChannelAffine(layer.in_shapes.at(0), values_of(weights.blobs[0]),
                            bias ? values_of(weights.blobs[1]) : std::vector<float>{}, std::move(ctx));
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    affine_.run(*in[0], *out[0]);
  }

  std::size_t weights_copy_bytes() const override { return affine_.weights_bytes(); }  // its copies of gamma and beta
  std::size_t workspace_bytes() const override { return affine_.workspace_bytes(); }

 private:
  ChannelAffine affine_;
};

}  // namespace

std::unique_ptr<Op> make_scale(const LayerDesc& layer, const Weights& weights, const ContextPtr& ctx) {
  return std::make_unique<ScaleOneDnn>(layer, weights, ctx);
}

}  // namespace cnn::onednn
