#include "ui/benchmark_worker.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>

#include "core/backend_registry.h"
#include "core/bench/runner.h"
#include "core/model/catalog.h"
#include "core/store/results_store.h"

namespace cnn::ui {
namespace {

using Clock = std::chrono::steady_clock;

// Forwards the runner's reports as signals: stores each point first, numbers the points over the
// whole sweep, and thins progress out to a few reports a second.
class SignalObserver : public RunObserver {
 public:
  SignalObserver(BenchmarkWorker& worker, ResultsStore* store, std::int64_t run_id, int total)
      : worker_(worker), store_(store), run_id_(run_id), total_(total), start_(Clock::now()) {}

  void begin_plan(int first) { first_ = first; }

  void on_progress(const Progress& p) override {
    const auto now = Clock::now();
    const int point = first_ + p.point;
    if (point == last_point_ && now - last_emit_ < std::chrono::milliseconds(50)) return;
    last_point_ = point;
    last_emit_ = now;
    Progress out = p;
    out.point = point;
    out.points = total_;
    out.elapsed_s = std::chrono::duration<double>(now - start_).count();
    // Later plans: assume the points still to come cost what the finished ones did on average.
    const int later = total_ - (first_ + p.points);
    if (later > 0) out.eta_s = done_ > 0 ? p.eta_s + out.elapsed_s / done_ * later : -1;
    emit worker_.progress(out);
  }

  void on_point(const Point& point) override {
    if (store_ && store_error_.empty()) {
      try {
        store_->add_point(run_id_, point);
      } catch (const std::runtime_error& e) {
        store_error_ = e.what();
      }
    }
    ++done_;
    emit worker_.pointMeasured(point);
  }

  int done() const { return done_; }
  const std::string& store_error() const { return store_error_; }

 private:
  BenchmarkWorker& worker_;
  ResultsStore* store_;
  std::int64_t run_id_;
  int total_, first_ = 0, done_ = 0, last_point_ = -1;
  Clock::time_point start_, last_emit_;
  std::string store_error_;
};

QString plural(int n, const char* word) { return QString("%1 %2%3").arg(n).arg(word).arg(n == 1 ? "" : "s"); }

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

  const int total = request.points();
  std::optional<ResultsStore> store;
  std::int64_t run_id = 0;
  const Platform platform = run_platform(backends_);
  try {
    if (total == 0) throw std::invalid_argument("Nothing to run: choose at least one model, library and batch size.");
    if (!store_path_.empty()) {
      store.emplace(store_path_);
      run_id = store->begin_run(platform, request.combined(), request.label);
    }
  } catch (const std::exception& e) {
    emit finished(RunStatus::Failed, QString::fromStdString(e.what()));
    return;
  }
  emit runStarted(run_id, platform, total);

  SignalObserver observer(*this, store ? &*store : nullptr, run_id, total);
  RunStatus status = RunStatus::Finished;
  QString message;
  try {
    Runner runner(models_, backends_);
    int first = 0;
    for (const auto& plan : request.plans) {
      observer.begin_plan(first);
      runner.run(plan, observer, &stop_);
      if (stop_.load()) break;
      first += int(plan.models.size() * plan.libs.size() * plan.precisions.size() * plan.batches.size());
    }
    if (stop_.load()) status = RunStatus::Cancelled;
  } catch (const std::exception& e) {
    status = RunStatus::Failed;
    message = QString::fromStdString(e.what());
  }
  if (!observer.store_error().empty()) {
    status = RunStatus::Failed;
    message = QString::fromStdString(observer.store_error()) + " The points after it were not stored.";
  }
  if (store) {
    try {
      store->finish_run(run_id, status);
    } catch (const std::exception& e) {
      if (message.isEmpty()) message = QString::fromStdString(e.what());
    }
  }
  if (message.isEmpty()) {
    const QString where = store ? QString(", stored as run %1").arg(run_id) : QString();
    message = status == RunStatus::Cancelled
                  ? QString("Stopped: %1 of %2 finished%3.").arg(observer.done()).arg(plural(total, "point")).arg(where)
                  : QString("Finished: %1%2.").arg(plural(observer.done(), "point")).arg(where);
  }
  emit finished(status, message);
}

}  // namespace cnn::ui
