// Eltwise (Caffe): SUM (with optional coefficients), PROD or MAX of every input, element by
// element, a cache-sized chunk at a time, then a fused ReLU on the chunk. y may alias the first
// input (not the others).
#include <algorithm>
#include <cassert>
#include <vector>

#include "backends/openblas/openblas_ops.h"

namespace cnn::openblas {

namespace {

constexpr std::ptrdiff_t kChunk = 4096;  // elements per work unit

class EltwiseOpenBlas final : public Op {
 public:
  EltwiseOpenBlas(const LayerDesc& layer, int threads)
      : op_(layer.eltwise.op), fused_(layer.fused), shape_(layer.out_shapes.at(0)), inputs_(int(layer.in_shapes.size())),
        threads_(threads) {
    assert(inputs_ >= 1);
    coeff_ = layer.eltwise.coeff;
    if (coeff_.empty()) coeff_.assign(inputs_, 1.f);
    assert(int(coeff_.size()) == inputs_);
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(int(in.size()) == inputs_ && out.size() == 1);
    std::vector<const float*> src(in.size());
    for (std::size_t k = 0; k < in.size(); ++k) {
      check_tensor(*in[k], shape_);
      src[k] = in[k]->f32();
    }
    check_tensor(*out[0], shape_);
    float* y = out[0]->f32();
    const std::ptrdiff_t n = std::ptrdiff_t(shape_.count());
#pragma omp parallel for num_threads(threads_for(shape_.count(), threads_)) schedule(static)
    for (std::ptrdiff_t b = 0; b < n; b += kChunk) chunk(src, y, b, std::min(n, b + kChunk));
  }

 private:
  // Elements [begin, end): the first input's term is written, the others folded in.
  void chunk(const std::vector<const float*>& src, float* y, std::ptrdiff_t begin,
             std::ptrdiff_t end) const {
    switch (op_) {
      case EltwiseOp::Sum: {
        const float c0 = coeff_[0];
        for (std::ptrdiff_t i = begin; i < end; ++i) y[i] = c0 * src[0][i];
        for (int k = 1; k < inputs_; ++k) {
          const float ck = coeff_[k];
          const float* s = src[k];
          for (std::ptrdiff_t i = begin; i < end; ++i) y[i] += ck * s[i];
        }
        break;
      }
      case EltwiseOp::Prod:
        if (y != src[0])
          for (std::ptrdiff_t i = begin; i < end; ++i) y[i] = src[0][i];
        for (int k = 1; k < inputs_; ++k) {
          const float* s = src[k];
          for (std::ptrdiff_t i = begin; i < end; ++i) y[i] *= s[i];
        }
        break;
      case EltwiseOp::Max:
        if (y != src[0])
          for (std::ptrdiff_t i = begin; i < end; ++i) y[i] = src[0][i];
        for (int k = 1; k < inputs_; ++k) {
          const float* s = src[k];
          for (std::ptrdiff_t i = begin; i < end; ++i) y[i] = std::max(y[i], s[i]);
        }
        break;
    }
    if (fused_.any()) finish(fused_, y + begin, nullptr, y + begin, std::size_t(end - begin));
  }

  EltwiseOp op_;
  FusedOps fused_;  // a fused ReLU
  Shape shape_;
  int inputs_ = 0;
  std::vector<float> coeff_;  // SUM: one per input
  int threads_ = 1;
};

}  // namespace

std::unique_ptr<Op> make_eltwise(const LayerDesc& layer, int threads) {
  return std::make_unique<EltwiseOpenBlas>(layer, threads);
}

}  // namespace cnn::openblas
