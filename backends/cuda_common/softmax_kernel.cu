// Softmax over channels: one warp per (image, pixel); lanes stride over the channels and the max
// and the sum are reduced with shuffles. y = exp(x - max) / sum exp(x - max), fp32 arithmetic.
#include "backends/cuda_common/kernel_launch.cuh"
#include "backends/cuda_common/kernels.h"

namespace cnn::cuda {
namespace {

constexpr int kWarp = 32;

__device__ __forceinline__ float warp_max(float v) {
  for (int offset = kWarp / 2; offset > 0; offset /= 2) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, offset));
  return v;
}

__device__ __forceinline__ float warp_sum(float v) {
  for (int offset = kWarp / 2; offset > 0; offset /= 2) v += __shfl_xor_sync(0xffffffffu, v, offset);
  return v;
}

template <class T>
__global__ void softmax_kernel(const T* x, T* y, int channels, int plane, std::size_t positions) {
  const int lane = int(threadIdx.x) % kWarp;
  const std::size_t warps = std::size_t(gridDim.x) * (blockDim.x / kWarp);
  // Every lane of a warp takes the same trip count, so the shuffles see the whole warp.
  for (std::size_t p = (std::size_t(blockIdx.x) * blockDim.x + threadIdx.x) / kWarp; p < positions; p += warps) {
    const std::size_t image = p / std::size_t(plane);
    const std::size_t base = image * channels * plane + p % std::size_t(plane);
    float m = -FLT_MAX;
    for (int c = lane; c < channels; c += kWarp) m = fmaxf(m, load_value(x, base + std::size_t(c) * plane));
    m = warp_max(m);
    float sum = 0.f;
    for (int c = lane; c < channels; c += kWarp) sum += expf(load_value(x, base + std::size_t(c) * plane) - m);
    sum = warp_sum(sum);
    for (int c = lane; c < channels; c += kWarp) {
      const std::size_t i = base + std::size_t(c) * plane;
      store_value(y, i, expf(load_value(x, i) - m) / sum);
    }
  }
}

}  // namespace

template <class T>
void softmax_channels(const T* x, T* y, int images, int channels, int plane, cudaStream_t stream) {
  const std::size_t positions = std::size_t(images) * plane;
  if (positions == 0 || channels == 0) return;
  softmax_kernel<<<blocks_for(positions * kWarp), kThreads, 0, stream>>>(x, y, channels, plane, positions);
  check_launch("softmax");
}

template void softmax_channels<float>(const float*, float*, int, int, int, cudaStream_t);
template void softmax_channels<__half>(const __half*, __half*, int, int, int, cudaStream_t);

}  // namespace cnn::cuda
