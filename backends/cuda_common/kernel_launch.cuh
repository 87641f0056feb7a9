#pragma once
// Shared by the kernel files: fp16/fp32 loads and stores, and the launch shape.
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>

#include "backends/cuda_common/kernel_math.h"

namespace cnn::cuda {

CNN_HD float load_value(const float* p, std::size_t i) { return p[i]; }
CNN_HD float load_value(const __half* p, std::size_t i) { return __half2float(p[i]); }
CNN_HD void store_value(float* p, std::size_t i, float v) { p[i] = v; }
CNN_HD void store_value(__half* p, std::size_t i, float v) { p[i] = __float2half_rn(v); }

template <class T>
struct Loader {
  const T* p;
  CNN_HD float operator()(std::size_t i) const { return load_value(p, i); }
};

template <class T>
struct Storer {
  T* p;
  CNN_HD void operator()(std::size_t i, float v) const { store_value(p, i, v); }
};

// Throws when the last launch on this thread failed, naming the kernel and CUDA's reason.
inline void check_launch(const char* kernel) {
  const cudaError_t status = cudaGetLastError();
  if (status != cudaSuccess)
    throw std::runtime_error(std::string("CUDA kernel ") + kernel + " failed to launch: " + cudaGetErrorString(status) +
                             " (" + cudaGetErrorName(status) + ")");
}

constexpr int kThreads = 256;

// Blocks for `work` items at kThreads per block; kernels loop over the grid for the rest.
inline unsigned blocks_for(std::size_t work) {
  return unsigned(std::min<std::size_t>((work + kThreads - 1) / kThreads, std::size_t(1) << 20));
}

}  // namespace cnn::cuda

// Grid-stride loop over [0, n).
#define CNN_KERNEL_LOOP(i, n)                                                                  \
  for (std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x; i < std::size_t(n); \
       i += std::size_t(blockDim.x) * gridDim.x)
