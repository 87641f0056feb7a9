#pragma once
// Caffe's im2col for the OpenBLAS convolution, for a range of output pixels of one image, read
// from a zero-padded copy of the input rows that range needs (no bounds checks in the copy).
#include <cstddef>

namespace cnn::openblas {

// One image's convolution geometry (input channels, sizes, kernel, stride, pad, dilation, output).
// pad_h / pad_w are the top / left pads; the bottom / right ones are whatever the output size
// implies (they may differ from the top / left ones).
struct ConvGeometry {
  int channels = 0, height = 0, width = 0;
  int kernel_h = 1, kernel_w = 1;
  int stride_h = 1, stride_w = 1;
  int pad_h = 0, pad_w = 0;
  int dilation_h = 1, dilation_w = 1;
  int out_h = 0, out_w = 0;

  int rows() const { return channels * kernel_h * kernel_w; }  // im2col rows: (c, kh, kw)
  int out_hw() const { return out_h * out_w; }                 // output pixels per image
};

// Floats of scratch im2col needs for any pixel range (0 when no tap falls outside the image).
std::size_t im2col_scratch(const ConvGeometry& g);

// Writes the im2col columns of output pixels [p0, p1) (row-major over out_h x out_w) of one CHW
// image: row r = (c, kh, kw) goes to col + r * ld, pixel p to column p - p0. Taps outside the
// image are 0. `scratch` holds im2col_scratch(g) floats.
void im2col(const float* image, const ConvGeometry& g, int p0, int p1, float* col, std::size_t ld,
            float* scratch);

}  // namespace cnn::openblas
