// Caffe Scale with a learned per-channel factor: y = x * gamma[c] (+ beta[c] with bias_term), one
// oneDNN binary multiply by a 1 x C x 1 x 1 operand with a binary-add post-op for beta; may run
// in place.
#include <cassert>

#include "backends/onednn/onednn_ops.h"

namespace cnn::onednn {

namespace {

using dnnl::memory;

class ScaleOneDnn final : public Op {
 public:
  ScaleOneDnn(const LayerDesc& layer, const Weights& weights, ContextPtr ctx)
      : ctx_(std::move(ctx)), shape_(layer.in_shapes.at(0)) {
    const bool bias = layer.scale.bias_term;
    assert(weights.blobs.size() == (bias ? 2u : 1u));
    Context& c = *ctx_;
    const memory::desc md = plain_desc(shape_);
    const memory::desc channel = plain_desc(Shape{1, shape_.c, 1, 1});
    dnnl::post_ops ops;
    if (bias) ops.append_binary(dnnl::algorithm::binary_add, channel);
    dnnl::primitive_attr attr = user_scratchpad_attr();
    attr.set_post_ops(ops);
    const dnnl::binary::primitive_desc pd(dnnl::binary::desc(dnnl::algorithm::binary_mul, md, channel, md),
                                          attr, c.engine);
    scale_ = dnnl::binary(pd);
    src_ = unbound(md, c.engine);
    dst_ = unbound(md, c.engine);
    args_ = {{DNNL_ARG_SRC_0, src_},
             {DNNL_ARG_SRC_1, reordered_copy(weights.blobs[0], channel, channel, c)},
             {DNNL_ARG_DST, dst_}};
    if (bias)
      args_[DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1] = reordered_copy(weights.blobs[1], channel, channel, c);
    scratchpad_ = scratchpad_for(pd, c.engine);
    if (scratchpad_) args_[DNNL_ARG_SCRATCHPAD] = scratchpad_;
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    bind(src_, *in[0], shape_);
    bind(dst_, *out[0], shape_);
    run(scale_, *ctx_, args_);
  }

  std::size_t workspace_bytes() const override { return scratchpad_ ? scratchpad_.get_desc().get_size() : 0; }

 private:
  ContextPtr ctx_;
  Shape shape_;
  dnnl::primitive scale_;
  memory src_, dst_, scratchpad_;
  std::unordered_map<int, memory> args_;
};

}  // namespace

std::unique_ptr<Op> make_scale(const LayerDesc& layer, const Weights& weights, const ContextPtr& ctx) {
  return std::make_unique<ScaleOneDnn>(layer, weights, ctx);
}

}  // namespace cnn::onednn
