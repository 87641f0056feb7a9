// Caffe pooling, MAX and AVE, as one oneDNN pooling primitive on NCHW, or on channel blocks with
// timed reorders (Layout::Blocked; see NchwBridge).
// The output size is the Graph's (Caffe rounds up, ONNX down unless ceil_mode); oneDNN rounds down,
// so the right / bottom padding is set to whatever makes oneDNN's size the Graph's (it may exceed
// the layer's own bottom / right pad, or fall short of it). MAX ignores padded cells in both. AVE
// divisors differ at the borders: Caffe divides by the window clipped to the image plus its padding
// (H + pad_bottom), counting padded cells before the image and up to pad_bottom after it but not
// the extra cells the ceil rounding adds; with exclude_pad (ONNX's count_include_pad=0) the layer
// divides by the cells inside the image. oneDNN divides by the whole window (include_padding) or by
// the cells inside the image (exclude_padding). The op runs exclude when the layer asks for it or
// has no padding at all, include otherwise, then rescales the border outputs whose divisor still
// differs (a short list per plane, found in create(); the values then stay NCHW, see
// pooling_rescales).
#include <algorithm>
#include <cassert>
#include <utility>
#include <vector>

#include "backends/onednn/onednn_ops.h"

namespace cnn::onednn {

namespace {

using dnnl::memory;

// Per output row (or column) along one dimension: the layer's and oneDNN's divisor factor.
struct AxisDivisors {
  std::vector<int> wanted, onednn;
};

// `pad` before the input and `pad_end` after it; `exclude_pad`: the layer's divisor counts input
// cells only; `onednn_exclude`: oneDNN runs exclude_padding.
AxisDivisors axis_divisors(int in, int out, int kernel, int stride, int pad, int pad_end, bool exclude_pad,
                           bool onednn_exclude) {
  AxisDivisors d;
  for (int o = 0; o < out; ++o) {
    const int start = o * stride - pad;
    const int inside = std::max(std::min(start + kernel, in) - std::max(start, 0), 1);
    d.wanted.push_back(exclude_pad ? inside : std::min(start + kernel, in + pad_end) - start);
    d.onednn.push_back(onednn_exclude ? inside : kernel);
  }
  return d;
}

bool onednn_excludes(const PoolingParams& p) {
  return p.exclude_pad || (p.pad_h == 0 && p.pad_w == 0 && p.pad_bottom() == 0 && p.pad_right() == 0);
}

// (index in an output plane, oneDNN's divisor / the layer's) for every AVE output they differ on.
std::vector<std::pair<int, float>> rescales(const LayerDesc& layer) {
  const PoolingParams& p = layer.pool;
  std::vector<std::pair<int, float>> out;
  if (p.method != PoolMethod::Average) return out;
  const Shape& in = layer.in_shapes.at(0);
  const Shape& o = layer.out_shapes.at(0);
  const bool exclude = onednn_excludes(p);
  const AxisDivisors h =
      axis_divisors(in.h, o.h, p.kernel_h, p.stride_h, p.pad_h, p.pad_bottom(), p.exclude_pad, exclude);
  const AxisDivisors w =
      axis_divisors(in.w, o.w, p.kernel_w, p.stride_w, p.pad_w, p.pad_right(), p.exclude_pad, exclude);
  for (int oh = 0; oh < o.h; ++oh)
    for (int ow = 0; ow < o.w; ++ow) {
      const int wanted = h.wanted[oh] * w.wanted[ow], onednn = h.onednn[oh] * w.onednn[ow];
      if (wanted != onednn) out.emplace_back(oh * o.w + ow, float(onednn) / float(wanted));
    }
  return out;
}

class PoolingOneDnn final : public Op {
 public:
  PoolingOneDnn(const LayerDesc& layer, ContextPtr ctx, int threads, Layout layout)
      : ctx_(std::move(ctx)), in_(layer.in_shapes.at(0)), out_(layer.out_shapes.at(0)), threads_(threads) {
    const PoolingParams& p = layer.pool;
    assert(in_.n == out_.n && in_.c == out_.c);
    const int pad_r_h = pooling_padding_r(in_.h, out_.h, p.kernel_h, p.stride_h, p.pad_h);
    const int pad_r_w = pooling_padding_r(in_.w, out_.w, p.kernel_w, p.stride_w, p.pad_w);
    // Rows and columns past the last window (a negative padding): the primitive reads the input without
    // them (the bridge copies that view into a dense buffer, a timed "reorder in" stage).
    Shape read = in_;
    read.h += std::min(pad_r_h, 0);
    read.w += std::min(pad_r_w, 0);
    const memory::dims view = read == in_ ? memory::dims{} : dims_of(read);
    using A = dnnl::algorithm;
    const A alg = p.method == PoolMethod::Max ? A::pooling_max
                  : onednn_excludes(p)        ? A::pooling_avg_exclude_padding
                                              : A::pooling_avg_include_padding;
    using fwd = dnnl::pooling_forward;
    const bool own = layer.in_layout(0) == ValueLayout::Own || layer.out_layout() == ValueLayout::Own;
    const bool blocked = layout == Layout::Blocked && !own;
    const auto md = [&](const Shape& s) { return own ? own_desc(s) : blocked ? blocked_desc(s) : plain_desc(s); };
    const fwd::desc desc(dnnl::prop_kind::forward_inference, alg, md(read), md(out_),
                         {p.stride_h, p.stride_w}, {p.kernel_h, p.kernel_w}, {p.pad_h, p.pad_w},
                         {std::max(pad_r_h, 0), std::max(pad_r_w, 0)});
    const fwd::primitive_desc pd(desc, user_scratchpad_attr(), ctx_->engine);
    pool_ = fwd(pd);
    bridge_ =
        NchwBridge(in_, pd.src_desc(), out_, pd.dst_desc(), ctx_, layer.in_layout(0), layer.out_layout(), view);
    args_ = {{DNNL_ARG_SRC, bridge_.src()}, {DNNL_ARG_DST, bridge_.dst()}};
    if (memory scratchpad = scratchpad_for(pd, ctx_->engine, held_)) args_[DNNL_ARG_SCRATCHPAD] = scratchpad;
    fixups_ = rescales(layer);
    assert(fixups_.empty() || layer.out_layout() == ValueLayout::Nchw);  // they index NCHW planes
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    bridge_.enter(*in[0], *out[0]);
    run(pool_, *ctx_, args_);
    bridge_.leave();
    if (fixups_.empty()) return;
    float* y = out[0]->f32();
    const std::ptrdiff_t planes = std::ptrdiff_t(out_.n) * out_.c;
    const std::size_t plane = std::size_t(out_.h) * out_.w;
    const bool parallel = planes * std::ptrdiff_t(fixups_.size()) > (1 << 14);
#pragma omp parallel for num_threads(parallel ? threads_ : 1) schedule(static)
    for (std::ptrdiff_t i = 0; i < planes; ++i) {
      float* yp = y + std::size_t(i) * plane;
      for (const auto& [index, factor] : fixups_) yp[index] *= factor;
    }
  }

  std::size_t workspace_bytes() const override {
    return bridge_.buffer_bytes() + held_.workspace_bytes();
  }

  std::span<const OpStage> last_stages() const override { return bridge_.stages(); }

 private:
  ContextPtr ctx_;
  Shape in_, out_;
  int threads_ = 1;
  dnnl::primitive pool_;
  NchwBridge bridge_;
  Holdings held_;  // its scratchpad
  std::unordered_map<int, memory> args_;
  std::vector<std::pair<int, float>> fixups_;  // (index in an output plane, oneDNN / the layer's divisor)
};

}  // namespace

bool pooling_rescales(const LayerDesc& layer) { return !rescales(layer).empty(); }

std::unique_ptr<Op> make_pooling(const LayerDesc& layer, const ContextPtr& ctx, int threads, Layout layout) {
  return std::make_unique<PoolingOneDnn>(layer, ctx, threads, layout);
}

}  // namespace cnn::onednn
