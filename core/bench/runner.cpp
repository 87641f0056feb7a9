#include "core/bench/runner.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <map>
#include <new>
#include <optional>

#include "core/bench/process_memory.h"
#include "core/model/graph.h"
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
  void after_layer(int node) override { times_[node].push_back(ms_since(start_)); }
  std::vector<std::vector<double>>& times() { return times_; }

 private:
  Clock::time_point start_;
  std::vector<std::vector<double>> times_;
};

// Device per-layer timer: marks on the library's stream around each layer, read after the pass.
class StreamLayerTimer : public LayerObserver {
 public:
  StreamLayerTimer(StreamTimer& timer, std::size_t layers) : timer_(timer), marks_(layers), times_(layers) {}
  void start_pass() { timer_.clear(); }
  void before_layer(int node) override { marks_[node].first = timer_.mark(); }
  void after_layer(int node) override { marks_[node].second = timer_.mark(); }
  bool synchronize_each_layer() const override { return false; }
  void finish_pass() {  // after the session has synchronized
    for (std::size_t i = 0; i < marks_.size(); ++i)
      times_[i].push_back(timer_.elapsed_ms(marks_[i].first, marks_[i].second));
  }
  std::vector<std::vector<double>>& times() { return times_; }

 private:
  StreamTimer& timer_;
  std::vector<std::pair<int, int>> marks_;
  std::vector<std::vector<double>> times_;
};

// The per-layer pass, `repetitions` times: one record per layer, each followed by records of the
// transfer and reorder steps timed beside it (type kTransferType / kReorderType, the layer's index),
// whose time is taken out of the layer's own.
template <class Report>
std::vector<LayerRecord> per_layer_pass(Session& session, StreamTimer* stream, int repetitions,
                                        const std::atomic<bool>* cancel, Report report) {
  const Graph& graph = session.graph();
  const std::size_t n = graph.nodes().size();
  LayerTimer timer(n);
  std::unique_ptr<StreamLayerTimer> stream_timer;
  if (stream) stream_timer = std::make_unique<StreamLayerTimer>(*stream, n);
  std::vector<std::vector<LayerRecord>> steps(n);  // per node, by name in first-seen order
  for (int r = 0; r < repetitions; ++r) {
    report(r);
    if (stream_timer) {
      stream_timer->start_pass();
      session.forward(stream_timer.get(), cancel);
      stream_timer->finish_pass();
    } else {
      session.forward(&timer, cancel);
    }
    auto& times = stream_timer ? stream_timer->times() : timer.times();
    for (std::size_t i = 0; i < n; ++i) {
      double inside = 0;
      for (const TimedStep& step : session.steps(int(i))) {
        auto it = std::find_if(steps[i].begin(), steps[i].end(), [&](const LayerRecord& s) { return s.name == step.name; });
        if (it == steps[i].end()) {
          LayerRecord rec;
          rec.index = int(i);
          rec.name = step.name;
          rec.type = std::string(step.type);
          steps[i].push_back(std::move(rec));
          it = steps[i].end() - 1;
        }
        it->time_ms.push_back(step.ms);
        inside += step.ms;
      }
      if (!stream_timer) times[i].back() = std::max(0.0, times[i].back() - inside);
    }
  }
  auto& times = stream_timer ? stream_timer->times() : timer.times();
  std::vector<LayerRecord> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& node = graph.nodes()[i];
    LayerRecord rec;
    rec.index = int(i);
    rec.name = node.desc.name;
    rec.type = std::string(to_string(node.desc.type));
    rec.time_ms = std::move(times[i]);
    rec.macs = node.stats.macs;
    rec.params = node.stats.params;
    rec.bytes_in = node.stats.bytes_in;
    rec.bytes_out = node.stats.bytes_out;
    out.push_back(std::move(rec));
    for (auto& step : steps[i]) out.push_back(std::move(step));
  }
  return out;
}

std::string failure_reason(const std::exception& e) {
  if (dynamic_cast<const std::bad_alloc*>(&e)) return "out of memory";
  return e.what();
}

}  // namespace

Runner::Runner(const ModelCatalog& models, const BackendRegistry& backends)
    : models_(models), backends_(backends) {}

Point Runner::measure(const ModelInfo& model, Backend& backend, Precision precision, int batch,
                      const RunConfig& config, RunObserver& observer, const std::atomic<bool>* cancel,
                      Progress progress) {
  return measure_point(model, &backend, nullptr, precision, batch, config, observer, cancel, progress);
}

Point Runner::measure(const ModelInfo& model, const AdaptivePlan& plan, int batch, const RunConfig& config,
                      RunObserver& observer, const std::atomic<bool>* cancel, Progress progress) {
  const Precision precision = parse_precision(plan.precision).value_or(Precision::FP32);
  return measure_point(model, nullptr, &plan, precision, batch, config, observer, cancel, progress);
}

Point Runner::measure_point(const ModelInfo& model, Backend* backend, const AdaptivePlan* plan,
                            Precision precision, int batch, const RunConfig& base_config, RunObserver& observer,
                            const std::atomic<bool>* cancel, Progress progress) {
  assert((backend == nullptr) != (plan == nullptr));
  RunConfig config = base_config;
  config.precision = precision;
  Point point;
  point.model = model.id;
  point.lib = backend ? backend->info().id : std::string(kAdaptiveLib);
  point.precision = std::string(to_string(precision));
  point.batch = batch;
  point.threads = config.resolved_threads();
  if (plan) point.plan = *plan;

  auto report = [&](const char* phase, int repetition) {
    progress.phase = phase;
    progress.repetition = repetition;
    observer.on_progress(progress);
  };
  try {
    if (plan && !parse_precision(plan->precision))
      throw std::runtime_error("the plan for '" + plan->model + "' has unknown precision '" + plan->precision + "'");
    const NetDesc net = models_.parse(model);
    const Graph graph(net, batch);
    const std::vector<Backend*> layer_libs =
        backend ? std::vector<Backend*>(graph.nodes().size(), backend) : resolve_plan(*plan, graph, backends_);
    std::vector<Backend*> libs;  // distinct, in order of first use
    for (Backend* b : layer_libs)
      if (std::find(libs.begin(), libs.end(), b) == libs.end()) libs.push_back(b);
    for (Backend* b : libs) {
      const BackendInfo info = b->info();
      if (!info.available) throw std::runtime_error(info.id + " is not available: " + info.why_not);
      if (std::find(info.precisions.begin(), info.precisions.end(), precision) == info.precisions.end())
        throw std::runtime_error(info.id + " has no " + point.precision + " mode");
    }
    // The device whose free memory is watched: the plan's first device library, if any.
    Backend* device = nullptr;
    for (Backend* b : libs)
      if (!device && b->device_bytes_in_use()) device = b;
    // Measured host memory: the peak growth from before the weights exist (as a framework loading
    // the model file) until the point ends.
    const bool peak_resettable = reset_peak_resident();
    const std::uint64_t rss_before = resident_bytes();
    const ModelWeights weights = generate_weights(graph, config.seed);
    const std::optional<std::uint64_t> device_before = device ? device->device_bytes_in_use() : std::nullopt;
    Session session(graph, weights, layer_libs, config);
    fill_input(session.input(), config.seed);
    // One device library: forward passes timed by marks on its stream, transfers by the host clock.
    // Mixed plans synchronize between libraries, so the host clock times them.
    const std::unique_ptr<StreamTimer> stream =
        libs.size() == 1 && session.on_device() ? libs.front()->stream_timer() : nullptr;
    const bool io_transfers = session.on_device();

    for (int r = 0; r < config.warmup; ++r) {
      report("warm-up", r);
      session.upload_inputs();
      session.forward(nullptr, cancel);
      session.download_outputs();
    }
    for (int r = 0; r < config.repetitions; ++r) {
      report("end-to-end", r);
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
      t0 = Clock::now();
      session.download_outputs();
      if (io_transfers) point.transfer_out_ms.push_back(ms_since(t0));
    }
    point.layers = per_layer_pass(session, stream.get(), config.repetitions, cancel,
                                  [&](int r) { report("per-layer", r); });
    point.memory = session.memory();
    if (device_before) {  // the change in the device's free memory while the session lives
      const std::uint64_t before = device_before.value();
      const std::uint64_t after = device->device_bytes_in_use().value_or(before);
      point.memory.measured_bytes = after > before ? after - before : 0;
    } else {
      const std::uint64_t peak = peak_resettable ? peak_resident_bytes() : resident_bytes();
      point.memory.measured_bytes = peak > rss_before ? peak - rss_before : 0;
    }
    point.success = true;
  } catch (const Cancelled&) {
    throw;
  } catch (const std::exception& e) {
    point.success = false;
    point.error = failure_reason(e);
    point.time_fw_ms.clear();
    point.transfer_in_ms.clear();
    point.transfer_out_ms.clear();
    point.layers.clear();
  }
  return point;
}

std::vector<Point> Runner::run(const Plan& plan, RunObserver& observer, const std::atomic<bool>* cancel) {
  struct Item {
    const ModelInfo* model;
    Backend* backend;            // null for lib "adaptive"
    const AdaptivePlan* adaptive;  // lib "adaptive": the model's plan in this precision, if any
    Precision precision;
    int batch;
    double weight;  // expected relative cost, for the ETA
  };
  std::vector<ModelInfo> resolved;
  resolved.reserve(plan.models.size());
  for (const auto& m : plan.models) resolved.push_back(models_.resolve(m));

  std::vector<Item> items;
  for (const auto& model : resolved) {
    const NetDesc net = models_.parse(model);
    const double macs_per_image = double(Graph(net, 1).total_macs()) + 1.0;
    for (const auto& lib : plan.libs) {
      Backend* backend = backends_.find(lib);
      if (!backend && lib != kAdaptiveLib) throw std::invalid_argument("unknown library '" + lib + "'");
      for (Precision p : plan.precisions) {
        const AdaptivePlan* adaptive = nullptr;
        for (const auto& a : plan.adaptive)
          if (!backend && a.model == model.id && a.precision == to_string(p)) adaptive = &a;
        for (int batch : plan.batches)
          items.push_back({&model, backend, adaptive, p, batch, macs_per_image * batch});
      }
    }
  }
  double total_weight = 0, done_weight = 0;
  for (const auto& it : items) total_weight += it.weight;

  std::vector<Point> points;
  const auto start = Clock::now();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    Progress progress;
    progress.point = int(i);
    progress.points = int(items.size());
    progress.model = it.model->id;
    progress.lib = it.backend ? it.backend->info().id : std::string(kAdaptiveLib);
    progress.precision = std::string(to_string(it.precision));
    progress.batch = it.batch;
    progress.elapsed_s = ms_since(start) / 1000.0;
    progress.eta_s = done_weight > 0 ? progress.elapsed_s / done_weight * (total_weight - done_weight) : -1;
    try {
      if (it.backend) {
        points.push_back(measure(*it.model, *it.backend, it.precision, it.batch, plan.config, observer, cancel,
                                 progress));
      } else if (it.adaptive) {
        points.push_back(measure(*it.model, *it.adaptive, it.batch, plan.config, observer, cancel, progress));
      } else {
        Point missing;
        missing.model = it.model->id;
        missing.lib = kAdaptiveLib;
        missing.precision = progress.precision;
        missing.batch = it.batch;
        missing.threads = plan.config.resolved_threads();
        missing.error = "no adaptive plan for model '" + it.model->id + "' in " + progress.precision;
        points.push_back(std::move(missing));
      }
    } catch (const Cancelled&) {
      break;
    }
    observer.on_point(points.back());
    done_weight += it.weight;
  }
  return points;
}

}  // namespace cnn
