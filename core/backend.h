#pragma once
// The contract every math library implements: a Backend that creates one Op per layer.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/layer_desc.h"
#include "core/run_config.h"
#include "core/tensor.h"
#include "core/weights.h"

namespace cnn {

struct BackendInfo {
  std::string id;                   // "reference", "openblas", ...
  std::string name;                 // for people: "OpenBLAS 0.3.21 (SkylakeX)"
  std::vector<Precision> precisions;
  bool available = true;
  std::string why_not;              // one sentence when not available
  bool oracle = false;              // the slow library every other is checked against; not run by default
  std::vector<std::pair<std::string, std::string>> details;  // versions, kernels: recorded with the platform
};

// Bytes one session holds. Modelled (weights + activations + workspace) and tracked count the same
// things: weights_bytes is the model's host fp32 weights (generated before the session, as a
// framework reads the model file, and kept while it runs; ops that read them in place add nothing)
// plus every copy an op keeps of them (Op::weights_copy_bytes: a reordered or blocked layout,
// folded factors, a device upload); workspace_bytes is every scratch buffer the ops and their
// libraries hold (im2col columns, oneDNN's user scratchpads and blocked copies of values). Not
// counted in either: per-op bookkeeping (descriptors, index tables, JIT code) and pools a library
// keeps for the whole process (OpenBLAS's GEMM buffers), which no session allocates.
struct MemoryUse {
  std::uint64_t weights_bytes = 0;
  std::uint64_t activations_bytes = 0;        // peak live activations with buffer reuse
  std::uint64_t activations_total_bytes = 0;  // every blob summed, as Caffe reported
  std::uint64_t workspace_bytes = 0;          // scratch such as im2col buffers
  // Measured: the process's peak RSS growth from before the weights are loaded (freed heap
  // returned to the system first), or the device's used-memory growth.
  std::uint64_t measured_bytes = 0;
  // Tracked: the peak of host bytes allocated through core's hook (core/memory_tracker.h) from
  // just before the weights are generated until the point ends. Absent for device libraries
  // (their memory is not host-tracked) and in records written before the hook existed.
  std::optional<std::uint64_t> tracked_bytes;
};

// Types of the timed steps recorded beside a layer (not layers of the model): a layout reorder an
// op timed inside itself, and a copy of a value between two libraries' memories before the layer
// ran. Their time is not in the layer's own.
inline constexpr std::string_view kReorderType = "Reorder";
inline constexpr std::string_view kTransferType = "Transfer";

// A stage of one forward() that the op timed itself, to be reported as its own entry beside the
// layer rather than hidden in it (e.g. a layout reorder around a primitive run in a blocked format).
struct OpStage {
  std::string name;  // unique within the op, e.g. "reorder in", "reorder out"
  double ms = 0;     // host clock, during the last forward(); part of the time measured around it
};

// One layer on one library. Created outside the timed region; forward is what is timed.
class Op {
 public:
  virtual ~Op() = default;
  // in / out follow the layer's bottoms / tops, shaped as LayerDesc::in_shapes / out_shapes.
  // out[0] may alias in[0] only for element-wise layers (see Backend::in_place_ok).
  virtual void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) = 0;
  virtual std::size_t workspace_bytes() const { return 0; }  // scratch this op owns
  // Copies of its weights this op keeps beside the model's host fp32 ones (another layout,
  // precision or memory, folded factors); 0 when it reads the model's weights in place.
  virtual std::size_t weights_copy_bytes() const { return 0; }
  // Stages of the last forward() the op timed itself (optional; empty: none). Valid until the
  // next forward(). The layer alone took the time measured around forward() minus their sum.
  virtual std::span<const OpStage> last_stages() const { return {}; }
  // Scratch borrowed from a buffer its backend shares among one session's ops (device libraries);
  // a session counts the largest per backend and stream.
  virtual std::size_t shared_workspace_bytes() const { return 0; }
};

// Marks recorded on a device library's stream and read once the work is done (CUDA events).
class StreamTimer {
 public:
  virtual ~StreamTimer() = default;
  virtual void clear() = 0;  // forgets every mark
  virtual int mark() = 0;    // records a mark now on the stream; returns its index
  // Milliseconds between two marks; waits until mark `to` is reached.
  virtual double elapsed_ms(int from, int to) = 0;
};

// What a library can fuse into one layer of its own (FusedOps); the fusion pass asks before fusing.
struct Fusions {
  bool activation = false;  // a ReLU (negative_slope 0) applied to the layer's output in the same op
  bool sum = false;         // an Eltwise sum with another value, before the activation
  bool leaky = false;       // also a leaky ReLU (negative_slope != 0)
  // In a fused graph's session: a Concat whose inputs its producers may write straight into their
  // slices of its output (its op then copies only the inputs it finds elsewhere), and a layer that
  // can write its output as such a slice (a strided view, Tensor::image_stride).
  bool concat_in_place = false;
  bool strided_output = false;
};

// What a library measures of the machine's ceilings (Backend::measure_peak / measure_bandwidth;
// core/bench/machine.h gathers them).
struct CeilingReading {
  std::vector<double> samples;  // GFLOP/s or GB/s (10^9 bytes/s), per repetition
  std::string method;           // for people: "sgemm 2048x2048x2048, 2 threads"
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual BackendInfo info() const = 0;
  // Whether create() would succeed for this layer (shapes filled) in this precision.
  virtual bool supports(const LayerDesc& layer, Precision precision) const = 0;
  // Null when not supported. `layer` has its shapes filled; `weights` are host fp32.
  virtual std::unique_ptr<Op> create(const LayerDesc& layer, const Weights& weights,
                                     const RunConfig& config) = 0;
  // Where this library's tensors live.
  virtual MemorySpace memory_space() const { return MemorySpace::Host; }
  // Libraries with the same domain read each other's tensors in place (null: host memory, shared by
  // every host library); a session copies a value between different domains. Default: null on the
  // host, the backend itself on a device.
  virtual const void* memory_domain() const;
  // Called once before a session's ops are created and run (e.g. thread count).
  virtual void configure(const RunConfig& /*config*/) {}
  // Called on the thread about to create or run this library's ops with `threads` threads (a share of
  // configure's count): as one of a stage's concurrent groups (`beside_others`, core/schedule), or
  // back on the session's own thread. Lasts for the calling thread until called again there. The
  // default does nothing (a library that runs on one thread, or on a device).
  virtual void set_thread_team(int /*threads*/, bool /*beside_others*/) {}
  // Streams for a schedule's concurrent groups on a device library (core/schedule; optional). How
  // many this library offers: 1 (the default) is its own alone, and a session refuses a schedule of
  // concurrent stages on it. Stream 0 is its own, where everything else queues.
  virtual int streams() const { return 1; }
  // The stream the ops created from now on queue their work on (0 .. streams() - 1), called before
  // create() as set_thread_team is; a session sets it back to 0 after.
  virtual void set_stream(int /*stream*/) {}
  // A stage of `n` concurrent groups (n <= streams()): streams 1 .. n-1 wait for what stream 0 has
  // queued so far, and at its end stream 0 waits for what they queued. Queued: the host goes on.
  virtual void fork_streams(int /*n*/) {}
  virtual void join_streams(int /*n*/) {}
  // Blocks until queued work is done, on every stream (optional: CPU libraries run synchronously).
  virtual void synchronize() {}
  // The fusions this library's op for `layer` (a model layer, nothing fused yet) would carry out
  // (optional; default: none). create() honours the FusedOps it declared here.
  virtual Fusions fusions(const LayerDesc& /*layer*/, Precision /*precision*/) const { return {}; }
  // Whether this library's op for `layer` can read its bottom k (k >= 0) or write its top (k == -1)
  // in the library's own layout (optional; default: NCHW only). A session of a fused graph keeps a
  // value in the own layout when its producer and every reader are this library's ops and can; an
  // own layout must take exactly the value's NCHW bytes.
  virtual bool own_layout_ok(const LayerDesc& /*layer*/, int /*k*/) const { return false; }
  // A value held in the own layout as host fp32 NCHW (the same element count); for verification.
  virtual void own_to_nchw(const Tensor& own, Tensor& nchw) const;
  // Whether this library's op for `layer` may write its output over its input (for a layer with a
  // fused sum: over the sum's operand, its last input).
  virtual bool in_place_ok(const LayerDesc& layer) const;

  // Device libraries (memory_space() == Device) override the five below; the defaults are host.
  // A zero-filled tensor in this library's memory.
  virtual Tensor allocate(const Shape& shape, DType dtype);
  // Host fp32 -> a tensor of this library (converting to its dtype), and back; the same element
  // count. Both are complete when they return.
  virtual void upload(const Tensor& host, Tensor& dst);
  virtual void download(const Tensor& src, Tensor& host);
  // A timer on the stream this library's ops run on; null: time with the host clock.
  virtual std::unique_ptr<StreamTimer> stream_timer() { return nullptr; }
  // Bytes in use on the device now (total minus free, as the driver reports); nullopt on the host.
  virtual std::optional<std::uint64_t> device_bytes_in_use() const { return std::nullopt; }

  // The library's peak arithmetic rate in `precision` on this machine, for the roofline: its own
  // GEMM at a size large enough to be compute bound, `repetitions` timed runs after a warm-up, with
  // config's threads. nullopt (the default) when it has no GEMM of its own in that precision.
  virtual std::optional<CeilingReading> measure_peak(Precision /*precision*/, const RunConfig& /*config*/,
                                                     int /*repetitions*/) {
    return std::nullopt;
  }
  // Device libraries: the device memory's bandwidth (a triad kernel); nullopt (the default) on the host,
  // whose bandwidth core measures itself.
  virtual std::optional<CeilingReading> measure_bandwidth(int /*repetitions*/) { return std::nullopt; }
};

}  // namespace cnn
