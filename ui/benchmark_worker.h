#pragma once
// BenchmarkWorker: runs a sweep on its own thread (moved to a QThread by its owner) and reports
// through signals, which reach the UI thread queued. Every finished point is committed to the
// results store after each visit, before it is signalled (core's Sweep does both). Owns no GUI object.
#include <QObject>
#include <QString>

#include <atomic>
#include <filesystem>

#include "ui/metatypes.h"

namespace cnn {
class BackendRegistry;
class ModelCatalog;
}  // namespace cnn

namespace cnn::ui {

class BenchmarkWorker : public QObject {
  Q_OBJECT
 public:
  // `store_path` empty: points are not stored. The catalog and registry outlive the worker.
  BenchmarkWorker(const ModelCatalog& models, const BackendRegistry& backends, std::filesystem::path store_path,
                  QObject* parent = nullptr);

  // Thread-safe; call it directly (not queued) from any thread. The sweep in flight, or the next one
  // when none is, stops within one layer; the points that finished are kept.
  void stop() { stop_.store(true); }
  bool busy() const { return busy_.load(); }  // thread-safe: a sweep is in flight

 public slots:
  // Runs the sweep; emits runStarted, then progress and pointMeasured, and always finished last.
  void run(const cnn::ui::SweepRequest& request);
  // Measures the machine's ceilings with `threads` host threads (0: every core) and keeps them in the
  // store; emits machineProgress per ceiling, then machineMeasured, or finished(Failed) on an error.
  void measure_machine(int threads);

 signals:
  // run_id: the run's id in the store, 0 when not storing.
  void runStarted(qint64 run_id, const cnn::Platform& platform, int points);
  void progress(const cnn::Progress& progress);  // at most ~20 per second
  // A point after each of its visits (stored first), failed ones too; `index` numbers it in the
  // sweep: while point.provisional the same index comes again with more repetitions.
  void pointMeasured(const cnn::Point& point, int index);
  void note(const QString& sentence);            // the machine is busy, waiting for quiet, a store error
  // Finished, Cancelled (stopped) or Failed; `message` is one sentence for the status line.
  void finished(cnn::RunStatus status, const QString& message);
  void machineProgress(const QString& what, int done, int total);
  // `message`: one sentence for the status line (where it was stored, or that it was not).
  void machineMeasured(const cnn::MachineRecord& record, const QString& message);

 private:
  const ModelCatalog& models_;
  const BackendRegistry& backends_;
  std::filesystem::path store_path_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> busy_{false};
};

}  // namespace cnn::ui
