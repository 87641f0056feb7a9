// Caffe LRN, ACROSS_CHANNELS: y = x * (k + alpha / n * sum of x^2 over n neighbouring channels)^-beta.
#include <algorithm>
#include <cassert>
#include <cmath>

#include "backends/reference/reference_ops.h"

namespace cnn {

class LrnReference final : public Op {
 public:
  explicit LrnReference(const LayerDesc& layer) : p_(layer.lrn), shape_(layer.in_shapes.at(0)) {
    assert(p_.local_size > 0 && p_.local_size % 2 == 1);
  }

  // The window for channel c is [c - (n-1)/2, c + (n-1)/2], clipped to the existing channels.
  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    reference::check_tensor(*in[0], shape_);
    reference::check_tensor(*out[0], shape_);
    const float* x = in[0]->f32();
    float* y = out[0]->f32();
    const int half = (p_.local_size - 1) / 2;
    const std::size_t plane = std::size_t(shape_.h) * shape_.w;
    const float alpha_over_n = p_.alpha / float(p_.local_size);
    for (int n = 0; n < shape_.n; ++n) {
      const float* xn = x + std::size_t(n) * shape_.c * plane;
      float* yn = y + std::size_t(n) * shape_.c * plane;
      for (int c = 0; c < shape_.c; ++c) {
        const int lo = std::max(0, c - half), hi = std::min(shape_.c - 1, c + half);
        for (std::size_t i = 0; i < plane; ++i) {
          float sum = 0.f;
          for (int j = lo; j <= hi; ++j) sum += xn[j * plane + i] * xn[j * plane + i];
          const float scale = p_.k + alpha_over_n * sum;
          yn[c * plane + i] = xn[c * plane + i] * std::pow(scale, -p_.beta);
        }
      }
    }
  }

 private:
  LrnParams p_;
  Shape shape_;
};

namespace reference {
std::unique_ptr<Op> make_lrn(const LayerDesc& layer) { return std::make_unique<LrnReference>(layer); }
}  // namespace reference

}  // namespace cnn
