// LRN across channels (Caffe): y = x * (k + alpha / n * sum of x^2 over the channel window)^-beta,
// the window [c - (n-1)/2, c + n - 1 - (n-1)/2] clipped to the channels. The sum slides along
// the channels (add the square entering, subtract the one leaving) over a block of pixels at a
// time; beta = 0.75 avoids pow: s^-0.75 = 1 / sqrt(s * sqrt(s)).
#include <algorithm>
#include <cassert>
#include <cmath>

#include "backends/openblas/openblas_ops.h"

namespace cnn::openblas {

namespace {

constexpr int kBlock = 512;  // pixels per work unit (C x kBlock floats stay in cache)

struct LrnBlock {
  int channels = 0;
  std::size_t plane = 0;  // floats between channels
  int pre = 0, post = 0;  // window: channels [c - pre, c + post]
  float alpha_n = 0, k = 1, beta = 0.75f;
};

inline __attribute__((always_inline)) void add_squares(const float* xc, float* acc, int len, float sign) {
  for (int j = 0; j < len; ++j) acc[j] += sign * xc[j] * xc[j];
}

// Pixels [0, len) of one image, every channel; x and y point at channel 0 of the block.
__attribute__((target_clones("avx512f", "avx2", "default")))
void lrn_block(const float* x, float* y, int len, const LrnBlock& b) {
  float acc[kBlock];
  std::fill_n(acc, len, 0.f);
  for (int c = 0; c <= std::min(b.post, b.channels - 1); ++c) add_squares(x + c * b.plane, acc, len, 1.f);
  const float k = b.k, alpha_n = b.alpha_n, beta = b.beta;
  for (int c = 0; c < b.channels; ++c) {
    const float* xc = x + c * b.plane;
    float* yc = y + c * b.plane;
    if (beta == 0.75f) {
      for (int j = 0; j < len; ++j) {
        const float s = k + alpha_n * acc[j];
        yc[j] = xc[j] / std::sqrt(s * std::sqrt(s));
      }
    } else {
      for (int j = 0; j < len; ++j) yc[j] = xc[j] * std::pow(k + alpha_n * acc[j], -beta);
    }
    if (c + 1 + b.post < b.channels) add_squares(x + (c + 1 + b.post) * b.plane, acc, len, 1.f);
    if (c - b.pre >= 0) add_squares(x + (c - b.pre) * b.plane, acc, len, -1.f);
  }
}

class LrnOpenBlas final : public Op {
 public:
  LrnOpenBlas(const LayerDesc& layer, int threads) : shape_(layer.in_shapes.at(0)), threads_(threads) {
    const LrnParams& p = layer.lrn;
    assert(p.local_size >= 1);
    b_.channels = shape_.c;
    b_.plane = std::size_t(shape_.h) * shape_.w;
    b_.pre = (p.local_size - 1) / 2;
    b_.post = p.local_size - 1 - b_.pre;
    b_.alpha_n = p.alpha / float(p.local_size);
    b_.k = p.k;
    b_.beta = p.beta;
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor(*in[0], shape_);
    check_tensor(*out[0], shape_);
    assert(in[0]->data() != out[0]->data());
    const float* x = in[0]->f32();
    float* y = out[0]->f32();
    const int hw = shape_.h * shape_.w;
    const int blocks = (hw + kBlock - 1) / kBlock;
    const int units = shape_.n * blocks;
#pragma omp parallel for num_threads(threads_for(shape_.count(), threads_)) schedule(static)
    for (int u = 0; u < units; ++u) {
      const int i = u / blocks, j0 = (u % blocks) * kBlock;
      const std::size_t offset = std::size_t(i) * shape_.per_image() + j0;
      lrn_block(x + offset, y + offset, std::min(kBlock, hw - j0), b_);
    }
  }

 private:
  Shape shape_;
  LrnBlock b_;
  int threads_ = 1;
};

}  // namespace

std::unique_ptr<Op> make_lrn(const LayerDesc& layer, int threads) {
  return std::make_unique<LrnOpenBlas>(layer, threads);
}

}  // namespace cnn::openblas
