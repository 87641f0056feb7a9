// Caffe Scale with one learned blob per channel: y = gamma * x (+ beta); may run in place.
#include <cassert>

#include "backends/reference/reference_ops.h"

namespace cnn {

class ScaleReference final : public Op {
 public:
  ScaleReference(const LayerDesc& layer, const Weights& weights)
      : shape_(layer.in_shapes.at(0)), bias_term_(layer.scale.bias_term), gamma_(weights.blobs.at(0)) {
    assert(weights.blobs.size() == (bias_term_ ? 2u : 1u));
    assert(gamma_.count() == std::size_t(shape_.c));
    if (bias_term_) {
      beta_ = weights.blobs.at(1);
      assert(beta_.count() == std::size_t(shape_.c));
    }
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    reference::check_tensor(*in[0], shape_);
    reference::check_tensor(*out[0], shape_);
    const float* x = in[0]->f32();  // may be the same memory as y
    float* y = out[0]->f32();
    const std::size_t plane = std::size_t(shape_.h) * shape_.w;
    for (int n = 0; n < shape_.n; ++n)
      for (int c = 0; c < shape_.c; ++c) {
        const std::size_t base = (std::size_t(n) * shape_.c + c) * plane;
        const float g = gamma_.f32()[c], b = bias_term_ ? beta_.f32()[c] : 0.f;
        for (std::size_t i = 0; i < plane; ++i) y[base + i] = g * x[base + i] + b;
      }
  }

 private:
  Shape shape_;
  bool bias_term_;
  Tensor gamma_, beta_;
};

namespace reference {
std::unique_ptr<Op> make_scale(const LayerDesc& layer, const Weights& weights) {
  return std::make_unique<ScaleReference>(layer, weights);
}
}  // namespace reference

}  // namespace cnn
