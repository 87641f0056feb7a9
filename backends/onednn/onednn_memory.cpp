// Memory descriptors, buffers and small helpers the oneDNN ops share.
#include <algorithm>
#include <cassert>
#include <cstring>

#include "backends/onednn/onednn_ops.h"

namespace cnn::onednn {

using dnnl::memory;

dnnl::memory::dims dims_of(const Shape& s) { return {s.n, s.c, s.h, s.w}; }

memory::desc plain_desc(const Shape& s) {
  return memory::desc(dims_of(s), memory::data_type::f32, memory::format_tag::nchw);
}

memory::desc plain_desc(const memory::dims& dims) {
  using tag = memory::format_tag;
  static const tag by_rank[] = {tag::undef, tag::a, tag::ab, tag::abc, tag::abcd, tag::abcde};
  assert(!dims.empty() && dims.size() <= 5);
  return memory::desc(dims, memory::data_type::f32, by_rank[dims.size()]);
}

memory unbound(const memory::desc& md, const dnnl::engine& engine) {
  return memory(md, engine, DNNL_MEMORY_NONE);
}

void bind(memory& m, const Tensor& t, const Shape& shape) {
  check_tensor(t, shape);
  assert(m.get_desc().get_size() == t.bytes());
  m.set_data_handle(const_cast<void*>(t.data()));
}

memory Holdings::hold(const memory::desc& md, const dnnl::engine& engine, std::size_t& counter) {
  const std::size_t bytes = md.get_size();
  if (bytes == 0) return memory();
  buffers_.emplace_back(bytes);
  counter += bytes;
  return memory(md, engine, buffers_.back().get());
}

memory Holdings::weights(const memory::desc& md, const dnnl::engine& engine) {
  return hold(md, engine, weights_bytes_);
}

memory Holdings::workspace(const memory::desc& md, const dnnl::engine& engine) {
  return hold(md, engine, workspace_bytes_);
}

memory reordered_copy(const Tensor& blob, const memory::desc& blob_md, const memory::desc& md, Context& ctx,
                      Holdings& held) {
  assert(blob.dtype() == DType::F32 && blob.space() == MemorySpace::Host);
  assert(blob_md.get_size() == blob.bytes());
  memory src(blob_md, ctx.engine, const_cast<void*>(blob.data()));
  memory dst = held.weights(md, ctx.engine);
  Holdings scratch;  // the reorder's own scratchpad, if any, only while it runs
  std::unordered_map<int, memory> args;
  user_reorder(src, dst, scratch, args).execute(ctx.stream, args);
  ctx.stream.wait();
  return dst;
}

dnnl::primitive_attr user_scratchpad_attr() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

memory scratchpad_for(const dnnl::primitive_desc_base& pd, const dnnl::engine& engine, Holdings& held) {
  return held.workspace(pd.scratchpad_desc(), engine);
}

dnnl::reorder user_reorder(const memory& src, const memory& dst, Holdings& held,
                           std::unordered_map<int, memory>& args) {
  const dnnl::reorder::primitive_desc pd(src, dst, user_scratchpad_attr());
  args[DNNL_ARG_FROM] = src;
  args[DNNL_ARG_TO] = dst;
  if (memory scratchpad = scratchpad_for(pd, src.get_engine(), held)) args[DNNL_ARG_SCRATCHPAD] = scratchpad;
  return dnnl::reorder(pd);
}

void check_tensor(const Tensor& t, const Shape& shape) {
  assert(t.dtype() == DType::F32 && t.space() == MemorySpace::Host);
  assert(t.count() == shape.count());
  (void)t;
  (void)shape;
}

void run(const dnnl::primitive& p, Context& ctx, const std::unordered_map<int, memory>& args) {
  p.execute(ctx.stream, args);
  ctx.stream.wait();
}

int pooling_padding_r(int in, int out, int kernel, int stride, int pad_l) {
  return (out - 1) * stride + kernel - in - pad_l;
}

}  // namespace cnn::onednn
