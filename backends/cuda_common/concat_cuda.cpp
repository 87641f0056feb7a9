// Caffe Concat on the channel axis on the GPU: each bottom is one strided 2-D copy
// (cudaMemcpy2DAsync: one row per image) into its channel range of the top.
#include <cassert>

#include "backends/cuda_common/cuda_ops.h"
#include "backends/cuda_common/cuda_check.h"

namespace cnn::cuda {
namespace {

template <class T>
class ConcatCuda final : public Op {
 public:
  ConcatCuda(const LayerDesc& layer, const cuda::OpContext& ctx)
      : ctx_(ctx), in_(layer.in_shapes), out_(layer.out_shapes.at(0)) {
    int channels = 0;
    for (const Shape& s : in_) {
      assert(s.n == out_.n && s.h == out_.h && s.w == out_.w);
      channels += s.c;
    }
    assert(channels == out_.c);
    (void)channels;
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == in_.size() && out.size() == 1);
    check_tensor<T>(*out[0], out_);
    T* y = device_data<T>(*out[0]);
    const std::size_t out_row = out_.per_image() * sizeof(T);
    for (std::size_t b = 0; b < in.size(); ++b) {
      check_tensor<T>(*in[b], in_[b]);
      const std::size_t row = in_[b].per_image() * sizeof(T);
      CNN_CUDA_CHECK(cudaMemcpy2DAsync(y, out_row, device_data<T>(*in[b]), row, row, std::size_t(out_.n),
                                       cudaMemcpyDeviceToDevice, ctx_.stream));
      y += in_[b].per_image();
    }
  }

 private:
  cuda::OpContext ctx_;
  std::vector<Shape> in_;
  Shape out_;
};

}  // namespace

std::unique_ptr<Op> make_concat(const LayerDesc& layer, const cuda::OpContext& ctx) {
  return make_for_precision<ConcatCuda>(ctx, layer, ctx);
}

}  // namespace cnn::cuda
