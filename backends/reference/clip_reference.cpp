// Clip (Caffe's Clip, ONNX's Clip; ReLU6 is Clip(0, 6)): y = min(max(x, min), max); may run in place.
#include <algorithm>

#include "backends/reference/reference_ops.h"

namespace cnn {

class ClipReference final : public Op {
 public:
  explicit ClipReference(const LayerDesc& layer) : p_(layer.clip), shape_(layer.in_shapes.at(0)) {}

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    reference::check_tensor(*in[0], shape_);
    reference::check_tensor(*out[0], shape_);
    const float* x = in[0]->f32();  // may be the same memory as y
    float* y = out[0]->f32();
    const std::size_t count = shape_.count();
    for (std::size_t i = 0; i < count; ++i) y[i] = std::min(std::max(x[i], p_.min), p_.max);
  }

 private:
  ClipParams p_;
  Shape shape_;
};

namespace reference {
std::unique_ptr<Op> make_clip(const LayerDesc& layer) { return std::make_unique<ClipReference>(layer); }
}  // namespace reference

}  // namespace cnn
