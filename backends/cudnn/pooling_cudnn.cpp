// Pooling by cudnnPoolingForward, used where cuDNN, padding both sides of an axis by the layer's
// top / left pad and rounding down, gives the layer's output size (Caffe's ceil rounding, or ONNX's
// floor, with maybe unequal pads): then MAX gives the layer's values (padding never wins), and AVE
// too where every window ends inside the layer's own padded input (cuDNN counting the padding divides
// by the whole window, as Caffe then does) or where the layer counts input cells only (cuDNN's
// COUNT_EXCLUDE_PADDING).
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
    const cudnnPoolingMode_t mode = p.method == PoolMethod::Max ? CUDNN_POOLING_MAX
                                    : p.exclude_pad             ? CUDNN_POOLING_AVERAGE_COUNT_EXCLUDE_PADDING
                                                                : CUDNN_POOLING_AVERAGE_COUNT_INCLUDE_PADDING;
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

// One axis: cuDNN's output size (`pad` on both sides, floor) is `out`, and where the divisor counts the
// padding, the last window ends inside the layer's input padded by `pad` before and `pad_end` after.
bool axis_fits(int in, int out, int kernel, int stride, int pad, int pad_end, bool divisor_counts_pads) {
  const bool same_size = pad < kernel && (in + 2 * pad - kernel) / stride + 1 == out;
  return same_size && (!divisor_counts_pads || (out - 1) * stride - pad + kernel <= in + pad_end);
}

}  // namespace

bool pooling_fits(const LayerDesc& layer) {
  const PoolingParams& p = layer.pool;
  const Shape& in = layer.in_shapes.at(0);
  const Shape& out = layer.out_shapes.at(0);
  const bool counts_pads = p.method == PoolMethod::Average && !p.exclude_pad;
  return axis_fits(in.h, out.h, p.kernel_h, p.stride_h, p.pad_h, p.pad_bottom(), counts_pads) &&
         axis_fits(in.w, out.w, p.kernel_w, p.stride_w, p.pad_w, p.pad_right(), counts_pads);
}

std::unique_ptr<Op> make_pooling(const LayerDesc& layer, const cuda::OpContext& ctx) {
  assert(pooling_fits(layer));
  return std::make_unique<PoolingCudnn>(layer, ctx);
}

}  // namespace cnn::cudnn
