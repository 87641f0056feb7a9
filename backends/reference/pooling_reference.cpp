// Caffe pooling, MAX and AVE, exactly as PoolingLayer::Forward_cpu; with the ONNX parameters Caffe
// lacks (PoolingParams): bottom / right pads of their own and AVE's divisor counting input cells only.
// The output size (rounding up or down) comes from the Graph.
#include <algorithm>
#include <cassert>
#include <cfloat>

#include "backends/reference/reference_ops.h"

namespace cnn {

class PoolingReference final : public Op {
 public:
  explicit PoolingReference(const LayerDesc& layer)
      : p_(layer.pool), in_(layer.in_shapes.at(0)), out_(layer.out_shapes.at(0)) {
    assert(in_.n == out_.n && in_.c == out_.c);
    assert(p_.kernel_h > 0 && p_.kernel_w > 0 && p_.stride_h > 0 && p_.stride_w > 0);
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    reference::check_tensor(*in[0], in_);
    reference::check_tensor(*out[0], out_);
    const float* x = in[0]->f32();
    float* y = out[0]->f32();
    const std::size_t in_plane = std::size_t(in_.h) * in_.w, out_plane = std::size_t(out_.h) * out_.w;
    for (int nc = 0; nc < in_.n * in_.c; ++nc) {
      const float* src = x + nc * in_plane;
      float* dst = y + nc * out_plane;
      for (int ph = 0; ph < out_.h; ++ph)
        for (int pw = 0; pw < out_.w; ++pw)
          dst[ph * out_.w + pw] = p_.method == PoolMethod::Max ? max_cell(src, ph, pw) : ave_cell(src, ph, pw);
    }
  }

 private:
  // Padded cells never win; a window wholly in padding yields -FLT_MAX, as in Caffe.
  float max_cell(const float* src, int ph, int pw) const {
    int hstart = ph * p_.stride_h - p_.pad_h, wstart = pw * p_.stride_w - p_.pad_w;
    const int hend = std::min(hstart + p_.kernel_h, in_.h), wend = std::min(wstart + p_.kernel_w, in_.w);
    hstart = std::max(hstart, 0);
    wstart = std::max(wstart, 0);
    float m = -FLT_MAX;
    for (int h = hstart; h < hend; ++h)
      for (int w = wstart; w < wend; ++w) m = std::max(m, src[h * in_.w + w]);
    return m;
  }

  // Sum of the cells inside the image, divided by the window clipped to H + pad_bottom, W + pad_right
  // (so padded cells count in the divisor, cells past the padding do not), or with exclude_pad by
  // the cells inside the image.
  float ave_cell(const float* src, int ph, int pw) const {
    int hstart = ph * p_.stride_h - p_.pad_h, wstart = pw * p_.stride_w - p_.pad_w;
    int hend = std::min(hstart + p_.kernel_h, in_.h + p_.pad_bottom());
    int wend = std::min(wstart + p_.kernel_w, in_.w + p_.pad_right());
    int pool_size = (hend - hstart) * (wend - wstart);
    hstart = std::max(hstart, 0);
    wstart = std::max(wstart, 0);
    hend = std::min(hend, in_.h);
    wend = std::min(wend, in_.w);
    if (p_.exclude_pad) pool_size = std::max(hend - hstart, 0) * std::max(wend - wstart, 0);
    float sum = 0.f;
    for (int h = hstart; h < hend; ++h)
      for (int w = wstart; w < wend; ++w) sum += src[h * in_.w + w];
    return pool_size > 0 ? sum / float(pool_size) : 0.f;  // 0: a window holding no input cell
  }

  PoolingParams p_;
  Shape in_, out_;
};

namespace reference {
std::unique_ptr<Op> make_pooling(const LayerDesc& layer) { return std::make_unique<PoolingReference>(layer); }
}  // namespace reference

}  // namespace cnn
