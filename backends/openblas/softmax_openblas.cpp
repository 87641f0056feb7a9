// Softmax over channels (Caffe): y = exp(x - max_c x) / sum_c exp(x - max_c x) at each pixel,
// computed for a block of pixels at a time so that the inner loops run along contiguous memory.
#include <algorithm>
#include <cassert>
#include <cfloat>
#include <cmath>

#include "backends/openblas/openblas_ops.h"

namespace cnn::openblas {

namespace {

constexpr int kBlock = 256;  // pixels per work unit

class SoftmaxOpenBlas final : public Op {
 public:
  SoftmaxOpenBlas(const LayerDesc& layer, int threads) : shape_(layer.in_shapes.at(0)), threads_(threads) {
    assert(layer.softmax.axis == 1);
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor(*in[0], shape_);
    check_tensor(*out[0], shape_);
    const float* x = in[0]->f32();
    float* y = out[0]->f32();
    const int hw = shape_.h * shape_.w;
    const int blocks = (hw + kBlock - 1) / kBlock;
    const int units = shape_.n * blocks;
#pragma omp parallel for num_threads(threads_for(shape_.count(), threads_)) schedule(static)
    for (int u = 0; u < units; ++u) {
      const int i = u / blocks, j0 = (u % blocks) * kBlock;
      const std::size_t offset = std::size_t(i) * shape_.per_image() + j0;
      if (hw == 1)
        vector(x + offset, y + offset);
      else
        block(x + offset, y + offset, std::min(kBlock, hw - j0));
    }
  }

 private:
  // One pixel's channels, contiguous (fully connected outputs).
  void vector(const float* x, float* y) const {
    const int channels = shape_.c;
    float m = -FLT_MAX;
    for (int c = 0; c < channels; ++c) m = std::max(m, x[c]);
    float sum = 0.f;
    for (int c = 0; c < channels; ++c) {
      y[c] = std::exp(x[c] - m);
      sum += y[c];
    }
    const float inv = 1.f / sum;
    for (int c = 0; c < channels; ++c) y[c] *= inv;
  }

  // Pixels [0, len) of one image, every channel; x and y point at channel 0 of the block.
  void block(const float* x, float* y, int len) const {
    const int channels = shape_.c;
    const std::size_t plane = std::size_t(shape_.h) * shape_.w;
    float m[kBlock], sum[kBlock];
    std::fill_n(m, len, -FLT_MAX);
    std::fill_n(sum, len, 0.f);
    for (int c = 0; c < channels; ++c)
      for (int j = 0; j < len; ++j) m[j] = std::max(m[j], x[c * plane + j]);
    for (int c = 0; c < channels; ++c)
      for (int j = 0; j < len; ++j) {
        const float e = std::exp(x[c * plane + j] - m[j]);
        y[c * plane + j] = e;
        sum[j] += e;
      }
    for (int j = 0; j < len; ++j) sum[j] = 1.f / sum[j];
    for (int c = 0; c < channels; ++c)
      for (int j = 0; j < len; ++j) y[c * plane + j] *= sum[j];
  }

  Shape shape_;
  int threads_ = 1;
};

}  // namespace

std::unique_ptr<Op> make_softmax(const LayerDesc& layer, int threads) {
  return std::make_unique<SoftmaxOpenBlas>(layer, threads);
}

}  // namespace cnn::openblas
