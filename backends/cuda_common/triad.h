#pragma once
// The device memory's bandwidth ceiling: a STREAM triad a[i] = b[i] + s * c[i] on the device.
#include <cuda_runtime.h>

#include <cstddef>

namespace cnn::cuda {

// Queues the triad over n floats on `stream`; throws naming the kernel when the launch fails.
void launch_triad(float* a, const float* b, const float* c, float s, std::size_t n, cudaStream_t stream);

}  // namespace cnn::cuda
