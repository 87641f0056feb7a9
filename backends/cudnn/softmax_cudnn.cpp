// Softmax over channels by cudnnSoftmaxForward (CUDNN_SOFTMAX_ACCURATE, CUDNN_SOFTMAX_MODE_CHANNEL),
// as Caffe's CuDNNSoftmaxLayer.
#include <cassert>

#include "backends/cudnn/cudnn_descriptors.h"
#include "backends/cudnn/cudnn_ops.h"

namespace cnn::cudnn {
namespace {

class SoftmaxCudnn final : public Op {
 public:
  SoftmaxCudnn(const LayerDesc& layer, const cuda::OpContext& ctx) : ctx_(ctx), shape_(layer.in_shapes.at(0)) {
    assert(layer.softmax.axis == 1);
    set_nchw(x_, shape_, ctx.dtype());
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1 && in[0]->count() == shape_.count() && out[0]->count() == shape_.count());
    CNN_CUDA_CHECK(cudnnSoftmaxForward(ctx_.cudnn, CUDNN_SOFTMAX_ACCURATE, CUDNN_SOFTMAX_MODE_CHANNEL, &kOne, x_.get(),
                                       in[0]->data(), &kZero, x_.get(), out[0]->data()));
  }

 private:
  cuda::OpContext ctx_;
  Shape shape_;
  TensorDescriptor x_;
};

}  // namespace

std::unique_ptr<Op> make_softmax(const LayerDesc& layer, const cuda::OpContext& ctx) {
  return std::make_unique<SoftmaxCudnn>(layer, ctx);
}

}  // namespace cnn::cudnn
