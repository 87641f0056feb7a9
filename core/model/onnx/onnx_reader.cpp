// The ONNX reader: a ModelProto's graph, node by node, into a NetDesc and its weights.
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/model/graph.h"
#include "core/model/layer_rules.h"
#include "core/model/onnx/onnx_import.h"
#include "core/model/onnx/onnx_proto.h"

namespace cnn {
namespace onnx_import {
namespace {

// Whether input k of an op type is a parameter (a weight, a bound, a shape), never a computed tensor.
bool parameter_slot(const std::string& op, int k) {
  if (op == "Conv" || op == "Gemm" || op == "BatchNormalization" || op == "Clip" || op == "Dropout") return k >= 1;
  if (op == "MatMul" || op == "Reshape" || op == "Gather" || op == "Unsqueeze") return k == 1;
  return false;
}

std::string type_name(int elem_type) { return onnx::TensorProto::DataType_Name(onnx::TensorProto::DataType(elem_type)); }

// A graph input computed at run time: a float tensor of rank 1 to 4, every dim but the batch known.
DataValue add_graph_input(Importer& imp, const onnx::ValueInfoProto& in) {
  const std::string what = "graph input '" + in.name() + "'";
  if (!in.type().has_tensor_type()) throw OnnxUnsupported(what + " is not a tensor (a sequence or optional value)");
  const onnx::TypeProto::Tensor& t = in.type().tensor_type();
  if (t.elem_type() != onnx::TensorProto::FLOAT)
    throw OnnxUnsupported(what + " is " + type_name(t.elem_type()) + "; only float inputs are run");
  const int rank = t.shape().dim_size();
  if (!t.has_shape() || rank < 1 || rank > 4)
    throw OnnxUnsupported(what + " has rank " + std::to_string(rank) + "; inputs of rank 1 to 4 are run");
  std::int64_t dims[4] = {1, 1, 1, 1};
  for (int d = 1; d < rank; ++d) {
    const onnx::TensorShapeProto::Dimension& dim = t.shape().dim(d);
    if (!dim.has_dim_value() || dim.dim_value() <= 0 || dim.dim_value() > INT32_MAX)
      throw ModelError(what + " needs a known positive size for dim " + std::to_string(d));
    dims[d] = dim.dim_value();
  }
  std::int64_t batch = 1;
  if (t.shape().dim(0).has_dim_value()) batch = t.shape().dim(0).dim_value();
  if (batch <= 0 || batch > INT32_MAX) throw ModelError(what + " has a batch size that is not positive");
  imp.model.net.inputs.push_back(InputDesc{in.name(), Shape{int(batch), int(dims[1]), int(dims[2]), int(dims[3])}});
  imp.model.inputs.push_back(in.name());
  return DataValue{in.name(), rank};
}

// Each weighted layer's blobs against the sizes the shaped graph needs.
void check_weights(const Importer& imp) {
  const Graph graph(imp.model.net, 1);
  for (const Graph::Node& node : graph.nodes()) {
    const LayerDesc& l = node.desc;
    std::vector<std::size_t> need;
    const std::size_t in_c = std::size_t(l.in_shapes.at(0).c);
    switch (l.type) {
      case LayerType::Convolution:
        need = {std::size_t(l.conv.num_output) * (in_c / std::size_t(l.conv.group)) * std::size_t(l.conv.kernel_h) *
                std::size_t(l.conv.kernel_w)};
        if (l.conv.bias_term) need.push_back(std::size_t(l.conv.num_output));
        break;
      case LayerType::InnerProduct:
        need = {std::size_t(l.fc.num_output) * l.in_shapes.at(0).per_image()};
        if (l.fc.bias_term) need.push_back(std::size_t(l.fc.num_output));
        break;
      case LayerType::BatchNorm: need = {in_c, in_c}; break;
      case LayerType::Scale: need = l.scale.bias_term ? std::vector<std::size_t>{in_c, in_c} : std::vector{in_c}; break;
      default: continue;
    }
    const auto it = imp.model.weights.find(l.name);
    const std::size_t have = it == imp.model.weights.end() ? 0 : it->second.blobs.size();
    for (std::size_t b = 0; b < need.size(); ++b) {
      const std::size_t count = b < have ? it->second.blobs[b].count() : 0;
      if (count != need[b])
        throw ModelError(imp.source + ": " + layer_label(l) + " reads " + l.in_shapes[0].str() + " and needs " +
                         std::to_string(need[b]) + " values in its weight tensor " + std::to_string(b) + ", but the file gives " +
                         std::to_string(count));
    }
  }
}

}  // namespace
}  // namespace onnx_import

bool onnx_available() { return true; }

ImportedModel parse_onnx(std::string_view bytes, const std::string& source,
                         const std::map<std::string, OnnxTensor>& bound) {
  using namespace onnx_import;
  onnx::ModelProto proto;
  if (!parse_message(bytes, proto))
    throw ModelError("'" + source + "' is not an ONNX model: its bytes do not parse as one (a truncated file, or another format)");
  if (!proto.has_graph() || proto.graph().node_size() == 0)
    throw ModelError("'" + source + "' is not an ONNX model with a graph: it has no nodes");
  Importer imp;
  imp.source = source;
  for (const onnx::OperatorSetIdProto& set : proto.opset_import())
    if (set.domain().empty() || set.domain() == "ai.onnx") imp.opset = set.version();
  const onnx::GraphProto& g = proto.graph();
  imp.model.net.name = g.name().empty() ? std::filesystem::path(source).stem().string() : g.name();

  for (const onnx::TensorProto& t : g.initializer())
    imp.constants[t.name()] = read_tensor(t, "initializer '" + t.name() + "'");
  for (const onnx::NodeProto& n : g.node())
    for (const std::string& in : n.input())
      if (!in.empty()) ++imp.readers[in];
  for (const onnx::ValueInfoProto& in : g.input()) {
    if (imp.constants.count(in.name())) continue;  // older exporters list initializers as inputs too
    const auto b = bound.find(in.name());
    bool only_parameters = b != bound.end();
    for (const onnx::NodeProto& n : g.node())
      for (int k = 0; k < n.input_size(); ++k)
        if (n.input(k) == in.name() && !parameter_slot(n.op_type(), k)) only_parameters = false;
    if (only_parameters) {
      imp.constants[in.name()] = b->second;
    } else {
      imp.data[in.name()] = add_graph_input(imp, in);
    }
  }
  if (imp.model.net.inputs.empty()) throw ModelError("'" + source + "' has no graph input computed at run time");

  for (int i = 0; i < g.node_size(); ++i) {
    imp.node = &g.node(i);
    imp.node_index = i;
    convert_node(imp);
  }
  imp.node = nullptr;

  for (const onnx::ValueInfoProto& out : g.output()) {
    const auto it = imp.data.find(out.name());
    if (it == imp.data.end())
      throw OnnxUnsupported("graph output '" + out.name() + "' is not a tensor computed from the input");
    std::string blob = it->second.blob;
    const bool is_input = std::find(imp.model.inputs.begin(), imp.model.inputs.end(), blob) != imp.model.inputs.end();
    if (is_input) {  // an output that is an input passed through Identity: a layer copies it
      LayerDesc l;
      l.type = LayerType::Dropout;  // at inference, a copy
      l.name = out.name() + "/identity";
      l.bottoms = {blob};
      l.tops = {out.name() + "/identity"};
      imp.model.net.layers.push_back(l);
      blob = l.tops[0];
    }
    imp.model.outputs.push_back(blob);
  }
  if (imp.model.net.layers.empty()) throw ModelError("'" + source + "' computes nothing");
  check_weights(imp);
  return std::move(imp.model);
}

namespace {

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  if (in) bytes << in.rdbuf();
  if (!in || in.bad()) throw ModelError("cannot read model file '" + path.string() + "'");
  return bytes.str();
}

}  // namespace

ImportedModel load_onnx(const std::filesystem::path& path, const std::map<std::string, OnnxTensor>& bound) {
  return parse_onnx(read_bytes(path), path.string(), bound);
}

std::vector<std::string> onnx_input_names(const std::filesystem::path& path) {
  onnx::ModelProto proto;
  if (!onnx_import::parse_message(read_bytes(path), proto))
    throw ModelError("'" + path.string() + "' is not an ONNX model: its bytes do not parse as one");
  std::set<std::string> initialized;
  for (const onnx::TensorProto& t : proto.graph().initializer()) initialized.insert(t.name());
  std::vector<std::string> names;
  for (const onnx::ValueInfoProto& in : proto.graph().input())
    if (!initialized.count(in.name())) names.push_back(in.name());
  return names;
}

}  // namespace cnn
