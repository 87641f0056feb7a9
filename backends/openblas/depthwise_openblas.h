#pragma once
// Direct convolution of one input channel (Cin / group == 1, e.g. depthwise), where per-group
// GEMMs would be M=1 calls with a handful of columns.
#include <cstddef>

#include "backends/openblas/im2col_openblas.h"

namespace cnn::openblas {

// Floats of scratch single_channel_convolution needs: the zero-padded input plane.
std::size_t single_channel_scratch(const ConvGeometry& g);

// out (out_h x out_w) = bias + sum over the kernel window of weights (kernel_h x kernel_w) times
// the single-channel `plane` (height x width, zero outside), with g's stride, pad and dilation.
// g.channels is ignored; `scratch` holds single_channel_scratch(g) floats.
void single_channel_convolution(const float* plane, const ConvGeometry& g, const float* weights,
                                float bias, float* out, float* scratch);

}  // namespace cnn::openblas
