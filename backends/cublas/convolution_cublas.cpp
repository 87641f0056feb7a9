// Caffe's GPU convolution: an im2col kernel, then cuBLAS GEMMs (fp32 accumulation) per image,
// several images per strided-batched call when group == 1, the groups per call otherwise; a 1x1
// stride-1 unpadded kernel reads its input as the column matrix. Bias by a per-channel kernel.
#include <algorithm>
#include <cassert>

#include "backends/cublas/cublas_ops.h"
#include "backends/cuda_common/gemm.h"
#include "backends/cuda_common/kernels.h"

namespace cnn::cublas {
namespace {

// Column matrices of this many bytes at most per im2col launch (at least one image's).
constexpr std::size_t kColumnBudget = std::size_t(64) << 20;

template <class T>
class ConvolutionCublas final : public Op {
 public:
  ConvolutionCublas(const LayerDesc& layer, const Weights& weights, const cuda::OpContext& ctx)
      : ctx_(ctx), in_(layer.in_shapes.at(0)), out_(layer.out_shapes.at(0)), group_(layer.conv.group) {
    const ConvolutionParams& p = layer.conv;
    assert(in_.c % group_ == 0 && out_.c % group_ == 0 && in_.n == out_.n);
    g_ = cuda::conv_geometry(layer);
    m_ = out_.c / group_;
    k_ = in_.c / group_ * p.kernel_h * p.kernel_w;
    n_ = out_.h * out_.w;
    direct_ = p.kernel_h == 1 && p.kernel_w == 1 && p.stride_h == 1 && p.stride_w == 1 && p.pad_h == 0 && p.pad_w == 0;
    assert(weights.blobs.size() == (p.bias_term ? 2u : 1u));
    const Tensor& w = weights.blobs.at(0);
    assert(w.count() == std::size_t(out_.c) * k_);
    weight_ = cuda::upload_values(w.f32(), w.count(), ctx.dtype(), "the weights of " + cuda::layer_label(layer));
    if (p.bias_term) {
      const Tensor& b = weights.blobs.at(1);
      assert(b.count() == std::size_t(out_.c));
      bias_ = cuda::upload_values(b.f32(), b.count(), DType::F32, "the bias of " + cuda::layer_label(layer));
    }
    if (!direct_) {
      const std::size_t image_bytes = g_.rows() * g_.columns() * sizeof(T);
      chunk_ =
          int(std::clamp<std::size_t>(kColumnBudget / std::max<std::size_t>(image_bytes, 1), 1, std::size_t(in_.n)));
      scratch_ = image_bytes * std::size_t(chunk_);
      ctx_.workspace->reserve(scratch_);
    } else {
      chunk_ = in_.n;
    }
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == 1 && out.size() == 1);
    cuda::check_tensor<T>(*in[0], in_);
    cuda::check_tensor<T>(*out[0], out_);
    const T* x = cuda::device_data<T>(*in[0]);
    T* y = cuda::device_data<T>(*out[0]);
    const T* w = weight_.as<T>();
    const long long image_cols = (long long)(group_)*k_ * n_;  // one image's column matrix (all groups)
    for (int i0 = 0; i0 < in_.n; i0 += chunk_) {
      const int images = std::min(chunk_, in_.n - i0);
      const T* cols = x + std::size_t(i0) * in_.per_image();
      if (!direct_) {
        T* scratch = static_cast<T*>(ctx_.workspace->get());
        cuda::im2col(cols, scratch, g_, images, ctx_.stream);
        cols = scratch;
      }
      T* yi = y + std::size_t(i0) * out_.per_image();
      if (group_ == 1) {
        cuda::gemm<T>(ctx_.cublas, false, false, m_, n_, k_, w, cols, yi, images, 0, image_cols,
                      (long long)(out_.per_image()));
      } else {
        for (int i = 0; i < images; ++i)
          cuda::gemm<T>(ctx_.cublas, false, false, m_, n_, k_, w, cols + i * image_cols,
                        yi + std::size_t(i) * out_.per_image(), group_, (long long)(m_)*k_, (long long)(k_)*n_,
                        (long long)(m_)*n_);
      }
    }
    if (bias_.get())
      cuda::channel_affine<T>(y, y, nullptr, bias_.as<float>(), out_.n, out_.c, std::size_t(n_), ctx_.stream);
  }

  std::size_t shared_workspace_bytes() const override { return scratch_; }

  // Its upload of the weights to the device (device memory: not host-tracked, see MemoryUse).
  std::size_t weights_copy_bytes() const override { return weight_.bytes() + bias_.bytes(); }

 private:
  cuda::OpContext ctx_;
  Shape in_, out_;
  int group_ = 1, m_ = 0, k_ = 0, n_ = 0, chunk_ = 1;
  bool direct_ = false;
  cuda::ConvGeometry g_;
  cuda::DeviceBuffer weight_, bias_;
  std::size_t scratch_ = 0;
};

}  // namespace

std::unique_ptr<Op> make_convolution(const LayerDesc& layer, const Weights& weights, const cuda::OpContext& ctx) {
  return cuda::make_for_precision<ConvolutionCublas>(ctx, layer, weights, ctx);
}

}  // namespace cnn::cublas
