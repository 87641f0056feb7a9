#include "core/session.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <set>

namespace cnn {
namespace {

DType activation_dtype(Precision p) { return p == Precision::FP16 ? DType::F16 : DType::F32; }

}  // namespace

Session::Session(const Graph& graph, const ModelWeights& weights, Backend& backend, const RunConfig& config,
                 SessionOptions options)
    : Session(graph, weights, std::vector<Backend*>(graph.nodes().size(), &backend), config, options) {}

Session::Session(const Graph& graph, const ModelWeights& weights, std::vector<Backend*> plan,
                 const RunConfig& config, SessionOptions options)
    : graph_(graph), plan_(std::move(plan)) {
  const auto& nodes = graph_.nodes();
  assert(plan_.size() == nodes.size());
  assert(weights.size() == nodes.size());
  for (Backend* b : plan_) {
    assert(b);
    if (b->memory_space() == MemorySpace::Device && !device_) device_ = b;
  }
  if (device_) {  // a device library runs the whole graph: no copies between libraries mid-graph
    for (Backend* b : plan_)
      if (b != device_)
        throw UnsupportedLayer("library '" + device_->info().id +
                               "' keeps tensors on a device and cannot share a plan with '" + b->info().id + "'");
    value_dtype_ = activation_dtype(config.precision);
  }
  std::set<Backend*> configured;
  for (Backend* b : plan_)
    if (configured.insert(b).second) b->configure(config);

  const std::string precision(to_string(config.precision));
  std::map<Backend*, std::uint64_t> shared_workspace;  // the largest borrow per backend
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const LayerDesc& layer = nodes[i].desc;
    const std::string id = plan_[i]->info().id;
    std::unique_ptr<Op> op;
    if (plan_[i]->supports(layer, config.precision)) op = plan_[i]->create(layer, weights[i], config);
    if (!op)
      throw UnsupportedLayer("layer '" + layer.name + "' (" + std::string(to_string(layer.type)) +
                             ") is not supported by " + id + " in " + precision);
    memory_.workspace_bytes += op->workspace_bytes();
    auto& shared = shared_workspace[plan_[i]];
    shared = std::max<std::uint64_t>(shared, op->shared_workspace_bytes());
    memory_.weights_bytes += weights[i].bytes() * dtype_size(activation_dtype(config.precision)) / 4;
    ops_.push_back(std::move(op));
  }
  for (const auto& [backend, bytes] : shared_workspace) memory_.workspace_bytes += bytes;
  plan_buffers(options.keep_all_values);
  if (device_) {
    for (int v : graph_.inputs()) host_inputs_.push_back(Tensor::allocate(graph_.values()[v].shape));
    for (int v : graph_.outputs()) host_outputs_.push_back(Tensor::allocate(graph_.values()[v].shape));
  }
  const DType dt = activation_dtype(config.precision);
  std::map<std::string, std::uint64_t> blob_bytes;  // Caffe keeps one blob per name
  for (const auto& v : graph_.values()) {
    auto& b = blob_bytes[v.blob];
    b = std::max<std::uint64_t>(b, v.shape.count() * dtype_size(dt));
  }
  for (const auto& [name, bytes] : blob_bytes) memory_.activations_total_bytes += bytes;
}

Session::~Session() = default;

// Assigns each value a buffer. Buffers are released after a value's last consumer and reused
// (smallest free one that fits); an element-wise layer writes over its input when that input dies
// there. Graph inputs and outputs are never reused, so repeated forward passes see the same input.
void Session::plan_buffers(bool keep_all) {
  const auto& values = graph_.values();
  const auto& nodes = graph_.nodes();
  std::vector<int> buffer_of(values.size(), -1);
  std::vector<std::size_t> buffer_size;
  std::vector<int> users;  // live values per buffer
  std::vector<int> free_buffers;
  std::vector<bool> pinned;

  const std::size_t element = dtype_size(value_dtype_);
  auto bytes_of = [&](int v) { return values[v].shape.count() * element; };
  auto new_buffer = [&](std::size_t bytes, bool pin) {
    buffer_size.push_back(bytes);
    users.push_back(0);
    pinned.push_back(pin);
    return int(buffer_size.size()) - 1;
  };
  auto take_buffer = [&](std::size_t bytes, bool pin) {
    if (!pin && !keep_all) {
      int best = -1;
      for (int b : free_buffers)
        if (buffer_size[b] >= bytes && (best < 0 || buffer_size[b] < buffer_size[best])) best = b;
      if (best >= 0) {
        free_buffers.erase(std::find(free_buffers.begin(), free_buffers.end(), best));
        return best;
      }
    }
    return new_buffer(bytes, pin);
  };
  auto is_output = [&](int v) { return values[v].consumers.empty(); };

  for (int v : graph_.inputs()) {
    buffer_of[v] = take_buffer(bytes_of(v), true);
    users[buffer_of[v]]++;
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto& node = nodes[i];
    for (std::size_t k = 0; k < node.outputs.size(); ++k) {
      const int out = node.outputs[k];
      int buf = -1;
      if (!keep_all && k == 0 && !node.inputs.empty() && plan_[i]->in_place_ok(node.desc)) {
        const int in = node.inputs[0];
        const int in_buf = buffer_of[in];
        const bool dies_here = values[in].consumers.back() == int(i) &&
                               std::count(node.inputs.begin(), node.inputs.end(), in) == 1;
        if (dies_here && users[in_buf] == 1 && !pinned[in_buf] && buffer_size[in_buf] >= bytes_of(out) &&
            !is_output(out))
          buf = in_buf;
      }
      if (buf < 0) buf = take_buffer(bytes_of(out), is_output(out));
      buffer_of[out] = buf;
      users[buf]++;
    }
    if (keep_all) continue;
    for (int in : node.inputs) {
      if (values[in].consumers.back() != int(i)) continue;
      const int b = buffer_of[in];
      if (--users[b] == 0 && !pinned[b]) free_buffers.push_back(b);
    }
  }

  buffers_.clear();
  for (std::size_t bytes : buffer_size) {
    const Shape shape{1, int((bytes + element - 1) / element), 1, 1};
    buffers_.push_back(device_ ? device_->allocate(shape, value_dtype_) : Tensor::allocate(shape, DType::F32));
    memory_.activations_bytes += bytes;
  }
  values_.clear();
  const MemorySpace space = device_ ? MemorySpace::Device : MemorySpace::Host;
  for (std::size_t v = 0; v < values.size(); ++v) {
    Tensor& buf = buffers_[buffer_of[v]];
    values_.push_back(Tensor::view(buf.data(), values[v].shape, value_dtype_, space));
  }
}

Tensor& Session::input(int i) {
  return device_ ? host_inputs_.at(std::size_t(i)) : values_[graph_.inputs().at(i)];
}

const Tensor& Session::output(int i) const {
  return device_ ? host_outputs_.at(std::size_t(i)) : values_[graph_.outputs().at(i)];
}

const Tensor& Session::value(int v) const { return values_.at(v); }

Tensor Session::host_value(int v) const {
  if (!device_) return values_.at(v);
  Tensor host = Tensor::allocate(values_.at(v).shape());
  device_->download(values_[v], host);
  return host;
}

void Session::upload_inputs() {
  if (!device_) return;
  for (std::size_t k = 0; k < host_inputs_.size(); ++k) device_->upload(host_inputs_[k], values_[graph_.inputs()[k]]);
}

void Session::download_outputs() {
  if (!device_) return;
  for (std::size_t k = 0; k < host_outputs_.size(); ++k)
    device_->download(values_[graph_.outputs()[k]], host_outputs_[k]);
}

void Session::forward(LayerObserver* observer, const std::atomic<bool>* cancel) {
  enqueue_forward(observer, cancel);
  synchronize();
}

void Session::enqueue_forward(LayerObserver* observer, const std::atomic<bool>* cancel) {
  const auto& nodes = graph_.nodes();
  std::vector<const Tensor*> in;
  std::vector<Tensor*> out;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
    in.clear();
    out.clear();
    for (int v : nodes[i].inputs) in.push_back(&values_[v]);
    for (int v : nodes[i].outputs) out.push_back(&values_[v]);
    if (observer) observer->before_layer(int(i));
    ops_[i]->forward(in, out);
    if (observer) {
      if (observer->synchronize_each_layer()) plan_[i]->synchronize();
      observer->after_layer(int(i));
    }
  }
}

void Session::synchronize() {
  std::set<Backend*> done;
  for (Backend* b : plan_)
    if (done.insert(b).second) b->synchronize();
}

MemoryUse Session::memory() const { return memory_; }

}  // namespace cnn
