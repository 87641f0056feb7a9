// Pooling by cudnnPoolingForward, used where cuDNN's floor-rounded output size equals Caffe's:
// then every window ends inside the padded image, so cuDNN's MAX (padding never wins) and AVE
// counting the padding give exactly Caffe's values.
#include <cassert>

#include "backends/cudnn/cudnn_descriptors.h"
#include "backends/cudnn/cudnn_ops.h"

namespace cnn::cudnn {
namespace {

class PoolingCudnn final : public Op {
 public:
  PoolingCudnn(const LayerDesc& layer, const cuda::OpContext& ctx)
      : ctx_(ctx), in_(layer.in_shapes.at(0)), out_(layer.out_shapes.at(0)) {
    const PoolingParams& p = layer.pool;
    set_nchw(x_, in_, ctx.dtype());
    set_nchw(y_, out_, ctx.dtype());
    const cudnnPoolingMode_t mode =
        p.method == PoolMethod::Max ? CUDNN_POOLING_MAX : CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING;
    CNN_CUDA_CHECK(cudnnSetPooling2dDescriptor(pool_.get(), mode, CUDNN_PROPAGATE_NAN, p.kernel_h, p.kernel_w, p.pad_h,
                                               p.pad_w, p.stride_h, p.stride_w));
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1 && in[0]->count() == in_.count() && out[0]->count() == out_.count());
    CNN_CUDA_CHECK(
        cudnnPoolingForward(ctx_.cudnn, pool_.get(), &kOne, x_.get(), in[0]->data(), &kZero, y_.get(), out[0]->data()));
  }

 private:
  cuda::OpContext ctx_;
  Shape in_, out_;
  TensorDescriptor x_, y_;
  PoolingDescriptor pool_;
};

int floor_output(int size, int kernel, int pad, int stride) { return (size + 2 * pad - kernel) / stride + 1; }

}  // namespace

bool pooling_matches_caffe(const LayerDesc& layer) {
  const PoolingParams& p = layer.pool;
  const Shape& in = layer.in_shapes.at(0);
  const Shape& out = layer.out_shapes.at(0);
  return p.pad_h < p.kernel_h && p.pad_w < p.kernel_w && floor_output(in.h, p.kernel_h, p.pad_h, p.stride_h) == out.h &&
         floor_output(in.w, p.kernel_w, p.pad_w, p.stride_w) == out.w;
}

std::unique_ptr<Op> make_pooling(const LayerDesc& layer, const cuda::OpContext& ctx) {
  assert(pooling_matches_caffe(layer));
  return std::make_unique<PoolingCudnn>(layer, ctx);
}

}  // namespace cnn::cudnn
