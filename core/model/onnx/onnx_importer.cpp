// The Importer's shared steps: messages, inputs, attributes, and adding layers.
#include <cmath>

#include "core/model/graph.h"
#include "core/model/layer_rules.h"
#include "core/model/onnx/onnx_import.h"

namespace cnn::onnx_import {
namespace {

const onnx::AttributeProto* find_attr(const Importer& imp, const char* name) {
  for (const onnx::AttributeProto& a : imp.node->attribute())
    if (a.name() == name) return &a;
  return nullptr;
}

// An attribute of the wrong type is a damaged file.
const onnx::AttributeProto* typed_attr(const Importer& imp, const char* name, onnx::AttributeProto::AttributeType type) {
  const onnx::AttributeProto* a = find_attr(imp, name);
  if (a && a->type() != type && a->type() != onnx::AttributeProto::UNDEFINED)
    imp.damaged(std::string("attribute '") + name + "' has type " + onnx::AttributeProto::AttributeType_Name(a->type()) +
                ", not " + onnx::AttributeProto::AttributeType_Name(type));
  return a;
}

}  // namespace

std::string Importer::node_label() const {
  return "node " + std::to_string(node_index) + " '" + node->name() + "' (" + node->op_type() + ")";
}

void Importer::unsupported(const std::string& why) const {
  throw OnnxUnsupported(source + ": " + node_label() + " is not supported: " + why);
}

void Importer::damaged(const std::string& why) const { throw ModelError(source + ": " + node_label() + ": " + why); }

std::string Importer::input_name(int k) const { return k < node->input_size() ? node->input(k) : std::string(); }

const DataValue& Importer::data_input(int k) const {
  const std::string name = input_name(k);
  if (name.empty()) damaged("input " + std::to_string(k) + " is missing");
  const auto it = data.find(name);
  if (it != data.end()) return it->second;
  if (constants.count(name) || shapes.count(name))
    unsupported("its input '" + name + "' is a constant; only computed tensors are run through this op");
  damaged("input '" + name + "' is neither a graph input, an initializer nor the output of an earlier node");
}

const OnnxTensor* Importer::constant_input(int k) const {
  const std::string name = input_name(k);
  if (name.empty()) return nullptr;
  const auto it = constants.find(name);
  if (it != constants.end()) return &it->second;
  if (data.count(name)) unsupported("its input '" + name + "' is computed at run time; it must be a constant");
  damaged("input '" + name + "' is neither an initializer, a Constant nor a graph input");
}

const OnnxTensor& Importer::required_constant(int k, const char* role) const {
  const OnnxTensor* t = constant_input(k);
  if (!t) damaged(std::string("its ") + role + " (input " + std::to_string(k) + ") is missing");
  if (!t->is_float) damaged(std::string("its ") + role + " '" + t->name + "' is not a float tensor");
  return *t;
}

Shape Importer::shape_of(const DataValue& v) const {
  for (const InputDesc& in : model.net.inputs)
    if (in.name == v.blob) return Shape{1, in.shape.c, in.shape.h, in.shape.w};
  const Graph graph(model.net, 1);
  for (auto it = graph.values().rbegin(); it != graph.values().rend(); ++it)
    if (it->blob == v.blob) return it->shape;
  damaged("value '" + v.blob + "' has no shape");
}

LayerDesc& Importer::add_layer(LayerType type, std::vector<std::string> bottoms, const std::string& suffix) {
  std::string base = node->name().empty() ? node->op_type() + "_" + std::to_string(node_index) : node->name();
  base += suffix;
  std::string name = base;
  for (int k = 2; layer_names.count(name); ++k) name = base + "_" + std::to_string(k);
  layer_names.insert(name);
  LayerDesc l;
  l.type = type;
  l.name = name;
  l.line = node_index;
  l.bottoms = std::move(bottoms);
  if (node->output_size() == 0 || node->output(0).empty()) damaged("it has no output");
  l.tops = {suffix.empty() ? node->output(0) : node->output(0) + suffix};
  model.net.layers.push_back(std::move(l));
  return model.net.layers.back();
}

void Importer::set_output(int k, const std::string& blob, int rank) {
  if (k >= node->output_size()) damaged("it has no output " + std::to_string(k));
  data[node->output(k)] = DataValue{blob, rank};
}

std::optional<std::int64_t> attr_int(const Importer& imp, const char* name) {
  const onnx::AttributeProto* a = typed_attr(imp, name, onnx::AttributeProto::INT);
  if (!a) return std::nullopt;
  return a->i();
}

std::optional<float> attr_float(const Importer& imp, const char* name) {
  const onnx::AttributeProto* a = typed_attr(imp, name, onnx::AttributeProto::FLOAT);
  if (!a) return std::nullopt;
  if (!std::isfinite(a->f())) imp.damaged(std::string("attribute '") + name + "' is not a finite number");
  return a->f();
}

std::optional<std::string> attr_string(const Importer& imp, const char* name) {
  const onnx::AttributeProto* a = typed_attr(imp, name, onnx::AttributeProto::STRING);
  if (!a) return std::nullopt;
  return a->s();
}

std::optional<std::vector<std::int64_t>> attr_ints(const Importer& imp, const char* name) {
  const onnx::AttributeProto* a = typed_attr(imp, name, onnx::AttributeProto::INTS);
  if (!a) return std::nullopt;
  return std::vector<std::int64_t>(a->ints().begin(), a->ints().end());
}

}  // namespace cnn::onnx_import
