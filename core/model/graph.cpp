#include "core/model/graph.h"

#include <cassert>
#include <cstdint>
#include <map>

#include "core/model/layer_rules.h"

namespace cnn {
namespace {

constexpr double kMaxElements = 1ull << 40;  // per blob; far beyond any real network, keeps costs exact

[[noreturn]] void fail(const LayerDesc& l, const std::string& what) {
  throw ModelError(layer_label(l) + ": " + what);
}

std::string num(std::int64_t v) { return std::to_string(v); }

int checked_dim(const LayerDesc& l, std::int64_t v, const char* what) {
  if (v > INT32_MAX) fail(l, std::string(what) + " would be " + num(v) + ", which is too large");
  return int(v);
}

// A convolution's output size along one axis (floor), padded by `p` before and `p_end` after;
// fails when it would be <= 0.
int conv_out(const LayerDesc& l, int in, int k, int s, int p, int p_end, int d, const char* axis) {
  const std::int64_t extent = std::int64_t(d) * (k - 1) + 1;
  const std::int64_t padded = std::int64_t(in) + p + p_end;
  if (extent > padded)
    fail(l, std::string("output ") + axis + " would be <= 0: the kernel spans " + num(extent) + " but the padded input " +
                axis + " is " + num(padded));
  return checked_dim(l, (padded - extent) / s + 1, "the output size");
}

// Pooling's output size along one axis. Rounding up (Caffe; ONNX's ceil_mode) drops a last window that
// would start in the end padding, as Caffe does when any pad is set; rounding down (ONNX) keeps whole
// windows only.
int pool_out(const LayerDesc& l, int in, int k, int s, int p, int p_end, bool any_pad, const char* axis) {
  const std::int64_t padded = std::int64_t(in) + p + p_end;
  if (k > padded)
    fail(l, std::string("output ") + axis + " would be <= 0: the kernel " + num(k) + " is larger than the padded input " +
                axis + " " + num(padded));
  if (l.pool.rounding == PoolRounding::Down) return checked_dim(l, (padded - k) / s + 1, "the output size");
  std::int64_t out = (padded - k + s - 1) / s + 1;
  if (any_pad && (out - 1) * s >= std::int64_t(in) + p) --out;
  return checked_dim(l, out, "the output size");
}

Shape infer_convolution(const LayerDesc& l, const Shape& in) {
  const ConvolutionParams& p = l.conv;
  if (in.c % p.group != 0)
    fail(l, "group " + num(p.group) + " does not divide " + num(in.c) + " input channels");
  return Shape{in.n, p.num_output,
               conv_out(l, in.h, p.kernel_h, p.stride_h, p.pad_h, p.pad_bottom(), p.dilation_h, "height"),
               conv_out(l, in.w, p.kernel_w, p.stride_w, p.pad_w, p.pad_right(), p.dilation_w, "width")};
}

Shape infer_pooling(LayerDesc& l, const Shape& in) {
  PoolingParams& p = l.pool;
  if (p.global) {
    p.kernel_h = in.h;
    p.kernel_w = in.w;
    p.stride_h = p.stride_w = 1;
    p.pad_h = p.pad_w = p.pad_h_more = p.pad_w_more = 0;
  }
  const bool any_pad = p.pad_h > 0 || p.pad_w > 0 || p.pad_bottom() > 0 || p.pad_right() > 0;
  return Shape{in.n, in.c, pool_out(l, in.h, p.kernel_h, p.stride_h, p.pad_h, p.pad_bottom(), any_pad, "height"),
               pool_out(l, in.w, p.kernel_w, p.stride_w, p.pad_w, p.pad_right(), any_pad, "width")};
}

Shape infer_concat(const LayerDesc& l) {
  const Shape& first = l.in_shapes.front();
  std::int64_t channels = 0;
  for (std::size_t i = 0; i < l.in_shapes.size(); ++i) {
    const Shape& s = l.in_shapes[i];
    if (s.n != first.n || s.h != first.h || s.w != first.w)
      fail(l, "bottom '" + l.bottoms[i] + "' is " + s.str() + " but '" + l.bottoms[0] + "' is " + first.str() +
                  "; concatenating channels needs equal N, H and W");
    channels += s.c;
  }
  return Shape{first.n, checked_dim(l, channels, "the channel count"), first.h, first.w};
}

Shape infer_eltwise(const LayerDesc& l) {
  const Shape& first = l.in_shapes.front();
  for (std::size_t i = 1; i < l.in_shapes.size(); ++i)
    if (!(l.in_shapes[i] == first))
      fail(l, "bottom '" + l.bottoms[i] + "' is " + l.in_shapes[i].str() + " but '" + l.bottoms[0] + "' is " +
                  first.str() + "; element-wise operations need equal shapes");
  return first;
}

// The single top shape of a layer whose in_shapes are set; may complete `l` (global pooling).
Shape infer(LayerDesc& l) {
  const Shape& in = l.in_shapes.front();
  switch (l.type) {
    case LayerType::Convolution: return infer_convolution(l, in);
    case LayerType::Pooling: return infer_pooling(l, in);
    case LayerType::InnerProduct: return Shape{in.n, l.fc.num_output, 1, 1};
    case LayerType::Flatten: return Shape{in.n, checked_dim(l, std::int64_t(in.per_image()), "C*H*W"), 1, 1};
    case LayerType::Concat: return infer_concat(l);
    case LayerType::Eltwise: return infer_eltwise(l);
    case LayerType::ReLU: case LayerType::LRN: case LayerType::BatchNorm: case LayerType::Scale:
    case LayerType::Dropout: case LayerType::Softmax: case LayerType::Clip: return in;
  }
  return in;
}

// Arithmetic operations of one layer for the whole batch, the roofline's numerator (QuTiBench's
// convention: a multiply-accumulate is two). Convolution 2.N.Cout.OH.OW.(Cin/g).KH.KW and inner
// product 2.N.In.Out (2 x macs; bias additions left out); pooling N.C.OH.OW.KH.KW (one compare or add
// per window cell); element-wise layers one per output element and combined input (ReLU, Clip,
// BatchNorm and Scale one, an Eltwise of k inputs k - 1); LRN 2 x local_size per element (square and
// add across the window); Softmax 3 per element (exp, sum, divide); Concat, Flatten and Dropout (at
// inference) move data and count none.
std::uint64_t count_flops(const LayerDesc& l, std::uint64_t macs) {
  const Shape& in = l.in_shapes.front();
  const auto outputs = std::uint64_t(l.out_shapes.front().count());
  switch (l.type) {
    case LayerType::Convolution: case LayerType::InnerProduct: return 2 * macs;
    case LayerType::Pooling: {
      const std::uint64_t window = l.pool.global ? std::uint64_t(in.h) * in.w
                                                 : std::uint64_t(l.pool.kernel_h) * l.pool.kernel_w;
      return outputs * window;
    }
    case LayerType::ReLU: case LayerType::Clip: case LayerType::BatchNorm: case LayerType::Scale: return outputs;
    case LayerType::Eltwise: return outputs * (l.in_shapes.size() - 1);
    case LayerType::LRN: return outputs * 2 * std::uint64_t(l.lrn.local_size);
    case LayerType::Softmax: return outputs * 3;
    case LayerType::Concat: case LayerType::Flatten: case LayerType::Dropout: return 0;
  }
  return 0;
}

LayerStats count_costs(const LayerDesc& l) {
  LayerStats s;
  for (const Shape& in : l.in_shapes) s.bytes_in += std::uint64_t(in.count()) * sizeof(float);
  for (const Shape& out : l.out_shapes) s.bytes_out += std::uint64_t(out.count()) * sizeof(float);
  const Shape& in = l.in_shapes.front();
  const Shape& out = l.out_shapes.front();
  switch (l.type) {
    case LayerType::Convolution: {
      const std::uint64_t per_output = std::uint64_t(in.c / l.conv.group) * l.conv.kernel_h * l.conv.kernel_w;
      s.macs = std::uint64_t(out.count()) * per_output;
      s.params = std::uint64_t(l.conv.num_output) * per_output + (l.conv.bias_term ? l.conv.num_output : 0);
      break;
    }
    case LayerType::InnerProduct: {
      const std::uint64_t k = in.per_image();
      s.macs = std::uint64_t(in.n) * k * std::uint64_t(l.fc.num_output);
      s.params = k * std::uint64_t(l.fc.num_output) + (l.fc.bias_term ? l.fc.num_output : 0);
      break;
    }
    case LayerType::BatchNorm: s.params = 2 * std::uint64_t(in.c); break;  // mean and variance
    case LayerType::Scale: s.params = std::uint64_t(in.c) * (l.scale.bias_term ? 2 : 1); break;
    default: break;
  }
  s.flops = count_flops(l, s.macs);
  return s;
}

bool too_large(const Shape& s) { return double(s.n) * s.c * s.h * s.w > kMaxElements; }

}  // namespace

Graph::Graph(const NetDesc& net, int batch) : name_(net.name), batch_(batch) {
  if (batch <= 0) throw ModelError("batch size must be positive, got " + num(batch));
  std::map<std::string, int> latest;  // blob name -> its newest value
  for (const InputDesc& in : net.inputs) {
    if (latest.count(in.name)) throw ModelError("input '" + in.name + "' is declared more than once");
    const Shape shape{batch, in.shape.c, in.shape.h, in.shape.w};
    if (shape.c <= 0 || shape.h <= 0 || shape.w <= 0)
      throw ModelError("input '" + in.name + "' has shape " + in.shape.str() + "; every dim must be positive");
    if (too_large(shape)) throw ModelError("input '" + in.name + "' of " + shape.str() + " is too large");
    latest[in.name] = int(values_.size());
    inputs_.push_back(int(values_.size()));
    values_.push_back(Value{in.name, shape, -1, {}});
  }
  for (const LayerDesc& layer : net.layers) {
    const int index = int(nodes_.size());
    Node node;
    node.desc = layer;
    LayerDesc& d = node.desc;
    if (const std::string problem = check_layer_params(d); !problem.empty()) fail(d, problem);
    d.in_shapes.clear();
    d.out_shapes.clear();
    for (const std::string& bottom : d.bottoms) {
      const auto it = latest.find(bottom);
      if (it == latest.end()) fail(d, "bottom '" + bottom + "' is neither a net input nor the top of an earlier layer");
      Value& v = values_[it->second];
      node.inputs.push_back(it->second);
      d.in_shapes.push_back(v.shape);
      if (v.consumers.empty() || v.consumers.back() != index) v.consumers.push_back(index);
    }
    const Shape out = infer(d);
    if (too_large(out)) fail(d, "its output " + out.str() + " is too large");
    d.out_shapes.assign(d.tops.size(), out);
    node.stats = count_costs(d);
    for (const std::string& top : d.tops) {
      latest[top] = int(values_.size());
      node.outputs.push_back(int(values_.size()));
      values_.push_back(Value{top, out, index, {}});
    }
    nodes_.push_back(std::move(node));
  }
  for (std::size_t v = 0; v < values_.size(); ++v)
    if (values_[v].producer >= 0 && values_[v].consumers.empty()) outputs_.push_back(int(v));
}

Graph::Graph(std::string name, int batch, GraphMode mode, std::vector<Node> nodes, std::vector<Value> values,
             std::vector<int> inputs)
    : name_(std::move(name)), batch_(batch), mode_(mode), nodes_(std::move(nodes)), values_(std::move(values)),
      inputs_(std::move(inputs)) {
  for (Value& v : values_) v.consumers.clear();
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    for (int v : nodes_[i].inputs) {
      assert(v >= 0 && std::size_t(v) < values_.size());
      assert(values_[v].producer < int(i));
      auto& consumers = values_[v].consumers;
      if (consumers.empty() || consumers.back() != int(i)) consumers.push_back(int(i));
    }
  for (std::size_t v = 0; v < values_.size(); ++v)
    if (values_[v].producer >= 0 && values_[v].consumers.empty()) outputs_.push_back(int(v));
}

std::uint64_t Graph::total_macs() const {
  std::uint64_t sum = 0;
  for (const Node& n : nodes_) sum += n.stats.macs;
  return sum;
}

std::uint64_t Graph::total_params() const {
  std::uint64_t sum = 0;
  for (const Node& n : nodes_) sum += n.stats.params;
  return sum;
}

}  // namespace cnn
