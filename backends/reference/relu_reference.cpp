// Caffe ReLU: y = max(x, 0) + negative_slope * min(x, 0); may run in place.
#include "backends/reference/reference_ops.h"

namespace cnn {

class ReluReference final : public Op {
 public:
  explicit ReluReference(const LayerDesc& layer) : slope_(layer.relu.negative_slope), shape_(layer.in_shapes.at(0)) {}

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    reference::check_tensor(*in[0], shape_);
    reference::check_tensor(*out[0], shape_);
    const float* x = in[0]->f32();  // may be the same memory as y
    float* y = out[0]->f32();
    const std::size_t count = shape_.count();
    for (std::size_t i = 0; i < count; ++i) y[i] = x[i] > 0.f ? x[i] : x[i] * slope_;
  }

 private:
  float slope_;
  Shape shape_;
};

namespace reference {
std::unique_ptr<Op> make_relu(const LayerDesc& layer) { return std::make_unique<ReluReference>(layer); }
}  // namespace reference

}  // namespace cnn
