// NchwBridge: the NCHW tensors of the session around a primitive in oneDNN's own formats, with
// each reorder timed on the host clock (execution on the CPU stream is synchronous).
#include <cassert>
#include <chrono>

#include "backends/onednn/onednn_ops.h"

namespace cnn::onednn {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

NchwBridge::NchwBridge(const Shape& in, const dnnl::memory::desc& primitive_src, const Shape& out,
                       const dnnl::memory::desc& primitive_dst, ContextPtr ctx, ValueLayout in_layout,
                       ValueLayout out_layout, const dnnl::memory::dims& in_view)
    : ctx_(std::move(ctx)), in_(in), out_(out) {
  const dnnl::engine& engine = ctx_->engine;
  dnnl::memory::desc user_src = user_desc(in_, in_layout);
  if (!in_view.empty()) user_src = user_src.submemory_desc(in_view, dnnl::memory::dims(in_view.size(), 0));
  user_src_ = unbound(user_src, engine);
  user_dst_ = unbound(user_desc(out_, out_layout), engine);
  primitive_src_ = user_src_;
  primitive_dst_ = user_dst_;
  if (primitive_src != user_src_.get_desc()) {
    primitive_src_ = held_.workspace(primitive_src, engine);
    reorder_in_ = user_reorder(user_src_, primitive_src_, held_, in_args_);
    stages_.push_back({"reorder in", 0.0});
  }
  if (primitive_dst != user_dst_.get_desc()) {
    primitive_dst_ = held_.workspace(primitive_dst, engine);
    reorder_out_ = user_reorder(primitive_dst_, user_dst_, held_, out_args_);
    stages_.push_back({"reorder out", 0.0});
  }
}

void NchwBridge::enter(const Tensor& in, const Tensor& out) {
  assert(ctx_);
  bind(user_src_, in, in_);
  bind(user_dst_, out, out_);
  if (!reorder_in_) return;
  const auto t0 = Clock::now();
  run(*reorder_in_, *ctx_, in_args_);
  stages_.front().ms = ms_since(t0);
}

void NchwBridge::leave() {
  if (!reorder_out_) return;
  const auto t0 = Clock::now();
  run(*reorder_out_, *ctx_, out_args_);
  stages_.back().ms = ms_since(t0);
}

int channel_block() {
  // oneDNN's ISA values are bit sets, each containing the ones it extends.
  const unsigned avx512 = unsigned(dnnl_cpu_isa_avx512_core);
  return (unsigned(dnnl::get_effective_cpu_isa()) & avx512) == avx512 ? 16 : 8;
}

dnnl::memory::desc blocked_desc(const Shape& s) {
  return dnnl::memory::desc(dims_of(s), dnnl::memory::data_type::f32,
                            channel_block() == 16 ? dnnl::memory::format_tag::nChw16c : dnnl::memory::format_tag::nChw8c);
}

// The source format oneDNN's convolution picks for itself (format_tag::any) on a typical layer
// (3x3, 64 channels, 56x56): nhwc where its brgemm kernels run (AVX-512 cores since oneDNN 2.x),
// else the channel-blocked format.
dnnl::memory::format_tag own_tag() {
  static const dnnl::memory::format_tag tag = [] {
    using dnnl::memory;
    const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    const memory::dims src{1, 64, 56, 56}, weights{64, 64, 3, 3};
    const auto any = [](const memory::dims& d) { return memory::desc(d, memory::data_type::f32, memory::format_tag::any); };
    const dnnl::convolution_forward::desc desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                               any(src), any(weights), any(src), {1, 1}, {1, 1}, {1, 1});
    const dnnl::convolution_forward::primitive_desc pd(desc, engine);
    if (pd.src_desc() == memory::desc(src, memory::data_type::f32, memory::format_tag::nhwc)) return memory::format_tag::nhwc;
    return channel_block() == 16 ? memory::format_tag::nChw16c : memory::format_tag::nChw8c;
  }();
  return tag;
}

dnnl::memory::desc own_desc(const Shape& s) {
  return dnnl::memory::desc(dims_of(s), dnnl::memory::data_type::f32, own_tag());
}

bool own_layout_fits(const Shape& s) {
  return own_tag() == dnnl::memory::format_tag::nhwc || s.c % channel_block() == 0;
}

dnnl::memory::desc user_desc(const Shape& s, ValueLayout layout) {
  return layout == ValueLayout::Own ? own_desc(s) : plain_desc(s);
}

}  // namespace cnn::onednn
