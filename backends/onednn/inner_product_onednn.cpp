// InnerProduct (Caffe): y[n] = W x[n] + b over each image's C*H*W values, as one oneDNN
// inner_product primitive; W (Caffe's Cout x C*H*W row-major, i.e. OIHW) is reordered once into
// the primitive's preferred format. A fused ReLU is its post-op; the input may be in the backend's
// own layout (own_desc).
#include <cassert>

#include "backends/onednn/onednn_ops.h"

namespace cnn::onednn {

namespace {

using dnnl::memory;

class InnerProductOneDnn final : public Op {
 public:
  InnerProductOneDnn(const LayerDesc& layer, const Weights& weights, ContextPtr ctx)
      : ctx_(std::move(ctx)), in_(layer.in_shapes.at(0)), out_(layer.out_shapes.at(0)) {
    const int outputs = layer.fc.num_output;
    assert(out_.n == in_.n && out_.c == outputs && out_.h == 1 && out_.w == 1);
    const memory::dims wdims{outputs, in_.c, in_.h, in_.w};
    const memory::desc any_weights(wdims, memory::data_type::f32, memory::format_tag::any);
    const memory::desc bias_md = plain_desc(memory::dims{outputs});
    const memory::desc dst_md = plain_desc(memory::dims{out_.n, outputs});
    using fwd = dnnl::inner_product_forward;
    const auto kind = dnnl::prop_kind::forward_inference;
    const memory::desc src_md = user_desc(in_, layer.in_layout(0));
    const fwd::desc desc = layer.fc.bias_term ? fwd::desc(kind, src_md, any_weights, bias_md, dst_md)
                                              : fwd::desc(kind, src_md, any_weights, dst_md);
    dnnl::primitive_attr attr = user_scratchpad_attr();
    if (layer.fused.activation == Activation::ReLU) {
      dnnl::post_ops ops;
      ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, layer.fused.negative_slope, 0.f);
      attr.set_post_ops(ops);
    }
    const fwd::primitive_desc pd(desc, attr, ctx_->engine);
    ip_ = fwd(pd);
    Context& c = *ctx_;
    const memory::desc caffe_weights(wdims, memory::data_type::f32, memory::format_tag::oihw);
    src_ = unbound(src_md, c.engine);
    dst_ = unbound(dst_md, c.engine);
    args_ = {{DNNL_ARG_SRC, src_},
             {DNNL_ARG_WEIGHTS, reordered_copy(weights.blobs.at(0), caffe_weights, pd.weights_desc(), c, held_)},
             {DNNL_ARG_DST, dst_}};
    if (layer.fc.bias_term) args_[DNNL_ARG_BIAS] = reordered_copy(weights.blobs.at(1), bias_md, pd.bias_desc(), c, held_);
    if (memory scratchpad = scratchpad_for(pd, c.engine, held_)) args_[DNNL_ARG_SCRATCHPAD] = scratchpad;
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    bind(src_, *in[0], in_);
    bind(dst_, *out[0], out_);
    run(ip_, *ctx_, args_);
  }

  std::size_t workspace_bytes() const override { return held_.workspace_bytes(); }
  // The weights (and bias) reordered into the primitive's preferred format.
  std::size_t weights_copy_bytes() const override { return held_.weights_bytes(); }

 private:
  ContextPtr ctx_;
  Shape in_, out_;
  dnnl::primitive ip_;
  memory src_, dst_;
  Holdings held_;  // its reordered weights and scratchpad
  std::unordered_map<int, memory> args_;
};

}  // namespace

std::unique_ptr<Op> make_inner_product(const LayerDesc& layer, const Weights& weights, const ContextPtr& ctx) {
  return std::make_unique<InnerProductOneDnn>(layer, weights, ctx);
}

}  // namespace cnn::onednn
