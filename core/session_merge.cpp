// How a Session runs a merged stage (IOS's operator merge, core/schedule/merge.h): one wider
// convolution on the whole thread team, whose channels its members' values view (batch 1) or
// receive as copies.
#include <algorithm>
#include <cassert>

#include "core/session.h"
#include "core/session_internal.h"

namespace cnn {
using session_internal::on_host;

namespace {
std::vector<int> heads_of(const Stage& stage) {
  std::vector<int> heads;
  for (const auto& g : stage.groups) heads.push_back(g.front());
  return heads;
}
}  // namespace

std::optional<std::string> Session::merge_refusal(const Stage& stage) const {
  const std::vector<int> heads = heads_of(stage);
  if (auto why = merge_error(graph_, heads)) return why;
  Backend* lib = layer_libs_[std::size_t(heads[0])];
  const std::string names = "layers '" + graph_.nodes()[std::size_t(heads[0])].desc.name + "' and the others";
  for (int i : heads)
    if (layer_libs_[std::size_t(i)] != lib) return names + " run on different libraries, so they cannot merge";
  if (!on_host(lib)) return names + " run on " + lib->info().id + ", a device library, which this session does not merge on";
  for (int i : heads)
    if (layout_[std::size_t(graph_.nodes()[std::size_t(i)].outputs.at(0))] != ValueLayout::Nchw)
      return names + " write " + lib->info().id + "'s own layout, whose channels this session does not slice";
  return std::nullopt;
}

Session::Merge& Session::merge_for(const Stage& stage) {
  const std::vector<int> heads = heads_of(stage);
  for (auto& m : merges_)
    if (m->conv.members == heads) return *m;
  if (auto why = merge_refusal(stage)) throw std::runtime_error(*why);
  auto m = std::make_unique<Merge>();
  m->conv = merge_convolutions(graph_, weights_, heads);
  const LayerDesc& head = layers_[std::size_t(heads[0])];
  if (!head.in_layouts.empty()) {  // the input in the library's own layout, as the members read it
    m->conv.layer.in_layouts = {head.in_layouts[0]};
    m->conv.layer.out_layouts = {ValueLayout::Nchw};
  }
  Backend* lib = layer_libs_[std::size_t(heads[0])];
  m->op = create_op(lib, m->conv.layer, m->conv.weights, {config_.threads, 0});
  if (!m->op)
    throw UnsupportedLayer("the merged convolution '" + m->conv.layer.name + "' is not supported by " + lib->info().id);
  memory_.weights_bytes += m->conv.weights.bytes();
  m->out = Tensor::allocate(m->conv.layer.out_shapes[0]);
  memory_.activations_bytes += m->out.bytes();
  const std::size_t plane = std::size_t(m->out.shape().h) * std::size_t(m->out.shape().w);
  for (std::size_t k = 0; k < heads.size(); ++k) {
    const int v = graph_.nodes()[std::size_t(heads[k])].outputs[0];
    bool view = m->out.shape().n == 1 && slice_of_[std::size_t(v)] < 0;
    for (const auto& other : merges_)  // a search session may merge a layer in several ways: one views
      for (std::size_t j = 0; j < other->viewed.size(); ++j)
        view = view && !(other->viewed[j] && other->conv.members[j] == heads[k]);
    m->viewed.push_back(view);
    if (!view) continue;
    // What the value holds now (a search session's values are filled) moves along with it.
    float* channels = m->out.f32() + std::size_t(m->conv.first_channel[k]) * plane;
    std::copy_n(values_[std::size_t(v)].f32(), values_[std::size_t(v)].count(), channels);
    values_[std::size_t(v)] = Tensor::view(channels, values_[std::size_t(v)].shape(), DType::F32);
  }
  merges_.push_back(std::move(m));
  return *merges_.back();
}

void Session::run_merged(Merge& m) {
  if (team_here_ != config_.threads) {
    set_team_here(config_.threads, false);
    team_here_ = config_.threads;
  }
  for (Transfer& t : transfers_)
    if (std::count(m.conv.members.begin(), m.conv.members.end(), t.before)) run_transfer(t);
  const int head = m.conv.members[0];
  const Tensor* in[] = {reads_[std::size_t(head)][0]};
  Tensor* out[] = {&m.out};
  m.op->forward(in, out);
  const Shape& whole = m.out.shape();
  const std::size_t plane = std::size_t(whole.h) * std::size_t(whole.w);
  for (std::size_t k = 0; k < m.conv.members.size(); ++k) {
    if (m.viewed[k]) continue;
    Tensor& value = values_[graph_.nodes()[std::size_t(m.conv.members[k])].outputs[0]];
    const std::size_t count = value.shape().per_image();
    assert(count == std::size_t(value.shape().c) * plane);
    for (int n = 0; n < whole.n; ++n)
      std::copy_n(m.out.f32() + std::size_t(n) * whole.per_image() + std::size_t(m.conv.first_channel[k]) * plane, count,
                  value.f32() + std::size_t(n) * value.image_stride());
  }
}

}  // namespace cnn
