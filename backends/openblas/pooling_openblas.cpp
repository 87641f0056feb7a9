// Pooling with Caffe's semantics: windows start at o * stride - pad; MAX clips the window to the
// image; AVE divides by the window clipped to the padded image (pad counted, beyond it not), whose
// bottom / right pads may differ from the top / left ones (ONNX), or with exclude_pad by the cells
// of the window inside the image. The output size (rounded up or down) is the Graph's.
// Separable: for each output row the window's input rows are first combined column by column
// (contiguous, vectorised), then the window's columns along that combined row. Planes (image,
// channel) are shared among threads.
#include <algorithm>
#include <cassert>
#include <cfloat>
#include <vector>

#include "backends/openblas/openblas_ops.h"

namespace cnn::openblas {

namespace {

// Everything about one plane's pooling that does not depend on the values.
struct PoolPlan {
  bool max = true;
  int height = 0, width = 0, out_h = 0, out_w = 0;
  int kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1, pad_h = 0, pad_w = 0;
  int pad_bottom = 0;             // AVE: rows past the image that count in the divisor
  bool exclude_pad = false;       // AVE: the divisor counts cells inside the image only
  std::vector<int> wstart, wend;  // window columns of each output column, clipped to the image
  std::vector<int> wpadded;       // AVE divisor's width: the window clipped to the padded image, or
                                  // with exclude_pad to the image
  int inner_lo = 0, inner_hi = 0;  // output columns whose whole window lies inside the image
};

#define CNN_INLINE inline __attribute__((always_inline))

struct Max {
  static constexpr float identity = -FLT_MAX;
  static float apply(float a, float b) { return a > b ? a : b; }
};
struct Sum {
  static constexpr float identity = 0.f;
  static float apply(float a, float b) { return a + b; }
};

// out[pw] = op over the window columns of `row` (the rows already combined), for every pw;
// S is the horizontal stride when known at compile time (the inner loops then vectorise), or 0.
template <typename Op, int S>
CNN_INLINE void pool_columns(const PoolPlan& p, const float* row, float* out) {
  for (int pw = 0; pw < p.inner_lo; ++pw) {
    float a = Op::identity;
    for (int w = p.wstart[pw]; w < p.wend[pw]; ++w) a = Op::apply(a, row[w]);
    out[pw] = a;
  }
  const int sw = S > 0 ? S : p.stride_w;
  // Windows wholly inside the image: the columns from inner_lo on start at `first`.
  const float* first = row + (p.inner_lo * sw - p.pad_w);
  const int n = p.inner_hi - p.inner_lo;
  float* o = out + p.inner_lo;
  for (int i = 0; i < n; ++i) o[i] = first[i * sw];
  for (int kj = 1; kj < p.kernel_w; ++kj) {
    const float* f = first + kj;
    for (int i = 0; i < n; ++i) o[i] = Op::apply(o[i], f[i * sw]);
  }
  for (int pw = p.inner_hi; pw < p.out_w; ++pw) {
    float a = Op::identity;
    for (int w = p.wstart[pw]; w < p.wend[pw]; ++w) a = Op::apply(a, row[w]);
    out[pw] = a;
  }
}

template <typename Op>
CNN_INLINE void pool_plane_with(const PoolPlan& p, const float* x, float* y, float* rows) {
  for (int ph = 0; ph < p.out_h; ++ph) {
    const int hs = ph * p.stride_h - p.pad_h;
    const int h0 = std::max(hs, 0), h1 = std::min(hs + p.kernel_h, p.height);
    float* out = y + std::size_t(ph) * p.out_w;
    if (h1 <= h0) {  // a window in the padding only (MAX: Caffe leaves -FLT_MAX; AVE: 0)
      std::fill_n(out, p.out_w, Op::identity);
      continue;
    }
    const float* first = x + std::size_t(h0) * p.width;
    for (int w = 0; w < p.width; ++w) rows[w] = first[w];
    for (int h = h0 + 1; h < h1; ++h) {
      const float* r = x + std::size_t(h) * p.width;
      for (int w = 0; w < p.width; ++w) rows[w] = Op::apply(rows[w], r[w]);
    }
    if (p.stride_w == 1)
      pool_columns<Op, 1>(p, rows, out);
    else if (p.stride_w == 2)
      pool_columns<Op, 2>(p, rows, out);
    else
      pool_columns<Op, 0>(p, rows, out);
    if (!p.max) {
      const int hpadded = p.exclude_pad ? h1 - h0 : std::min(hs + p.kernel_h, p.height + p.pad_bottom) - hs;
      for (int pw = 0; pw < p.out_w; ++pw) out[pw] /= float(hpadded * p.wpadded[pw]);
    }
  }
}

// One plane: x (height x width) -> y (out_h x out_w); `rows` holds `width` floats of scratch.
__attribute__((target_clones("avx512f", "avx2", "default")))
void pool_plane(const PoolPlan& p, const float* x, float* y, float* rows) {
  if (p.max)
    pool_plane_with<Max>(p, x, y, rows);
  else
    pool_plane_with<Sum>(p, x, y, rows);
}

#undef CNN_INLINE

class PoolingOpenBlas final : public Op {
 public:
  PoolingOpenBlas(const LayerDesc& layer, int threads)
      : in_shape_(layer.in_shapes.at(0)), out_shape_(layer.out_shapes.at(0)), threads_(threads) {
    assert(in_shape_.n == out_shape_.n && in_shape_.c == out_shape_.c);
    const PoolingParams& q = layer.pool;
    p_.max = q.method == PoolMethod::Max;
    p_.height = in_shape_.h;
    p_.width = in_shape_.w;
    p_.out_h = out_shape_.h;
    p_.out_w = out_shape_.w;
    p_.kernel_h = q.kernel_h;
    p_.kernel_w = q.kernel_w;
    p_.stride_h = q.stride_h;
    p_.stride_w = q.stride_w;
    p_.pad_h = q.pad_h;
    p_.pad_w = q.pad_w;
    p_.pad_bottom = q.pad_bottom();
    p_.exclude_pad = q.exclude_pad;
    p_.inner_lo = p_.inner_hi = p_.out_w;
    for (int pw = 0; pw < p_.out_w; ++pw) {
      const int ws = pw * q.stride_w - q.pad_w;
      p_.wstart.push_back(std::max(ws, 0));
      p_.wend.push_back(std::min(ws + q.kernel_w, p_.width));
      p_.wpadded.push_back(q.exclude_pad ? std::max(p_.wend.back() - p_.wstart.back(), 1)  // 1: no cell, sum 0
                                         : std::min(ws + q.kernel_w, p_.width + q.pad_right()) - ws);
      const bool inside = ws >= 0 && ws + q.kernel_w <= p_.width;
      if (inside && p_.inner_lo == p_.out_w) p_.inner_lo = pw;
      if (inside) p_.inner_hi = pw + 1;
    }
    if (p_.inner_hi < p_.inner_lo) p_.inner_hi = p_.inner_lo;
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor(*in[0], in_shape_);
    check_tensor(*out[0], out_shape_);
    const float* x = in[0]->f32();
    float* y = out[0]->f32();
    const int planes = in_shape_.n * in_shape_.c;
    const std::size_t in_plane = std::size_t(in_shape_.h) * in_shape_.w;
    const std::size_t out_plane = std::size_t(out_shape_.h) * out_shape_.w;
#pragma omp parallel num_threads(threads_for(in_shape_.count(), threads_))
    {
      std::vector<float> rows(p_.width);
#pragma omp for schedule(static)
      for (int plane = 0; plane < planes; ++plane)
        pool_plane(p_, x + in_plane * plane, y + out_plane * plane, rows.data());
    }
  }

 private:
  Shape in_shape_, out_shape_;
  PoolPlan p_;
  int threads_ = 1;
};

}  // namespace

std::unique_ptr<Op> make_pooling(const LayerDesc& layer, int threads) {
  return std::make_unique<PoolingOpenBlas>(layer, threads);
}

}  // namespace cnn::openblas
