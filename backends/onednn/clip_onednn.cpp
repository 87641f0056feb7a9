// Clip (ReLU6 is Clip(0, 6)): y = min(max(x, min), max), oneDNN eltwise_clip with alpha = min and
// beta = max; may run in place (y == x).
#include <cassert>

#include "backends/onednn/onednn_ops.h"

namespace cnn::onednn {

namespace {

using dnnl::memory;

class ClipOneDnn final : public Op {
 public:
  ClipOneDnn(const LayerDesc& layer, ContextPtr ctx) : ctx_(std::move(ctx)), shape_(layer.in_shapes.at(0)) {
    using fwd = dnnl::eltwise_forward;
    const fwd::desc desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::eltwise_clip, plain_desc(shape_),
                         layer.clip.min, layer.clip.max);
    const fwd::primitive_desc pd(desc, user_scratchpad_attr(), ctx_->engine);
    clip_ = fwd(pd);
    src_ = unbound(plain_desc(shape_), ctx_->engine);
    dst_ = unbound(plain_desc(shape_), ctx_->engine);
    args_ = {{DNNL_ARG_SRC, src_}, {DNNL_ARG_DST, dst_}};
    if (memory scratchpad = scratchpad_for(pd, ctx_->engine, held_)) args_[DNNL_ARG_SCRATCHPAD] = scratchpad;
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    bind(src_, *in[0], shape_);
    bind(dst_, *out[0], shape_);
    run(clip_, *ctx_, args_);
  }

  std::size_t workspace_bytes() const override { return held_.workspace_bytes(); }

 private:
  ContextPtr ctx_;
  Shape shape_;
  dnnl::primitive clip_;
  memory src_, dst_;
  Holdings held_;  // its scratchpad
  std::unordered_map<int, memory> args_;
};

}  // namespace

std::unique_ptr<Op> make_clip(const LayerDesc& layer, const ContextPtr& ctx) {
  return std::make_unique<ClipOneDnn>(layer, ctx);
}

}  // namespace cnn::onednn
