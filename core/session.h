#pragma once
// Session: a Graph with each layer bound to an Op of its library, and the buffers to run it.
#include <atomic>
#include <memory>
#include <string>
#include <string_view>
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
  // When synchronize_each_layer(), the layer's backend has been synchronized before this call.
  virtual void after_layer(int node) = 0;
  // False for observers that only record marks on a device stream (read after the pass).
  virtual bool synchronize_each_layer() const { return true; }
};

// A step of one layer's run timed on its own, beside the layer: a copy of an input between two
// libraries' memories ("Transfer", before the op) or a reorder inside the op ("Reorder").
struct TimedStep {
  std::string_view type;  // kTransferType or kReorderType (core/backend.h)
  std::string name;       // "conv1 reorder in", "conv1 transfer data"
  double ms = 0;          // host clock, during the last forward()
};

struct SessionOptions {
  bool keep_all_values = false;  // no buffer reuse, so every intermediate value can be read (verification)
};

class Session {
 public:
  // layer_libs[i] runs graph node i; the libraries may differ from layer to layer. A value produced in one
  // library's memory domain and read by a layer of another is copied before that layer (a timed
  // transfer step). Throws UnsupportedLayer naming the first declined layer.
  Session(const Graph& graph, const ModelWeights& weights, std::vector<Backend*> layer_libs,
          const RunConfig& config, SessionOptions options = {});
  // Every layer on one backend.
  Session(const Graph& graph, const ModelWeights& weights, Backend& backend, const RunConfig& config,
          SessionOptions options = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const Graph& graph() const { return graph_; }
  // Graph input i, host fp32, for the caller to fill. On a device library it reaches the device
  // only through upload_inputs().
  Tensor& input(int i = 0);
  // Graph output i, host fp32. On a device library it is valid only after download_outputs().
  const Tensor& output(int i = 0) const;
  // Value v of the graph, in its library's memory and activation type; with keep_all_values every
  // value is valid after forward().
  const Tensor& value(int v) const;
  // Value v as a host fp32 tensor (a copy when it lives on a device).
  Tensor host_value(int v) const;
  // Whether any value lives in device memory (inputs then need upload_inputs()).
  bool on_device() const { return on_device_; }

  // Host inputs -> the device values their first readers use, and device outputs -> host outputs;
  // complete when they return. No-ops for values in host memory.
  void upload_inputs();
  void download_outputs();

  // One forward pass. Checks `cancel` between layers and throws Cancelled when it is set.
  void forward(LayerObserver* observer = nullptr, const std::atomic<bool>* cancel = nullptr);
  // forward() without the final wait: device work may still run when it returns.
  void enqueue_forward(LayerObserver* observer = nullptr, const std::atomic<bool>* cancel = nullptr);
  void synchronize();  // waits until every library of the session is idle

  // The transfer and reorder steps of node's last run, timed inside the time around its layer.
  std::vector<TimedStep> steps(int node) const;

  MemoryUse memory() const;  // measured_bytes is left 0: the runner measures the process
  const std::vector<Backend*>& layer_libs() const { return layer_libs_; }  // the library of each graph node

 private:
  // A copy of `value` from its home into `mirror`, made before node `before` runs.
  struct Transfer {
    int value = 0, before = 0;
    Backend* to = nullptr;  // the reader's library
    std::size_t mirror = 0; // index into mirrors_
    std::string name;
    double ms = 0;          // last run
  };
  void plan_layouts();
  void plan_slices(Precision precision);
  void plan_transfers();
  void plan_buffers(bool keep_all);
  void run_transfer(Transfer& t);
  Tensor allocate_in(Backend* home, const Shape& shape) const;
  DType dtype_in(const Backend* home) const;

  const Graph& graph_;
  std::vector<Backend*> layer_libs_;  // per graph node: the library that runs it
  std::vector<std::unique_ptr<Op>> ops_;
  std::vector<Tensor> buffers_;  // distinct allocations
  std::vector<Tensor> values_;   // one per graph value, views of buffers_, in the home's memory
  std::vector<ValueLayout> layout_;  // per value; Own only in a fused graph
  std::vector<int> slice_of_;        // per value: the concat output it is written into, or -1
  std::vector<std::size_t> slice_offset_;  // its first element within each image of that output
  std::vector<Backend*> home_;   // per value: the library whose memory holds it (its producer, or
                                 // for a graph input its first reader)
  std::vector<Tensor> mirrors_;  // copies of values in other libraries' memory
  std::vector<Transfer> transfers_;                 // in node order
  std::vector<std::vector<const Tensor*>> reads_;   // per node: what its op reads
  MemoryUse memory_;
  bool on_device_ = false;
  DType device_dtype_ = DType::F32;  // activation type in device memory
  std::vector<Tensor> host_inputs_, host_outputs_;  // device-homed inputs/outputs: the caller's host fp32 side
};

}  // namespace cnn
