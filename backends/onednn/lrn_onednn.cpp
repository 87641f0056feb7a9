// Caffe LRN, ACROSS_CHANNELS: y = x * (k + alpha / n * sum of x^2 over n neighbouring channels)^-beta,
// oneDNN lrn_across_channels (oneDNN divides alpha by local_size too), on NCHW or on channel
// blocks with timed reorders (Layout::Blocked; see NchwBridge).
#include <cassert>

#include "backends/onednn/onednn_ops.h"

namespace cnn::onednn {

namespace {

using dnnl::memory;

class LrnOneDnn final : public Op {
 public:
  LrnOneDnn(const LayerDesc& layer, ContextPtr ctx, Layout layout)
      : ctx_(std::move(ctx)), shape_(layer.in_shapes.at(0)) {
    const LrnParams& p = layer.lrn;
    assert(p.local_size > 0 && p.local_size % 2 == 1);
    const bool own = layer.in_layout(0) == ValueLayout::Own || layer.out_layout() == ValueLayout::Own;
    const memory::desc md = own ? own_desc(shape_) : layout == Layout::Blocked ? blocked_desc(shape_) : plain_desc(shape_);
    using fwd = dnnl::lrn_forward;
    const fwd::desc desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::lrn_across_channels, md,
                         p.local_size, p.alpha, p.beta, p.k);
    const fwd::primitive_desc pd(desc, user_scratchpad_attr(), ctx_->engine);
    lrn_ = fwd(pd);
    bridge_ = NchwBridge(shape_, pd.src_desc(), shape_, pd.dst_desc(), ctx_, layer.in_layout(0), layer.out_layout());
    args_ = {{DNNL_ARG_SRC, bridge_.src()}, {DNNL_ARG_DST, bridge_.dst()}};
    if (memory scratchpad = scratchpad_for(pd, ctx_->engine, held_)) args_[DNNL_ARG_SCRATCHPAD] = scratchpad;
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    assert(in[0]->data() != out[0]->data());
    bridge_.enter(*in[0], *out[0]);
    run(lrn_, *ctx_, args_);
    bridge_.leave();
  }

  std::span<const OpStage> last_stages() const override { return bridge_.stages(); }

  std::size_t workspace_bytes() const override {
    return bridge_.buffer_bytes() + held_.workspace_bytes();
  }

 private:
  ContextPtr ctx_;
  Shape shape_;
  dnnl::primitive lrn_;
  NchwBridge bridge_;
  Holdings held_;  // its scratchpad
  std::unordered_map<int, memory> args_;
};

}  // namespace

std::unique_ptr<Op> make_lrn(const LayerDesc& layer, const ContextPtr& ctx, Layout layout) {
  return std::make_unique<LrnOneDnn>(layer, ctx, layout);
}

}  // namespace cnn::onednn
