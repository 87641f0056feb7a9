#include "core/session.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <map>
#include <set>

#include "core/session_internal.h"

namespace cnn {
using session_internal::on_host;
using session_internal::plain_layer;

namespace {

DType activation_dtype(Precision p) { return p == Precision::FP16 ? DType::F16 : DType::F32; }

// Whether the library said it carries out what was fused into `layer`.
bool fusions_declared(const Backend& lib, const LayerDesc& layer, Precision precision) {
  if (!layer.fused.any()) return true;
  const Fusions can = lib.fusions(plain_layer(layer), precision);
  const bool relu_ok = layer.fused.activation == Activation::None ||
                       (layer.fused.negative_slope == 0.f ? can.activation : can.leaky);
  return (!layer.fused.sum || can.sum) && relu_ok;
}

}  // namespace

Session::Session(const Graph& graph, const ModelWeights& weights, Backend& backend, const RunConfig& config,
                 SessionOptions options)
    : Session(graph, weights, std::vector<Backend*>(graph.nodes().size(), &backend), config, options) {}

Session::Session(const Graph& graph, const ModelWeights& weights, std::vector<Backend*> layer_libs,
                 const RunConfig& config, SessionOptions options)
    : graph_(graph), layer_libs_(std::move(layer_libs)) {
  const auto& nodes = graph_.nodes();
  assert(layer_libs_.size() == nodes.size());
  assert(weights.size() == nodes.size());
  device_dtype_ = activation_dtype(config.precision);
  std::set<Backend*> configured;
  for (Backend* b : layer_libs_) {
    assert(b);
    if (configured.insert(b).second) b->configure(config);
  }

  plan_layouts();
  plan_slices(config.precision);
  const std::string precision(to_string(config.precision));
  std::map<Backend*, std::uint64_t> shared_workspace;  // the largest borrow per backend
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    LayerDesc layer = nodes[i].desc;
    const auto own = [&](int v) { return layout_[std::size_t(v)] == ValueLayout::Own; };
    if (std::any_of(nodes[i].inputs.begin(), nodes[i].inputs.end(), own) || own(nodes[i].outputs.at(0))) {
      for (int v : nodes[i].inputs) layer.in_layouts.push_back(layout_[std::size_t(v)]);
      for (int v : nodes[i].outputs) layer.out_layouts.push_back(layout_[std::size_t(v)]);
    }
    const std::string id = layer_libs_[i]->info().id;
    std::unique_ptr<Op> op;
    if (layer_libs_[i]->supports(layer, config.precision) && fusions_declared(*layer_libs_[i], layer, config.precision))
      op = layer_libs_[i]->create(layer, weights[i], config);
    if (!op)
      throw UnsupportedLayer("layer '" + layer.name + "' (" + std::string(to_string(layer.type)) +
                             ") is not supported by " + id + " in " + precision);
    memory_.workspace_bytes += op->workspace_bytes();
    auto& shared = shared_workspace[layer_libs_[i]];
    shared = std::max<std::uint64_t>(shared, op->shared_workspace_bytes());
    memory_.weights_bytes += weights[i].bytes() + op->weights_copy_bytes();  // rule: MemoryUse
    ops_.push_back(std::move(op));
  }
  for (const auto& [backend, bytes] : shared_workspace) memory_.workspace_bytes += bytes;

  const auto& values = graph_.values();
  home_.assign(values.size(), nullptr);
  for (std::size_t v = 0; v < values.size(); ++v) {
    const auto& value = values[v];
    if (value.producer >= 0)
      home_[v] = layer_libs_[std::size_t(value.producer)];
    else
      home_[v] = value.consumers.empty() ? layer_libs_.front() : layer_libs_[std::size_t(value.consumers.front())];
    if (!on_host(home_[v])) on_device_ = true;
  }
  plan_buffers(options.keep_all_values);
  plan_transfers();
  for (int v : graph_.inputs())
    host_inputs_.push_back(on_host(home_[v]) ? Tensor() : Tensor::allocate(values[v].shape));
  for (int v : graph_.outputs())
    host_outputs_.push_back(on_host(home_[v]) ? Tensor() : Tensor::allocate(values[v].shape));

  const DType dt = activation_dtype(config.precision);
  std::map<std::string, std::uint64_t> blob_bytes;  // Caffe keeps one blob per name
  for (const auto& v : values) {
    auto& b = blob_bytes[v.blob];
    b = std::max<std::uint64_t>(b, v.shape.count() * dtype_size(dt));
  }
  for (const auto& [name, bytes] : blob_bytes) memory_.activations_total_bytes += bytes;
}

Session::~Session() = default;

Tensor& Session::input(int i) {
  Tensor& host = host_inputs_.at(std::size_t(i));
  return host.empty() ? values_[graph_.inputs().at(i)] : host;
}

const Tensor& Session::output(int i) const {
  const Tensor& host = host_outputs_.at(std::size_t(i));
  return host.empty() ? values_[graph_.outputs().at(i)] : host;
}

const Tensor& Session::value(int v) const { return values_.at(v); }

Tensor Session::host_value(int v) const {
  if (layout_.at(std::size_t(v)) == ValueLayout::Own) {
    Tensor host = Tensor::allocate(values_.at(v).shape());
    home_[v]->own_to_nchw(values_[v], host);
    return host;
  }
  if (!values_.at(std::size_t(v)).packed()) {  // a slice of a concat's output
    const Tensor& slice = values_[std::size_t(v)];
    Tensor host = Tensor::allocate(slice.shape());
    const std::size_t image = slice.shape().per_image();
    for (int n = 0; n < slice.shape().n; ++n)
      std::copy_n(slice.f32() + std::size_t(n) * slice.image_stride(), image, host.f32() + std::size_t(n) * image);
    return host;
  }
  if (on_host(home_.at(v))) return values_.at(v);
  Tensor host = Tensor::allocate(values_.at(v).shape());
  home_[v]->download(values_[v], host);
  return host;
}

void Session::upload_inputs() {
  for (std::size_t k = 0; k < host_inputs_.size(); ++k) {
    const int v = graph_.inputs()[k];
    if (!host_inputs_[k].empty()) home_[v]->upload(host_inputs_[k], values_[v]);
  }
}

void Session::download_outputs() {
  for (std::size_t k = 0; k < host_outputs_.size(); ++k) {
    const int v = graph_.outputs()[k];
    if (!host_outputs_[k].empty()) home_[v]->download(values_[v], host_outputs_[k]);
  }
}

// Host -> device: the reader uploads; device -> host: the home downloads; between two device
// domains: through a host copy.
void Session::run_transfer(Transfer& t) {
  const auto t0 = std::chrono::steady_clock::now();
  Backend* from = home_[t.value];
  Tensor& mirror = mirrors_[t.mirror];
  if (on_host(from)) {
    t.to->upload(values_[t.value], mirror);
  } else if (on_host(t.to)) {
    from->download(values_[t.value], mirror);
  } else {
    Tensor host = Tensor::allocate(mirror.shape());
    from->download(values_[t.value], host);
    t.to->upload(host, mirror);
  }
  t.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void Session::forward(LayerObserver* observer, const std::atomic<bool>* cancel) {
  enqueue_forward(observer, cancel);
  synchronize();
}

void Session::enqueue_forward(LayerObserver* observer, const std::atomic<bool>* cancel) {
  const auto& nodes = graph_.nodes();
  std::vector<Tensor*> out;
  auto transfer = transfers_.begin();
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
    // Work queued by another library completes before this one reads (and reuses) its memory.
    if (i > 0 && layer_libs_[i] != layer_libs_[i - 1]) layer_libs_[i - 1]->synchronize();
    out.clear();
    for (int v : nodes[i].outputs) out.push_back(&values_[v]);
    if (observer) observer->before_layer(int(i));
    for (; transfer != transfers_.end() && transfer->before == int(i); ++transfer) run_transfer(*transfer);
    ops_[i]->forward(reads_[i], out);
    if (observer) {
      if (observer->synchronize_each_layer()) layer_libs_[i]->synchronize();
      observer->after_layer(int(i));
    }
  }
}

void Session::synchronize() {
  std::set<Backend*> done;
  for (Backend* b : layer_libs_)
    if (done.insert(b).second) b->synchronize();
}

std::vector<TimedStep> Session::steps(int node) const {
  std::vector<TimedStep> out;
  for (const Transfer& t : transfers_)
    if (t.before == node) out.push_back({kTransferType, t.name, t.ms});
  const std::string& layer = graph_.nodes().at(std::size_t(node)).desc.name;
  for (const OpStage& s : ops_[std::size_t(node)]->last_stages()) out.push_back({kReorderType, layer + " " + s.name, s.ms});
  return out;
}

MemoryUse Session::memory() const { return memory_; }

}  // namespace cnn
