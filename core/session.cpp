#include "core/session.h"

#include <algorithm>
#include <cassert>
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
    : graph_(graph), layer_libs_(std::move(layer_libs)), weights_(weights), config_(config) {
  const auto& nodes = graph_.nodes();
  assert(layer_libs_.size() == nodes.size());
  assert(weights.size() == nodes.size());
  config_.threads = config.resolved_threads();
  schedule_ = options.schedule ? *options.schedule : sequential_schedule(graph_);
  assert(!schedule_error(graph_, schedule_));
  device_dtype_ = activation_dtype(config.precision);
  for (Backend* b : layer_libs_) {
    assert(b);
    if (std::find(libs_.begin(), libs_.end(), b) == libs_.end()) {
      libs_.push_back(b);
      b->configure(config_);
      if (schedule_.merged_stages() > 0 && !on_host(b))
        throw std::runtime_error("a schedule with merged stages runs host libraries only, and " + b->info().id +
                                 " runs on a device");
    }
  }
  // Concurrent stages on a device: one library, on its streams.
  if (libs_.size() == 1 && !on_host(libs_[0]) && libs_[0]->streams() > 1) device_streams_ = libs_[0]->streams();
  for (const Stage& stage : schedule_.stages)
    if (auto why = concurrency_refusal(stage)) throw std::runtime_error(*why);

  plan_layouts();
  plan_slices(config.precision);
  ops_.resize(nodes.size());
  last_op_.assign(nodes.size(), nullptr);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    LayerDesc layer = nodes[i].desc;
    const auto own = [&](int v) { return layout_[std::size_t(v)] == ValueLayout::Own; };
    if (std::any_of(nodes[i].inputs.begin(), nodes[i].inputs.end(), own) || own(nodes[i].outputs.at(0))) {
      for (int v : nodes[i].inputs) layer.in_layouts.push_back(layout_[std::size_t(v)]);
      for (int v : nodes[i].outputs) layer.out_layouts.push_back(layout_[std::size_t(v)]);
    }
    layers_.push_back(std::move(layer));
  }
  for (const Stage& stage : schedule_.stages)
    for (std::size_t g = 0; g < stage.groups.size(); ++g)
      for (int i : stage.groups[g]) last_op_[std::size_t(i)] = &op_for(i, key_of(stage, g));

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
  // Stage marks only where stage times are asked for (a schedule given), so a sequential pass queues none.
  if (on_device_ && libs_.size() == 1 && options.schedule) stage_timer_ = libs_.front()->stream_timer();
  plan_buffers(options.keep_all_values);
  plan_transfers();
  for (const Stage& stage : schedule_.stages)  // after the buffers: at batch 1 its members' values move
    stage_merge_.push_back(stage.merged ? &merge_for(stage) : nullptr);
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

Op& Session::op_for(int node, OpKey key) {
  auto& ops = ops_[std::size_t(node)];
  for (auto& [k, op] : ops)
    if (k == key) return *op;
  const LayerDesc& layer = layers_[std::size_t(node)];
  Backend* lib = layer_libs_[std::size_t(node)];
  std::unique_ptr<Op> op = create_op(lib, layer, weights_[std::size_t(node)], key);
  if (!op)
    throw UnsupportedLayer("layer '" + layer.name + "' (" + std::string(to_string(layer.type)) +
                           ") is not supported by " + lib->info().id + " in " + std::string(to_string(config_.precision)));
  if (ops.empty()) memory_.weights_bytes += weights_[std::size_t(node)].bytes();
  ops.emplace_back(key, std::move(op));
  return *ops.back().second;
}

// Null when `lib` declines; otherwise the op, made with the key's team set on this thread (a library
// may size its op by the creating thread's team) and its stream, and its memory counted.
std::unique_ptr<Op> Session::create_op(Backend* lib, const LayerDesc& layer, const Weights& weights, OpKey key) {
  RunConfig config = config_;
  config.threads = key.team;
  if (!lib->supports(layer, config.precision) || !fusions_declared(*lib, layer, config.precision)) return nullptr;
  lib->set_thread_team(key.team, false);
  lib->set_stream(key.stream);
  std::unique_ptr<Op> op = lib->create(layer, weights, config);
  lib->set_stream(0);
  lib->set_thread_team(config_.threads, false);
  team_here_ = config_.threads;
  if (!op) return nullptr;
  memory_.workspace_bytes += op->workspace_bytes();
  memory_.weights_bytes += op->weights_copy_bytes();  // rule: MemoryUse
  auto& shared = shared_workspace_[{lib, key.stream}];
  if (op->shared_workspace_bytes() > shared) {
    memory_.workspace_bytes += op->shared_workspace_bytes() - shared;
    shared = op->shared_workspace_bytes();
  }
  return op;
}

std::optional<std::string> Session::concurrency_refusal(const Stage& stage) const {
  if (stage.groups.size() < 2 || stage.merged || device_streams_ > 0) return std::nullopt;
  for (Backend* b : libs_)
    if (!on_host(b))
      return "a schedule with concurrent stages runs host libraries, or one device library with streams alone, and " +
             b->info().id + (libs_.size() > 1 ? " shares this session with others" : " has no streams");
  return std::nullopt;
}

Session::OpKey Session::key_of(const Stage& stage, std::size_t group) const {
  const int threads = config_.threads;
  if (stage.merged || stage.groups.size() == 1) return {threads, 0};
  if (device_streams_ > 0) return {threads, int(group % std::size_t(device_streams_))};
  const int lanes = std::min<int>(int(stage.groups.size()), threads);
  const int lane = int(group % std::size_t(lanes));
  return {threads / lanes + (lane < threads % lanes ? 1 : 0), 0};
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

MemoryUse Session::memory() const { return memory_; }

}  // namespace cnn
