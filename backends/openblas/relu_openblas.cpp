// ReLU (Caffe): y = max(x, 0) + negative_slope * min(x, 0); may run in place (y == x).
#include <algorithm>
#include <cassert>

#include "backends/openblas/openblas_ops.h"

namespace cnn::openblas {

namespace {

class ReluOpenBlas final : public Op {
 public:
  ReluOpenBlas(const LayerDesc& layer, int threads)
      : shape_(layer.in_shapes.at(0)), slope_(layer.relu.negative_slope), threads_(threads) {}

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor(*in[0], shape_);
    check_tensor(*out[0], shape_);
    const float* x = in[0]->f32();
    float* y = out[0]->f32();
    const std::ptrdiff_t n = std::ptrdiff_t(shape_.count());
    const int team = threads_for(std::size_t(n), threads_);
    if (slope_ == 0.f) {
#pragma omp parallel for num_threads(team) schedule(static)
      for (std::ptrdiff_t i = 0; i < n; ++i) {
        const float v = x[i];
        y[i] = v > 0.f ? v : 0.f;
      }
    } else {
      const float s = slope_;
#pragma omp parallel for num_threads(team) schedule(static)
      for (std::ptrdiff_t i = 0; i < n; ++i) y[i] = std::max(x[i], 0.f) + s * std::min(x[i], 0.f);
    }
  }

 private:
  Shape shape_;
  float slope_ = 0.f;
  int threads_ = 1;
};

}  // namespace

std::unique_ptr<Op> make_relu(const LayerDesc& layer, int threads) {
  return std::make_unique<ReluOpenBlas>(layer, threads);
}

}  // namespace cnn::openblas
