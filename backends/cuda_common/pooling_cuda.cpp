// Caffe pooling on the GPU (the project's kernel): MAX and AVE with Caffe's ceil rounding, windows
// clipped to the image, AVE divided by the window clipped to the padded image.
#include <cassert>

#include "backends/cuda_common/cuda_ops.h"
#include "backends/cuda_common/kernels.h"

namespace cnn::cuda {
namespace {

template <class T>
class PoolingCuda final : public Op {
 public:
  PoolingCuda(const LayerDesc& layer, const cuda::OpContext& ctx)
      : ctx_(ctx), in_(layer.in_shapes.at(0)), out_(layer.out_shapes.at(0)), g_(pool_geometry(layer)) {}

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor<T>(*in[0], in_);
    check_tensor<T>(*out[0], out_);
    cuda::pooling<T>(device_data<T>(*in[0]), device_data<T>(*out[0]), g_, ctx_.stream);
  }

 private:
  cuda::OpContext ctx_;
  Shape in_, out_;
  cuda::PoolGeometry g_;
};

}  // namespace

std::unique_ptr<Op> make_pooling(const LayerDesc& layer, const cuda::OpContext& ctx) {
  return make_for_precision<PoolingCuda>(ctx, layer, ctx);
}

}  // namespace cnn::cuda
