#include "ui/headless_sweep.h"

#include <QWidget>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <ostream>

#include "core/backend_registry.h"
#include "core/model/catalog.h"
#include "ui/benchmark_worker.h"
#include "ui/chart_exporter.h"
#include "ui/charts/all_charts.h"
#include "ui/charts/results_chart.h"
#include "ui/progress_panel.h"
#include "ui/snapshot_sources.h"

namespace cnn::ui {
namespace {

std::atomic<BenchmarkWorker*> g_worker{nullptr};
extern "C" void stop_on_sigint(int) {
  if (BenchmarkWorker* w = g_worker.load()) w->stop();
}

}  // namespace

SweepRequest default_sweep(const ModelCatalog& catalog, const BackendRegistry& backends) {
  std::vector<std::string> models;
  for (const ModelInfo& m : catalog.all()) models.push_back(m.id);
  std::vector<LibraryChoice> libs;
  for (Backend* b : backends.default_selection()) {
    const BackendInfo info = b->info();
    if (info.available && !info.precisions.empty()) libs.push_back({info.id, {info.precisions.front()}});
  }
  return make_sweep(models, libs, parse_batches(kDefaultBatches), RunConfig{}, "default sweep (headless)");
}

int run_default_sweep_headless(const ModelCatalog& catalog, const BackendRegistry& backends,
                               const std::filesystem::path& db, const QString& dir, std::ostream& out,
                               std::ostream& err) {
  register_metatypes();
  const SweepRequest request = default_sweep(catalog, backends);
  BenchmarkWorker worker(catalog, backends, db);  // run() below is a plain call: signals arrive directly
  std::vector<Point> points;
  RunStatus status = RunStatus::Failed;
  QString message;
  qint64 run_id = 0;
  QObject::connect(&worker, &BenchmarkWorker::runStarted, [&](qint64 id, const Platform&, int n) {
    run_id = id;
    err << "cnn-explorer: " << n << " points" << (id > 0 ? ", stored as run " + std::to_string(id) + " in " + db.string() : "")
        << " (Ctrl-C stops after the current layer)\n";
  });
  QObject::connect(&worker, &BenchmarkWorker::progress, [&](const Progress& p) {
    err << "\r[" << p.point + 1 << "/" << p.points << "] " << p.model << " " << p.lib << "/" << p.precision << " batch "
        << p.batch << " " << p.phase << ", ETA " << eta_text(p.eta_s).toStdString() << "          " << std::flush;
  });
  QObject::connect(&worker, &BenchmarkWorker::pointMeasured, [&](const Point& p) { points.push_back(p); });
  QObject::connect(&worker, &BenchmarkWorker::finished, [&](RunStatus s, const QString& m) {
    status = s;
    message = m;
  });

  g_worker.store(&worker);
  auto* old = std::signal(SIGINT, stop_on_sigint);
  worker.run(request);
  std::signal(SIGINT, old);
  g_worker.store(nullptr);
  err << "\ncnn-explorer: " << message.toStdString() << "\n";
  if (status == RunStatus::Failed && points.empty()) return 1;

  const ResultsSnapshot snapshot = make_snapshot(catalog, std::move(points), false);
  QWidget host;  // never shown: the charts' parent
  const std::vector<ResultsChart*> charts = create_all_charts(&host);
  for (ResultsChart* chart : charts) chart->refresh(snapshot);
  try {
    const QStringList files = export_charts(charts, dir, kSlideSize);
    out << "cnn-explorer: wrote " << files.size() << " charts of " << (run_id > 0 ? "run " + std::to_string(run_id) : "the sweep")
        << " to " << dir.toStdString() << "/\n";
  } catch (const ExportError& e) {
    err << "cnn-explorer: " << e.what() << "\n";
    return 1;
  }
  return status == RunStatus::Failed ? 1 : 0;
}

}  // namespace cnn::ui
