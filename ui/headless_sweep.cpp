#include "ui/headless_sweep.h"

#include <QDir>
#include <QFileInfo>
#include <QWidget>

#include <atomic>
#include <csignal>
#include <optional>
#include <ostream>

#include "core/backend_registry.h"
#include "core/bench/progress_line.h"
#include "core/bench/sweep.h"
#include "core/model/catalog.h"
#include "ui/chart_exporter.h"
#include "ui/charts/all_charts.h"
#include "ui/charts/results_chart.h"
#include "ui/snapshot_sources.h"

namespace cnn::ui {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void stop_on_sigint(int) { g_stop.store(true); }

// Progress lines, and the latest record of every point for the charts.
class HeadlessObserver : public ProgressLine {
 public:
  HeadlessObserver(std::ostream& err, bool terminal, int points)
      : ProgressLine(err, terminal, "cnn-explorer", terminal ? stderr_columns() : 0), latest_(std::size_t(points)) {}
  void on_point(const Point& point, int index) override {
    latest_[std::size_t(index)] = point;
    ProgressLine::on_point(point, index);
  }
  std::vector<Point> points() const {
    std::vector<Point> out;
    for (const auto& p : latest_)
      if (p) out.push_back(*p);
    return out;
  }

 private:
  std::vector<std::optional<Point>> latest_;
};

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
  const SweepRequest request = default_sweep(catalog, backends);
  std::optional<ResultsStore> store;
  SweepOptions options;
  options.label = request.label;
  SweepResult result;
  std::vector<Point> points;
  try {
    if (!db.empty()) options.store = &store.emplace(db);
    Sweep sweep(catalog, backends, request.selection, options);
    HeadlessObserver observer(err, stderr_is_terminal(), sweep.points());
    err << "cnn-explorer: " << sweep.points() << " points in " << request.selection.config.reps.rounds
        << " rounds (Ctrl-C stops after the current layer and keeps what was measured)\n";
    g_stop.store(false);
    auto* old = std::signal(SIGINT, stop_on_sigint);
    result = sweep.run(observer, &g_stop);
    std::signal(SIGINT, old);
    observer.finish();
    points = observer.points();
  } catch (const std::exception& e) {
    err << "cnn-explorer: " << e.what() << "\n";
    return 1;
  }
  err << "cnn-explorer: " << result.message << "\n";
  if (result.status == RunStatus::Failed && points.empty()) return 1;

  const ResultsSnapshot snapshot = make_snapshot(catalog, std::move(points), false);
  QWidget host;  // never shown: the charts' parent
  const std::vector<ResultsChart*> charts = create_all_charts(&host);
  for (ResultsChart* chart : charts) chart->refresh(snapshot);
  try {
    const QStringList files = export_charts(charts, dir, kSlideSize);
    const QString where = QDir::toNativeSeparators(QFileInfo(dir).absoluteFilePath());
    out << "cnn-explorer: wrote " << files.size() << " charts of "
        << (result.run_id > 0 ? "run " + std::to_string(result.run_id) : "the sweep") << " to " << where.toStdString()
        << "/\n";
  } catch (const ExportError& e) {
    err << "cnn-explorer: " << e.what() << "\n";
    return 1;
  }
  return result.status == RunStatus::Failed ? 1 : 0;
}

}  // namespace cnn::ui
