#include "ui/benchmark_worker.h"

#include <chrono>
#include <optional>
#include <stdexcept>

#include "core/backend_registry.h"
#include "core/bench/machine.h"
#include "core/bench/sweep.h"
#include "core/model/catalog.h"
#include "core/store/results_store.h"

namespace cnn::ui {
namespace {

using Clock = std::chrono::steady_clock;

// Forwards the sweep's reports as signals, thinning progress out to a few reports a second.
class SignalObserver : public SweepObserver {
 public:
  explicit SignalObserver(BenchmarkWorker& worker) : worker_(worker) {}

  void on_started(std::int64_t run_id, const Platform& platform, int points) override {
    emit worker_.runStarted(run_id, platform, points);
  }
  void on_note(const std::string& sentence) override { emit worker_.note(QString::fromStdString(sentence)); }
  void on_progress(const Progress& p) override {
    const auto now = Clock::now();
    if (p.point == last_point_ && now - last_emit_ < std::chrono::milliseconds(50)) return;
    last_point_ = p.point;
    last_emit_ = now;
    emit worker_.progress(p);
  }
  void on_point(const Point& point, int index) override { emit worker_.pointMeasured(point, index); }

 private:
  BenchmarkWorker& worker_;
  int last_point_ = -1;
  Clock::time_point last_emit_;
};

}  // namespace

BenchmarkWorker::BenchmarkWorker(const ModelCatalog& models, const BackendRegistry& backends,
                                 std::filesystem::path store_path, QObject* parent)
    : QObject(parent), models_(models), backends_(backends), store_path_(std::move(store_path)) {}

void BenchmarkWorker::run(const SweepRequest& request) {
  busy_.store(true);
  struct Done {  // the stop flag covers one sweep: cleared however run() ends
    BenchmarkWorker& w;
    ~Done() { w.stop_.store(false); w.busy_.store(false); }
  } done{*this};

  std::optional<ResultsStore> store;
  SweepOptions options;
  options.label = request.label;
  SweepResult result;
  try {
    if (!store_path_.empty()) options.store = &store.emplace(store_path_);
    Sweep sweep(models_, backends_, request.selection, options);
    SignalObserver observer(*this);
    result = sweep.run(observer, &stop_);
  } catch (const std::exception& e) {
    result.status = RunStatus::Failed;
    result.message = e.what();
  }
  emit finished(result.status, QString::fromStdString(result.message));
}

void BenchmarkWorker::measure_machine(int threads) {
  busy_.store(true);
  struct Done {
    BenchmarkWorker& w;
    ~Done() { w.stop_.store(false); w.busy_.store(false); }
  } done{*this};
  try {
    MachineOptions options;
    options.threads = threads;
    const MachineRecord record = cnn::measure_machine(backends_, options, [this](const std::string& what, int d, int total) {
      emit machineProgress(QString::fromStdString(what), d, total);
    }, &stop_);
    if (stop_.load()) {
      emit finished(RunStatus::Cancelled, tr("Stopped measuring the machine; nothing was kept."));
      return;
    }
    QString message = tr("Measured %1 ceilings of this machine").arg(record.ceilings.size());
    if (!store_path_.empty()) {
      ResultsStore(store_path_).add_machine(record);
      message += tr(", kept in %1.").arg(QString::fromStdString(store_path_.string()));
    } else {
      message += tr(" (not stored: this session keeps no results store).");
    }
    emit machineMeasured(record, message);
  } catch (const std::exception& e) {
    emit finished(RunStatus::Failed, QString::fromStdString(e.what()));
  }
}

}  // namespace cnn::ui
