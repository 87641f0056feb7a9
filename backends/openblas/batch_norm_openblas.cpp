// BatchNorm (Caffe, inference): y = (x - mean) / sqrt(variance + eps) per channel, computed as
// y = x * a + b with a = 1 / sqrt(variance + eps), b = -mean * a; may run in place.
#include <cassert>
#include <cmath>

#include "backends/openblas/openblas_ops.h"

namespace cnn::openblas {

namespace {

class BatchNormOpenBlas final : public Op {
 public:
  BatchNormOpenBlas(const LayerDesc& layer, const Weights& weights, int threads)
      : shape_(layer.in_shapes.at(0)), threads_(threads) {
    const Tensor& mean = weights.blobs.at(0);
    const Tensor& variance = weights.blobs.at(1);
    assert(mean.count() == std::size_t(shape_.c) && variance.count() == std::size_t(shape_.c));
    a_ = AlignedFloats(std::size_t(shape_.c));
    b_ = AlignedFloats(std::size_t(shape_.c));
    float* a = a_.get();
    float* b = b_.get();
    for (int c = 0; c < shape_.c; ++c) {
      a[c] = float(1.0 / std::sqrt(double(variance.f32()[c]) + double(layer.batch_norm.eps)));
      b[c] = -mean.f32()[c] * a[c];
    }
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor(*in[0], shape_);
    check_tensor(*out[0], shape_);
    channel_affine(in[0]->f32(), out[0]->f32(), shape_, a_.get(), b_.get(), threads_);
  }

  std::size_t weights_copy_bytes() const override { return a_.bytes() + b_.bytes(); }

 private:
  Shape shape_;
  AlignedFloats a_, b_;  // per channel scale and shift: the weights folded, a copy of their size
  int threads_ = 1;
};

}  // namespace

void channel_affine(const float* x, float* y, const Shape& shape, const float* a, const float* b,
                    int threads) {
  const int planes = shape.n * shape.c, channels = shape.c;
  const std::ptrdiff_t hw = std::ptrdiff_t(shape.h) * shape.w;
#pragma omp parallel for num_threads(threads_for(shape.count(), threads)) schedule(static)
  for (int p = 0; p < planes; ++p) {
    const float ap = a[p % channels], bp = b ? b[p % channels] : 0.f;
    const float* xs = x + hw * p;
    float* ys = y + hw * p;
#pragma omp simd
    for (std::ptrdiff_t j = 0; j < hw; ++j) ys[j] = xs[j] * ap + bp;
  }
}

std::unique_ptr<Op> make_batch_norm(const LayerDesc& layer, const Weights& weights, int threads) {
  return std::make_unique<BatchNormOpenBlas>(layer, weights, threads);
}

}  // namespace cnn::openblas
