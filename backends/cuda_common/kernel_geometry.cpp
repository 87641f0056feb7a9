// The kernels' geometry of a layer: what the project's CUDA ops launch with and the host tests check.
#include <cassert>

#include "backends/cuda_common/cuda_ops.h"

namespace cnn::cuda {

cuda::ConvGeometry conv_geometry(const LayerDesc& layer) {
  const ConvolutionParams& p = layer.conv;
  const Shape& in = layer.in_shapes.at(0);
  const Shape& out = layer.out_shapes.at(0);
  return {.channels = in.c,
          .height = in.h,
          .width = in.w,
          .kernel_h = p.kernel_h,
          .kernel_w = p.kernel_w,
          .pad_h = p.pad_h,
          .pad_w = p.pad_w,
          .stride_h = p.stride_h,
          .stride_w = p.stride_w,
          .dilation_h = p.dilation_h,
          .dilation_w = p.dilation_w,
          .out_h = out.h,
          .out_w = out.w};
}

cuda::PoolGeometry pool_geometry(const LayerDesc& layer) {
  const PoolingParams& p = layer.pool;
  const Shape& in = layer.in_shapes.at(0);
  const Shape& out = layer.out_shapes.at(0);
  assert(in.n == out.n && in.c == out.c && p.kernel_h > 0 && p.kernel_w > 0 && p.stride_h > 0 && p.stride_w > 0);
  return {.planes = in.n * in.c,
          .height = in.h,
          .width = in.w,
          .out_h = out.h,
          .out_w = out.w,
          .kernel_h = p.kernel_h,
          .kernel_w = p.kernel_w,
          .stride_h = p.stride_h,
          .stride_w = p.stride_w,
          .pad_h = p.pad_h,
          .pad_w = p.pad_w,
          .pad_bottom = p.pad_bottom(),
          .pad_right = p.pad_right(),
          .max = p.method == PoolMethod::Max,
          .exclude_pad = p.exclude_pad};
}

cuda::LrnGeometry lrn_geometry(const LayerDesc& layer) {
  const LrnParams& p = layer.lrn;
  const Shape& s = layer.in_shapes.at(0);
  assert(p.local_size > 0 && p.local_size % 2 == 1);
  return {.images = s.n,
          .channels = s.c,
          .plane = s.h * s.w,
          .size = p.local_size,
          .alpha_over_n = p.alpha / float(p.local_size),
          .beta = p.beta,
          .k = p.k};
}

}  // namespace cnn::cuda
