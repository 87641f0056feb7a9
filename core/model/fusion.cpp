#include "core/model/fusion.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <map>

namespace cnn {
namespace {

using Node = Graph::Node;

struct Group {
  std::vector<int> members;  // source node indices, head first
  int tail = -1;             // the source value the group outputs
  int sum_operand = -1;      // source value added before the activation; -1: none
  FusedOps fused;
  std::vector<float> scale, shift;  // folded BatchNorm/Scale per output channel; empty: none
};

class Fuser {
 public:
  Fuser(const Graph& g, const ModelWeights& w, const FusionQuery& q) : g_(g), w_(w), can_fuse_(q) {}

  FusedGraph run() {
    const auto& nodes = g_.nodes();
    group_of_.assign(nodes.size(), -1);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (group_of_[i] >= 0) continue;
      start_group(int(i));
      if (nodes[i].desc.type == LayerType::Convolution) fold_affine(groups_.back());
    }
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const LayerType t = nodes[i].desc.type;
      if (t == LayerType::Eltwise) fuse_sum(int(i));
      if (t == LayerType::ReLU) fuse_relu(int(i));
      if (t == LayerType::Dropout) join_producer(int(i));
      if (t == LayerType::Flatten && only_inner_products_read(nodes[i].outputs.at(0))) join_producer(int(i));
    }
    return build();
  }

 private:
  const Node& node(int i) const { return g_.nodes()[std::size_t(i)]; }

  void start_group(int head) {
    Group grp;
    grp.members = {head};
    grp.tail = node(head).outputs.at(0);
    group_of_[std::size_t(head)] = int(groups_.size());
    groups_.push_back(std::move(grp));
  }

  // The node that alone reads value v and reads nothing else; -1 when there is none.
  int sole_reader(int v) const {
    const auto& consumers = g_.values()[std::size_t(v)].consumers;
    if (consumers.size() != 1) return -1;
    const Node& n = node(consumers[0]);
    return n.inputs.size() == 1 && n.outputs.size() == 1 ? consumers[0] : -1;
  }

  // The value's only consumer, whatever else it reads; -1 when it has none or several.
  int only_consumer(int v) const {
    const auto& consumers = g_.values()[std::size_t(v)].consumers;
    return consumers.size() == 1 ? consumers[0] : -1;
  }

  bool only_inner_products_read(int v) const {
    const auto& consumers = g_.values()[std::size_t(v)].consumers;
    return !consumers.empty() && std::all_of(consumers.begin(), consumers.end(), [&](int c) {
      return node(c).desc.type == LayerType::InnerProduct;
    });
  }

  void absorb(Group& grp, int member) {
    grp.members.push_back(member);
    grp.tail = node(member).outputs.at(0);
    group_of_[std::size_t(member)] = int(&grp - groups_.data());
  }

  // Convolution -> BatchNorm? -> Scale?: y = conv(x) * scale + shift per output channel.
  void fold_affine(Group& grp) {
    const int channels = node(grp.members[0]).desc.out_shapes.at(0).c;
    for (LayerType want : {LayerType::BatchNorm, LayerType::Scale}) {
      const int next = sole_reader(grp.tail);
      if (next < 0 || node(next).desc.type != want) continue;
      if (grp.scale.empty()) grp.scale.assign(std::size_t(channels), 1.f), grp.shift.assign(std::size_t(channels), 0.f);
      const Weights& w = w_[std::size_t(next)];
      for (int c = 0; c < channels; ++c) {
        float a = 0, b = 0;  // this layer: y = a x + b
        if (want == LayerType::BatchNorm) {
          a = 1.f / std::sqrt(w.blobs.at(1).f32()[c] + node(next).desc.batch_norm.eps);
          b = -w.blobs.at(0).f32()[c] * a;
        } else {
          a = w.blobs.at(0).f32()[c];
          b = node(next).desc.scale.bias_term ? w.blobs.at(1).f32()[c] : 0.f;
        }
        grp.scale[std::size_t(c)] *= a;
        grp.shift[std::size_t(c)] = grp.shift[std::size_t(c)] * a + b;
      }
      absorb(grp, next);
    }
  }

  // The group whose output is v, when v is read by `reader` alone and the group can still take a
  // sum or an activation after it.
  Group* open_producer(int v, int reader) {
    const int producer = g_.values()[std::size_t(v)].producer;
    if (producer < 0 || only_consumer(v) != reader) return nullptr;
    Group& grp = groups_[std::size_t(group_of_[std::size_t(producer)])];
    if (grp.tail != v || grp.fused.activation != Activation::None) return nullptr;
    return &grp;
  }

  Fusions fusions_of(const Group& grp) const { return can_fuse_(node(grp.members[0]).desc); }

  // An Eltwise sum of two values with unit coefficients joins the group of the convolution that
  // produces the later operand.
  void fuse_sum(int e) {
    const Node& n = node(e);
    const EltwiseParams& p = n.desc.eltwise;
    const bool unit = std::all_of(p.coeff.begin(), p.coeff.end(), [](float c) { return c == 1.f; });
    if (p.op != EltwiseOp::Sum || !unit || n.inputs.size() != 2 || n.inputs[0] == n.inputs[1]) return;
    int best = -1;
    for (int k = 0; k < 2; ++k) {
      Group* grp = open_producer(n.inputs[std::size_t(k)], e);
      if (!grp || grp->sum_operand >= 0 || node(grp->members[0]).desc.type != LayerType::Convolution) continue;
      if (best < 0 || g_.values()[std::size_t(n.inputs[std::size_t(k)])].producer >
                          g_.values()[std::size_t(n.inputs[std::size_t(best)])].producer)
        best = k;
    }
    if (best < 0) return;
    Group& grp = *open_producer(n.inputs[std::size_t(best)], e);
    if (!fusions_of(grp).sum) return;
    drop_own_group(e);
    grp.sum_operand = n.inputs[std::size_t(1 - best)];
    grp.fused.sum = true;
    absorb(grp, e);
  }

  void fuse_relu(int r) {
    Group* grp = open_producer(node(r).inputs.at(0), r);
    if (!grp || sole_reader(node(r).inputs.at(0)) != r) return;
    const LayerType head = node(grp->members[0]).desc.type;
    if (head != LayerType::Convolution && head != LayerType::InnerProduct && head != LayerType::Eltwise) return;
    const Fusions can = fusions_of(*grp);
    if (!(node(r).desc.relu.negative_slope == 0.f ? can.activation : can.leaky)) return;
    drop_own_group(r);
    grp->fused.activation = Activation::ReLU;
    grp->fused.negative_slope = node(r).desc.relu.negative_slope;
    absorb(*grp, r);
  }

  void join_producer(int d) {
    const int v = node(d).inputs.at(0);
    const int producer = g_.values()[std::size_t(v)].producer;
    if (producer < 0 || sole_reader(v) != d) return;
    Group& grp = groups_[std::size_t(group_of_[std::size_t(producer)])];
    if (grp.tail != v) return;
    drop_own_group(d);
    absorb(grp, d);
  }

  // Empties the single-member group a node started with, before it joins another.
  void drop_own_group(int i) {
    Group& own = groups_[std::size_t(group_of_[std::size_t(i)])];
    assert(own.members.size() == 1 && own.members[0] == i);
    own.members.clear();
  }

  FusedGraph build() const;

  const Graph& g_;
  const ModelWeights& w_;
  const FusionQuery& can_fuse_;
  std::vector<Group> groups_;
  std::vector<int> group_of_;  // per source node
};

// Folded weights: w'[oc] = w[oc] * scale[oc], b'[oc] = b[oc] * scale[oc] + shift[oc].
Weights folded(const Weights& w, const LayerDesc& conv, const std::vector<float>& scale, const std::vector<float>& shift) {
  Weights out;
  const Tensor& weight = w.blobs.at(0);
  out.blobs.push_back(Tensor::allocate(weight.shape()));
  const std::size_t per_oc = weight.count() / scale.size();
  for (std::size_t oc = 0; oc < scale.size(); ++oc)
    for (std::size_t k = 0; k < per_oc; ++k)
      out.blobs[0].f32()[oc * per_oc + k] = weight.f32()[oc * per_oc + k] * scale[oc];
  out.blobs.push_back(Tensor::allocate(Shape{int(scale.size()), 1, 1, 1}));
  for (std::size_t oc = 0; oc < scale.size(); ++oc) {
    const float b = conv.conv.bias_term ? w.blobs.at(1).f32()[oc] : 0.f;
    out.blobs[1].f32()[oc] = b * scale[oc] + shift[oc];
  }
  return out;
}

std::uint64_t fp32_bytes(const Shape& s) { return std::uint64_t(s.count()) * sizeof(float); }

FusedGraph Fuser::build() const {
  const auto& src_values = g_.values();
  // Groups run where their last member ran: every input is ready by then.
  std::vector<int> order;
  for (std::size_t i = 0; i < groups_.size(); ++i)
    if (!groups_[i].members.empty()) order.push_back(int(i));
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return groups_[std::size_t(a)].members.back() < groups_[std::size_t(b)].members.back();
  });
  std::vector<Graph::Value> values;
  std::vector<int> origin, inputs;
  std::map<int, int> new_value;  // source value -> value of the fused graph
  for (int v : g_.inputs()) {
    new_value[v] = int(values.size());
    inputs.push_back(int(values.size()));
    origin.push_back(v);
    values.push_back({src_values[std::size_t(v)].blob, src_values[std::size_t(v)].shape, -1, {}});
  }
  std::vector<Node> nodes;
  ModelWeights weights;
  for (int gi : order) {
    const Group& grp = groups_[std::size_t(gi)];
    const Node& head = node(grp.members[0]);
    Node n;
    n.desc = head.desc;
    LayerDesc& d = n.desc;
    d.fused = grp.fused;
    std::vector<int> in_values = head.inputs;
    if (grp.sum_operand >= 0) in_values.push_back(grp.sum_operand);
    d.bottoms.clear();
    d.in_shapes.clear();
    for (int v : in_values) {
      n.inputs.push_back(new_value.at(v));
      d.bottoms.push_back(src_values[std::size_t(v)].blob);
      d.in_shapes.push_back(src_values[std::size_t(v)].shape);
      n.stats.bytes_in += fp32_bytes(src_values[std::size_t(v)].shape);
    }
    // The output keeps the head's shape: a Flatten member only renames it.
    const Shape out_shape = head.desc.out_shapes.at(0);
    d.tops = {src_values[std::size_t(grp.tail)].blob};
    d.out_shapes = {out_shape};
    n.stats.bytes_out = fp32_bytes(out_shape);
    if (grp.members.size() > 1) {
      d.name.clear();
      for (int m : grp.members) {
        d.fused.members.push_back(node(m).desc.name);
        d.name += (d.name.empty() ? "" : "+") + node(m).desc.name;
      }
    }
    for (int m : grp.members) {
      n.stats.macs += node(m).stats.macs;
      n.stats.flops += node(m).stats.flops;
      n.stats.params += node(m).stats.params;
    }
    const int nv = int(values.size());
    new_value[grp.tail] = nv;
    n.outputs = {nv};
    origin.push_back(grp.tail);
    values.push_back({src_values[std::size_t(grp.tail)].blob, out_shape, int(nodes.size()), {}});
    if (grp.scale.empty()) {
      weights.push_back(w_[std::size_t(grp.members[0])]);
    } else {
      weights.push_back(folded(w_[std::size_t(grp.members[0])], head.desc, grp.scale, grp.shift));
      d.conv.bias_term = true;
    }
    nodes.push_back(std::move(n));
  }
  // Readers of a Flatten that joined its producer now read the unflattened value.
  for (Node& n : nodes)
    for (std::size_t k = 0; k < n.inputs.size(); ++k) n.desc.in_shapes[k] = values[std::size_t(n.inputs[k])].shape;
  Graph graph(g_.name(), g_.batch(), GraphMode::Fused, std::move(nodes), std::move(values), std::move(inputs));
  return FusedGraph{std::move(graph), std::move(weights), std::move(origin)};
}

}  // namespace

FusedGraph fuse(const Graph& graph, const ModelWeights& weights, const FusionQuery& can_fuse) {
  assert(weights.size() == graph.nodes().size());
  return Fuser(graph, weights, can_fuse).run();
}

FusionQuery fusions_of(std::vector<const Backend*> libraries, Precision precision) {
  return [libraries = std::move(libraries), precision](const LayerDesc& layer) {
    Fusions all{true, true, true};
    for (const Backend* b : libraries) {
      const Fusions f = b->fusions(layer, precision);
      all.activation = all.activation && f.activation;
      all.sum = all.sum && f.sum;
      all.leaky = all.leaky && f.leaky;
    }
    return all;
  };
}

}  // namespace cnn
