// InnerProduct: y = x W^T + b with W (num_output x K) row-major; sgemv for one image (an M=1
// sgemm is several times slower in OpenBLAS), sgemm for a batch. The bias is written into y
// first and the BLAS call accumulates onto it (beta = 1); a fused ReLU then runs over y.
#include <cblas.h>

#include <algorithm>
#include <cassert>

#include "backends/openblas/openblas_ops.h"

namespace cnn::openblas {

namespace {

class InnerProductOpenBlas final : public Op {
 public:
  InnerProductOpenBlas(const LayerDesc& layer, const Weights& weights, int threads)
      : in_shape_(layer.in_shapes.at(0)), out_shape_(layer.out_shapes.at(0)), fused_(layer.fused),
        threads_(threads) {
    outputs_ = layer.fc.num_output;
    k_ = int(in_shape_.per_image());
    assert(out_shape_.per_image() == std::size_t(outputs_));
    weights_ = weights.blobs.at(0);
    assert(weights_.count() == std::size_t(outputs_) * k_);
    if (layer.fc.bias_term) {
      bias_ = weights.blobs.at(1);
      assert(bias_.count() == std::size_t(outputs_));
    }
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor(*in[0], in_shape_);
    check_tensor(*out[0], out_shape_);
    assert(in[0]->data() != out[0]->data());
    use_gemm_threads(threads_);
    const float* x = in[0]->f32();
    float* y = out[0]->f32();
    const float* w = weights_.f32();
    const int n = in_shape_.n;
    float beta = 0.f;
    if (!bias_.empty()) {
      for (int i = 0; i < n; ++i) std::copy_n(bias_.f32(), outputs_, y + std::size_t(i) * outputs_);
      beta = 1.f;
    }
    if (n == 1)
      cblas_sgemv(CblasRowMajor, CblasNoTrans, outputs_, k_, 1.f, w, k_, x, 1, beta, y, 1);
    else
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, outputs_, k_, 1.f, x, k_, w, k_, beta,
                  y, outputs_);
    if (fused_.any()) finish(fused_, y, nullptr, y, out_shape_.count());
  }

 private:
  Shape in_shape_, out_shape_;
  FusedOps fused_;  // a fused ReLU
  int outputs_ = 0, k_ = 0;
  Tensor weights_, bias_;  // shared with the model's Weights; bias_ empty without a bias term
  int threads_ = 1;
};

}  // namespace

std::unique_ptr<Op> make_inner_product(const LayerDesc& layer, const Weights& weights, int threads) {
  return std::make_unique<InnerProductOpenBlas>(layer, weights, threads);
}

}  // namespace cnn::openblas
