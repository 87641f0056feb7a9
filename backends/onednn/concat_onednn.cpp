// Concat along channels (axis 1) of NCHW inputs into one NCHW output, one oneDNN concat primitive.
#include <cassert>
#include <vector>

#include "backends/onednn/onednn_ops.h"

namespace cnn::onednn {

namespace {

using dnnl::memory;

class ConcatOneDnn final : public Op {
 public:
  ConcatOneDnn(const LayerDesc& layer, ContextPtr ctx)
      : ctx_(std::move(ctx)), in_(layer.in_shapes), out_(layer.out_shapes.at(0)) {
    assert(layer.concat.axis == 1 && !in_.empty());
    std::vector<memory::desc> srcs;
    for (const Shape& s : in_) srcs.push_back(plain_desc(s));
    const dnnl::concat::primitive_desc pd(plain_desc(out_), 1, srcs, ctx_->engine, user_scratchpad_attr());
    concat_ = dnnl::concat(pd);
    for (std::size_t i = 0; i < in_.size(); ++i) {
      src_.push_back(unbound(srcs[i], ctx_->engine));
      args_[DNNL_ARG_MULTIPLE_SRC + int(i)] = src_.back();
    }
    dst_ = unbound(plain_desc(out_), ctx_->engine);
    args_[DNNL_ARG_DST] = dst_;
    scratchpad_ = scratchpad_for(pd, ctx_->engine);
    if (scratchpad_) args_[DNNL_ARG_SCRATCHPAD] = scratchpad_;
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == in_.size() && out.size() == 1);
    for (std::size_t i = 0; i < in.size(); ++i) bind(src_[i], *in[i], in_[i]);
    bind(dst_, *out[0], out_);
    run(concat_, *ctx_, args_);
  }

  std::size_t workspace_bytes() const override { return scratchpad_ ? scratchpad_.get_desc().get_size() : 0; }

 private:
  ContextPtr ctx_;
  std::vector<Shape> in_;
  Shape out_;
  dnnl::primitive concat_;
  std::vector<memory> src_;
  memory dst_, scratchpad_;
  std::unordered_map<int, memory> args_;
};

}  // namespace

std::unique_ptr<Op> make_concat(const LayerDesc& layer, const ContextPtr& ctx) {
  return std::make_unique<ConcatOneDnn>(layer, ctx);
}

}  // namespace cnn::onednn
