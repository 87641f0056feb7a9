// Caffe Eltwise over equally shaped bottoms: SUM (each bottom times its coeff), PROD, MAX; then a
// fused ReLU in a fused graph.
#include <algorithm>
#include <cassert>
#include <vector>

#include "backends/reference/reference_ops.h"

namespace cnn {

class EltwiseReference final : public Op {
 public:
  explicit EltwiseReference(const LayerDesc& layer)
      : p_(layer.eltwise), fused_(layer.fused), shape_(layer.out_shapes.at(0)), bottoms_(layer.in_shapes.size()) {
    assert(bottoms_ >= 1);
    assert(std::all_of(layer.in_shapes.begin(), layer.in_shapes.end(),
                       [&](const Shape& s) { return s.count() == shape_.count(); }));
    if (p_.coeff.empty()) p_.coeff.assign(bottoms_, 1.f);
    assert(p_.coeff.size() == bottoms_);
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == bottoms_);
    std::vector<const float*> x(bottoms_);
    for (std::size_t b = 0; b < bottoms_; ++b) {
      reference::check_tensor(*in[b], shape_);
      x[b] = in[b]->f32();
    }
    reference::check_tensor(*out[0], shape_);
    float* y = out[0]->f32();
    const std::size_t count = shape_.count();
    for (std::size_t i = 0; i < count; ++i) {
      float v = x[0][i];
      if (p_.op == EltwiseOp::Sum) v *= p_.coeff[0];
      for (std::size_t b = 1; b < bottoms_; ++b) {
        const float u = x[b][i];
        switch (p_.op) {
          case EltwiseOp::Sum: v += p_.coeff[b] * u; break;
          case EltwiseOp::Prod: v *= u; break;
          case EltwiseOp::Max: v = std::max(v, u); break;
        }
      }
      y[i] = activate(fused_, v);
    }
  }

 private:
  EltwiseParams p_;
  FusedOps fused_;  // a fused ReLU
  Shape shape_;
  std::size_t bottoms_;
};

namespace reference {
std::unique_ptr<Op> make_eltwise(const LayerDesc& layer) { return std::make_unique<EltwiseReference>(layer); }
}  // namespace reference

}  // namespace cnn
