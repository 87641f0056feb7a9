// Dropout (identity at inference) and Flatten (the same values, another shape) on the GPU: a
// device-to-device copy, nothing when run in place.
#include <cassert>

#include "backends/cuda_common/cuda_ops.h"

namespace cnn::cuda {
namespace {

template <class T>
class CopyCuda final : public Op {
 public:
  CopyCuda(const LayerDesc& layer, const cuda::OpContext& ctx)
      : ctx_(ctx), in_(layer.in_shapes.at(0)), out_(layer.out_shapes.at(0)) {
    assert(in_.count() == out_.count());
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor<T>(*in[0], in_);
    check_tensor<T>(*out[0], out_);
    copy_unless_same(*in[0], *out[0], ctx_.stream);
  }

 private:
  cuda::OpContext ctx_;
  Shape in_, out_;
};

}  // namespace

std::unique_ptr<Op> make_copy(const LayerDesc& layer, const cuda::OpContext& ctx) {
  return make_for_precision<CopyCuda>(ctx, layer, ctx);
}

}  // namespace cnn::cuda
