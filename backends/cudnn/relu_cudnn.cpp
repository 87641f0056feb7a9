// ReLU by cudnnActivationForward (CUDNN_ACTIVATION_RELU); may run in place. A leaky ReLU goes to
// the project's kernel (cuda_common) instead, as Caffe's CuDNNReLULayer fell back to Caffe's.
#include <cassert>

#include "backends/cudnn/cudnn_descriptors.h"
#include "backends/cudnn/cudnn_ops.h"

namespace cnn::cudnn {
namespace {

class ReluCudnn final : public Op {
 public:
  ReluCudnn(const LayerDesc& layer, const cuda::OpContext& ctx) : ctx_(ctx), shape_(layer.in_shapes.at(0)) {
    assert(layer.relu.negative_slope == 0.f);
    set_nchw(x_, shape_, ctx.dtype());
    CNN_CUDA_CHECK(cudnnSetActivationDescriptor(act_.get(), CUDNN_ACTIVATION_RELU, CUDNN_PROPAGATE_NAN, 0.0));
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1 && in[0]->count() == shape_.count() && out[0]->count() == shape_.count());
    CNN_CUDA_CHECK(cudnnActivationForward(ctx_.cudnn, act_.get(), &kOne, x_.get(), in[0]->data(), &kZero, x_.get(),
                                          out[0]->data()));
  }

 private:
  cuda::OpContext ctx_;
  Shape shape_;
  TensorDescriptor x_;
  ActivationDescriptor act_;
};

}  // namespace

std::unique_ptr<Op> make_relu(const LayerDesc& layer, const cuda::OpContext& ctx) {
  return std::make_unique<ReluCudnn>(layer, ctx);
}

}  // namespace cnn::cudnn
