// Flatten: N x C x H x W becomes N x (C*H*W) x 1 x 1, the same values in the same order.
#include <cassert>

#include "backends/openblas/openblas_ops.h"

namespace cnn::openblas {

namespace {

class FlattenOpenBlas final : public Op {
 public:
  FlattenOpenBlas(const LayerDesc& layer, int threads)
      : in_shape_(layer.in_shapes.at(0)), out_shape_(layer.out_shapes.at(0)), threads_(threads) {
    assert(in_shape_.count() == out_shape_.count());
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor(*in[0], in_shape_);
    check_tensor(*out[0], out_shape_);
    copy_unless_same(*in[0], *out[0], threads_);
  }

 private:
  Shape in_shape_, out_shape_;
  int threads_ = 1;
};

}  // namespace

std::unique_ptr<Op> make_flatten(const LayerDesc& layer, int threads) {
  return std::make_unique<FlattenOpenBlas>(layer, threads);
}

}  // namespace cnn::openblas
