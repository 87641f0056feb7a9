// Caffe convolution (stride, pad, dilation, group, optional bias) as plain loops; in a fused graph
// also the Eltwise sum and ReLU fused into it (FusedOps), applied plane by plane.
#include <algorithm>
#include <cassert>
#include <cstddef>

#include "backends/reference/reference_ops.h"

namespace cnn {

class ConvolutionReference final : public Op {
 public:
  ConvolutionReference(const LayerDesc& layer, const Weights& weights, int threads)
      : p_(layer.conv), fused_(layer.fused), in_(layer.in_shapes.at(0)), out_(layer.out_shapes.at(0)),
        threads_(threads) {
    assert(layer.in_shapes.size() == (fused_.sum ? 2u : 1u));
    assert(in_.c % p_.group == 0 && out_.c % p_.group == 0);
    assert(weights.blobs.size() == (p_.bias_term ? 2u : 1u));
    weight_ = weights.blobs.at(0);
    assert(weight_.count() == std::size_t(out_.c) * (in_.c / p_.group) * p_.kernel_h * p_.kernel_w);
    if (p_.bias_term) {
      bias_ = weights.blobs.at(1);
      assert(bias_.count() == std::size_t(out_.c));
    }
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    reference::check_tensor(*in[0], in_);
    reference::check_tensor(*out[0], out_);
    const float* x = in[0]->f32();
    float* y = out[0]->f32();
    const float* addend = nullptr;  // a fused Eltwise sum's other operand
    if (fused_.sum) {
      reference::check_tensor(*in[1], out_);
      addend = in[1]->f32();
    }
    const std::size_t plane = std::size_t(out_.h) * out_.w;
    reference::parallel_for(threads_, out_.n * out_.c, [&](int begin, int end) {
      for (int i = begin; i < end; ++i) {
        channel(x, y, i / out_.c, i % out_.c);
        if (!fused_.any()) continue;
        float* yp = y + std::size_t(i) * plane;
        for (std::size_t k = 0; k < plane; ++k)
          yp[k] = activate(fused_, addend ? yp[k] + addend[std::size_t(i) * plane + k] : yp[k]);
      }
    });
  }

 private:
  // Output plane (n, oc): loop ic, kh, kw with the weight hoisted, then oh, ow over the
  // output positions whose input cell lies inside the image (padding contributes zero).
  void channel(const float* x, float* y, int n, int oc) const {
    const int in_per_group = in_.c / p_.group, out_per_group = out_.c / p_.group;
    const int g = oc / out_per_group;
    const int kh_n = p_.kernel_h, kw_n = p_.kernel_w;
    const int oh_n = out_.h, ow_n = out_.w, ih_n = in_.h, iw_n = in_.w;
    float* plane = y + (std::size_t(n) * out_.c + oc) * oh_n * ow_n;
    std::fill(plane, plane + std::size_t(oh_n) * ow_n, p_.bias_term ? bias_.f32()[oc] : 0.f);
    const float* w = weight_.f32() + std::size_t(oc) * in_per_group * kh_n * kw_n;
    for (int ic = 0; ic < in_per_group; ++ic) {
      const float* src = x + (std::size_t(n) * in_.c + g * in_per_group + ic) * ih_n * iw_n;
      for (int kh = 0; kh < kh_n; ++kh) {
        for (int kw = 0; kw < kw_n; ++kw) {
          const float wv = w[(ic * kh_n + kh) * kw_n + kw];
          // iw = ow * stride_w + off; keep 0 <= iw < iw_n.
          const int off = kw * p_.dilation_w - p_.pad_w;
          if (off == 0 && iw_n == ow_n && p_.stride_h == 1 && p_.stride_w == 1) {
            // Whole rows line up (iw = ow, ih = oh + shift): one pass over the valid rows.
            const int shift = kh * p_.dilation_h - p_.pad_h;
            const int oh_lo = std::max(0, -shift), oh_hi = std::min(oh_n, ih_n - shift);
            if (oh_lo < oh_hi) {
              const float* in_rows = src + std::size_t(oh_lo + shift) * iw_n;
              float* out_rows = plane + std::size_t(oh_lo) * ow_n;
              const std::size_t len = std::size_t(oh_hi - oh_lo) * ow_n;
              for (std::size_t i = 0; i < len; ++i) out_rows[i] += wv * in_rows[i];
            }
            continue;
          }
          const int ow_lo = off >= 0 ? 0 : (-off + p_.stride_w - 1) / p_.stride_w;
          const int ow_hi = iw_n - 1 - off < 0 ? 0 : std::min(ow_n, (iw_n - 1 - off) / p_.stride_w + 1);
          for (int oh = 0; oh < oh_n; ++oh) {
            const int ih = oh * p_.stride_h - p_.pad_h + kh * p_.dilation_h;
            if (ih < 0 || ih >= ih_n) continue;
            const float* row = src + std::size_t(ih) * iw_n;
            float* orow = plane + std::size_t(oh) * ow_n;
            if (p_.stride_w == 1) {
              for (int ow = ow_lo; ow < ow_hi; ++ow) orow[ow] += wv * row[ow + off];
            } else {
              for (int ow = ow_lo; ow < ow_hi; ++ow) orow[ow] += wv * row[ow * p_.stride_w + off];
            }
          }
        }
      }
    }
  }

  ConvolutionParams p_;
  FusedOps fused_;
  Shape in_, out_;
  int threads_;
  Tensor weight_, bias_;
};

namespace reference {
std::unique_ptr<Op> make_convolution(const LayerDesc& layer, const Weights& weights, int threads) {
  return std::make_unique<ConvolutionReference>(layer, weights, threads);
}
}  // namespace reference

}  // namespace cnn
