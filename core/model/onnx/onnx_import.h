#pragma once
// Internal to the ONNX importer: what the node converters (onnx_ops.cpp) share with the reader.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "core/model/onnx/onnx_model.h"

namespace cnn::onnx_import {

// An element of a shape vector being folded (Shape -> Gather -> Unsqueeze -> Concat -> Reshape):
// a known integer, or the batch size, which a file may leave symbolic.
inline constexpr std::int64_t kBatchDim = INT64_MIN;

struct DataValue {
  std::string blob;  // the NetDesc blob holding it
  int rank = 4;      // its ONNX rank; ranks below 4 are padded with trailing 1s (N, C) -> (N, C, 1, 1)
};

struct Importer {
  std::string source;
  std::int64_t opset = 13;
  ImportedModel model;
  std::map<std::string, OnnxTensor> constants;             // initializers, Constant outputs, bound inputs
  std::map<std::string, std::vector<std::int64_t>> shapes;  // folded shape vectors (kBatchDim allowed)
  std::map<std::string, DataValue> data;                   // tensors computed at run time
  std::map<std::string, int> readers;                      // how many node inputs name each value
  std::set<std::string> layer_names;

  // The node being converted, for messages.
  const onnx::NodeProto* node = nullptr;
  int node_index = 0;

  // "node 3 'conv1' (Conv)"
  std::string node_label() const;
  [[noreturn]] void unsupported(const std::string& why) const;  // throws OnnxUnsupported
  [[noreturn]] void damaged(const std::string& why) const;      // throws ModelError

  // Input k of the node: its name ("" when absent or omitted).
  std::string input_name(int k) const;
  const DataValue& data_input(int k) const;        // unsupported when it is not a computed tensor
  const OnnxTensor* constant_input(int k) const;   // null when absent; unsupported when computed
  const OnnxTensor& required_constant(int k, const char* role) const;

  // The NCHW shape of a data value at batch 1 (the file's graph shaped so far).
  Shape shape_of(const DataValue& v) const;

  // A new layer named after the node (unique; `suffix` distinguishes a second layer of one node),
  // reading `bottoms` and writing a new blob; returns the layer to fill. Its top is named after the
  // node's output k, or, with a suffix, a blob of its own.
  LayerDesc& add_layer(LayerType type, std::vector<std::string> bottoms, const std::string& suffix = "");
  // Records the node's output k as a data value of `rank` held in `blob`.
  void set_output(int k, const std::string& blob, int rank);
};

// Converts one node (imp.node); throws OnnxUnsupported for an op type or attribute it does not run.
void convert_node(Importer& imp);

// Attributes of the current node.
std::optional<std::int64_t> attr_int(const Importer& imp, const char* name);
std::optional<float> attr_float(const Importer& imp, const char* name);
std::optional<std::string> attr_string(const Importer& imp, const char* name);
std::optional<std::vector<std::int64_t>> attr_ints(const Importer& imp, const char* name);

}  // namespace cnn::onnx_import
