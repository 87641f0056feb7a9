// Caffe's GPU InnerProduct: y (N x Cout) = x (N x K) * W^T by one cuBLAS GEMM (fp32 accumulation),
// W row-major Cout x K; bias by a per-channel kernel.
#include <cassert>

#include "backends/cuda_common/cuda_ops.h"
#include "backends/cuda_common/gemm.h"
#include "backends/cuda_common/kernels.h"

namespace cnn::cuda {
namespace {

template <class T>
class InnerProductCuda final : public Op {
 public:
  InnerProductCuda(const LayerDesc& layer, const Weights& weights, const cuda::OpContext& ctx)
      : ctx_(ctx), in_(layer.in_shapes.at(0)), out_(layer.out_shapes.at(0)) {
    assert(in_.n == out_.n && out_.per_image() == std::size_t(out_.c));
    const bool bias = layer.fc.bias_term;
    assert(weights.blobs.size() == (bias ? 2u : 1u));
    const Tensor& w = weights.blobs.at(0);
    assert(w.count() == std::size_t(out_.c) * in_.per_image());
    weight_ = cuda::upload_values(w.f32(), w.count(), ctx.dtype(), "the weights of " + layer_label(layer));
    if (bias)
      bias_ = cuda::upload_values(weights.blobs.at(1).f32(), std::size_t(out_.c), DType::F32,
                                  "the bias of " + layer_label(layer));
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor<T>(*in[0], in_);
    check_tensor<T>(*out[0], out_);
    T* y = device_data<T>(*out[0]);
    cuda::gemm<T>(ctx_.cublas, false, true, in_.n, out_.c, int(in_.per_image()), device_data<T>(*in[0]),
                  weight_.as<T>(), y);
    if (bias_.get()) cuda::channel_affine<T>(y, y, nullptr, bias_.as<float>(), out_.n, out_.c, 1, ctx_.stream);
  }

  // Its upload of the weights to the device (device memory: not host-tracked, see MemoryUse).
  std::size_t weights_copy_bytes() const override { return weight_.bytes() + bias_.bytes(); }

 private:
  cuda::OpContext ctx_;
  Shape in_, out_;
  cuda::DeviceBuffer weight_, bias_;
};

}  // namespace

std::unique_ptr<Op> make_inner_product(const LayerDesc& layer, const Weights& weights, const cuda::OpContext& ctx) {
  return make_for_precision<InnerProductCuda>(ctx, layer, weights, ctx);
}

}  // namespace cnn::cuda
