#pragma once
// Session: a Graph with each layer bound to an Op of its planned backend, and the buffers to run it.
#include <atomic>
#include <memory>
#include <stdexcept>
#include <vector>

#include "core/backend.h"
#include "core/model/graph.h"

namespace cnn {

// A backend declined a layer: "layer 'norm1' (LRN) is not supported by cudnn in fp16".
class UnsupportedLayer : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown out of forward() when the cancel flag was seen between two layers.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

// Called around each layer in a per-layer pass; never installed in an end-to-end pass.
class LayerObserver {
 public:
  virtual ~LayerObserver() = default;
  virtual void before_layer(int node) = 0;
  virtual void after_layer(int node) = 0;  // the layer's backend has been synchronized
};

struct SessionOptions {
  bool keep_all_values = false;  // no buffer reuse, so every intermediate value can be read (verification)
};

class Session {
 public:
  // plan[i] runs graph node i. Throws UnsupportedLayer naming the first declined layer.
  Session(const Graph& graph, const ModelWeights& weights, std::vector<Backend*> plan,
          const RunConfig& config, SessionOptions options = {});
  // Every layer on one backend.
  Session(const Graph& graph, const ModelWeights& weights, Backend& backend, const RunConfig& config,
          SessionOptions options = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const Graph& graph() const { return graph_; }
  Tensor& input(int i = 0);               // graph input i
  const Tensor& output(int i = 0) const;  // graph output i
  // Value v of the graph; with keep_all_values every value is valid after forward().
  const Tensor& value(int v) const;

  // One forward pass. Checks `cancel` between layers and throws Cancelled when it is set.
  void forward(LayerObserver* observer = nullptr, const std::atomic<bool>* cancel = nullptr);

  MemoryUse memory() const;  // measured_bytes is left 0: the runner measures the process
  const std::vector<Backend*>& plan() const { return plan_; }

 private:
  void plan_buffers(bool keep_all);

  const Graph& graph_;
  std::vector<Backend*> plan_;
  std::vector<std::unique_ptr<Op>> ops_;
  std::vector<Tensor> buffers_;  // distinct allocations
  std::vector<Tensor> values_;   // one per graph value, views of buffers_
  MemoryUse memory_;
};

}  // namespace cnn
