#pragma once
// The project's own CUDA kernels: the cublas backend's ops, and the cudnn backend's where cuDNN has
// none. T is float or __half (fp16 storage, fp32 arithmetic). Each launcher queues its kernel on
// `stream` and throws std::runtime_error when the launch fails. Counts are elements.
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstddef>

#include "backends/cuda_common/kernel_math.h"

namespace cnn::cuda {

// Eltwise operations (the .cu files are C++17 and include no core header).
enum class EltwiseKind { Sum, Prod, Max };

// cudaSuccess when this build holds code the current device can run.
cudaError_t kernels_runnable();

// Column matrices of `images` consecutive images: x is images x (channels x height x width),
// cols is images x rows() x columns().
template <class T>
void im2col(const T* x, T* cols, const ConvGeometry& g, int images, cudaStream_t stream);

template <class T>
void pooling(const T* x, T* y, const PoolGeometry& g, cudaStream_t stream);

template <class T>
void lrn(const T* x, T* y, const LrnGeometry& g, cudaStream_t stream);  // y must not alias x

// y = x > 0 ? x : x * negative_slope; y may be x.
template <class T>
void relu(const T* x, T* y, std::size_t count, float negative_slope, cudaStream_t stream);

// y = min(max(x, lo), hi) (Clip; ReLU6 is lo 0, hi 6); y may be x.
template <class T>
void clip(const T* x, T* y, std::size_t count, float lo, float hi, cudaStream_t stream);

// Softmax over the channels of each (image, pixel) of images x channels x plane.
template <class T>
void softmax_channels(const T* x, T* y, int images, int channels, int plane, cudaStream_t stream);

// y = (a * ca) op (b * cb) element by element; the coefficients apply to Sum only. y may be a or b.
template <class T>
void eltwise(const T* a, const T* b, T* y, std::size_t count, EltwiseKind op, float ca, float cb, cudaStream_t stream);

// y = x * scale[c] + shift[c] over images x channels x plane; a null scale is 1, a null shift 0.
// y may be x. scale and shift are device fp32 arrays of `channels` values.
template <class T>
void channel_affine(const T* x, T* y, const float* scale, const float* shift, int images, int channels,
                    std::size_t plane, cudaStream_t stream);

}  // namespace cnn::cuda
