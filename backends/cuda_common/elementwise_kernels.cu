// ReLU, Clip, Eltwise and per-channel affine (batch norm, scale, bias) kernels.
#include "backends/cuda_common/kernel_launch.cuh"
#include "backends/cuda_common/kernels.h"

namespace cnn::cuda {
namespace {

template <class T>
__global__ void relu_kernel(const T* x, T* y, std::size_t count, float slope) {
  CNN_KERNEL_LOOP(i, count) {
    const float v = load_value(x, i);
    store_value(y, i, v > 0.f ? v : v * slope);
  }
}

template <class T>
__global__ void clip_kernel(const T* x, T* y, std::size_t count, float lo, float hi) {
  CNN_KERNEL_LOOP(i, count) { store_value(y, i, clip_value(load_value(x, i), lo, hi)); }
}

template <class T>
__global__ void eltwise_kernel(const T* a, const T* b, T* y, std::size_t count, EltwiseKind op, float ca, float cb) {
  CNN_KERNEL_LOOP(i, count) {
    const float u = load_value(a, i), v = load_value(b, i);
    float r;
    switch (op) {
      case EltwiseKind::Sum: r = u * ca + v * cb; break;
      case EltwiseKind::Prod: r = u * v; break;
      default: r = u < v ? v : u; break;  // Max
    }
    store_value(y, i, r);
  }
}

template <class T>
__global__ void channel_affine_kernel(const T* x, T* y, const float* scale, const float* shift, int channels,
                                      std::size_t plane, std::size_t count) {
  CNN_KERNEL_LOOP(i, count) {
    const int c = int(i / plane % std::size_t(channels));
    float v = load_value(x, i);
    if (scale) v *= scale[c];
    if (shift) v += shift[c];
    store_value(y, i, v);
  }
}

}  // namespace

cudaError_t kernels_runnable() {
  cudaFuncAttributes attributes{};
  return cudaFuncGetAttributes(&attributes, relu_kernel<float>);
}

template <class T>
void relu(const T* x, T* y, std::size_t count, float negative_slope, cudaStream_t stream) {
  if (count == 0) return;
  relu_kernel<<<blocks_for(count), kThreads, 0, stream>>>(x, y, count, negative_slope);
  check_launch("relu");
}

template <class T>
void clip(const T* x, T* y, std::size_t count, float lo, float hi, cudaStream_t stream) {
  if (count == 0) return;
  clip_kernel<<<blocks_for(count), kThreads, 0, stream>>>(x, y, count, lo, hi);
  check_launch("clip");
}

template <class T>
void eltwise(const T* a, const T* b, T* y, std::size_t count, EltwiseKind op, float ca, float cb, cudaStream_t stream) {
  if (count == 0) return;
  eltwise_kernel<<<blocks_for(count), kThreads, 0, stream>>>(a, b, y, count, op, ca, cb);
  check_launch("eltwise");
}

template <class T>
void channel_affine(const T* x, T* y, const float* scale, const float* shift, int images, int channels,
                    std::size_t plane, cudaStream_t stream) {
  const std::size_t count = std::size_t(images) * channels * plane;
  if (count == 0) return;
  channel_affine_kernel<<<blocks_for(count), kThreads, 0, stream>>>(x, y, scale, shift, channels, plane, count);
  check_launch("channel_affine");
}

template void relu<float>(const float*, float*, std::size_t, float, cudaStream_t);
template void relu<__half>(const __half*, __half*, std::size_t, float, cudaStream_t);
template void clip<float>(const float*, float*, std::size_t, float, float, cudaStream_t);
template void clip<__half>(const __half*, __half*, std::size_t, float, float, cudaStream_t);
template void eltwise<float>(const float*, const float*, float*, std::size_t, EltwiseKind, float, float, cudaStream_t);
template void eltwise<__half>(const __half*, const __half*, __half*, std::size_t, EltwiseKind, float, float,
                              cudaStream_t);
template void channel_affine<float>(const float*, float*, const float*, const float*, int, int, std::size_t,
                                    cudaStream_t);
template void channel_affine<__half>(const __half*, __half*, const float*, const float*, int, int, std::size_t,
                                     cudaStream_t);

}  // namespace cnn::cuda
