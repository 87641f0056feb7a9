// MainWindow's adaptive plans: "Run adaptive plan" (build the plans from the results shown and run
// them on the worker, keeping the results on screen), and saving the plans as JSON or a prototxt.
#include <QDir>
#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>

#include <algorithm>

#include "core/analysis/adaptive_plans.h"
#include "core/model/catalog.h"
#include "ui/adaptive_plans.h"
#include "ui/benchmark_worker.h"
#include "ui/chart_exporter.h"
#include "ui/charts/adaptive_chart.h"
#include "ui/charts/chart_data.h"
#include "ui/control_panel.h"
#include "ui/main_window.h"
#include "ui/progress_panel.h"
#include "ui/results_export.h"

namespace cnn::ui {
namespace {

QString plans_dir() {
  return QSettings().value("export/dir", QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).toString();
}

QString joined(const std::vector<std::string>& sentences) {
  QStringList out;
  for (const std::string& s : sentences) out << QString::fromStdString(s);
  return out.join(QLatin1Char(' '));
}

}  // namespace

bool MainWindow::start_adaptive_run() {
  if (running_) return false;
  if (!adaptive_) return false;
  adaptive_->refresh(snapshot_);  // its library ticks follow the results shown
  const std::vector<analysis::Series> chosen = adaptive_->chosen_series();
  if (chosen.empty()) {
    const bool any_sweep = std::any_of(snapshot_.points.begin(), snapshot_.points.end(), [](const Point& p) {
      return p.success && p.lib != kAdaptiveLib && !p.layers.empty();
    });
    statusBar()->showMessage(any_sweep ? tr("Tick at least one library in the Ideal adaptive chart to build plans from.")
                                       : tr("No adaptive plan to run: run a sweep with per-layer times or open a stored run first."));
    return false;
  }
  const analysis::AdaptivePlans built = analysis::adaptive_plans(snapshot_.points, chosen, source_run_);
  const QString skipped = built.errors.empty() ? QString() : tr(" Skipped: %1").arg(joined(built.errors));
  if (built.plans.empty()) {
    statusBar()->showMessage(built.errors.empty()
                                 ? tr("No adaptive plan to run: run a sweep with per-layer times or open a stored run first.")
                                 : tr("No adaptive plan to run.") + skipped);
    return false;
  }
  const RunConfig config = results_config_.value_or(panel_->config());
  const SweepRequest request = adaptive_sweep(built.plans, config, adaptive_run_label(source_run_), panel_->schedulers());
  running_ = true;
  adaptive_running_ = true;
  adaptive_note_ = skipped;
  set_busy(true);
  sweep_rows_.clear();
  progress_->begin(request.points());
  statusBar()->showMessage(tr("Running the adaptive plans of %1 models…").arg(built.plans.size()) + adaptive_note_);
  QMetaObject::invokeMethod(worker_, [worker = worker_, request] { worker->run(request); }, Qt::QueuedConnection);
  return true;
}

std::vector<AdaptivePlan> MainWindow::current_plans(QString* problem) {
  std::vector<AdaptivePlan> fresh;
  if (adaptive_) {
    adaptive_->refresh(snapshot_);
    fresh = analysis::adaptive_plans(snapshot_.points, adaptive_->chosen_series(), source_run_).plans;
  }
  std::vector<AdaptivePlan> plans = merge_plans(std::move(fresh), measured_plans(snapshot_.points));
  if (plans.empty() && problem)
    *problem = tr("No adaptive plan yet: run a sweep with per-layer times or open a stored run first.");
  return plans;
}

void MainWindow::save_plans_as_json() {
  QString problem;
  const std::vector<AdaptivePlan> plans = current_plans(&problem);
  if (plans.empty()) {
    statusBar()->showMessage(problem);
    return;
  }
  const QString name = source_run_ > 0 ? QString("plans-run-%1.json").arg(source_run_) : QString("plans.json");
  const QString file = QFileDialog::getSaveFileName(this, tr("Save adaptive plans as JSON"), QDir(plans_dir()).filePath(name),
                                                    tr("JSON documents (*.json)"));
  if (file.isEmpty()) return;
  QSettings().setValue("export/dir", QFileInfo(file).absolutePath());
  try {
    write_plans(file, plans);
    statusBar()->showMessage(tr("Wrote %1 adaptive plans to %2.").arg(plans.size()).arg(QDir::toNativeSeparators(file)));
  } catch (const ExportError& e) {
    QMessageBox::warning(this, tr("Save adaptive plans"), QString::fromStdString(e.what()));
  }
}

void MainWindow::export_plan_as_prototxt() {
  QString problem;
  std::vector<AdaptivePlan> plans = current_plans(&problem);
  // A plan of the fused graph runs fused layer groups, which a prototxt cannot name.
  const bool had_plans = !plans.empty();
  std::erase_if(plans, [](const AdaptivePlan& p) { return p.graph != GraphMode::Caffe; });
  if (plans.empty()) {
    statusBar()->showMessage(had_plans ? tr("Only plans of the Caffe graph can be written as a prototxt; these are of "
                                            "the fused graph, whose layers are fused groups.")
                                       : problem);
    return;
  }
  std::size_t chosen = 0;
  if (plans.size() > 1) {
    QStringList items;
    for (const AdaptivePlan& p : plans)
      items << tr("%1 (%2, batch %3)").arg(model_name(snapshot_, p.model), QString::fromStdString(std::string(to_string(p.precision)))).arg(p.batch);
    bool ok = false;
    const QString item = QInputDialog::getItem(this, tr("Export adaptive plan as prototxt"), tr("Model:"), items, 0, false, &ok);
    if (!ok) return;
    chosen = std::size_t(std::max<qsizetype>(0, items.indexOf(item)));
  }
  const AdaptivePlan& plan = plans[chosen];
  std::string prototxt;
  if (const ModelInfo* info = catalog_.find(plan.model)) {
    prototxt = info->prototxt;
  } else {
    try {
      prototxt = catalog_.resolve(plan.model).prototxt;
    } catch (const std::exception& e) {
      QMessageBox::warning(this, tr("Export adaptive plan"), QString::fromStdString(e.what()));
      return;
    }
  }
  if (prototxt.empty()) {
    QMessageBox::information(this, tr("Export adaptive plan"),
                             tr("%1 is not a prototxt model, so its plan is saved only as JSON.").arg(QString::fromStdString(plan.model)));
    return;
  }
  const QString model = QString::fromStdString(plan.model);  // a catalog id ("squeezenet-1.1") or a file path
  const QString stem =
      model.endsWith(QLatin1String(".prototxt")) || model.contains(QLatin1Char('/')) ? QFileInfo(model).completeBaseName() : model;
  const QString file = QFileDialog::getSaveFileName(this, tr("Export adaptive plan as prototxt"),
                                                    QDir(plans_dir()).filePath(stem + "-adaptive.prototxt"),
                                                    tr("Caffe prototxt (*.prototxt)"));
  if (file.isEmpty()) return;
  QSettings().setValue("export/dir", QFileInfo(file).absolutePath());
  try {
    write_plan_prototxt(file, plan, prototxt, plan.model);
    statusBar()->showMessage(tr("Wrote the adaptive plan of %1 to %2.")
                                 .arg(model_name(snapshot_, plan.model), QDir::toNativeSeparators(file)));
  } catch (const ExportError& e) {
    QMessageBox::warning(this, tr("Export adaptive plan"), QString::fromStdString(e.what()));
  }
}

}  // namespace cnn::ui
