// Converters for the compute ops: Conv, pooling, Gemm and MatMul, activations, normalisation, sums,
// Concat of tensors, Softmax. The shape ops are in onnx_shape_ops.cpp.
#include <cmath>
#include <cstring>
#include <functional>
#include <map>

#include "core/model/onnx/onnx_import.h"
#include "core/model/onnx/onnx_ops_internal.h"

namespace cnn::onnx_import {
namespace {

// Kernel, stride, dilation and pads of a 2-D window op, read from its attributes.
struct Window {
  int kh = 0, kw = 0, sh = 1, sw = 1, dh = 1, dw = 1;
  int top = 0, left = 0, h_more = 0, w_more = 0;
};

int pair_at(const Importer& imp, const std::vector<std::int64_t>& v, std::size_t k, const char* name) {
  if (v.size() != 2) imp.unsupported(std::string(name) + " has " + std::to_string(v.size()) + " entries; only 2-D windows are run");
  return to_int(imp, v[k], name);
}

void read_window(const Importer& imp, const DataValue& x, Window& w) {
  if (const auto s = attr_ints(imp, "strides")) { w.sh = pair_at(imp, *s, 0, "strides"); w.sw = pair_at(imp, *s, 1, "strides"); }
  if (const auto d = attr_ints(imp, "dilations")) { w.dh = pair_at(imp, *d, 0, "dilations"); w.dw = pair_at(imp, *d, 1, "dilations"); }
  if (w.sh <= 0 || w.sw <= 0 || w.dh <= 0 || w.dw <= 0) imp.damaged("strides and dilations must be positive");
  const std::string auto_pad = attr_string(imp, "auto_pad").value_or("NOTSET");
  if (auto_pad == "NOTSET") {
    const std::vector<std::int64_t> p = attr_ints(imp, "pads").value_or(std::vector<std::int64_t>(4, 0));
    if (p.size() != 4) imp.unsupported("pads has " + std::to_string(p.size()) + " entries; only 2-D windows are run");
    for (std::int64_t v : p)
      if (v < 0) imp.unsupported("a negative pad (cropping)");
    w.top = to_int(imp, p[0], "pads");
    w.left = to_int(imp, p[1], "pads");
    w.h_more = to_int(imp, p[2], "pads") - w.top;
    w.w_more = to_int(imp, p[3], "pads") - w.left;
  } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    const Shape s = imp.shape_of(x);
    // The output covers ceil(in / stride); the total pad splits evenly, the odd one at the end (UPPER)
    // or at the start (LOWER).
    const auto split = [&](int in, int k, int d, int stride, int& begin, int& more) {
      const std::int64_t out = (std::int64_t(in) + stride - 1) / stride;
      const std::int64_t total = std::max<std::int64_t>((out - 1) * stride + std::int64_t(d) * (k - 1) + 1 - in, 0);
      begin = int(auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2);
      more = int(total - begin) - begin;
    };
    split(s.h, w.kh, w.dh, w.sh, w.top, w.h_more);
    split(s.w, w.kw, w.dw, w.sw, w.left, w.w_more);
  } else if (auto_pad != "VALID") {
    imp.damaged("auto_pad '" + auto_pad + "' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID");
  }
}

void need_rank4(const Importer& imp, const DataValue& x) {
  if (x.rank != 4)
    imp.unsupported("its input has rank " + std::to_string(x.rank) + "; only 2-D images (rank-4 tensors) are run");
}

void conv(Importer& imp) {
  const DataValue x = imp.data_input(0);
  need_rank4(imp, x);
  const OnnxTensor& w = imp.required_constant(1, "weight");
  if (w.dims.size() != 4) imp.unsupported("its weight has dims " + w.dims_str() + "; 2-D convolutions take rank-4 weights");
  const OnnxTensor* b = imp.constant_input(2);
  if (b && !b->is_float) imp.damaged("its bias '" + b->name + "' is not a float tensor");
  Window win;
  win.kh = to_int(imp, w.dims[2], "kernel");
  win.kw = to_int(imp, w.dims[3], "kernel");
  if (const auto k = attr_ints(imp, "kernel_shape"))
    if (pair_at(imp, *k, 0, "kernel_shape") != win.kh || pair_at(imp, *k, 1, "kernel_shape") != win.kw)
      imp.damaged("kernel_shape disagrees with its weight's dims " + w.dims_str());
  read_window(imp, x, win);
  const int out = to_int(imp, w.dims[0], "output channels");
  LayerDesc& l = imp.add_layer(LayerType::Convolution, {x.blob});
  ConvolutionParams& p = l.conv;
  p.num_output = out;
  p.kernel_h = win.kh, p.kernel_w = win.kw, p.stride_h = win.sh, p.stride_w = win.sw;
  p.dilation_h = win.dh, p.dilation_w = win.dw;
  p.pad_h = win.top, p.pad_w = win.left, p.pad_h_more = win.h_more, p.pad_w_more = win.w_more;
  p.group = to_int(imp, attr_int(imp, "group").value_or(1), "group");
  p.bias_term = b != nullptr;
  Weights& weights = imp.model.weights[l.name];
  weights.blobs.push_back(blob_of(w.f, Shape{out, int(w.dims[1]), win.kh, win.kw}));
  if (b) weights.blobs.push_back(blob_of(b->f, Shape{int(b->count()), 1, 1, 1}));
  imp.set_output(0, l.tops[0], 4);
}

void pool(Importer& imp, PoolMethod method, bool global) {
  const DataValue x = imp.data_input(0);
  need_rank4(imp, x);
  if (imp.node->output_size() > 1 && !imp.node->output(1).empty()) imp.unsupported("its Indices output");
  LayerDesc l;  // filled first, added once every attribute is read
  PoolingParams& p = l.pool;
  p.method = method;
  p.global = global;
  if (!global) {
    Window win;
    const auto k = attr_ints(imp, "kernel_shape");
    if (!k) imp.damaged("kernel_shape is missing");
    win.kh = pair_at(imp, *k, 0, "kernel_shape");
    win.kw = pair_at(imp, *k, 1, "kernel_shape");
    read_window(imp, x, win);
    if (win.dh != 1 || win.dw != 1) imp.unsupported("dilated pooling windows");
    p.kernel_h = win.kh, p.kernel_w = win.kw, p.stride_h = win.sh, p.stride_w = win.sw;
    p.pad_h = win.top, p.pad_w = win.left, p.pad_h_more = win.h_more, p.pad_w_more = win.w_more;
    p.rounding = attr_int(imp, "ceil_mode").value_or(0) ? PoolRounding::Up : PoolRounding::Down;
    p.exclude_pad = method == PoolMethod::Average && attr_int(imp, "count_include_pad").value_or(0) == 0;
  }
  LayerDesc& added = imp.add_layer(LayerType::Pooling, {x.blob});
  added.pool = p;
  imp.set_output(0, added.tops[0], 4);
}

// The Gemm/MatMul weight as Caffe's InnerProduct wants it: out x k, row-major, times alpha.
std::vector<float> fc_weights(const OnnxTensor& b, bool k_major, float alpha, int& out, int& k) {
  const std::size_t rows = std::size_t(b.dims[0]), cols = std::size_t(b.dims[1]);
  out = int(k_major ? cols : rows);
  k = int(k_major ? rows : cols);
  std::vector<float> w(rows * cols);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c)
      (k_major ? w[c * rows + r] : w[r * cols + c]) = alpha * b.f[r * cols + c];
  return w;
}

void inner_product(Importer& imp, const OnnxTensor& b, bool k_major, float alpha, const OnnxTensor* c, float beta) {
  const DataValue a = imp.data_input(0);
  if (a.rank != 2) imp.unsupported("its input has rank " + std::to_string(a.rank) + "; only matrices (rank 2) are multiplied");
  if (b.dims.size() != 2) imp.unsupported("its weight has dims " + b.dims_str() + "; only a matrix is run");
  int out = 0, k = 0;
  std::vector<float> w = fc_weights(b, k_major, alpha, out, k);
  if (c && c->count() != 1 && !(c->count() == std::size_t(out) && c->dims.back() == out))
    imp.unsupported("its C of dims " + c->dims_str() + " adds a different bias to each row; only a bias per output is run");
  LayerDesc& l = imp.add_layer(LayerType::InnerProduct, {a.blob});
  l.fc.num_output = out;
  l.fc.bias_term = c != nullptr;
  Weights& weights = imp.model.weights[l.name];
  weights.blobs.push_back(blob_of(w, Shape{out, k, 1, 1}));
  if (c) {
    std::vector<float> bias(static_cast<std::size_t>(out));
    for (std::size_t j = 0; j < bias.size(); ++j) bias[j] = beta * c->f[c->count() == 1 ? 0 : j];
    weights.blobs.push_back(blob_of(bias, Shape{out, 1, 1, 1}));
  }
  imp.set_output(0, l.tops[0], 2);
}

void gemm(Importer& imp) {
  if (attr_int(imp, "transA").value_or(0) != 0)
    imp.unsupported("transA=1: its A is computed at run time, and only B may be transposed");
  const OnnxTensor& b = imp.required_constant(1, "B");
  const bool trans_b = attr_int(imp, "transB").value_or(0) != 0;
  const OnnxTensor* c = imp.constant_input(2);
  if (c && !c->is_float) imp.damaged("its C is not a float tensor");
  inner_product(imp, b, !trans_b, attr_float(imp, "alpha").value_or(1.f), c, attr_float(imp, "beta").value_or(1.f));
}

void matmul(Importer& imp) { inner_product(imp, imp.required_constant(1, "B"), true, 1.f, nullptr, 0.f); }

void unary(Importer& imp, LayerType type, const std::function<void(LayerDesc&)>& params) {
  const DataValue x = imp.data_input(0);
  LayerDesc& l = imp.add_layer(type, {x.blob});
  params(l);
  imp.set_output(0, l.tops[0], x.rank);
}

float scalar_bound(const Importer& imp, int k, float absent) {
  const OnnxTensor* t = imp.constant_input(k);
  if (!t) return absent;
  if (!t->is_float || t->count() != 1) imp.damaged("its bound '" + t->name + "' is not a float scalar");
  return t->f[0];
}

void clip(Importer& imp) {
  float lo = -INFINITY, hi = INFINITY;
  if (imp.opset < 11) {
    lo = attr_float(imp, "min").value_or(lo);
    hi = attr_float(imp, "max").value_or(hi);
  } else {
    lo = scalar_bound(imp, 1, lo);
    hi = scalar_bound(imp, 2, hi);
  }
  unary(imp, LayerType::Clip, [&](LayerDesc& l) { l.clip = ClipParams{lo, hi}; });
}

void batch_norm(Importer& imp) {
  for (int k = 1; k < imp.node->output_size(); ++k)
    if (!imp.node->output(k).empty()) imp.unsupported("training mode (its running mean and variance outputs)");
  if (attr_int(imp, "training_mode").value_or(0) != 0) imp.unsupported("training mode");
  if (attr_int(imp, "spatial").value_or(1) != 1) imp.unsupported("spatial=0 (statistics per element)");
  const DataValue x = imp.data_input(0);
  const OnnxTensor* stats[4];
  const char* roles[4] = {"scale", "B", "mean", "var"};
  for (int k = 0; k < 4; ++k) stats[k] = &imp.required_constant(k + 1, roles[k]);
  const auto blob = [](const OnnxTensor& t) { return blob_of(t.f, Shape{int(t.count()), 1, 1, 1}); };
  const std::string out = imp.node->output(0);
  LayerDesc& bn = imp.add_layer(LayerType::BatchNorm, {x.blob});
  bn.batch_norm.eps = attr_float(imp, "epsilon").value_or(1e-5f);
  bn.tops = {out + "/normalized"};
  imp.model.weights[bn.name].blobs = {blob(*stats[2]), blob(*stats[3])};
  const std::string normalized = bn.tops[0];
  LayerDesc& scale = imp.add_layer(LayerType::Scale, {normalized}, "/scale");
  scale.scale.bias_term = true;
  scale.tops = {out};
  imp.model.weights[scale.name].blobs = {blob(*stats[0]), blob(*stats[1])};
  imp.set_output(0, out, x.rank);
}

void lrn(Importer& imp) {
  const auto size = attr_int(imp, "size");
  if (!size) imp.damaged("size is missing");
  if (*size <= 0 || *size % 2 == 0) imp.unsupported("size " + std::to_string(*size) + "; only odd window sizes are run");
  unary(imp, LayerType::LRN, [&](LayerDesc& l) {
    l.lrn = LrnParams{int(*size), attr_float(imp, "alpha").value_or(1e-4f), attr_float(imp, "beta").value_or(0.75f),
                      attr_float(imp, "bias").value_or(1.f)};
  });
}

void softmax(Importer& imp) {
  const DataValue x = imp.data_input(0);
  const bool coerced = imp.opset < 13;  // before opset 13, Softmax flattens everything from axis on
  std::int64_t axis = attr_int(imp, "axis").value_or(coerced ? 1 : -1);
  if (axis < 0) axis += x.rank;
  const Shape s = imp.shape_of(x);
  if (axis != 1 || (coerced && s.h * s.w != 1))
    imp.unsupported("softmax over axis " + std::to_string(axis) + " of a rank-" + std::to_string(x.rank) +
                    " tensor; only the channel axis 1 is run");
  unary(imp, LayerType::Softmax, [](LayerDesc&) {});
}

}  // namespace

void convert_compute_node(Importer& imp, const std::string& op) {
  using Converter = std::function<void(Importer&)>;
  static const std::map<std::string, Converter> converters{
      {"Conv", conv},
      {"MaxPool", [](Importer& i) { pool(i, PoolMethod::Max, false); }},
      {"AveragePool", [](Importer& i) { pool(i, PoolMethod::Average, false); }},
      {"GlobalAveragePool", [](Importer& i) { pool(i, PoolMethod::Average, true); }},
      {"GlobalMaxPool", [](Importer& i) { pool(i, PoolMethod::Max, true); }},
      {"Gemm", gemm},
      {"MatMul", matmul},
      {"Relu", [](Importer& i) { unary(i, LayerType::ReLU, [](LayerDesc&) {}); }},
      {"LeakyRelu",
       [](Importer& i) {
         const float alpha = attr_float(i, "alpha").value_or(0.01f);
         unary(i, LayerType::ReLU, [&](LayerDesc& l) { l.relu.negative_slope = alpha; });
       }},
      {"Clip", clip},
      {"BatchNormalization", batch_norm},
      {"LRN", lrn},
      {"Softmax", softmax},
  };
  const auto it = converters.find(op);
  if (it == converters.end()) imp.unsupported("this program does not run the op type " + op);
  it->second(imp);
}

}  // namespace cnn::onnx_import
