// Caffe LRN across channels on the GPU (the project's kernel): one thread per pixel slides the sum
// of squares along the channels; y = x * (k + alpha / n * sum)^-beta.
#include <cassert>

#include "backends/cuda_common/cuda_ops.h"
#include "backends/cuda_common/kernels.h"

namespace cnn::cuda {
namespace {

template <class T>
class LrnCuda final : public Op {
 public:
  LrnCuda(const LayerDesc& layer, const cuda::OpContext& ctx)
      : ctx_(ctx), shape_(layer.in_shapes.at(0)), g_(lrn_geometry(layer)) {}

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1 && in[0]->data() != out[0]->data());
    check_tensor<T>(*in[0], shape_);
    check_tensor<T>(*out[0], shape_);
    cuda::lrn<T>(device_data<T>(*in[0]), device_data<T>(*out[0]), g_, ctx_.stream);
  }

 private:
  cuda::OpContext ctx_;
  Shape shape_;
  cuda::LrnGeometry g_;
};

}  // namespace

std::unique_ptr<Op> make_lrn(const LayerDesc& layer, const cuda::OpContext& ctx) {
  return make_for_precision<LrnCuda>(ctx, layer, ctx);
}

}  // namespace cnn::cuda
