// MainWindow's menus: opening a stored run (and the newest one at start), PNG export of charts,
// JSON/CSV export of the results, the adaptive plans (saved as JSON or a prototxt with engines; run
// from the Sweep menu).
#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>

#include <algorithm>
#include <filesystem>

#include "ui/chart_exporter.h"
#include "ui/chart_refresher.h"
#include "ui/charts/results_chart.h"
#include "ui/control_panel.h"
#include "ui/main_window.h"
#include "ui/results_tab.h"
#include "ui/model_opener.h"
#include "ui/results_export.h"
#include "ui/run_list_dialog.h"

namespace cnn::ui {
namespace {

QString last_export_dir() {
  return QSettings().value("export/dir", QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)).toString();
}

void remember_export_dir(const QString& path) { QSettings().setValue("export/dir", QFileInfo(path).absolutePath()); }

QString size_text(QSize s) { return QString("%1x%2").arg(s.width()).arg(s.height()); }

}  // namespace

void MainWindow::build_menus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* open = file->addAction(tr("&Open stored run…"), this, &MainWindow::choose_run_to_open);
  open->setShortcut(QKeySequence::Open);
  idle_only_ << open;
  file->addAction(tr("Open &model…"), this, &MainWindow::choose_model_to_open);
  file->addSeparator();

  QMenu* one = file->addMenu(tr("Export chart as &PNG"));
  one->addAction(tr("At window size"), this, [this] { export_current_chart({}); });
  one->addAction(tr("Slide (%1)").arg(size_text(kSlideSize)), this, [this] { export_current_chart(kSlideSize); });
  one->addAction(tr("Strip (%1)").arg(size_text(kStripSize)), this, [this] { export_current_chart(kStripSize); });
  QMenu* all = file->addMenu(tr("Export &all charts"));
  all->addAction(tr("At window size…"), this, [this] { export_all_charts_to_folder({}); });
  all->addAction(tr("Slides (%1)…").arg(size_text(kSlideSize)), this, [this] { export_all_charts_to_folder(kSlideSize); });
  all->addAction(tr("Strips (%1)…").arg(size_text(kStripSize)), this, [this] { export_all_charts_to_folder(kStripSize); });
  file->addAction(tr("Export results as &JSON…"), this, [this] { export_results(true); });
  file->addAction(tr("Export results as &CSV…"), this, [this] { export_results(false); });
  file->addAction(tr("Save adaptive &plans as JSON…"), this, &MainWindow::save_plans_as_json);
  file->addAction(tr("Export adaptive plan as pro&totxt…"), this, &MainWindow::export_plan_as_prototxt);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* sweep = menuBar()->addMenu(tr("&Sweep"));
  QAction* run = sweep->addAction(tr("&Run"), this, &MainWindow::start_run);
  run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
  idle_only_ << run;
  QAction* adaptive = sweep->addAction(tr("Run &adaptive plan"), this, &MainWindow::start_adaptive_run);
  adaptive->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
  adaptive->setToolTip(tr("Measure each model's adaptive plan from the libraries ticked in the Ideal adaptive chart"));
  idle_only_ << adaptive;
  QAction* machine = sweep->addAction(tr("&Measure this machine"), this, &MainWindow::measure_machine);
  machine->setToolTip(tr("Measure the ceilings the roofline draws: each library's GEMM peak and the memory bandwidth"));
  idle_only_ << machine;
  QAction* stop = sweep->addAction(tr("&Stop after the current layer"), this, &MainWindow::stop_run);
  stop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
}

void MainWindow::choose_model_to_open() {
  if (!model_opener_) {
    model_opener_ = new ModelOpener(catalog_, this);
    connect(model_opener_, &ModelOpener::opened, this, [this](const QString& id, const QString& tooltip) {
      panel_->add_model_file(id, tooltip);
      statusBar()->showMessage(tr("Opened %1; it is ticked for the next sweep.").arg(id));
    });
    connect(model_opener_, &ModelOpener::failed, this, [this](const QString&, const QString& sentence) {
      QMessageBox::warning(this, tr("Open model"), sentence);
    });
  }
  if (model_opener_->busy()) {
    statusBar()->showMessage(tr("Still reading the model opened before."));
    return;
  }
  QSettings settings;
  const QString path = QFileDialog::getOpenFileName(this, tr("Open model"), settings.value("models/dir").toString(),
                                                    tr("Models (*.prototxt *.onnx);;All files (*)"));
  if (path.isEmpty()) return;
  settings.setValue("models/dir", QFileInfo(path).absolutePath());
  model_opener_->open(path);
  statusBar()->showMessage(tr("Reading %1…").arg(path));
}

void MainWindow::choose_run_to_open() {
  if (running_) return;
  if (store_path_.empty()) {
    QMessageBox::information(this, tr("Open stored run"), tr("This session keeps no results store."));
    return;
  }
  std::vector<RunSummary> runs;
  try {
    runs = ResultsStore(store_path_).list_runs();
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Open stored run"), QString::fromStdString(e.what()));
    return;
  }
  RunListDialog dialog(runs, QString::fromStdString(store_path_.string()), this);
  if (dialog.exec() == QDialog::Accepted && dialog.selected_run() > 0) open_run(dialog.selected_run());
}

bool MainWindow::open_run(std::int64_t run_id) {
  if (running_) return false;
  StoredRun run;
  try {
    run = ResultsStore(store_path_).load_run(run_id);
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Open stored run"), QString::fromStdString(e.what()));
    return false;
  }
  show_run(std::move(run));
  return true;
}

bool MainWindow::open_newest_run() {
  if (running_ || store_path_.empty()) return false;
  try {
    std::error_code ec;
    if (std::filesystem::exists(store_path_, ec)) {  // opening would create it: leave that to the first run
      const ResultsStore store(store_path_);
      const std::vector<RunSummary> runs = store.list_runs();  // newest first
      const auto newest = std::find_if(runs.begin(), runs.end(), [](const RunSummary& r) { return r.points > 0; });
      if (newest != runs.end()) {
        show_run(store.load_run(newest->id));
        return true;
      }
    }
  } catch (const std::exception& e) {
    statusBar()->showMessage(QString::fromStdString(e.what()));
    return false;
  }
  const QString how = tr("No stored runs yet: choose models, libraries and batch sizes, then Run (or Sweep > Run).");
  snapshot_.hint = how.toStdString();
  refresher_->schedule();
  statusBar()->showMessage(how);
  return false;
}

void MainWindow::show_run(StoredRun run) {
  const std::int64_t run_id = run.summary.id;
  run_id_ = run_id;
  source_run_ = run_id;
  results_config_ = run.selection.config;
  platform_ = run.platform;
  snapshot_.hint.clear();
  snapshot_.machine = run.machine;
  results_tab_->set_machine(snapshot_.machine);
  show_points(std::move(run.points));
  const QString label = run.summary.label.empty() ? QString() : QString(" (%1)").arg(QString::fromStdString(run.summary.label));
  setWindowTitle(tr("CNN Explorer — run %1%2").arg(run_id).arg(label));
  statusBar()->showMessage(tr("Showing run %1 of %2: %3 points. %4")
                               .arg(run_id)
                               .arg(local_time_text(run.summary.started_at))
                               .arg(snapshot_.points.size())
                               .arg(ceilings_text(snapshot_.machine)));
}

void MainWindow::export_current_chart(QSize size) {
  ResultsChart* chart = current_chart();
  if (!chart) {
    statusBar()->showMessage(tr("Choose a chart tab to export."));
    return;
  }
  if (!size.isValid()) size = window_chart_size();
  const QString suggested = QDir(last_export_dir()).filePath(chart->file_stem() + ".png");
  const QString file = QFileDialog::getSaveFileName(this, tr("Export chart as PNG"), suggested, tr("PNG images (*.png)"));
  if (file.isEmpty()) return;
  remember_export_dir(file);
  try {
    refresher_->refresh_all();
    write_chart_png(*chart, file, size);
    statusBar()->showMessage(tr("Wrote %1 (%2).").arg(QDir::toNativeSeparators(file), size_text(size)));
  } catch (const ExportError& e) {
    QMessageBox::warning(this, tr("Export chart"), QString::fromStdString(e.what()));
  }
}

void MainWindow::export_all_charts_to_folder(QSize size) {
  if (!size.isValid()) size = window_chart_size();
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Export all charts to a folder"), last_export_dir());
  if (dir.isEmpty()) return;
  QSettings().setValue("export/dir", dir);
  try {
    const QStringList files = export_all_charts(dir, size);
    statusBar()->showMessage(tr("Wrote %1 charts (%2) to %3.").arg(files.size()).arg(size_text(size), QDir::toNativeSeparators(dir)));
  } catch (const ExportError& e) {
    QMessageBox::warning(this, tr("Export all charts"), QString::fromStdString(e.what()));
  }
}

void MainWindow::export_results(bool json) {
  if (snapshot_.points.empty()) {
    statusBar()->showMessage(tr("Nothing to export yet: run a sweep or open a stored run."));
    return;
  }
  const QString name = run_id_ > 0 ? QString("run-%1").arg(run_id_) : QString("results");
  const QString file = QFileDialog::getSaveFileName(
      this, json ? tr("Export results as JSON") : tr("Export results as CSV"),
      QDir(last_export_dir()).filePath(name + (json ? ".json" : ".csv")),
      json ? tr("JSON documents (*.json)") : tr("CSV tables (*.csv)"));
  if (file.isEmpty()) return;
  remember_export_dir(file);
  try {
    const QStringList written = write_results(file, json ? ResultsFormat::Json : ResultsFormat::Csv,
                                              platform_.value_or(detect_platform()), snapshot_.points);
    statusBar()->showMessage(tr("Wrote %1 points to %2.").arg(snapshot_.points.size()).arg(written.join(tr(" and "))));
  } catch (const ExportError& e) {
    QMessageBox::warning(this, tr("Export results"), QString::fromStdString(e.what()));
  }
}

}  // namespace cnn::ui
