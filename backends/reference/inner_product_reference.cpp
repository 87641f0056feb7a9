// Caffe InnerProduct: y = W x + b, W row-major (Cout x K), x each image flattened CHW; then a
// fused ReLU in a fused graph.
#include <cassert>

#include "backends/reference/reference_ops.h"

namespace cnn {

class InnerProductReference final : public Op {
 public:
  InnerProductReference(const LayerDesc& layer, const Weights& weights, int threads)
      : p_(layer.fc), fused_(layer.fused), in_(layer.in_shapes.at(0)), out_(layer.out_shapes.at(0)), threads_(threads) {
    assert(out_.n == in_.n && std::size_t(out_.c) == std::size_t(p_.num_output) && out_.per_image() == std::size_t(out_.c));
    assert(weights.blobs.size() == (p_.bias_term ? 2u : 1u));
    weight_ = weights.blobs.at(0);
    assert(weight_.count() == std::size_t(out_.c) * in_.per_image());
    if (p_.bias_term) {
      bias_ = weights.blobs.at(1);
      assert(bias_.count() == std::size_t(out_.c));
    }
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    reference::check_tensor(*in[0], in_);
    reference::check_tensor(*out[0], out_);
    const float* x = in[0]->f32();
    float* y = out[0]->f32();
    const std::size_t k_n = in_.per_image();
    const float* w = weight_.f32();
    reference::parallel_for(threads_, out_.c, [&](int begin, int end) {
      for (int o = begin; o < end; ++o) {
        const float* row = w + std::size_t(o) * k_n;
        for (int n = 0; n < in_.n; ++n) {
          const float* xn = x + std::size_t(n) * k_n;
          float sum = 0.f;
          for (std::size_t k = 0; k < k_n; ++k) sum += row[k] * xn[k];
          y[std::size_t(n) * out_.c + o] = activate(fused_, sum + (p_.bias_term ? bias_.f32()[o] : 0.f));
        }
      }
    });
  }

 private:
  InnerProductParams p_;
  FusedOps fused_;  // a fused ReLU
  Shape in_, out_;
  int threads_;
  Tensor weight_, bias_;
};

namespace reference {
std::unique_ptr<Op> make_inner_product(const LayerDesc& layer, const Weights& weights, int threads) {
  return std::make_unique<InnerProductReference>(layer, weights, threads);
}
}  // namespace reference

}  // namespace cnn
