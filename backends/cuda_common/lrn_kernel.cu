// Caffe LRN across channels: one thread per (image, pixel) sliding its window along the channels.
#include "backends/cuda_common/kernel_launch.cuh"
#include "backends/cuda_common/kernels.h"

namespace cnn::cuda {
namespace {

template <class T>
__global__ void lrn_kernel(const T* x, T* y, LrnGeometry g, std::size_t pixels) {
  CNN_KERNEL_LOOP(i, pixels) lrn_pixel(g, i, Loader<T>{x}, Storer<T>{y});
}

}  // namespace

template <class T>
void lrn(const T* x, T* y, const LrnGeometry& g, cudaStream_t stream) {
  const std::size_t pixels = g.pixels();
  if (pixels == 0) return;
  lrn_kernel<<<blocks_for(pixels), kThreads, 0, stream>>>(x, y, g, pixels);
  check_launch("lrn");
}

template void lrn<float>(const float*, float*, const LrnGeometry&, cudaStream_t);
template void lrn<__half>(const __half*, __half*, const LrnGeometry&, cudaStream_t);

}  // namespace cnn::cuda
