// Caffe Dropout at inference: the identity (Caffe scales at training time); may run in place.
#include "backends/reference/reference_ops.h"

namespace cnn {

class DropoutReference final : public Op {
 public:
  explicit DropoutReference(const LayerDesc& layer) : shape_(layer.in_shapes.at(0)) {}

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    reference::check_tensor(*in[0], shape_);
    reference::check_tensor(*out[0], shape_);
    reference::copy_unless_same(*in[0], *out[0]);
  }

 private:
  Shape shape_;
};

namespace reference {
std::unique_ptr<Op> make_dropout(const LayerDesc& layer) { return std::make_unique<DropoutReference>(layer); }
}  // namespace reference

}  // namespace cnn
