// Convolution by cudnnConvolutionForward (cross-correlation, groups, dilation; fp32 accumulation).
// The algorithm is found once per shape by cudnnFindConvolutionForwardAlgorithm when the op is
// created (outside any timed region): the fastest that succeeded within a quarter of the free
// device memory. Its workspace is reserved in the session's shared workspace. fp32 runs FMA-only
// math unless TF32 is allowed; fp16 allows tensor ops. Bias by the project's per-channel kernel. In a
// fused graph, a fused ReLU (with or without a residual sum) makes it one
// cudnnConvolutionBiasActivationForward call, y = relu(conv(x) + z + bias); a sum alone is the
// convolution accumulated onto a copy of z (beta = 1), then the bias. cuDNN pads both sides of an axis
// alike: a layer padded unequally (ONNX) is declined (convolution_fits).
#include <cassert>
#include <vector>

#include "backends/cuda_common/cuda_ops.h"
#include "backends/cuda_common/kernels.h"
#include "backends/cudnn/cudnn_descriptors.h"
#include "backends/cudnn/cudnn_ops.h"

namespace cnn::cudnn {
namespace {

cudnnMathType_t math_policy(const cuda::OpContext& ctx) {
  if (ctx.precision == Precision::FP16) return CUDNN_TENSOR_OP_MATH;
  return ctx.allow_tf32 ? CUDNN_DEFAULT_MATH : CUDNN_FMA_MATH;  // DEFAULT permits TF32 on 8.0+
}

std::string cache_key(const LayerDesc& layer, const cuda::OpContext& ctx) {
  const ConvolutionParams& p = layer.conv;
  std::string key = layer.in_shapes.at(0).str() + ">" + layer.out_shapes.at(0).str();
  for (int v : {p.kernel_h, p.kernel_w, p.stride_h, p.stride_w, p.pad_h, p.pad_w, p.dilation_h, p.dilation_w, p.group,
                int(ctx.precision), int(math_policy(ctx))}) {
    key += ',';
    key += std::to_string(v);
  }
  return key;
}

class ConvolutionCudnn final : public Op {
 public:
  ConvolutionCudnn(const LayerDesc& layer, const Weights& weights, const cuda::OpContext& ctx,
                   ConvAlgorithmCache& cache)
      : ctx_(ctx), in_(layer.in_shapes.at(0)), out_(layer.out_shapes.at(0)), fused_(layer.fused) {
    assert(layer.in_shapes.size() == (fused_.sum ? 2u : 1u));
    assert(fused_.activation == Activation::None || fused_.negative_slope == 0.f);
    const ConvolutionParams& p = layer.conv;
    const DType dtype = ctx.dtype();
    set_nchw(x_, in_, dtype);
    set_nchw(y_, out_, dtype);
    CNN_CUDA_CHECK(cudnnSetFilter4dDescriptor(w_.get(), data_type(dtype), CUDNN_TENSOR_NCHW, out_.c, in_.c / p.group,
                                              p.kernel_h, p.kernel_w));
    CNN_CUDA_CHECK(cudnnSetConvolution2dDescriptor(conv_.get(), p.pad_h, p.pad_w, p.stride_h, p.stride_w, p.dilation_h,
                                                   p.dilation_w, CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT));
    CNN_CUDA_CHECK(cudnnSetConvolutionGroupCount(conv_.get(), p.group));
    CNN_CUDA_CHECK(cudnnSetConvolutionMathType(conv_.get(), math_policy(ctx)));
    int n = 0, c = 0, h = 0, w = 0;
    CNN_CUDA_CHECK(cudnnGetConvolution2dForwardOutputDim(conv_.get(), x_.get(), w_.get(), &n, &c, &h, &w));
    assert((Shape{n, c, h, w} == out_) && "cuDNN and the graph disagree on a convolution's output");

    assert(weights.blobs.size() == (p.bias_term ? 2u : 1u));
    const Tensor& wt = weights.blobs.at(0);
    weight_ = cuda::upload_values(wt.f32(), wt.count(), dtype, "the weights of " + cuda::layer_label(layer));
    if (p.bias_term)
      bias_ = cuda::upload_values(weights.blobs.at(1).f32(), std::size_t(out_.c), DType::F32,
                                  "the bias of " + cuda::layer_label(layer));
    if (fused_.activation == Activation::ReLU) {
      if (!p.bias_term) {  // the fused call always adds a bias
        const std::vector<float> zeros(std::size_t(out_.c), 0.f);
        bias_ = cuda::upload_values(zeros.data(), zeros.size(), DType::F32, "the bias of " + cuda::layer_label(layer));
      }
      // cuDNN's bias is fp32 with fp32 compute (fp16 data runs in the pseudo-half configuration).
      CNN_CUDA_CHECK(cudnnSetTensor4dDescriptor(bias_desc_.get(), CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, 1, out_.c, 1, 1));
      CNN_CUDA_CHECK(cudnnSetActivationDescriptor(act_.get(), CUDNN_ACTIVATION_RELU, CUDNN_PROPAGATE_NAN, 0.0));
    }

    const std::string key = cache_key(layer, ctx);
    auto found = cache.find(key);
    if (found == cache.end()) found = cache.emplace(key, find_algorithm(layer)).first;
    algo_ = found->second;
    // fp32 without TF32 keeps FMA-only math; otherwise the math the algorithm was measured with.
    if (math_policy(ctx) != CUDNN_FMA_MATH) CNN_CUDA_CHECK(cudnnSetConvolutionMathType(conv_.get(), algo_.math));
    ctx_.workspace->reserve(algo_.workspace_bytes);
  }

  void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
    assert(in.size() == (fused_.sum ? 2u : 1u) && out.size() == 1);
    assert(in[0]->space() == MemorySpace::Device && in[0]->count() == in_.count());
    assert(out[0]->space() == MemorySpace::Device && out[0]->count() == out_.count());
    if (fused_.activation == Activation::ReLU) {
      // z = the sum's operand (alpha2 = 1), or y itself with alpha2 = 0.
      const void* z = fused_.sum ? in[1]->data() : out[0]->data();
      CNN_CUDA_CHECK(cudnnConvolutionBiasActivationForward(
          ctx_.cudnn, &kOne, x_.get(), in[0]->data(), w_.get(), weight_.get(), conv_.get(), algo_.algo,
          ctx_.workspace->get(), algo_.workspace_bytes, fused_.sum ? &kOne : &kZero, y_.get(), z, bias_desc_.get(),
          bias_.get(), act_.get(), y_.get(), out[0]->data()));
      return;
    }
    if (fused_.sum && in[1]->data() != out[0]->data())
      CNN_CUDA_CHECK(cudaMemcpyAsync(out[0]->data(), in[1]->data(), out[0]->bytes(), cudaMemcpyDeviceToDevice, ctx_.stream));
    CNN_CUDA_CHECK(cudnnConvolutionForward(ctx_.cudnn, &kOne, x_.get(), in[0]->data(), w_.get(), weight_.get(),
                                           conv_.get(), algo_.algo, ctx_.workspace->get(), algo_.workspace_bytes,
                                           fused_.sum ? &kOne : &kZero, y_.get(), out[0]->data()));
    if (!bias_.get()) return;
    const std::size_t plane = std::size_t(out_.h) * out_.w;
    if (ctx_.precision == Precision::FP16) {
      auto* y = static_cast<__half*>(out[0]->data());
      cuda::channel_affine<__half>(y, y, nullptr, bias_.as<float>(), out_.n, out_.c, plane, ctx_.stream);
    } else {
      auto* y = static_cast<float*>(out[0]->data());
      cuda::channel_affine<float>(y, y, nullptr, bias_.as<float>(), out_.n, out_.c, plane, ctx_.stream);
    }
  }

  std::size_t shared_workspace_bytes() const override { return algo_.workspace_bytes; }

  // Its upload of the weights to the device (device memory: not host-tracked, see MemoryUse).
  std::size_t weights_copy_bytes() const override { return weight_.bytes() + bias_.bytes(); }

 private:
  ConvAlgorithm find_algorithm(const LayerDesc& layer) const {
    int max_count = 0;
    CNN_CUDA_CHECK(cudnnGetConvolutionForwardAlgorithmMaxCount(ctx_.cudnn, &max_count));
    std::vector<cudnnConvolutionFwdAlgoPerf_t> perf(std::size_t(std::max(max_count, 1)));
    int returned = 0;
    CNN_CUDA_CHECK(cudnnFindConvolutionForwardAlgorithm(ctx_.cudnn, x_.get(), w_.get(), conv_.get(), y_.get(),
                                                        int(perf.size()), &returned, perf.data()));
    std::size_t free = 0, total = 0;
    CNN_CUDA_CHECK(cudaMemGetInfo(&free, &total));
    for (int i = 0; i < returned; ++i) {  // sorted fastest first
      const cudnnConvolutionFwdAlgoPerf_t& r = perf[std::size_t(i)];
      if (r.status == CUDNN_STATUS_SUCCESS && r.memory <= free / 4) return {r.algo, r.mathType, r.memory, r.time};
    }
    throw std::runtime_error("cuDNN found no forward algorithm for " + cuda::layer_label(layer) + " (" + in_.str() +
                             " -> " + out_.str() + ") within a quarter of the free device memory");
  }

  cuda::OpContext ctx_;
  Shape in_, out_;
  FusedOps fused_;
  TensorDescriptor x_, y_, bias_desc_;
  ActivationDescriptor act_;
  FilterDescriptor w_;
  ConvolutionDescriptor conv_;
  cuda::DeviceBuffer weight_, bias_;
  ConvAlgorithm algo_;
};

}  // namespace

bool convolution_fits(const LayerDesc& layer) {
  return layer.conv.pad_h_more == 0 && layer.conv.pad_w_more == 0;  // cudnnSetConvolution2dDescriptor pads alike
}

std::unique_ptr<Op> make_convolution(const LayerDesc& layer, const Weights& weights, const cuda::OpContext& ctx,
                                     ConvAlgorithmCache& cache) {
  assert(convolution_fits(layer));
  return std::make_unique<ConvolutionCudnn>(layer, weights, ctx, cache);
}

}  // namespace cnn::cudnn
