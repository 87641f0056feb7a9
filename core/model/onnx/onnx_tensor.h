#pragma once
// OnnxTensor: one ONNX TensorProto (an initializer, a Constant, a test's input_K.pb) read into host
// memory, without the protobuf types, for the importer and the conformance runner.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cnn {

struct OnnxTensor {
  std::string name;
  std::vector<std::int64_t> dims;  // empty: a scalar
  bool is_float = true;            // float (and double, converted) in `f`; integers in `i`
  std::vector<float> f;
  std::vector<std::int64_t> i;

  std::size_t count() const;  // product of dims (1 for a scalar)
  std::string dims_str() const;  // "8x3x3x3", "scalar"
};

// Reads a serialized TensorProto file (ONNX's test_data_set_N/input_K.pb). Throws ModelError with one
// sentence naming the file when it is unreadable, not a tensor, or of an element type not supported.
OnnxTensor load_onnx_tensor(const std::filesystem::path& path);

}  // namespace cnn
