#pragma once
// The per-element arithmetic of the project's CUDA kernels as __host__ __device__ functions, so the
// host tests can check their index math against the reference backend without a GPU.
// Load: float operator()(std::size_t index) const; Store: void operator()(std::size_t index, float).
#include <cfloat>
#include <cmath>
#include <cstddef>

#if defined(__CUDACC__)
#define CNN_HD __host__ __device__ __forceinline__
#else
#define CNN_HD inline
#endif

namespace cnn::cuda {

CNN_HD int imin(int a, int b) { return a < b ? a : b; }
CNN_HD int imax(int a, int b) { return a > b ? a : b; }

// One image of a convolution's input and its im2col column matrix. Rows (c, i, j) =
// (c * kernel_h + i) * kernel_w + j; columns oh * out_w + ow (Caffe's layout).
struct ConvGeometry {
  int channels = 0, height = 0, width = 0;  // input of one group set (all channels of the image)
  int kernel_h = 1, kernel_w = 1, pad_h = 0, pad_w = 0, stride_h = 1, stride_w = 1;
  int dilation_h = 1, dilation_w = 1, out_h = 0, out_w = 0;
  CNN_HD std::size_t rows() const { return std::size_t(channels) * kernel_h * kernel_w; }
  CNN_HD std::size_t columns() const { return std::size_t(out_h) * out_w; }
};

// Writes the kernel_h * kernel_w column cells of input channel `c` at output position (oh, ow);
// taps outside the image give 0. Indices are relative to the image and to its column matrix.
template <class Load, class Store>
CNN_HD void im2col_position(const ConvGeometry& g, int c, int oh, int ow, const Load& load, const Store& store) {
  const std::size_t columns = g.columns();
  const std::size_t col = std::size_t(oh) * g.out_w + ow;
  std::size_t row = std::size_t(c) * g.kernel_h * g.kernel_w;
  const std::size_t plane = std::size_t(c) * g.height;
  for (int i = 0; i < g.kernel_h; ++i) {
    const int ih = oh * g.stride_h - g.pad_h + i * g.dilation_h;
    for (int j = 0; j < g.kernel_w; ++j, ++row) {
      const int iw = ow * g.stride_w - g.pad_w + j * g.dilation_w;
      const bool inside = ih >= 0 && ih < g.height && iw >= 0 && iw < g.width;
      store(row * columns + col, inside ? load((plane + ih) * g.width + iw) : 0.f);
    }
  }
}

// Caffe pooling: out_h / out_w as the Graph computes them (Caffe's ceil rounding, last window
// starting inside the padded image, or ONNX's floor); a plane is (image, channel). pad_h / pad_w are
// the top / left pads, pad_bottom / pad_right the others (they differ in some ONNX models).
struct PoolGeometry {
  int planes = 0, height = 0, width = 0, out_h = 0, out_w = 0;
  int kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1, pad_h = 0, pad_w = 0;
  int pad_bottom = 0, pad_right = 0;
  bool max = true;
  bool exclude_pad = false;  // AVE divides by the cells inside the image (ONNX count_include_pad=0)
  CNN_HD std::size_t outputs() const { return std::size_t(planes) * out_h * out_w; }
};

// Output element `index` (over all planes): MAX over the window clipped to the image (-FLT_MAX when
// it holds no cell); AVE: the sum over that clipped window divided by the window clipped to
// height + pad_bottom, width + pad_right (padding counts in the divisor, the ceil overhang does not),
// or with exclude_pad by the cells of the clipped window (0 when it holds none).
template <class Load>
CNN_HD float pool_cell(const PoolGeometry& g, std::size_t index, const Load& load) {
  const int pw = int(index % std::size_t(g.out_w));
  const int ph = int(index / std::size_t(g.out_w) % std::size_t(g.out_h));
  const std::size_t base = index / (std::size_t(g.out_w) * g.out_h) * g.height * g.width;
  int hstart = ph * g.stride_h - g.pad_h, wstart = pw * g.stride_w - g.pad_w;
  if (g.max) {
    const int hend = imin(hstart + g.kernel_h, g.height), wend = imin(wstart + g.kernel_w, g.width);
    hstart = imax(hstart, 0);
    wstart = imax(wstart, 0);
    float m = -FLT_MAX;
    for (int h = hstart; h < hend; ++h)
      for (int w = wstart; w < wend; ++w) {
        const float v = load(base + std::size_t(h) * g.width + w);
        m = m < v ? v : m;
      }
    return m;
  }
  int hend = imin(hstart + g.kernel_h, g.height + g.pad_bottom);
  int wend = imin(wstart + g.kernel_w, g.width + g.pad_right);
  int pool_size = (hend - hstart) * (wend - wstart);
  hstart = imax(hstart, 0);
  wstart = imax(wstart, 0);
  hend = imin(hend, g.height);
  wend = imin(wend, g.width);
  if (g.exclude_pad) pool_size = imax(hend - hstart, 0) * imax(wend - wstart, 0);
  float sum = 0.f;
  for (int h = hstart; h < hend; ++h)
    for (int w = wstart; w < wend; ++w) sum += load(base + std::size_t(h) * g.width + w);
  return pool_size > 0 ? sum / float(pool_size) : 0.f;
}

// Clip: min(max(v, lo), hi) (ReLU6 is lo 0, hi 6).
CNN_HD float clip_value(float v, float lo, float hi) {
  const float low = v < lo ? lo : v;
  return low > hi ? hi : low;
}

// Caffe LRN across channels over NCHW: images x channels x plane.
struct LrnGeometry {
  int images = 0, channels = 0, plane = 0;
  int size = 5;  // local_size (odd)
  float alpha_over_n = 0, beta = 0.75f, k = 1;
  CNN_HD std::size_t pixels() const { return std::size_t(images) * plane; }
};

// Every channel of `pixel` (over all images): y = x * (k + alpha / n * sum of x^2 over channels
// [c - (n-1)/2, c + n-1 - (n-1)/2] clipped to the channels)^-beta, the sum sliding along c.
// y must not alias x.
template <class Load, class Store>
CNN_HD void lrn_pixel(const LrnGeometry& g, std::size_t pixel, const Load& load, const Store& store) {
  const std::size_t image = pixel / std::size_t(g.plane);
  const std::size_t base = image * g.channels * g.plane + pixel % std::size_t(g.plane);
  const std::size_t step = std::size_t(g.plane);
  const int pre = (g.size - 1) / 2, post = g.size - 1 - pre;
  float acc = 0.f;
  for (int c = 0; c <= imin(post, g.channels - 1); ++c) {
    const float v = load(base + c * step);
    acc += v * v;
  }
  for (int c = 0; c < g.channels; ++c) {
    const float x = load(base + c * step);
    store(base + c * step, x * powf(g.k + g.alpha_over_n * acc, -g.beta));
    if (c + 1 + post < g.channels) {
      const float v = load(base + (c + 1 + post) * step);
      acc += v * v;
    }
    if (c - pre >= 0) {
      const float v = load(base + (c - pre) * step);
      acc -= v * v;
    }
  }
}

}  // namespace cnn::cuda
