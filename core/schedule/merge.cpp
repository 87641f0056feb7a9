#include "core/schedule/merge.h"

#include <algorithm>
#include <cassert>

#include "core/model/graph.h"

namespace cnn {
namespace {

// The merged kernel and top/left pad along one axis, or nullopt when the members do not centre.
struct Axis {
  int kernel = 0, pad = 0;
};

std::optional<Axis> merged_axis(const std::vector<std::pair<int, int>>& kernel_and_pad) {
  Axis a;
  for (const auto& [k, p] : kernel_and_pad) a.kernel = std::max(a.kernel, k);
  for (std::size_t i = 0; i < kernel_and_pad.size(); ++i) {
    const auto& [k, p] = kernel_and_pad[i];
    if ((a.kernel - k) % 2) return std::nullopt;
    const int pad = p + (a.kernel - k) / 2;
    if (i > 0 && pad != a.pad) return std::nullopt;
    a.pad = pad;
  }
  return a;
}

std::vector<std::pair<int, int>> along(const Graph& graph, const std::vector<int>& nodes, bool height) {
  std::vector<std::pair<int, int>> out;
  for (int i : nodes) {
    const ConvolutionParams& c = graph.nodes()[std::size_t(i)].desc.conv;
    out.emplace_back(height ? c.kernel_h : c.kernel_w, height ? c.pad_h : c.pad_w);
  }
  return out;
}

}  // namespace

std::optional<std::string> merge_error(const Graph& graph, const std::vector<int>& nodes) {
  if (nodes.size() < 2) return "a merge needs at least two convolutions";
  const auto& all = graph.nodes();
  const Graph::Node& first = all.at(std::size_t(nodes[0]));
  for (int i : nodes) {
    const Graph::Node& n = all.at(std::size_t(i));
    const ConvolutionParams& c = n.desc.conv;
    const std::string name = "layer '" + n.desc.name + "'";
    if (n.desc.type != LayerType::Convolution) return name + " is not a convolution, so it cannot merge";
    if (c.group != 1 || c.dilation_h != 1 || c.dilation_w != 1 || c.pad_h_more || c.pad_w_more)
      return name + " has groups, dilation or uneven padding, so it cannot merge";
    if (n.inputs.size() != 1 || n.inputs != first.inputs)
      return name + " does not read the same single value as '" + first.desc.name + "'";
    if (c.stride_h != first.desc.conv.stride_h || c.stride_w != first.desc.conv.stride_w)
      return name + " has another stride than '" + first.desc.name + "'";
    const Shape& out = n.desc.out_shapes.at(0);
    if (out.h != first.desc.out_shapes.at(0).h || out.w != first.desc.out_shapes.at(0).w)
      return name + " writes another height or width than '" + first.desc.name + "'";
    if (n.desc.fused.sum || !(n.desc.fused.activation == first.desc.fused.activation &&
                              n.desc.fused.negative_slope == first.desc.fused.negative_slope))
      return name + " has another fused activation than '" + first.desc.name + "' or a fused sum";
  }
  if (!merged_axis(along(graph, nodes, true)) || !merged_axis(along(graph, nodes, false)))
    return "the kernels of layers '" + first.desc.name + "' and the others do not centre on one another";
  return std::nullopt;
}

MergedConvolution merge_convolutions(const Graph& graph, const ModelWeights& weights, const std::vector<int>& nodes) {
  assert(!merge_error(graph, nodes));
  const auto h = *merged_axis(along(graph, nodes, true));
  const auto w = *merged_axis(along(graph, nodes, false));
  const LayerDesc& first = graph.nodes()[std::size_t(nodes[0])].desc;
  MergedConvolution m;
  m.members = nodes;
  LayerDesc& layer = m.layer;
  layer = first;
  layer.name.clear();
  layer.tops.clear();
  layer.fused.members.clear();
  layer.conv.kernel_h = h.kernel;
  layer.conv.kernel_w = w.kernel;
  layer.conv.pad_h = h.pad;
  layer.conv.pad_w = w.pad;
  layer.conv.num_output = 0;
  layer.conv.bias_term = false;
  for (int i : nodes) {
    const LayerDesc& d = graph.nodes()[std::size_t(i)].desc;
    layer.name += (layer.name.empty() ? "" : "+") + d.name;
    layer.tops.insert(layer.tops.end(), d.tops.begin(), d.tops.end());
    m.first_channel.push_back(layer.conv.num_output);
    layer.conv.num_output += d.conv.num_output;
    layer.conv.bias_term = layer.conv.bias_term || d.conv.bias_term;
  }
  layer.out_shapes = {first.out_shapes.at(0)};
  layer.out_shapes[0].c = layer.conv.num_output;
  layer.out_layouts.clear();

  const int cin = first.in_shapes.at(0).c;
  Tensor kernel = Tensor::allocate(Shape{layer.conv.num_output, cin, h.kernel, w.kernel});  // zero-filled
  Tensor bias = Tensor::allocate(Shape{layer.conv.num_output, 1, 1, 1});
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    const LayerDesc& d = graph.nodes()[std::size_t(nodes[k])].desc;
    const Weights& own = weights.at(std::size_t(nodes[k]));
    const int kh = d.conv.kernel_h, kw = d.conv.kernel_w;
    const int dy = (h.kernel - kh) / 2, dx = (w.kernel - kw) / 2;
    const float* src = own.blobs.at(0).f32();
    for (int o = 0; o < d.conv.num_output; ++o)
      for (int c = 0; c < cin; ++c)
        for (int y = 0; y < kh; ++y)
          std::copy_n(src + ((std::size_t(o) * cin + c) * kh + y) * kw, kw,
                      kernel.f32() + ((std::size_t(m.first_channel[k] + o) * cin + c) * h.kernel + y + dy) * w.kernel + dx);
    if (d.conv.bias_term) std::copy_n(own.blobs.at(1).f32(), d.conv.num_output, bias.f32() + m.first_channel[k]);
  }
  m.weights.blobs.push_back(std::move(kernel));
  if (layer.conv.bias_term) m.weights.blobs.push_back(std::move(bias));
  return m;
}

}  // namespace cnn
