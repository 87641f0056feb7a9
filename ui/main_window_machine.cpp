// MainWindow and the machine's ceilings: Sweep > Measure this machine runs on the worker thread with
// its progress on the status line; the roofline and efficiency charts draw the newest record of the
// results' CPU; a click on a roofline point selects that layer in the results table.
#include <QStatusBar>
#include <QTabWidget>

#include "core/analysis/roofline.h"
#include "ui/benchmark_worker.h"
#include "ui/chart_refresher.h"
#include "ui/charts/roofline_chart.h"
#include "ui/charts/schedule_timeline_chart.h"
#include "ui/control_panel.h"
#include "ui/main_window.h"
#include "ui/progress_panel.h"
#include "ui/run_list_dialog.h"
#include "ui/results_tab.h"

namespace cnn::ui {

QString MainWindow::ceilings_text(const std::optional<MachineRecord>& machine) {
  if (!machine) return tr("No ceilings measured on its CPU yet (Sweep > Measure this machine).");
  const auto roof = analysis::roof_for(*machine, MemorySpace::Host, Precision::FP32);
  if (!roof) return tr("Its CPU's ceilings were measured %1.").arg(local_time_text(machine->measured_at));
  return tr("Ceilings of its CPU (%1): %2 ± %3 GFLOP/s, %4 ± %5 GB/s (median ± std).")
      .arg(local_time_text(machine->measured_at))
      .arg(roof->peak_gflops, 0, 'f', 0)
      .arg(roof->peak.std, 0, 'f', 0)
      .arg(roof->bandwidth_gbs, 0, 'f', 1)
      .arg(roof->bandwidth.std, 0, 'f', 1);
}

void MainWindow::connect_machine() {
  connect(worker_, &BenchmarkWorker::machineProgress, this, [this](const QString& what, int done, int total) {
    statusBar()->showMessage(tr("Measuring this machine: [%1/%2] %3…").arg(done + 1).arg(total).arg(what));
  });
  connect(worker_, &BenchmarkWorker::machineMeasured, this, [this](const MachineRecord& record, const QString& message) {
    running_ = false;
    set_busy(false);
    snapshot_.machine = record;
    results_tab_->set_machine(snapshot_.machine);
    statusBar()->showMessage(message);
    refresher_->schedule();
  });
  for (ResultsChart* chart : charts_) {
    if (auto* roofline = qobject_cast<RooflineChart*>(chart))
      connect(roofline, &RooflineChart::layerClicked, this,
              [this](const QString& model, const QString& series, int batch, int index) {
                if (results_tab_->select_layer(model.toStdString(), series.toStdString(), batch, index))
                  tabs_->setCurrentWidget(results_tab_);
              });
    if (auto* timeline = qobject_cast<ScheduleTimelineChart*>(chart))  // a point without a schedule: no change
      connect(results_tab_, &ResultsTab::pointChosen, timeline, &ScheduleTimelineChart::show_point);
  }
}

void MainWindow::measure_machine() {
  if (running_) return;
  running_ = true;
  set_busy(true);
  const int threads = panel_->config().threads;
  statusBar()->showMessage(tr("Measuring this machine…"));
  QMetaObject::invokeMethod(worker_, [worker = worker_, threads] { worker->measure_machine(threads); },
                            Qt::QueuedConnection);
}

void MainWindow::load_machine(const std::string& cpu) {
  snapshot_.machine.reset();
  results_tab_->set_machine(snapshot_.machine);
  if (store_path_.empty()) return;
  try {
    std::error_code ec;
    if (std::filesystem::exists(store_path_, ec)) snapshot_.machine = ResultsStore(store_path_).latest_machine(cpu);
  } catch (const std::exception& e) {
    statusBar()->showMessage(QString::fromStdString(e.what()));
  }
  results_tab_->set_machine(snapshot_.machine);
}

}  // namespace cnn::ui
