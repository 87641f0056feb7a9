// Clip (ReLU6 is Clip(0, 6)): y = min(max(x, min), max), branch-free so it vectorises; may run in
// place (y == x).
#include <algorithm>
#include <cassert>

#include "backends/openblas/openblas_ops.h"

namespace cnn::openblas {

namespace {

class ClipOpenBlas final : public Op {
 public:
  ClipOpenBlas(const LayerDesc& layer, int threads)
      : shape_(layer.in_shapes.at(0)), lo_(layer.clip.min), hi_(layer.clip.max), threads_(threads) {}

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor(*in[0], shape_);
    check_tensor(*out[0], shape_);
    const float* x = in[0]->f32();
    float* y = out[0]->f32();
    const std::ptrdiff_t n = std::ptrdiff_t(shape_.count());
    const float lo = lo_, hi = hi_;
#pragma omp parallel for num_threads(threads_for(std::size_t(n), threads_)) schedule(static)
    for (std::ptrdiff_t i = 0; i < n; ++i) y[i] = std::min(std::max(x[i], lo), hi);
  }

 private:
  Shape shape_;
  float lo_ = 0.f, hi_ = 0.f;
  int threads_ = 1;
};

}  // namespace

std::unique_ptr<Op> make_clip(const LayerDesc& layer, int threads) {
  return std::make_unique<ClipOpenBlas>(layer, threads);
}

}  // namespace cnn::openblas
