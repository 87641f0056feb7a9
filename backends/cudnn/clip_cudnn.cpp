// Clip(0, max) by cudnnActivationForward (CUDNN_ACTIVATION_CLIPPED_RELU: min(max(x, 0), coef) with
// coef = max; ReLU6 is Clip(0, 6); an infinite max, ONNX's default, is CUDNN_ACTIVATION_RELU); may run
// in place. cuDNN has no activation for another lower bound: the backend declines those (clip_fits).
#include <cassert>
#include <cmath>

#include "backends/cudnn/cudnn_descriptors.h"
#include "backends/cudnn/cudnn_ops.h"

namespace cnn::cudnn {
namespace {

class ClipCudnn final : public Op {
 public:
  ClipCudnn(const LayerDesc& layer, const cuda::OpContext& ctx) : ctx_(ctx), shape_(layer.in_shapes.at(0)) {
    assert(clip_fits(layer));
    set_nchw(x_, shape_, ctx.dtype());
    const bool relu = std::isinf(layer.clip.max);
    CNN_CUDA_CHECK(cudnnSetActivationDescriptor(act_.get(), relu ? CUDNN_ACTIVATION_RELU : CUDNN_ACTIVATION_CLIPPED_RELU,
                                                CUDNN_PROPAGATE_NAN, relu ? 0.0 : double(layer.clip.max)));
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

bool clip_fits(const LayerDesc& layer) { return layer.clip.min == 0.f && layer.clip.max > 0.f; }

std::unique_ptr<Op> make_clip(const LayerDesc& layer, const cuda::OpContext& ctx) {
  return std::make_unique<ClipCudnn>(layer, ctx);
}

}  // namespace cnn::cudnn
