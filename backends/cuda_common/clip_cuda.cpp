// Clip on the GPU (the project's kernel): y = min(max(x, min), max) (ReLU6 is Clip(0, 6)); may run
// in place.
#include <cassert>

#include "backends/cuda_common/cuda_ops.h"
#include "backends/cuda_common/kernels.h"

namespace cnn::cuda {
namespace {

template <class T>
class ClipCuda final : public Op {
 public:
  ClipCuda(const LayerDesc& layer, const cuda::OpContext& ctx)
      : ctx_(ctx), shape_(layer.in_shapes.at(0)), lo_(layer.clip.min), hi_(layer.clip.max) {}

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor<T>(*in[0], shape_);
    check_tensor<T>(*out[0], shape_);
    cuda::clip<T>(device_data<T>(*in[0]), device_data<T>(*out[0]), shape_.count(), lo_, hi_, ctx_.stream);
  }

 private:
  cuda::OpContext ctx_;
  Shape shape_;
  float lo_, hi_;
};

}  // namespace

std::unique_ptr<Op> make_clip(const LayerDesc& layer, const cuda::OpContext& ctx) {
  return make_for_precision<ClipCuda>(ctx, layer, ctx);
}

}  // namespace cnn::cuda
