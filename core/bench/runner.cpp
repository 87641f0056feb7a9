#include "core/bench/runner.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <new>
#include <optional>

#include "core/bench/process_memory.h"
#include "core/memory_tracker.h"
#include "core/model/graph.h"
#include "core/model/fusion.h"
#include "core/schedule/schedule_search.h"
#include "core/session.h"

namespace cnn {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Host-clock per-layer timer; the session synchronizes the layer's backend before after_layer.
class LayerTimer : public LayerObserver {
 public:
  explicit LayerTimer(std::size_t layers) : times_(layers) {}
  void before_layer(int) override { start_ = Clock::now(); }
  void after_layer(int node) override { times_[std::size_t(node)] = ms_since(start_); }
  std::vector<double>& times() { return times_; }

 private:
  Clock::time_point start_;
  std::vector<double> times_;
};

// Device per-layer timer: marks on the library's stream around each layer, read after the pass.
class StreamLayerTimer : public LayerObserver {
 public:
  StreamLayerTimer(StreamTimer& timer, std::size_t layers) : timer_(timer), marks_(layers), times_(layers) {}
  void start_pass() { timer_.clear(); }
  void before_layer(int node) override { marks_[std::size_t(node)].first = timer_.mark(); }
  void after_layer(int node) override { marks_[std::size_t(node)].second = timer_.mark(); }
  bool synchronize_each_layer() const override { return false; }
  void finish_pass() {  // after the session has synchronized
    for (std::size_t i = 0; i < marks_.size(); ++i) times_[i] = timer_.elapsed_ms(marks_[i].first, marks_[i].second);
  }
  std::vector<double>& times() { return times_; }

 private:
  StreamTimer& timer_;
  std::vector<std::pair<int, int>> marks_;
  std::vector<double> times_;
};

// The record of graph node `i` (its time list empty).
LayerRecord layer_record(const Graph& graph, std::size_t i) {
  const auto& node = graph.nodes()[i];
  LayerRecord rec;
  rec.index = int(i);
  rec.name = node.desc.name;
  rec.type = std::string(to_string(node.desc.type));
  rec.macs = node.stats.macs;
  rec.flops = node.stats.flops;
  rec.params = node.stats.params;
  rec.bytes_in = node.stats.bytes_in;
  rec.bytes_out = node.stats.bytes_out;
  return rec;
}

// Appends one time to the record of (node, name, type) in `layers`, which holds each node's record
// followed by the records of the steps timed beside it; a step seen for the first time gets a
// record after the node's others.
void add_time(std::vector<LayerRecord>& layers, int node, const std::string& name, std::string_view type, double ms) {
  auto last_of_node = layers.end();
  for (auto it = layers.begin(); it != layers.end(); ++it) {
    if (it->index != node) continue;
    if (it->name == name && it->type == type) {
      it->time_ms.push_back(ms);
      return;
    }
    last_of_node = it;
  }
  assert(last_of_node != layers.end() && "a step before its layer's record");
  LayerRecord rec;
  rec.index = node;
  rec.name = name;
  rec.type = std::string(type);
  rec.time_ms.push_back(ms);
  layers.insert(last_of_node + 1, std::move(rec));
}

// One per-layer pass: each layer's own time (less the transfer and reorder steps timed inside it)
// and each step's, added to `layers`.
void per_layer_pass(Session& session, StreamTimer* stream, std::vector<LayerRecord>& layers,
                    const std::atomic<bool>* cancel) {
  const Graph& graph = session.graph();
  const std::size_t n = graph.nodes().size();
  std::vector<double> times;
  if (stream) {
    StreamLayerTimer timer(*stream, n);
    timer.start_pass();
    session.forward(&timer, cancel);
    timer.finish_pass();
    times = timer.times();
  } else {
    LayerTimer timer(n);
    session.forward(&timer, cancel);
    times = timer.times();
  }
  if (layers.empty())
    for (std::size_t i = 0; i < n; ++i) layers.push_back(layer_record(graph, i));
  for (std::size_t i = 0; i < n; ++i) {
    double inside = 0;
    for (const TimedStep& step : session.steps(int(i))) {
      add_time(layers, int(i), step.name, step.type, step.ms);
      inside += step.ms;
    }
    add_time(layers, int(i), graph.nodes()[i].desc.name, to_string(graph.nodes()[i].desc.type), stream ? times[i] : std::max(0.0, times[i] - inside));
  }
}

std::string failure_reason(const std::exception& e) {
  if (dynamic_cast<const std::bad_alloc*>(&e)) return "out of memory";
  return e.what();
}

}  // namespace

Point empty_point(const PointSpec& spec, const RunConfig& config) {
  Point point;
  point.model = spec.model;
  point.lib = spec.lib;
  point.precision = spec.precision;
  point.batch = spec.batch;
  point.graph = spec.graph;
  point.scheduler = spec.scheduler;
  point.threads = config.resolved_threads();
  if (spec.plan) point.plan = *spec.plan;
  return point;
}

Runner::Runner(const ModelCatalog& models, const BackendRegistry& backends) : models_(models), backends_(backends) {}

Point Runner::measure(const PointSpec& spec, const RunConfig& config, int reps, const std::atomic<bool>* cancel) {
  Point point = empty_point(spec, config);
  visit(spec, config, [reps](double) { return reps; }, point, [](const char*, int, int) {}, cancel);
  return point;
}

void Runner::visit(const PointSpec& spec, const RunConfig& base_config, const RepsFor& reps_for, Point& point,
                   const PhaseReport& report, const std::atomic<bool>* cancel) {
  assert(point.model == spec.model && point.lib == spec.lib && point.batch == spec.batch);
  assert((spec.lib == kAdaptiveLib) == (spec.plan != nullptr));
  RunConfig config = base_config;
  config.precision = spec.precision;
  const Point before = point;  // restored when cancelled
  try {
    const ModelInfo model = models_.resolve(spec.model);
    const NetDesc net = models_.parse(model);
    const Graph source(net, spec.batch);
    std::vector<Backend*> libs;  // distinct, in order of first use
    if (spec.plan) {
      for (const std::string& id : spec.plan->libs())
        if (Backend* b = backends_.find(id)) libs.push_back(b);  // an unknown one: resolve_plan says so
    } else {
      Backend* backend = backends_.find(spec.lib);
      if (!backend) throw std::runtime_error("unknown library '" + spec.lib + "'");
      libs.push_back(backend);
    }
    for (Backend* b : libs) {
      const BackendInfo info = b->info();
      if (!info.available) throw std::runtime_error(info.id + " is not available: " + info.why_not);
      if (std::find(info.precisions.begin(), info.precisions.end(), spec.precision) == info.precisions.end())
        throw std::runtime_error(info.id + " has no " + std::string(to_string(spec.precision)) + " mode");
    }
    // The device whose free memory is watched: the plan's first device library, if any.
    Backend* device = nullptr;
    for (Backend* b : libs)
      if (!device && b->device_bytes_in_use()) device = b;
    // Host memory from before the weights exist (as a framework loading the model file) until the
    // visit ends: tracked, the peak through core's hook; measured, the peak RSS growth, taken after
    // freed heap goes back to the system so earlier points' leftovers do not absorb it.
    release_free_memory();
    const bool peak_resettable = reset_peak_resident();
    const std::uint64_t rss_before = resident_bytes();
    memory_tracker::reset_peak();
    const std::uint64_t tracked_before = memory_tracker::current_bytes();
    ModelWeights source_weights = ModelCatalog::weights(model, source, config.seed);
    // The fused mode: the graph as every library of the point can fuse it, folded weights in place
    // of the model's (as a framework freezing the model would keep them).
    std::optional<FusedGraph> fused;
    if (spec.graph == GraphMode::Fused) {
      fused.emplace(fuse(source, source_weights, fusions_of({libs.begin(), libs.end()}, spec.precision)));
      source_weights.clear();
    }
    const Graph& graph = fused ? fused->graph : source;
    const ModelWeights& weights = fused ? fused->weights : source_weights;
    std::vector<Backend*> layer_libs = spec.plan ? resolve_plan(*spec.plan, graph, backends_)
                                                 : std::vector<Backend*>(graph.nodes().size(), libs.front());
    // A schedule other than sequential is chosen at the point's first visit and kept with it; the
    // search's own session is gone before the memory readings restart from here.
    if (spec.scheduler != Scheduler::Sequential && !point.schedule) {
      report("schedule search", 0, 1);
      point.schedule = choose_schedule(spec.scheduler, graph, weights, layer_libs, config, {}, cancel);
      release_free_memory();
      reset_peak_resident();
      memory_tracker::reset_peak();
    }
    if (point.schedule)
      if (const auto error = schedule_error(graph, point.schedule->schedule))
        throw std::runtime_error("the point's stored schedule does not fit its graph: " + *error);
    SessionOptions options;
    if (point.schedule) options.schedule = &point.schedule->schedule;
    const std::optional<std::uint64_t> device_before = device ? device->device_bytes_in_use() : std::nullopt;
    Session session(graph, weights, layer_libs, config, options);
    fill_input(session.input(), config.seed);
    // One device library: forward passes timed by marks on its stream, transfers by the host clock.
    // Mixed plans synchronize between libraries, so the host clock times them.
    const std::unique_ptr<StreamTimer> stream =
        libs.size() == 1 && session.on_device() ? libs.front()->stream_timer() : nullptr;
    const bool io_transfers = session.on_device();

    double warm_ms = -1;
    for (int r = 0; r < config.warmup; ++r) {
      report("warm-up", r, config.warmup);
      session.upload_inputs();
      const auto t0 = Clock::now();
      session.forward(nullptr, cancel);
      warm_ms = ms_since(t0);
      session.download_outputs();
    }
    const int reps = std::max(1, reps_for(warm_ms));
    for (int r = 0; r < reps; ++r) {
      report("measuring", r, reps);
      auto t0 = Clock::now();
      session.upload_inputs();
      if (io_transfers) point.transfer_in_ms.push_back(ms_since(t0));
      if (stream) {
        stream->clear();
        const int start = stream->mark();
        session.enqueue_forward(nullptr, cancel);
        const int end = stream->mark();
        session.synchronize();
        point.time_fw_ms.push_back(stream->elapsed_ms(start, end));
      } else {
        t0 = Clock::now();
        session.forward(nullptr, cancel);
        point.time_fw_ms.push_back(ms_since(t0));
      }
      if (point.schedule) {  // each stage a timed record of the end-to-end pass
        auto& stage_ms = point.schedule->stage_ms;
        stage_ms.resize(session.stage_ms().size());
        for (std::size_t k = 0; k < stage_ms.size(); ++k) stage_ms[k].push_back(session.stage_ms()[k]);
      }
      t0 = Clock::now();
      session.download_outputs();
      if (io_transfers) point.transfer_out_ms.push_back(ms_since(t0));
      // The per-layer pass right after, so both passes see the machine in the same state.
      per_layer_pass(session, stream.get(), point.layers, cancel);
    }
    point.memory = session.memory();
    if (device_before) {  // the change in the device's free memory while the session lives
      const std::uint64_t b = device_before.value();
      const std::uint64_t after = device->device_bytes_in_use().value_or(b);
      point.memory.measured_bytes = after > b ? after - b : 0;
    } else {
      const std::uint64_t peak = peak_resettable ? peak_resident_bytes() : resident_bytes();
      point.memory.measured_bytes = peak > rss_before ? peak - rss_before : 0;
      point.memory.tracked_bytes = memory_tracker::peak_bytes() - tracked_before;  // host libraries only
    }
    point.success = true;
    point.error.clear();
  } catch (const Cancelled&) {
    point = before;
    throw;
  } catch (const std::exception& e) {
    point.success = false;
    point.error = failure_reason(e);
    point.time_fw_ms.clear();
    point.schedule.reset();
    point.transfer_in_ms.clear();
    point.transfer_out_ms.clear();
    point.layers.clear();
  }
}

}  // namespace cnn
