// Caffe Softmax over channels on the GPU (the project's kernel, one warp per image pixel).
#include <cassert>

#include "backends/cuda_common/cuda_ops.h"
#include "backends/cuda_common/kernels.h"

namespace cnn::cuda {
namespace {

template <class T>
class SoftmaxCuda final : public Op {
 public:
  SoftmaxCuda(const LayerDesc& layer, const cuda::OpContext& ctx) : ctx_(ctx), shape_(layer.in_shapes.at(0)) {
    assert(layer.softmax.axis == 1);
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor<T>(*in[0], shape_);
    check_tensor<T>(*out[0], shape_);
    cuda::softmax_channels<T>(device_data<T>(*in[0]), device_data<T>(*out[0]), shape_.n, shape_.c, shape_.h * shape_.w,
                              ctx_.stream);
  }

 private:
  cuda::OpContext ctx_;
  Shape shape_;
};

}  // namespace

std::unique_ptr<Op> make_softmax(const LayerDesc& layer, const cuda::OpContext& ctx) {
  return make_for_precision<SoftmaxCuda>(ctx, layer, ctx);
}

}  // namespace cnn::cuda
