// Caffe Softmax over channels, for each (n, h, w): y = exp(x - max) / sum exp(x - max).
#include <algorithm>
#include <cmath>

#include "backends/reference/reference_ops.h"

namespace cnn {

class SoftmaxReference final : public Op {
 public:
  explicit SoftmaxReference(const LayerDesc& layer) : shape_(layer.in_shapes.at(0)) {}

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    reference::check_tensor(*in[0], shape_);
    reference::check_tensor(*out[0], shape_);
    const float* x = in[0]->f32();
    float* y = out[0]->f32();
    const std::size_t plane = std::size_t(shape_.h) * shape_.w;
    for (int n = 0; n < shape_.n; ++n) {
      const std::size_t base = std::size_t(n) * shape_.c * plane;
      for (std::size_t i = 0; i < plane; ++i) {
        float m = x[base + i];
        for (int c = 1; c < shape_.c; ++c) m = std::max(m, x[base + c * plane + i]);
        float sum = 0.f;
        for (int c = 0; c < shape_.c; ++c) {
          const float e = std::exp(x[base + c * plane + i] - m);
          y[base + c * plane + i] = e;
          sum += e;
        }
        for (int c = 0; c < shape_.c; ++c) y[base + c * plane + i] /= sum;
      }
    }
  }

 private:
  Shape shape_;
};

namespace reference {
std::unique_ptr<Op> make_softmax(const LayerDesc& layer) { return std::make_unique<SoftmaxReference>(layer); }
}  // namespace reference

}  // namespace cnn
