#pragma once
// cuDNN descriptors with RAII, and NCHW tensor descriptors from our shapes.
// cuDNN 9 marks this legacy API deprecated; its warnings are opt-in (CUDNN_WARN_DEPRECATED), which
// the build leaves undefined, so they stay out of the log without silencing any other warning.
#include <cudnn.h>

#include "backends/cuda_common/cuda_check.h"
#include "core/tensor.h"

namespace cnn::cudnn {

template <class Handle, cudnnStatus_t (*Create)(Handle*), cudnnStatus_t (*Destroy)(Handle)>
class Descriptor {
 public:
  Descriptor() { cuda::check(Create(&handle_), "cudnnCreate...Descriptor"); }
  ~Descriptor() {
    if (handle_) Destroy(handle_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  Handle get() const { return handle_; }

 private:
  Handle handle_ = nullptr;
};

using TensorDescriptor = Descriptor<cudnnTensorDescriptor_t, cudnnCreateTensorDescriptor, cudnnDestroyTensorDescriptor>;
using FilterDescriptor = Descriptor<cudnnFilterDescriptor_t, cudnnCreateFilterDescriptor, cudnnDestroyFilterDescriptor>;
using ConvolutionDescriptor =
    Descriptor<cudnnConvolutionDescriptor_t, cudnnCreateConvolutionDescriptor, cudnnDestroyConvolutionDescriptor>;
using PoolingDescriptor =
    Descriptor<cudnnPoolingDescriptor_t, cudnnCreatePoolingDescriptor, cudnnDestroyPoolingDescriptor>;
using LrnDescriptor = Descriptor<cudnnLRNDescriptor_t, cudnnCreateLRNDescriptor, cudnnDestroyLRNDescriptor>;
using ActivationDescriptor =
    Descriptor<cudnnActivationDescriptor_t, cudnnCreateActivationDescriptor, cudnnDestroyActivationDescriptor>;

inline cudnnDataType_t data_type(DType dtype) { return dtype == DType::F16 ? CUDNN_DATA_HALF : CUDNN_DATA_FLOAT; }

// A packed NCHW descriptor of `shape` in `dtype`.
inline void set_nchw(const TensorDescriptor& d, const Shape& shape, DType dtype) {
  CNN_CUDA_CHECK(
      cudnnSetTensor4dDescriptor(d.get(), CUDNN_TENSOR_NCHW, data_type(dtype), shape.n, shape.c, shape.h, shape.w));
}

// alpha = 1, beta = 0 for every cuDNN call: fp32 scalars (cuDNN takes float for half data too).
inline constexpr float kOne = 1.f, kZero = 0.f;

}  // namespace cnn::cudnn
