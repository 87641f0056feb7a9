// Caffe BatchNorm at inference on the GPU: y = (x - mean) / sqrt(var + eps), run as the
// per-channel affine y = x * a + b (a = 1 / sqrt(var + eps), b = -mean * a); may run in place.
#include <cassert>
#include <cmath>
#include <vector>

#include "backends/cuda_common/cuda_ops.h"
#include "backends/cuda_common/kernels.h"

namespace cnn::cuda {
namespace {

template <class T>
class BatchNormCuda final : public Op {
 public:
  BatchNormCuda(const LayerDesc& layer, const Weights& weights, const cuda::OpContext& ctx)
      : ctx_(ctx), shape_(layer.in_shapes.at(0)) {
    assert(weights.blobs.size() == 2);
    const std::size_t c = std::size_t(shape_.c);
    const float* mean = weights.blobs[0].f32();
    const float* var = weights.blobs[1].f32();
    assert(weights.blobs[0].count() == c && weights.blobs[1].count() == c);
    std::vector<float> scale(c), shift(c);
    for (std::size_t i = 0; i < c; ++i) {
      const double a = 1.0 / std::sqrt(double(var[i]) + double(layer.batch_norm.eps));
      scale[i] = float(a);
      shift[i] = float(-double(mean[i]) * a);
    }
    scale_ = cuda::upload_values(scale.data(), c, DType::F32, "the scale of " + layer_label(layer));
    shift_ = cuda::upload_values(shift.data(), c, DType::F32, "the shift of " + layer_label(layer));
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor<T>(*in[0], shape_);
    check_tensor<T>(*out[0], shape_);
    cuda::channel_affine<T>(device_data<T>(*in[0]), device_data<T>(*out[0]), scale_.as<float>(), shift_.as<float>(),
                            shape_.n, shape_.c, std::size_t(shape_.h) * shape_.w, ctx_.stream);
  }

  // Its upload of the weights to the device (device memory: not host-tracked, see MemoryUse).
  std::size_t weights_copy_bytes() const override { return scale_.bytes() + shift_.bytes(); }

 private:
  cuda::OpContext ctx_;
  Shape shape_;
  cuda::DeviceBuffer scale_, shift_;
};

}  // namespace

std::unique_ptr<Op> make_batch_norm(const LayerDesc& layer, const Weights& weights, const cuda::OpContext& ctx) {
  return make_for_precision<BatchNormCuda>(ctx, layer, weights, ctx);
}

}  // namespace cnn::cuda
