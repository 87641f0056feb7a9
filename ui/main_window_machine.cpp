// MainWindow and the machine's ceilings: Sweep > Measure this machine runs on the worker thread with
// its progress on the status line; the roofline and efficiency charts draw the newest record of the
// results' CPU; a click on a roofline point selects that layer in the results table.
#include <QStatusBar>
#include <QTabWidget>

#include "ui/benchmark_worker.h"
#include "ui/chart_refresher.h"
#include "ui/charts/roofline_chart.h"
#include "ui/control_panel.h"
#include "ui/main_window.h"
#include "ui/progress_panel.h"
#include "ui/results_tab.h"

namespace cnn::ui {

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
  for (ResultsChart* chart : charts_)
    if (auto* roofline = qobject_cast<RooflineChart*>(chart))
      connect(roofline, &RooflineChart::layerClicked, this,
              [this](const QString& model, const QString& series, int batch, int index) {
                if (results_tab_->select_layer(model.toStdString(), series.toStdString(), batch, index))
                  tabs_->setCurrentWidget(results_tab_);
              });
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
