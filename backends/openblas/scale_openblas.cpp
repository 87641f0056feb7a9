// Scale (Caffe, one blob): y = x * gamma[c] (+ beta[c] with bias_term); may run in place.
#include <cassert>

#include "backends/openblas/openblas_ops.h"

namespace cnn::openblas {

namespace {

class ScaleOpenBlas final : public Op {
 public:
  ScaleOpenBlas(const LayerDesc& layer, const Weights& weights, int threads)
      : shape_(layer.in_shapes.at(0)), threads_(threads) {
    gamma_ = weights.blobs.at(0);
    assert(gamma_.count() == std::size_t(shape_.c));
    if (layer.scale.bias_term) {
      beta_ = weights.blobs.at(1);
      assert(beta_.count() == std::size_t(shape_.c));
    }
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    check_tensor(*in[0], shape_);
    check_tensor(*out[0], shape_);
    channel_affine(in[0]->f32(), out[0]->f32(), shape_, gamma_.f32(),
                   beta_.empty() ? nullptr : beta_.f32(), threads_);
  }

 private:
  Shape shape_;
  Tensor gamma_, beta_;  // shared with the model's Weights; beta_ empty without a bias term
  int threads_ = 1;
};

}  // namespace

std::unique_ptr<Op> make_scale(const LayerDesc& layer, const Weights& weights, int threads) {
  return std::make_unique<ScaleOpenBlas>(layer, weights, threads);
}

}  // namespace cnn::openblas
