#include "backends/openblas/depthwise_openblas.h"

#include <algorithm>
#include <cstring>

namespace cnn::openblas {

namespace {

// The helpers below are inlined into each target clone of single_channel_convolution, so they
// are compiled for AVX-512 / AVX2 there too.
#define CNN_INLINE inline __attribute__((always_inline))

// The padded plane: wide and tall enough for every tap of every output.
int padded_width(const ConvGeometry& g) {
  return std::max(g.width + 2 * g.pad_w, (g.out_w - 1) * g.stride_w + (g.kernel_w - 1) * g.dilation_w + 1);
}
int padded_height(const ConvGeometry& g) {
  return std::max(g.height + 2 * g.pad_h, (g.out_h - 1) * g.stride_h + (g.kernel_h - 1) * g.dilation_h + 1);
}
bool is_3x3(const ConvGeometry& g) {
  return g.kernel_h == 3 && g.kernel_w == 3 && g.dilation_h == 1 && g.dilation_w == 1;
}

// Copies the plane into `p` (padded_height x padded_width) with zeros around it.
CNN_INLINE void pad_plane(const float* plane, const ConvGeometry& g, float* p) {
  const int pw = padded_width(g), ph = padded_height(g);
  for (int r = 0; r < ph; ++r) {
    float* d = p + std::size_t(r) * pw;
    const int ih = r - g.pad_h;
    if (ih < 0 || ih >= g.height) {
      std::fill_n(d, pw, 0.f);
      continue;
    }
    std::fill_n(d, g.pad_w, 0.f);
    std::memcpy(d + g.pad_w, plane + std::size_t(ih) * g.width, sizeof(float) * g.width);
    std::fill_n(d + g.pad_w + g.width, pw - g.pad_w - g.width, 0.f);
  }
}

// 3x3, dilation 1, stride S, row by row: nine multiply-adds per output from three padded rows.
template <int S>
CNN_INLINE void rows3x3(const float* p, int pw, const ConvGeometry& g, const float* w, float bias, float* out) {
  const float w00 = w[0], w01 = w[1], w02 = w[2], w10 = w[3], w11 = w[4], w12 = w[5], w20 = w[6],
              w21 = w[7], w22 = w[8];
  for (int oh = 0; oh < g.out_h; ++oh) {
    const float* r0 = p + std::size_t(oh) * g.stride_h * pw;
    const float* r1 = r0 + pw;
    const float* r2 = r1 + pw;
    float* o = out + std::size_t(oh) * g.out_w;
    for (int ow = 0; ow < g.out_w; ++ow) {
      const int i = ow * S;
      o[ow] = bias + w00 * r0[i] + w01 * r0[i + 1] + w02 * r0[i + 2] + w10 * r1[i] + w11 * r1[i + 1] +
              w12 * r1[i + 2] + w20 * r2[i] + w21 * r2[i + 1] + w22 * r2[i + 2];
    }
  }
}

// 3x3 stride 1 over the padded plane flattened, for narrow planes (7x7, 14x14) where row loops
// are too short to vectorise: every position q of the padded grid gets the nine taps at
// q + ki * pw + kj in one long loop (the extra columns of each row are discarded), then the
// valid columns are copied out.
CNN_INLINE void flat3x3(const float* p, int pw, const ConvGeometry& g, const float* w, float bias,
                        float* wide, float* out) {
  const float w00 = w[0], w01 = w[1], w02 = w[2], w10 = w[3], w11 = w[4], w12 = w[5], w20 = w[6],
              w21 = w[7], w22 = w[8];
  const float* r0 = p;
  const float* r1 = p + pw;
  const float* r2 = p + 2 * pw;
  const int n = (g.out_h - 1) * pw + g.out_w;  // through the last output used
  for (int q = 0; q < n; ++q)
    wide[q] = bias + w00 * r0[q] + w01 * r0[q + 1] + w02 * r0[q + 2] + w10 * r1[q] + w11 * r1[q + 1] +
              w12 * r1[q + 2] + w20 * r2[q] + w21 * r2[q + 1] + w22 * r2[q + 2];
  for (int oh = 0; oh < g.out_h; ++oh)
    std::memcpy(out + std::size_t(oh) * g.out_w, wide + std::size_t(oh) * pw, sizeof(float) * g.out_w);
}

// Any kernel, stride and dilation: tap by tap over each output row.
CNN_INLINE void rows_generic(const float* p, int pw, const ConvGeometry& g, const float* w, float bias,
                             float* out) {
  const int sw = g.stride_w;
  for (int oh = 0; oh < g.out_h; ++oh) {
    float* o = out + std::size_t(oh) * g.out_w;
    std::fill_n(o, g.out_w, bias);
    for (int ki = 0; ki < g.kernel_h; ++ki) {
      const float* row = p + std::size_t(oh * g.stride_h + ki * g.dilation_h) * pw;
      for (int kj = 0; kj < g.kernel_w; ++kj) {
        const float wv = w[ki * g.kernel_w + kj];
        const float* r = row + kj * g.dilation_w;
        for (int ow = 0; ow < g.out_w; ++ow) o[ow] += wv * r[ow * sw];
      }
    }
  }
}

#undef CNN_INLINE

// Output rows narrower than this run flattened (flat3x3); wider ones row by row.
constexpr int kFlatWidth = 32;

bool flat(const ConvGeometry& g) {
  return is_3x3(g) && g.stride_h == 1 && g.stride_w == 1 && g.out_w < kFlatWidth;
}

}  // namespace

std::size_t single_channel_scratch(const ConvGeometry& g) {
  const std::size_t padded = std::size_t(padded_height(g)) * padded_width(g);
  return flat(g) ? 2 * padded : padded;  // the padded plane, and the flat output grid
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void single_channel_convolution(const float* plane, const ConvGeometry& g, const float* weights,
                                float bias, float* out, float* scratch) {
  pad_plane(plane, g, scratch);
  const int pw = padded_width(g);
  if (flat(g))
    flat3x3(scratch, pw, g, weights, bias, scratch + std::size_t(padded_height(g)) * pw, out);
  else if (is_3x3(g) && g.stride_w == 1)
    rows3x3<1>(scratch, pw, g, weights, bias, out);
  else if (is_3x3(g) && g.stride_w == 2)
    rows3x3<2>(scratch, pw, g, weights, bias, out);
  else
    rows_generic(scratch, pw, g, weights, bias, out);
}

}  // namespace cnn::openblas
