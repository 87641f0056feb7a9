// ReLU (Caffe): y = max(x, 0) + negative_slope * min(x, 0), oneDNN eltwise_relu with alpha =
// negative_slope; may run in place (y == x). Its op runs any one-input oneDNN eltwise algorithm
// (make_unary_eltwise: Clip's too).
#include <cassert>

#include "backends/onednn/onednn_ops.h"

namespace cnn::onednn {

namespace {

using dnnl::memory;

class UnaryEltwiseOneDnn final : public Op {
 public:
  UnaryEltwiseOneDnn(const LayerDesc& layer, ContextPtr ctx, dnnl::algorithm algorithm, float alpha, float beta)
      : ctx_(std::move(ctx)), shape_(layer.in_shapes.at(0)) {
    using fwd = dnnl::eltwise_forward;
    const fwd::desc desc(dnnl::prop_kind::forward_inference, algorithm, plain_desc(shape_), alpha, beta);
    const fwd::primitive_desc pd(desc, user_scratchpad_attr(), ctx_->engine);
    relu_ = fwd(pd);
    src_ = unbound(plain_desc(shape_), ctx_->engine);
    dst_ = unbound(plain_desc(shape_), ctx_->engine);
    args_ = {{DNNL_ARG_SRC, src_}, {DNNL_ARG_DST, dst_}};
    if (memory scratchpad = scratchpad_for(pd, ctx_->engine, held_)) args_[DNNL_ARG_SCRATCHPAD] = scratchpad;
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    bind(src_, *in[0], shape_);
    bind(dst_, *out[0], shape_);
    run(relu_, *ctx_, args_);
  }

  std::size_t workspace_bytes() const override { return held_.workspace_bytes(); }

 private:
  ContextPtr ctx_;
  Shape shape_;
  dnnl::primitive relu_;
  memory src_, dst_;
  Holdings held_;  // its scratchpad
  std::unordered_map<int, memory> args_;
};

}  // namespace

std::unique_ptr<Op> make_unary_eltwise(const LayerDesc& layer, const ContextPtr& ctx, dnnl::algorithm algorithm,
                                       float alpha, float beta) {
  return std::make_unique<UnaryEltwiseOneDnn>(layer, ctx, algorithm, alpha, beta);
}

std::unique_ptr<Op> make_relu(const LayerDesc& layer, const ContextPtr& ctx) {
  return make_unary_eltwise(layer, ctx, dnnl::algorithm::eltwise_relu, layer.relu.negative_slope, 0.f);
}

}  // namespace cnn::onednn
