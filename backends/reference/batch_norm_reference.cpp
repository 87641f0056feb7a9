// Caffe BatchNorm at inference (global statistics): y = (x - mean) / sqrt(var + eps); may run in place.
#include <cassert>
#include <cmath>
#include <vector>

#include "backends/reference/reference_ops.h"

namespace cnn {

class BatchNormReference final : public Op {
 public:
  BatchNormReference(const LayerDesc& layer, const Weights& weights)
      : shape_(layer.in_shapes.at(0)), mean_(weights.blobs.at(0)), stddev_(std::size_t(shape_.c)) {
    assert(weights.blobs.size() == 2);
    const Tensor& var = weights.blobs.at(1);
    assert(mean_.count() == std::size_t(shape_.c) && var.count() == std::size_t(shape_.c));
    for (int c = 0; c < shape_.c; ++c) stddev_[c] = std::sqrt(var.f32()[c] + layer.batch_norm.eps);
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
        const float m = mean_.f32()[c], s = stddev_[c];
        for (std::size_t i = 0; i < plane; ++i) y[base + i] = (x[base + i] - m) / s;
      }
  }

 private:
  Shape shape_;
  Tensor mean_;
  std::vector<float> stddev_;
};

namespace reference {
std::unique_ptr<Op> make_batch_norm(const LayerDesc& layer, const Weights& weights) {
  return std::make_unique<BatchNormReference>(layer, weights);
}
}  // namespace reference

}  // namespace cnn
