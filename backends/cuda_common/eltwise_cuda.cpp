// Caffe Eltwise on the GPU: SUM (with coefficients), PROD, MAX, folded pairwise into the top:
// y = x0 op x1, then y = y op xb for each further bottom.
#include <cassert>
#include <vector>

#include "backends/cuda_common/cuda_ops.h"
#include "backends/cuda_common/kernels.h"

namespace cnn::cuda {
namespace {

cuda::EltwiseKind kind(EltwiseOp op) {
  switch (op) {
    case EltwiseOp::Sum: return cuda::EltwiseKind::Sum;
    case EltwiseOp::Prod: return cuda::EltwiseKind::Prod;
    case EltwiseOp::Max: return cuda::EltwiseKind::Max;
  }
  return cuda::EltwiseKind::Sum;
}

template <class T>
class EltwiseCuda final : public Op {
 public:
  EltwiseCuda(const LayerDesc& layer, const cuda::OpContext& ctx)
      : ctx_(ctx),
        op_(kind(layer.eltwise.op)),
        coeff_(layer.eltwise.coeff),
        shape_(layer.out_shapes.at(0)),
        bottoms_(layer.in_shapes.size()) {
    assert(bottoms_ >= 1);
    if (coeff_.empty()) coeff_.assign(bottoms_, 1.f);
    assert(coeff_.size() == bottoms_);
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == bottoms_ && out.size() == 1);
    for (const Tensor* t : in) check_tensor<T>(*t, shape_);
    check_tensor<T>(*out[0], shape_);
    T* y = device_data<T>(*out[0]);
    const std::size_t n = shape_.count();
    const T* x0 = device_data<T>(*in[0]);
    if (bottoms_ == 1) {
      if (op_ == cuda::EltwiseKind::Sum)
        cuda::eltwise<T>(x0, x0, y, n, cuda::EltwiseKind::Sum, coeff_[0], 0.f, ctx_.stream);
      else
        copy_unless_same(*in[0], *out[0], ctx_.stream);
      return;
    }
    cuda::eltwise<T>(x0, device_data<T>(*in[1]), y, n, op_, coeff_[0], coeff_[1], ctx_.stream);
    for (std::size_t b = 2; b < bottoms_; ++b)
      cuda::eltwise<T>(y, device_data<T>(*in[b]), y, n, op_, 1.f, coeff_[b], ctx_.stream);
  }

 private:
  cuda::OpContext ctx_;
  cuda::EltwiseKind op_;
  std::vector<float> coeff_;
  Shape shape_;
  std::size_t bottoms_;
};

}  // namespace

std::unique_ptr<Op> make_eltwise(const LayerDesc& layer, const cuda::OpContext& ctx) {
  return make_for_precision<EltwiseCuda>(ctx, layer, ctx);
}

}  // namespace cnn::cuda
