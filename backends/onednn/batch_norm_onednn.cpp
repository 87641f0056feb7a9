// Caffe BatchNorm at inference (global statistics): y = (x - mean) / sqrt(var + eps), folded at
// create() into y = x * s[c] + t[c] with s = 1 / sqrt(var + eps), t = -mean * s, and run as one
// oneDNN binary primitive (ChannelAffine): oneDNN 2.6's batch_normalization primitive on NCHW
// (ncsp_bnorm) measured 2 to 3 times slower on ResNet-50 and MobileNet shapes. May run in place.
#include <cassert>
#include <cmath>
#include <vector>

#include "backends/onednn/onednn_ops.h"

namespace cnn::onednn {

namespace {

class BatchNormOneDnn final : public Op {
 public:
  BatchNormOneDnn(const LayerDesc& layer, const Weights& weights, ContextPtr ctx) {
    const Shape& shape = layer.in_shapes.at(0);
    assert(weights.blobs.size() == 2);
    const Tensor& mean = weights.blobs[0];
    const Tensor& var = weights.blobs[1];
    assert(mean.count() == std::size_t(shape.c) && var.count() == std::size_t(shape.c));
    std::vector<float> s(std::size_t(shape.c)), t(std::size_t(shape.c));
    for (int c = 0; c < shape.c; ++c) {
      s[c] = float(1.0 / std::sqrt(double(var.f32()[c]) + double(layer.batch_norm.eps)));
      t[c] = -mean.f32()[c] * s[c];
    }
    affine_ = ChannelAffine(shape, s, t, std::move(ctx));
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    affine_.run(*in[0], *out[0]);
  }

  std::size_t weights_copy_bytes() const override { return affine_.weights_bytes(); }  // the folded factors s and t
  std::size_t workspace_bytes() const override { return affine_.workspace_bytes(); }

 private:
  ChannelAffine affine_;
};

}  // namespace

std::unique_ptr<Op> make_batch_norm(const LayerDesc& layer, const Weights& weights, const ContextPtr& ctx) {
  return std::make_unique<BatchNormOneDnn>(layer, weights, ctx);
}

}  // namespace cnn::onednn
