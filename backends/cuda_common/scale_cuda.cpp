// Caffe Scale on the GPU: y = gamma[c] * x (+ beta[c]); may run in place.
#include <cassert>

#include "backends/cuda_common/cuda_ops.h"
#include "backends/cuda_common/kernels.h"

namespace cnn::cuda {
namespace {

template <class T>
class ScaleCuda final : public Op {
 public:
  ScaleCuda(const LayerDesc& layer, const Weights& weights, const cuda::OpContext& ctx)
      : ctx_(ctx), shape_(layer.in_shapes.at(0)) {
    const bool bias = layer.scale.bias_term;
    assert(weights.blobs.size() == (bias ? 2u : 1u));
    const std::size_t c = std::size_t(shape_.c);
    assert(weights.blobs[0].count() == c);
    gamma_ = cuda::upload_values(weights.blobs[0].f32(), c, DType::F32, "the scale of " + layer_label(layer));
    if (bias) {
      assert(weights.blobs[1].count() == c);
      beta_ = cuda::upload_values(weights.blobs[1].f32(), c, DType::F32, "the bias of " + layer_label(layer));
    }
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor<T>(*in[0], shape_);
    check_tensor<T>(*out[0], shape_);
    cuda::channel_affine<T>(device_data<T>(*in[0]), device_data<T>(*out[0]), gamma_.as<float>(), beta_.as<float>(),
                            shape_.n, shape_.c, std::size_t(shape_.h) * shape_.w, ctx_.stream);
  }

  // Its upload of the weights to the device (device memory: not host-tracked, see MemoryUse).
  std::size_t weights_copy_bytes() const override { return gamma_.bytes() + beta_.bytes(); }

 private:
  cuda::OpContext ctx_;
  Shape shape_;
  cuda::DeviceBuffer gamma_, beta_;
};

}  // namespace

std::unique_ptr<Op> make_scale(const LayerDesc& layer, const Weights& weights, const cuda::OpContext& ctx) {
  return make_for_precision<ScaleCuda>(ctx, layer, weights, ctx);
}

}  // namespace cnn::cuda
