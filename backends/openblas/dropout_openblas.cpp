// Dropout at inference (Caffe scales at training time): the identity; in place it does nothing.
#include <cassert>

#include "backends/openblas/openblas_ops.h"

namespace cnn::openblas {

namespace {

class DropoutOpenBlas final : public Op {
 public:
  DropoutOpenBlas(const LayerDesc& layer, int threads) : shape_(layer.in_shapes.at(0)), threads_(threads) {}

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor(*in[0], shape_);
    check_tensor(*out[0], shape_);
    copy_unless_same(*in[0], *out[0], threads_);
  }

 private:
  Shape shape_;
  int threads_ = 1;
};

}  // namespace

std::unique_ptr<Op> make_dropout(const LayerDesc& layer, int threads) {
  return std::make_unique<DropoutOpenBlas>(layer, threads);
}

}  // namespace cnn::openblas
