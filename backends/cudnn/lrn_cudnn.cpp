// LRN across channels by cudnnLRNCrossChannelForward, with Caffe's parameters as Caffe's
// CuDNNLRNLayer passed them: cuDNN divides alpha by local_size itself.
#include <cassert>

#include "backends/cudnn/cudnn_descriptors.h"
#include "backends/cudnn/cudnn_ops.h"

namespace cnn::cudnn {
namespace {

class LrnCudnn final : public Op {
 public:
  LrnCudnn(const LayerDesc& layer, const cuda::OpContext& ctx) : ctx_(ctx), shape_(layer.in_shapes.at(0)) {
    const LrnParams& p = layer.lrn;
    set_nchw(x_, shape_, ctx.dtype());
    CNN_CUDA_CHECK(cudnnSetLRNDescriptor(lrn_.get(), unsigned(p.local_size), p.alpha, p.beta, p.k));
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1 && in[0]->count() == shape_.count() && out[0]->count() == shape_.count());
    CNN_CUDA_CHECK(cudnnLRNCrossChannelForward(ctx_.cudnn, lrn_.get(), CUDNN_LRN_CROSS_CHANNEL_DIM1, &kOne, x_.get(),
                                               in[0]->data(), &kZero, x_.get(), out[0]->data()));
  }

 private:
  cuda::OpContext ctx_;
  Shape shape_;
  TensorDescriptor x_;  // input and output share the shape
  LrnDescriptor lrn_;
};

}  // namespace

bool lrn_fits(const LayerDesc& layer) {
  const LrnParams& p = layer.lrn;
  return p.local_size >= CUDNN_LRN_MIN_N && p.local_size <= CUDNN_LRN_MAX_N && p.local_size % 2 == 1 &&
         p.k >= CUDNN_LRN_MIN_K && p.beta >= CUDNN_LRN_MIN_BETA;
}

std::unique_ptr<Op> make_lrn(const LayerDesc& layer, const cuda::OpContext& ctx) {
  assert(lrn_fits(layer));
  return std::make_unique<LrnCudnn>(layer, ctx);
}

}  // namespace cnn::cudnn
