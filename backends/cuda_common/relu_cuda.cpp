// Caffe ReLU on the GPU: y = x > 0 ? x : negative_slope * x; may run in place.
#include <cassert>

#include "backends/cuda_common/cuda_ops.h"
#include "backends/cuda_common/kernels.h"

namespace cnn::cuda {
namespace {

template <class T>
class ReluCuda final : public Op {
 public:
  ReluCuda(const LayerDesc& layer, const cuda::OpContext& ctx)
      : ctx_(ctx), shape_(layer.in_shapes.at(0)), slope_(layer.relu.negative_slope) {}

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor<T>(*in[0], shape_);
    check_tensor<T>(*out[0], shape_);
    cuda::relu<T>(device_data<T>(*in[0]), device_data<T>(*out[0]), shape_.count(), slope_, ctx_.stream);
  }

 private:
  cuda::OpContext ctx_;
  Shape shape_;
  float slope_;
};

}  // namespace

std::unique_ptr<Op> make_relu(const LayerDesc& layer, const cuda::OpContext& ctx) {
  return make_for_precision<ReluCuda>(ctx, layer, ctx);
}

}  // namespace cnn::cuda
