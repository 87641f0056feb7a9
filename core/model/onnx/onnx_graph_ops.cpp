// Converters for the ops that join, alias or reshape values: Add, Sum, Concat, Identity, Dropout,
// Flatten, Reshape, and the Constant/Shape/Gather/Unsqueeze/Concat chain exporters emit to compute a
// Reshape's target, which folds to a Flatten. The compute ops are in onnx_ops.cpp.
#include <algorithm>
#include <cstring>

#include "core/model/onnx/onnx_import.h"
#include "core/model/onnx/onnx_ops_internal.h"
#include "core/model/onnx/onnx_proto.h"

namespace cnn::onnx_import {
namespace {

std::string dims_text(const std::vector<std::int64_t>& v) {
  std::string s = "[";
  for (std::size_t k = 0; k < v.size(); ++k)
    s += (k ? ", " : "") + (v[k] == kBatchDim ? std::string("batch") : std::to_string(v[k]));
  return s + "]";
}

// The ONNX dims of a data value, the batch left symbolic.
std::vector<std::int64_t> dims_of(const Importer& imp, const DataValue& x) {
  const Shape s = imp.shape_of(x);
  const std::vector<std::int64_t> all{kBatchDim, s.c, s.h, s.w};
  return {all.begin(), all.begin() + x.rank};
}

// Input k as a shape vector: a folded one, or an integer constant.
const std::vector<std::int64_t>* shape_input(const Importer& imp, int k) {
  const auto s = imp.shapes.find(imp.input_name(k));
  if (s != imp.shapes.end()) return &s->second;
  const auto c = imp.constants.find(imp.input_name(k));
  if (c != imp.constants.end() && !c->second.is_float) return &c->second.i;
  return nullptr;
}

void alias(Importer& imp, const DataValue& x) { imp.set_output(0, x.blob, x.rank); }

// A bias added after a MatMul (or Gemm or Conv without one), as some exporters write it: folded into
// that layer when nothing else reads its output.
bool fold_bias(Importer& imp, const DataValue& x, const std::string& x_name, const OnnxTensor& bias) {
  if (!bias.is_float || imp.readers[x_name] != 1) return false;
  for (LayerDesc& l : imp.model.net.layers) {
    if (l.tops.at(0) != x.blob) continue;
    const bool fc = l.type == LayerType::InnerProduct && !l.fc.bias_term;
    const bool conv = l.type == LayerType::Convolution && !l.conv.bias_term;
    const int outputs = fc ? l.fc.num_output : l.conv.num_output;
    if (!(fc || conv) || bias.count() != std::size_t(outputs)) return false;
    const std::size_t trailing_ones = fc ? 0 : 2;  // a Conv's bias broadcasts as (C, 1, 1)
    if (bias.dims.size() < 1 + trailing_ones || bias.dims[bias.dims.size() - 1 - trailing_ones] != outputs) return false;
    (fc ? l.fc.bias_term : l.conv.bias_term) = true;
    imp.model.weights[l.name].blobs.push_back(blob_of(bias.f, Shape{outputs, 1, 1, 1}));
    alias(imp, x);
    return true;
  }
  return false;
}

void eltwise_sum(Importer& imp) {
  const bool add = imp.node->op_type() == "Add";
  if (add && imp.node->input_size() == 2) {
    for (int k = 0; k < 2; ++k) {
      const auto c = imp.constants.find(imp.input_name(k));
      if (c == imp.constants.end()) continue;
      const DataValue x = imp.data_input(1 - k);
      if (fold_bias(imp, x, imp.input_name(1 - k), c->second)) return;
      imp.unsupported("it adds the constant '" + c->second.name +
                      "', which is run only as the bias of the MatMul, Gemm or Conv before it");
    }
  }
  std::vector<DataValue> in;
  for (int k = 0; k < imp.node->input_size(); ++k) in.push_back(imp.data_input(k));
  if (in.empty()) imp.damaged("it has no input");
  if (in.size() == 1) return alias(imp, in[0]);
  const std::vector<std::int64_t> first = dims_of(imp, in[0]);
  for (std::size_t k = 1; k < in.size(); ++k)
    if (dims_of(imp, in[k]) != first)
      imp.unsupported("it broadcasts " + dims_text(dims_of(imp, in[k])) + " against " + dims_text(first) +
                      "; only tensors of one shape are added");
  std::vector<std::string> bottoms;
  for (const DataValue& v : in) bottoms.push_back(v.blob);
  LayerDesc& l = imp.add_layer(LayerType::Eltwise, bottoms);
  l.eltwise.op = EltwiseOp::Sum;
  imp.set_output(0, l.tops[0], in[0].rank);
}

void concat(Importer& imp) {
  bool any_data = false;
  for (int k = 0; k < imp.node->input_size(); ++k) any_data |= imp.data.count(imp.input_name(k)) > 0;
  if (!any_data) {  // a shape vector being built
    std::vector<std::int64_t> joined;
    for (int k = 0; k < imp.node->input_size(); ++k) {
      const std::vector<std::int64_t>* part = shape_input(imp, k);
      if (!part) imp.unsupported("it joins constants that are not integer shape vectors");
      joined.insert(joined.end(), part->begin(), part->end());
    }
    imp.shapes[imp.node->output(0)] = joined;
    return;
  }
  std::vector<std::string> bottoms;
  int rank = 0;
  for (int k = 0; k < imp.node->input_size(); ++k) {
    const DataValue v = imp.data_input(k);
    if (rank && v.rank != rank) imp.damaged("its inputs differ in rank");
    rank = v.rank;
    bottoms.push_back(v.blob);
  }
  const auto axis_attr = attr_int(imp, "axis");
  if (!axis_attr) imp.damaged("axis is missing");
  const std::int64_t axis = *axis_attr < 0 ? *axis_attr + rank : *axis_attr;
  if (axis != 1)
    imp.unsupported("concatenation along axis " + std::to_string(*axis_attr) + " of rank-" + std::to_string(rank) +
                    " tensors; only the channel axis 1 is run");
  LayerDesc& l = imp.add_layer(LayerType::Concat, bottoms);
  imp.set_output(0, l.tops[0], rank);
}

void flatten_to(Importer& imp, const DataValue& x) {
  if (x.rank == 2) return alias(imp, x);
  LayerDesc& l = imp.add_layer(LayerType::Flatten, {x.blob});
  imp.set_output(0, l.tops[0], 2);
}

void flatten(Importer& imp) {
  const DataValue x = imp.data_input(0);
  std::int64_t axis = attr_int(imp, "axis").value_or(1);
  if (axis < 0) axis += x.rank;
  if (axis != 1)
    imp.unsupported("flattening from axis " + std::to_string(axis) + "; only everything after the batch axis (axis 1) is run");
  flatten_to(imp, x);
}

void reshape(Importer& imp) {
  const DataValue x = imp.data_input(0);
  const std::vector<std::int64_t>* target = shape_input(imp, 1);
  if (!target) imp.unsupported("its target shape is not a constant or a folded shape vector");
  const std::vector<std::int64_t> in = dims_of(imp, x);
  std::vector<std::int64_t> t = *target;
  if (attr_int(imp, "allowzero").value_or(0) == 0)
    for (std::size_t k = 0; k < t.size() && k < in.size(); ++k)
      if (t[k] == 0) t[k] = in[k];
  std::int64_t per_image = 1;
  for (std::size_t k = 1; k < in.size(); ++k) per_image *= in[k];
  const std::int64_t file_batch = imp.model.net.inputs.front().shape.n;
  if (t == in) return alias(imp, x);
  const bool batch_first = t.size() == 2 && (t[0] == kBatchDim || t[0] == file_batch || (t[0] == -1 && t[1] == per_image));
  if (batch_first && (t[1] == -1 || t[1] == per_image)) return flatten_to(imp, x);
  imp.unsupported("it reshapes " + dims_text(in) + " to " + dims_text(t) + "; only a flatten to [batch, C*H*W] is run");
}

void constant(Importer& imp) {
  const onnx::AttributeProto* value = nullptr;
  for (const onnx::AttributeProto& a : imp.node->attribute())
    if (a.name() == "value") value = &a;
  OnnxTensor t;
  if (value && value->has_t()) {
    t = read_tensor(value->t(), imp.node_label() + "'s value");
  } else if (const auto f = attr_float(imp, "value_float")) {
    t.f = {*f};
  } else if (const auto i = attr_int(imp, "value_int")) {
    t.is_float = false, t.i = {*i};
  } else if (const auto is = attr_ints(imp, "value_ints")) {
    t.is_float = false, t.i = *is, t.dims = {std::int64_t(is->size())};
  } else {
    imp.unsupported("a Constant other than a tensor, a float, an int or ints");
  }
  t.name = imp.node->output(0);
  imp.constants[t.name] = t;
}

void shape(Importer& imp) {
  std::vector<std::int64_t> dims = dims_of(imp, imp.data_input(0));
  const std::int64_t rank = std::int64_t(dims.size());
  std::int64_t start = attr_int(imp, "start").value_or(0), end = attr_int(imp, "end").value_or(rank);
  if (start < 0) start += rank;
  if (end < 0) end += rank;
  start = std::clamp<std::int64_t>(start, 0, rank);
  end = std::clamp<std::int64_t>(end, start, rank);
  imp.shapes[imp.node->output(0)] = std::vector<std::int64_t>(dims.begin() + start, dims.begin() + end);
}

void gather(Importer& imp) {
  const std::vector<std::int64_t>* from = shape_input(imp, 0);
  const OnnxTensor* indices = imp.constant_input(1);
  if (!from || !indices || indices->is_float || attr_int(imp, "axis").value_or(0) != 0)
    imp.unsupported("only gathering from a shape vector with constant indices is run");
  std::vector<std::int64_t> out;
  for (std::int64_t i : indices->i) {
    const std::int64_t k = i < 0 ? i + std::int64_t(from->size()) : i;
    if (k < 0 || k >= std::int64_t(from->size())) imp.damaged("index " + std::to_string(i) + " is out of range");
    out.push_back((*from)[std::size_t(k)]);
  }
  imp.shapes[imp.node->output(0)] = out;
}

void unsqueeze(Importer& imp) {  // of a scalar or vector of dims: the same elements
  const std::vector<std::int64_t>* from = shape_input(imp, 0);
  if (!from) imp.unsupported("only unsqueezing a shape vector is run");
  imp.shapes[imp.node->output(0)] = *from;
}

void pass_through(Importer& imp) {  // Identity, and Dropout at inference
  if (imp.node->op_type() == "Dropout") {
    if (imp.node->output_size() > 1 && !imp.node->output(1).empty()) imp.unsupported("its mask output");
    const OnnxTensor* training = imp.constant_input(2);
    if (training && training->count() != 1) imp.damaged("its training_mode is not a scalar");
    if (training && (training->is_float ? training->f[0] != 0.f : training->i[0] != 0)) imp.unsupported("training mode");
  }
  const std::string in = imp.input_name(0);
  if (in.empty()) imp.damaged("its input is missing");
  if (imp.data.count(in)) return alias(imp, imp.data_input(0));
  if (imp.shapes.count(in)) imp.shapes[imp.node->output(0)] = imp.shapes[in];
  else imp.constants[imp.node->output(0)] = *imp.constant_input(0);  // never null: `in` is named
}

}  // namespace

int to_int(const Importer& imp, std::int64_t v, const char* what) {
  if (v < 0 || v > INT32_MAX) imp.damaged(std::string(what) + " " + std::to_string(v) + " is out of range");
  return int(v);
}

Tensor blob_of(const std::vector<float>& values, Shape shape) {
  Tensor t = Tensor::allocate(shape, DType::F32);
  if (values.size() == t.count() && !values.empty()) std::memcpy(t.f32(), values.data(), t.bytes());
  return t;  // a count that differs is reported by the weight check once the graph is shaped
}

void convert_node(Importer& imp) {
  if (!imp.node->domain().empty() && imp.node->domain() != "ai.onnx")
    imp.unsupported("ops of the domain '" + imp.node->domain() + "'");
  if (imp.node->output_size() == 0 || imp.node->output(0).empty()) imp.damaged("it has no output");
  const std::string& op = imp.node->op_type();
  if (op == "Add" || op == "Sum") return eltwise_sum(imp);
  if (op == "Concat") return concat(imp);
  if (op == "Flatten") return flatten(imp);
  if (op == "Reshape") return reshape(imp);
  if (op == "Constant") return constant(imp);
  if (op == "Shape") return shape(imp);
  if (op == "Gather") return gather(imp);
  if (op == "Unsqueeze") return unsqueeze(imp);
  if (op == "Identity" || op == "Dropout") return pass_through(imp);
  convert_compute_node(imp, op);
}

}  // namespace cnn::onnx_import
