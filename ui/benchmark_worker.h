#pragma once
// BenchmarkWorker: runs a sweep on its own thread (moved to a QThread by its owner) and reports
// through signals, which reach the UI thread queued. Every finished point is committed to the
// results store the moment it is measured, before it is signalled. Owns no GUI object.
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

 signals:
  // run_id: the run's id in the store, 0 when not storing.
  void runStarted(qint64 run_id, const cnn::Platform& platform, int points);
  void progress(const cnn::Progress& progress);  // point/points count over the whole sweep; at most ~20 per second
  void pointMeasured(const cnn::Point& point);   // each finished point, failed ones too
  // Finished, Cancelled (stopped) or Failed; `message` is one sentence for the status line.
  void finished(cnn::RunStatus status, const QString& message);

 private:
  const ModelCatalog& models_;
  const BackendRegistry& backends_;
  std::filesystem::path store_path_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> busy_{false};
};

}  // namespace cnn::ui
