#pragma once
// ONNX import: a .onnx file into the same NetDesc the prototxt parser builds, with its own weights.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/net_desc.h"
#include "core/model/onnx/onnx_tensor.h"
#include "core/weights.h"

namespace cnn {

// A model that brings its own weights: the network, and each weighted layer's blobs in Caffe's order
// (core/weights.h). BatchNormalization becomes a BatchNorm and a Scale layer, Gemm and MatMul an
// InnerProduct with alpha and beta folded into its weights and bias.
struct ImportedModel {
  NetDesc net;
  std::map<std::string, Weights> weights;  // by layer name
  // The blobs holding the file's graph inputs and outputs, in the file's order (an output may be a
  // value other layers read too).
  std::vector<std::string> inputs, outputs;
};

// The file uses an op, an attribute value or a tensor rank this program does not run. The message is
// one sentence naming the node's index, name and op type, or the value.
class OnnxUnsupported : public ModelError {
 public:
  using ModelError::ModelError;
};

// Whether this build reads ONNX files (it is built with libonnx-dev and libprotobuf-dev).
bool onnx_available();

// Parses an ONNX ModelProto. `source` names it in messages. `bound` gives values for graph inputs
// that only ever feed a parameter slot (a Conv's W, a Gemm's B or C, BatchNormalization's statistics,
// Clip's bounds, Reshape's shape), as ONNX's node tests pass weights; such an input becomes a constant.
// Throws OnnxUnsupported for what this program does not run and ModelError for a damaged file (not a
// protobuf, truncated, a missing initializer, dims that disagree); never returns half a model.
ImportedModel parse_onnx(std::string_view bytes, const std::string& source,
                         const std::map<std::string, OnnxTensor>& bound = {});
ImportedModel load_onnx(const std::filesystem::path& path, const std::map<std::string, OnnxTensor>& bound = {});

// The names of a file's graph inputs that no initializer fills, in the file's order (the order of
// ONNX's test_data_set_N/input_K.pb). Throws ModelError as load_onnx does.
std::vector<std::string> onnx_input_names(const std::filesystem::path& path);

}  // namespace cnn
