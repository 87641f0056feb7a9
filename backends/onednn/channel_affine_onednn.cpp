// ChannelAffine: y = x * a[c] + b[c] over NCHW as one oneDNN binary primitive (see onednn_ops.h).
#include <cassert>
#include <cstring>

#include "backends/onednn/onednn_ops.h"

namespace cnn::onednn {

namespace {

// A 1 x C x 1 x 1 weights memory in `held` holding `values`.
dnnl::memory channel_values(const std::vector<float>& values, const dnnl::memory::desc& md, const dnnl::engine& engine,
                            Holdings& held) {
  dnnl::memory m = held.weights(md, engine);
  assert(md.get_size() == values.size() * sizeof(float));
  std::memcpy(m.get_data_handle(), values.data(), md.get_size());
  return m;
}

}  // namespace

ChannelAffine::ChannelAffine(const Shape& shape, const std::vector<float>& a, const std::vector<float>& b,
                             ContextPtr ctx)
    : ctx_(std::move(ctx)), shape_(shape) {
  assert(a.size() == std::size_t(shape.c) && (b.empty() || b.size() == a.size()));
  const dnnl::engine& engine = ctx_->engine;
  const dnnl::memory::desc md = plain_desc(shape_);
  const dnnl::memory::desc channel = plain_desc(Shape{1, shape_.c, 1, 1});
  dnnl::post_ops ops;
  if (!b.empty()) ops.append_binary(dnnl::algorithm::binary_add, channel);
  dnnl::primitive_attr attr = user_scratchpad_attr();
  attr.set_post_ops(ops);
  const dnnl::binary::primitive_desc pd(dnnl::binary::desc(dnnl::algorithm::binary_mul, md, channel, md), attr,
                                        engine);
  affine_ = dnnl::binary(pd);
  src_ = unbound(md, engine);
  dst_ = unbound(md, engine);
  args_ = {{DNNL_ARG_SRC_0, src_}, {DNNL_ARG_SRC_1, channel_values(a, channel, engine, held_)}, {DNNL_ARG_DST, dst_}};
  if (!b.empty()) args_[DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1] = channel_values(b, channel, engine, held_);
  if (dnnl::memory scratchpad = scratchpad_for(pd, engine, held_)) args_[DNNL_ARG_SCRATCHPAD] = scratchpad;
}

void ChannelAffine::run(const Tensor& in, const Tensor& out) {
  assert(ctx_);
  bind(src_, in, shape_);
  bind(dst_, out, shape_);
  onednn::run(affine_, *ctx_, args_);
}

}  // namespace cnn::onednn
