// Caffe pooling (MAX, AVE; ceil rounding, clipped windows): one thread per output element.
#include "backends/cuda_common/kernel_launch.cuh"
#include "backends/cuda_common/kernels.h"

namespace cnn::cuda {
namespace {

template <class T>
__global__ void pooling_kernel(const T* x, T* y, PoolGeometry g, std::size_t outputs) {
  CNN_KERNEL_LOOP(i, outputs) store_value(y, i, pool_cell(g, i, Loader<T>{x}));
}

}  // namespace

template <class T>
void pooling(const T* x, T* y, const PoolGeometry& g, cudaStream_t stream) {
  const std::size_t outputs = g.outputs();
  if (outputs == 0) return;
  pooling_kernel<<<blocks_for(outputs), kThreads, 0, stream>>>(x, y, g, outputs);
  check_launch("pooling");
}

template void pooling<float>(const float*, float*, const PoolGeometry&, cudaStream_t);
template void pooling<__half>(const __half*, __half*, const PoolGeometry&, cudaStream_t);

}  // namespace cnn::cuda
