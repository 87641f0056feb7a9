// Caffe BatchNorm at inference (global statistics): y = (x - mean) / sqrt(var + eps), one oneDNN
// batch_normalization primitive with use_global_stats and no scale or shift; may run in place.
#include <cassert>

#include "backends/onednn/onednn_ops.h"

namespace cnn::onednn {

namespace {

using dnnl::memory;

class BatchNormOneDnn final : public Op {
 public:
  BatchNormOneDnn(const LayerDesc& layer, const Weights& weights, ContextPtr ctx)
      : ctx_(std::move(ctx)), shape_(layer.in_shapes.at(0)) {
    assert(weights.blobs.size() == 2);
    using fwd = dnnl::batch_normalization_forward;
    const fwd::desc desc(dnnl::prop_kind::forward_inference, plain_desc(shape_), layer.batch_norm.eps,
                         dnnl::normalization_flags::use_global_stats);
    const fwd::primitive_desc pd(desc, user_scratchpad_attr(), ctx_->engine);
    bn_ = fwd(pd);
    Context& c = *ctx_;
    const memory::desc stats = plain_desc(memory::dims{shape_.c});
    src_ = unbound(plain_desc(shape_), c.engine);
    dst_ = unbound(plain_desc(shape_), c.engine);
    args_ = {{DNNL_ARG_SRC, src_},
             {DNNL_ARG_MEAN, reordered_copy(weights.blobs[0], stats, pd.mean_desc(), c)},
             {DNNL_ARG_VARIANCE, reordered_copy(weights.blobs[1], stats, pd.variance_desc(), c)},
             {DNNL_ARG_DST, dst_}};
    scratchpad_ = scratchpad_for(pd, c.engine);
    if (scratchpad_) args_[DNNL_ARG_SCRATCHPAD] = scratchpad_;
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    bind(src_, *in[0], shape_);
    bind(dst_, *out[0], shape_);
    run(bn_, *ctx_, args_);
  }

  std::size_t workspace_bytes() const override { return scratchpad_ ? scratchpad_.get_desc().get_size() : 0; }

 private:
  ContextPtr ctx_;
  Shape shape_;
  dnnl::primitive bn_;
  memory src_, dst_, scratchpad_;
  std::unordered_map<int, memory> args_;
};

}  // namespace

std::unique_ptr<Op> make_batch_norm(const LayerDesc& layer, const Weights& weights, const ContextPtr& ctx) {
  return std::make_unique<BatchNormOneDnn>(layer, weights, ctx);
}

}  // namespace cnn::onednn
