// How a Session lays out its values before it runs: layouts (a library's own between its layers),
// concat slices, buffers in each library's memory with reuse, and copies between memory domains.
#include <algorithm>
#include <map>

#include "core/session.h"
#include "core/session_internal.h"

namespace cnn {
using session_internal::on_host;
using session_internal::plain_layer;

// In a fused graph, a value stays in its library's own layout when its producer and every reader
// run on that library and say they can (Backend::own_layout_ok); graph inputs and outputs are NCHW.
void Session::plan_layouts() {
  const auto& values = graph_.values();
  const auto& nodes = graph_.nodes();
  layout_.assign(values.size(), ValueLayout::Nchw);
  if (graph_.mode() != GraphMode::Fused) return;
  for (std::size_t v = 0; v < values.size(); ++v) {
    const int producer = values[v].producer;
    if (producer < 0 || values[v].consumers.empty()) continue;
    Backend* lib = layer_libs_[std::size_t(producer)];
    bool ok = nodes[std::size_t(producer)].outputs.size() == 1 && lib->own_layout_ok(nodes[std::size_t(producer)].desc, -1);
    for (int c : values[v].consumers) {
      const auto& in = nodes[std::size_t(c)].inputs;
      for (std::size_t k = 0; ok && k < in.size(); ++k)
        if (in[k] == int(v)) ok = layer_libs_[std::size_t(c)] == lib && lib->own_layout_ok(nodes[std::size_t(c)].desc, int(k));
    }
    if (ok) layout_[v] = ValueLayout::Own;
  }
}

// In a fused graph, a Concat's input is written straight into its slice of the Concat's output when
// the concat alone reads it, one library runs both, the Concat's library takes inputs in place and the
// producer's writes strided outputs (Fusions), and the value is NCHW on the host.
void Session::plan_slices(Precision precision) {
  const auto& values = graph_.values();
  const auto& nodes = graph_.nodes();
  slice_of_.assign(values.size(), -1);
  slice_offset_.assign(values.size(), 0);
  if (graph_.mode() != GraphMode::Fused) return;
  for (std::size_t c = 0; c < nodes.size(); ++c) {
    const Graph::Node& concat = nodes[c];
    Backend* lib = layer_libs_[c];
    if (concat.desc.type != LayerType::Concat || !lib->fusions(concat.desc, precision).concat_in_place) continue;
    const int whole = concat.outputs.at(0);
    std::size_t offset = 0;
    for (int v : concat.inputs) {
      const Graph::Value& value = values[std::size_t(v)];
      const int p = value.producer;
      const bool ok = p >= 0 && layer_libs_[std::size_t(p)] == lib && on_host(lib) &&
                      value.consumers == std::vector<int>{int(c)} &&
                      std::count(concat.inputs.begin(), concat.inputs.end(), v) == 1 &&
                      nodes[std::size_t(p)].outputs.size() == 1 && layout_[std::size_t(v)] == ValueLayout::Nchw &&
                      layout_[std::size_t(whole)] == ValueLayout::Nchw &&
                      lib->fusions(plain_layer(nodes[std::size_t(p)].desc), precision).strided_output;
      if (ok) {
        slice_of_[std::size_t(v)] = whole;
        slice_offset_[std::size_t(v)] = offset;
      }
      offset += value.shape.per_image();
    }
  }
}

DType Session::dtype_in(const Backend* home) const { return on_host(home) ? DType::F32 : device_dtype_; }

Tensor Session::allocate_in(Backend* home, const Shape& shape) const {
  return on_host(home) ? Tensor::allocate(shape, DType::F32) : home->allocate(shape, device_dtype_);
}

// Each (value, reader's domain) other than the value's home gets one mirror, filled before its
// first reader in that domain; every reader in the domain reads the mirror.
void Session::plan_transfers() {
  const auto& nodes = graph_.nodes();
  std::map<std::pair<int, const void*>, std::size_t> mirror_of;  // (value, domain) -> mirrors_ index
  reads_.assign(nodes.size(), {});
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const void* domain = layer_libs_[i]->memory_domain();
    for (int v : nodes[i].inputs) {
      if (home_[v]->memory_domain() == domain) {
        reads_[i].push_back(&values_[v]);
        continue;
      }
      auto [it, added] = mirror_of.try_emplace({v, domain}, mirrors_.size());
      if (added) {
        const Shape& shape = graph_.values()[v].shape;
        mirrors_.push_back(allocate_in(layer_libs_[i], shape));
        memory_.activations_bytes += mirrors_.back().bytes();
        transfers_.push_back({v, int(i), layer_libs_[i], it->second,
                              nodes[i].desc.name + " transfer " + graph_.values()[v].blob, 0.0});
      }
      reads_[i].push_back(nullptr);  // filled below, once mirrors_ stops growing
    }
  }
  for (std::size_t i = 0; i < nodes.size(); ++i)
    for (std::size_t k = 0; k < nodes[i].inputs.size(); ++k)
      if (!reads_[i][k]) reads_[i][k] = &mirrors_[mirror_of.at({nodes[i].inputs[k], layer_libs_[i]->memory_domain()})];
}

// Assigns each value a buffer in its home's memory. Buffers are released after a value's last
// consumer and reused within one domain (smallest free one that fits); an element-wise layer writes
// over its input when that input dies there and is read in place. Graph inputs and outputs are never
// reused, so repeated forward passes see the same input.
void Session::plan_buffers(bool keep_all) {
  const auto& values = graph_.values();
  const auto& nodes = graph_.nodes();
  std::vector<int> buffer_of(values.size(), -1);
  struct Buffer {
    std::size_t bytes = 0;
    Backend* home = nullptr;  // allocates it; buffers are shared within home's domain
    int users = 0;            // live values
    bool pinned = false;
  };
  std::vector<Buffer> buffers;
  std::vector<int> free_buffers;

  auto bytes_of = [&](int v) { return values[v].shape.count() * dtype_size(dtype_in(home_[v])); };
  auto take_buffer = [&](int v, bool pin) {
    const std::size_t bytes = bytes_of(v);
    const void* domain = home_[v]->memory_domain();
    if (!pin && !keep_all) {
      int best = -1;
      for (int b : free_buffers)
        if (buffers[b].bytes >= bytes && buffers[b].home->memory_domain() == domain &&
            (best < 0 || buffers[b].bytes < buffers[best].bytes))
          best = b;
      if (best >= 0) {
        free_buffers.erase(std::find(free_buffers.begin(), free_buffers.end(), best));
        return best;
      }
    }
    buffers.push_back({bytes, home_[v], 0, pin});
    return int(buffers.size()) - 1;
  };
  auto is_output = [&](int v) { return values[v].consumers.empty(); };

  for (int v : graph_.inputs()) {
    buffer_of[v] = take_buffer(v, true);
    buffers[buffer_of[v]].users++;
  }
  // Where each node runs in the schedule, and the last stage that reads each value: a value's
  // buffer is free for reuse once that stage is over (between stages, never within one, whose
  // groups may run at once). For the sequential schedule: after its last consumer.
  std::vector<int> stage_of(nodes.size()), group_of(nodes.size()), position(nodes.size());
  for (std::size_t s = 0; s < schedule_.stages.size(); ++s)
    for (std::size_t g = 0; g < schedule_.stages[s].groups.size(); ++g)
      for (std::size_t k = 0; k < schedule_.stages[s].groups[g].size(); ++k) {
        const auto i = std::size_t(schedule_.stages[s].groups[g][k]);
        stage_of[i] = int(s);
        group_of[i] = int(g);
        position[i] = int(k);
      }
  std::vector<int> last_stage(values.size(), -1);
  for (std::size_t v = 0; v < values.size(); ++v)
    for (int c : values[v].consumers) last_stage[v] = std::max(last_stage[v], stage_of[std::size_t(c)]);
  // Whether node i is the last to read `in`: every other reader ran in an earlier stage, or before
  // it in its group.
  auto last_reader = [&](int in, std::size_t i) {
    for (int c : values[in].consumers) {
      const auto cc = std::size_t(c);
      if (cc == i) continue;
      const bool before = stage_of[cc] < stage_of[i] ||
                          (stage_of[cc] == stage_of[i] && group_of[cc] == group_of[i] && position[cc] < position[i]);
      if (!before) return false;
    }
    return true;
  };

  for (std::size_t s = 0; s < schedule_.stages.size(); ++s) {
    const std::vector<int> stage_nodes = serial_order({{schedule_.stages[s]}});
    for (const int node_index : stage_nodes) {
    const std::size_t i = std::size_t(node_index);
    const auto& node = nodes[i];
    for (std::size_t k = 0; k < node.outputs.size(); ++k) {
      const int out = node.outputs[k];
      if (const int whole = slice_of_[std::size_t(out)]; whole >= 0) {  // in the concat's output, made now
        if (buffer_of[whole] < 0) {
          buffer_of[whole] = take_buffer(whole, is_output(whole));
          buffers[buffer_of[whole]].users++;
        }
        buffer_of[out] = buffer_of[whole];
        buffers[buffer_of[out]].users++;
        continue;
      }
      if (buffer_of[out] >= 0) continue;  // a concat's output, placed by its first slice
      int buf = -1;
      if (!keep_all && k == 0 && !node.inputs.empty() && layer_libs_[i]->in_place_ok(node.desc)) {
        const int in = node.desc.fused.sum ? node.inputs.back() : node.inputs[0];
        const Buffer& b = buffers[buffer_of[in]];
        const bool dies_here = last_reader(in, i) && std::count(node.inputs.begin(), node.inputs.end(), in) == 1;
        const bool read_in_place = home_[in]->memory_domain() == layer_libs_[i]->memory_domain();
        const bool same_layout = layout_[std::size_t(in)] == layout_[std::size_t(out)];
        if (dies_here && read_in_place && same_layout && b.users == 1 && !b.pinned && b.bytes >= bytes_of(out) && !is_output(out))
          buf = buffer_of[in];
      }
      if (buf < 0) buf = take_buffer(out, is_output(out));
      buffer_of[out] = buf;
      buffers[buf].users++;
    }
    }
    if (keep_all) continue;
    std::vector<int> released;
    for (const int node_index : stage_nodes)
      for (int in : nodes[std::size_t(node_index)].inputs) {
        if (last_stage[std::size_t(in)] != int(s) || std::count(released.begin(), released.end(), in)) continue;
        released.push_back(in);
        const int b = buffer_of[in];
        if (--buffers[b].users == 0 && !buffers[b].pinned) free_buffers.push_back(b);
      }
  }

  buffers_.clear();
  for (const Buffer& b : buffers) {
    const std::size_t element = dtype_size(dtype_in(b.home));
    buffers_.push_back(allocate_in(b.home, Shape{1, int((b.bytes + element - 1) / element), 1, 1}));
    memory_.activations_bytes += b.bytes;
  }
  values_.clear();
  values_.reserve(values.size());
  for (std::size_t v = 0; v < values.size(); ++v) {
    Tensor& buf = buffers_[buffer_of[v]];
    if (const int whole = slice_of_[v]; whole >= 0) {
      float* base = static_cast<float*>(buf.data()) + slice_offset_[v];
      values_.push_back(Tensor::strided_view(base, values[v].shape, values[std::size_t(whole)].shape.per_image()));
      continue;
    }
    values_.push_back(Tensor::view(buf.data(), values[v].shape, dtype_in(home_[v]), buf.space()));
  }
}

}  // namespace cnn
