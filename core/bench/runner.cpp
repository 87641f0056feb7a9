#include "core/bench/runner.h"

#include <algorithm>
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

std::string failure_reason(const std::exception& e) {
  if (dynamic_cast<const std::bad_alloc*>(&e)) return "out of memory";
  return e.what();
}

}  // namespace

Runner::Runner(const ModelCatalog& models, const BackendRegistry& backends)
    : models_(models), backends_(backends) {}

Point Runner::measure(const ModelInfo& model, Backend& backend, Precision precision, int batch,
                      const RunConfig& base_config, RunObserver& observer, const std::atomic<bool>* cancel,
                      Progress progress) {
  RunConfig config = base_config;
  config.precision = precision;
  Point point;
  point.model = model.id;
  point.lib = backend.info().id;
  point.precision = std::string(to_string(precision));
  point.batch = batch;
  point.threads = config.resolved_threads();

  auto report = [&](const char* phase, int repetition) {
    progress.phase = phase;
    progress.repetition = repetition;
    observer.on_progress(progress);
  };
  try {
    const BackendInfo info = backend.info();
    if (!info.available) throw std::runtime_error(info.id + " is not available: " + info.why_not);
    if (std::find(info.precisions.begin(), info.precisions.end(), precision) == info.precisions.end())
      throw std::runtime_error(info.id + " has no " + point.precision + " mode");
    const NetDesc net = models_.parse(model);
    const Graph graph(net, batch);
    const ModelWeights weights = generate_weights(graph, config.seed);
    const bool peak_resettable = reset_peak_resident();
    const std::uint64_t rss_before = resident_bytes();
    const std::optional<std::uint64_t> device_before = backend.device_bytes_in_use();
    Session session(graph, weights, backend, config);
    fill_input(session.input(), config.seed);
    // Device libraries: forward passes timed by marks on their stream, transfers by the host clock.
    const std::unique_ptr<StreamTimer> stream = session.on_device() ? backend.stream_timer() : nullptr;

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
      if (session.on_device()) point.transfer_in_ms.push_back(ms_since(t0));
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
      if (session.on_device()) point.transfer_out_ms.push_back(ms_since(t0));
    }
    LayerTimer timer(graph.nodes().size());
    std::unique_ptr<StreamLayerTimer> stream_timer;
    if (stream) stream_timer = std::make_unique<StreamLayerTimer>(*stream, graph.nodes().size());
    for (int r = 0; r < config.repetitions; ++r) {
      report("per-layer", r);
      if (stream_timer) {
        stream_timer->start_pass();
        session.forward(stream_timer.get(), cancel);
        stream_timer->finish_pass();
      } else {
        session.forward(&timer, cancel);
      }
    }
    if (stream_timer) timer.times() = std::move(stream_timer->times());
    for (std::size_t i = 0; i < graph.nodes().size(); ++i) {
      const auto& node = graph.nodes()[i];
      LayerRecord rec;
      rec.index = int(i);
      rec.name = node.desc.name;
      rec.type = std::string(to_string(node.desc.type));
      rec.time_ms = std::move(timer.times()[i]);
      rec.macs = node.stats.macs;
      rec.params = node.stats.params;
      rec.bytes_in = node.stats.bytes_in;
      rec.bytes_out = node.stats.bytes_out;
      point.layers.push_back(std::move(rec));
    }
    point.memory = session.memory();
    if (device_before) {  // the change in the device's free memory while the session lives
      const std::uint64_t after = backend.device_bytes_in_use().value_or(*device_before);
      point.memory.measured_bytes = after > *device_before ? after - *device_before : 0;
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
    Backend* backend;
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
      if (!backend) throw std::invalid_argument("unknown library '" + lib + "'");
      for (Precision p : plan.precisions)
        for (int batch : plan.batches) items.push_back({&model, backend, p, batch, macs_per_image * batch});
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
    progress.lib = it.backend->info().id;
    progress.precision = std::string(to_string(it.precision));
    progress.batch = it.batch;
    progress.elapsed_s = ms_since(start) / 1000.0;
    progress.eta_s = done_weight > 0 ? progress.elapsed_s / done_weight * (total_weight - done_weight) : -1;
    try {
      points.push_back(measure(*it.model, *it.backend, it.precision, it.batch, plan.config, observer, cancel,
                               progress));
    } catch (const Cancelled&) {
      break;
    }
    observer.on_point(points.back());
    done_weight += it.weight;
  }
  return points;
}

}  // namespace cnn
