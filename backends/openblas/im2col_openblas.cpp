#include "backends/openblas/im2col_openblas.h"

#include <algorithm>
#include <cstring>

namespace cnn::openblas {

namespace {

// The last input column / row (in padded coordinates) any tap reads, plus one.
int tap_width(const ConvGeometry& g) { return (g.out_w - 1) * g.stride_w + (g.kernel_w - 1) * g.dilation_w + 1; }
int tap_height(const ConvGeometry& g) { return (g.out_h - 1) * g.stride_h + (g.kernel_h - 1) * g.dilation_h + 1; }

// Wide enough for the image after its left padding and for every tap: the right padding may differ
// from the left one (ONNX), so it is what the taps reach, not pad_w again.
int padded_width(const ConvGeometry& g) { return std::max(g.width + 2 * g.pad_w, tap_width(g)); }

// Whether some tap falls outside the image: padding before it, or taps past its end (padding after).
bool reads_padding(const ConvGeometry& g) {
  return g.pad_h != 0 || g.pad_w != 0 || tap_width(g) > g.width || tap_height(g) > g.height;
}

// Input rows, in padded coordinates (row 0 = pad_h rows above the image), that output rows
// [oh_first, oh_last] read: [first, last).
void needed_rows(const ConvGeometry& g, int oh_first, int oh_last, int& first, int& last) {
  first = oh_first * g.stride_h;
  last = oh_last * g.stride_h + (g.kernel_h - 1) * g.dilation_h + 1;
}

// Copies padded rows [first, last) of every channel into `buf` (channels x (last-first) x
// padded width), zeros where the padded image is outside the real one.
void pad_rows(const float* image, const ConvGeometry& g, int first, int last, float* buf) {
  const int wp = padded_width(g), rows = last - first;
  for (int c = 0; c < g.channels; ++c) {
    const float* plane = image + std::size_t(c) * g.height * g.width;
    for (int r = 0; r < rows; ++r) {
      float* d = buf + (std::size_t(c) * rows + r) * wp;
      const int ih = first + r - g.pad_h;
      if (ih < 0 || ih >= g.height) {
        std::memset(d, 0, sizeof(float) * wp);
        continue;
      }
      std::memset(d, 0, sizeof(float) * g.pad_w);
      std::memcpy(d + g.pad_w, plane + std::size_t(ih) * g.width, sizeof(float) * g.width);
      std::memset(d + g.pad_w + g.width, 0, sizeof(float) * (wp - g.pad_w - g.width));
    }
  }
}

// n floats from s with stride S (0: runtime stride sw) to d.
template <int S>
inline void gather(const float* s, float* d, int n, int sw) {
  const int step = S > 0 ? S : sw;
  for (int i = 0; i < n; ++i) d[i] = s[i * step];
}

// The copy: `src` holds `rows_per_channel` padded rows of width `wp` per channel, the first being
// padded row `first`; every tap is inside it.
template <int S>
void im2col_from(const float* src, const ConvGeometry& g, int first, int rows_per_channel, int wp,
                 int p0, int p1, float* col, std::size_t ld) {
  const int kk = g.kernel_h * g.kernel_w, ow_count = g.out_w, sw = g.stride_w;
  const int oh_first = p0 / ow_count, oh_last = (p1 - 1) / ow_count;
  const std::size_t plane = std::size_t(rows_per_channel) * wp;
  for (int r = 0; r < g.rows(); ++r) {
    const int c = r / kk, ki = (r % kk) / g.kernel_w, kj = r % g.kernel_w;
    const float* s_c = src + c * plane + kj * g.dilation_w;
    float* row = col + std::size_t(r) * ld;
    for (int oh = oh_first; oh <= oh_last; ++oh) {
      // This output row's pixels [a, b) within [p0, p1).
      const int a = oh == oh_first ? p0 - oh * ow_count : 0;
      const int b = oh == oh_last ? p1 - oh * ow_count : ow_count;
      const float* s = s_c + std::size_t(oh * g.stride_h + ki * g.dilation_h - first) * wp + a * sw;
      gather<S>(s, row + (std::ptrdiff_t(oh) * ow_count + a - p0), b - a, sw);
    }
  }
}

}  // namespace

std::size_t im2col_scratch(const ConvGeometry& g) {
  if (!reads_padding(g)) return 0;
  int first, last;
  needed_rows(g, 0, g.out_h - 1, first, last);
  return std::size_t(g.channels) * (last - first) * padded_width(g);
}

void im2col(const float* image, const ConvGeometry& g, int p0, int p1, float* col, std::size_t ld,
            float* scratch) {
  if (p1 <= p0) return;
  int first, last;
  needed_rows(g, p0 / g.out_w, (p1 - 1) / g.out_w, first, last);
  const float* src = image;  // without padding the image itself is the padded image
  int rows_per_channel = g.height, wp = g.width, base = 0;
  if (reads_padding(g)) {
    pad_rows(image, g, first, last, scratch);
    src = scratch;
    rows_per_channel = last - first;
    wp = padded_width(g);
    base = first;
  }
  switch (g.stride_w) {
    case 1: return im2col_from<1>(src, g, base, rows_per_channel, wp, p0, p1, col, ld);
    case 2: return im2col_from<2>(src, g, base, rows_per_channel, wp, p0, p1, col, ld);
    case 4: return im2col_from<4>(src, g, base, rows_per_channel, wp, p0, p1, col, ld);
    default: return im2col_from<0>(src, g, base, rows_per_channel, wp, p0, p1, col, ld);
  }
}

}  // namespace cnn::openblas
