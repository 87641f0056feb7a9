// Caffe Flatten: N x C x H x W to N x CHW x 1 x 1, the same values in the same order; may run in place.
#include "backends/reference/reference_ops.h"

namespace cnn {

class FlattenReference final : public Op {
 public:
  explicit FlattenReference(const LayerDesc& layer) : in_(layer.in_shapes.at(0)), out_(layer.out_shapes.at(0)) {}

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    reference::check_tensor(*in[0], in_);
    reference::check_tensor(*out[0], out_);
    reference::copy_unless_same(*in[0], *out[0]);
  }

 private:
  Shape in_, out_;
};

namespace reference {
std::unique_ptr<Op> make_flatten(const LayerDesc& layer) { return std::make_unique<FlattenReference>(layer); }
}  // namespace reference

}  // namespace cnn
