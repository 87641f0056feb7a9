// OnnxTensor's arithmetic on its dims: built with and without libonnx (the conformance runner uses it).
#include <cstdint>

#include "core/model/onnx/onnx_tensor.h"

namespace cnn {

std::size_t OnnxTensor::count() const {
  std::size_t n = 1;
  for (std::int64_t d : dims) n *= std::size_t(d);
  return n;
}

std::string OnnxTensor::dims_str() const {
  if (dims.empty()) return "scalar";
  std::string s;
  for (std::int64_t d : dims) {
    if (!s.empty()) s += 'x';
    s += std::to_string(d);
  }
  return s;
}

}  // namespace cnn
