#include "backends/cuda_common/kernel_launch.cuh"
#include "backends/cuda_common/triad.h"

namespace cnn::cuda {
namespace {

__global__ void triad_kernel(float* a, const float* b, const float* c, float s, std::size_t n) {
  CNN_KERNEL_LOOP(i, n) { a[i] = b[i] + s * c[i]; }
}

}  // namespace

void launch_triad(float* a, const float* b, const float* c, float s, std::size_t n, cudaStream_t stream) {
  triad_kernel<<<blocks_for(n), kThreads, 0, stream>>>(a, b, c, s, n);
  check_launch("triad");
}

}  // namespace cnn::cuda
