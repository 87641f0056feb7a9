#pragma once
// Session: a Graph with each layer bound to an Op of its library, and the buffers to run it.
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <stdexcept>
#include <vector>

#include "core/backend.h"
#include "core/model/graph.h"
#include "core/schedule/lanes.h"
#include "core/schedule/merge.h"
#include "core/schedule/schedule.h"

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
  // How forward() runs the layers (core/schedule/schedule.h); null: sequential, in node order. A
  // schedule with concurrent stages runs host libraries, or one device library on its streams
  // (Backend::streams); merged stages run on host libraries only.
  const Schedule* schedule = nullptr;
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

  // One forward pass. Checks `cancel` between layers and throws Cancelled when it is set. Without an
  // observer, the pass runs the schedule's stages, their groups at once on disjoint thread teams
  // (the run's threads split evenly over min(groups, threads) lanes, lane k taking groups k, k +
  // lanes, ...), or for a merged stage its merged convolution then the groups' other layers, on the
  // whole team, and times each stage. With one, it runs every layer alone on this thread, in the
  // schedule's serial order, each with the team it has in the schedule (a per-layer pass).
  void forward(LayerObserver* observer = nullptr, const std::atomic<bool>* cancel = nullptr);
  // forward() without the final wait: device work may still run when it returns.
  void enqueue_forward(LayerObserver* observer = nullptr, const std::atomic<bool>* cancel = nullptr);
  void synchronize();  // waits until every library of the session is idle

  const Schedule& schedule() const { return schedule_; }
  // Each stage's time (ms) in the last forward() without an observer: host clock, or on one device
  // library its stream's marks (valid after synchronize(), which forward() calls).
  const std::vector<double>& stage_ms() const { return stage_ms_; }
  // For a search over stages: creates the ops `stage` needs for its thread teams (outside any
  // timing), then runs it alone. Only on a session with keep_all_values, after a forward() has
  // filled every value: any stage whose inputs exist may then run, in any order.
  void prepare_stage(const Stage& stage);
  void run_stage(const Stage& stage, const std::atomic<bool>* cancel = nullptr);
  // Why this session cannot run `stage` merged (one sentence), or nullopt when it can: its first
  // layers must merge (merge_error), run on one host library that takes the merged convolution, and
  // write NCHW values.
  std::optional<std::string> merge_refusal(const Stage& stage) const;
  // Why this session cannot run `stage`'s groups at once (one sentence), or nullopt when it can: a
  // device library runs them on its streams, and only alone in the session.
  std::optional<std::string> concurrency_refusal(const Stage& stage) const;

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
  // A merged stage's convolution: the merged layer and weights (which its op may read in place),
  // its op on the whole team, and the output it writes. At batch 1 a member's channels are one
  // contiguous run of that output, and its value becomes a view of them (read where they are);
  // otherwise, or when the value is a concat's slice, they are copied out after each run.
  struct Merge {
    MergedConvolution conv;
    std::unique_ptr<Op> op;
    Tensor out;
    std::vector<bool> viewed;  // per member: its value is a view of `out`
  };
  Merge& merge_for(const Stage& stage);  // created on first need (outside timed passes)
  void run_merged(Merge& m);             // the merged convolution and the copies to its members' values
  // Which op of a node runs in a group: the group's thread team (host libraries) and stream (a
  // device library with streams; 0 otherwise).
  struct OpKey {
    int team = 0, stream = 0;
    bool operator==(const OpKey&) const = default;
  };
  std::unique_ptr<Op> create_op(Backend* lib, const LayerDesc& layer, const Weights& weights, OpKey key);
  void plan_layouts();
  void plan_slices(Precision precision);
  void plan_transfers();
  void plan_buffers(bool keep_all);
  void run_transfer(Transfer& t);
  // The op running `node` with `team` threads, created on first need (outside timed passes).
  Op& op_for(int node, OpKey key);
  // Group `group`'s: its lane's share of the threads (the whole team in a merged stage or on a
  // device), and on a device with streams its stream.
  OpKey key_of(const Stage& stage, std::size_t group) const;
  Op& op_for_existing(int node, OpKey key);  // no creation: safe on a lane
  void run_streams(const Stage& stage, const std::atomic<bool>* cancel);  // groups on a device's streams
  void run_node(int node, LayerObserver* observer, int stream = 0);
  void run_groups(const Stage& stage, const std::atomic<bool>* cancel);
  void set_team_here(int team, bool beside_others);
  Tensor allocate_in(Backend* home, const Shape& shape) const;
  DType dtype_in(const Backend* home) const;

  const Graph& graph_;
  std::vector<Backend*> layer_libs_;  // per graph node: the library that runs it
  const ModelWeights& weights_;
  RunConfig config_;
  std::vector<LayerDesc> layers_;  // per node: the layer as its op is created (own layouts marked)
  // Per node: its ops by key (most nodes have one; a search may add others).
  std::vector<std::vector<std::pair<OpKey, std::unique_ptr<Op>>>> ops_;
  int device_streams_ = 0;  // a device library's streams for concurrent stages; 0 on the host
  std::unique_ptr<StreamTimer> stage_timer_;  // a device session's stage marks (null: host clock)
  bool stage_marks_pending_ = false;          // stage_ms_ are read from the marks at synchronize()
  std::vector<Op*> last_op_;       // per node: the op that ran it last
  std::vector<std::unique_ptr<Merge>> merges_;  // one per distinct merged stage, kept in place
  std::vector<Merge*> stage_merge_;             // per stage of the schedule: its merge, or null
  std::map<std::pair<Backend*, int>, std::uint64_t> shared_workspace_;  // the largest borrow per backend and stream
  Schedule schedule_;
  std::vector<double> stage_ms_;
  std::vector<Backend*> libs_;     // distinct, in node order
  Lanes lanes_;
  int team_here_ = 0;              // the thread team set on the session's thread; 0: unknown
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
