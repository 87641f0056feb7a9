// im2col (Caffe's layout) over several images at once: one thread per (image, channel, oh, ow).
#include "backends/cuda_common/kernel_launch.cuh"
#include "backends/cuda_common/kernels.h"

namespace cnn::cuda {
namespace {

template <class T>
__global__ void im2col_kernel(const T* x, T* cols, ConvGeometry g, std::size_t positions) {
  const std::size_t image_in = std::size_t(g.channels) * g.height * g.width;
  const std::size_t image_cols = g.rows() * g.columns();
  const std::size_t per_image = std::size_t(g.channels) * g.out_h * g.out_w;
  CNN_KERNEL_LOOP(i, positions) {
    const std::size_t image = i / per_image;
    const std::size_t rest = i % per_image;
    const int ow = int(rest % std::size_t(g.out_w));
    const int oh = int(rest / std::size_t(g.out_w) % std::size_t(g.out_h));
    const int c = int(rest / (std::size_t(g.out_w) * g.out_h));
    im2col_position(g, c, oh, ow, Loader<T>{x + image * image_in}, Storer<T>{cols + image * image_cols});
  }
}

}  // namespace

template <class T>
void im2col(const T* x, T* cols, const ConvGeometry& g, int images, cudaStream_t stream) {
  const std::size_t positions = std::size_t(images) * g.channels * g.out_h * g.out_w;
  if (positions == 0) return;
  im2col_kernel<<<blocks_for(positions), kThreads, 0, stream>>>(x, cols, g, positions);
  check_launch("im2col");
}

template void im2col<float>(const float*, float*, const ConvGeometry&, int, cudaStream_t);
template void im2col<__half>(const __half*, __half*, const ConvGeometry&, int, cudaStream_t);

}  // namespace cnn::cuda
