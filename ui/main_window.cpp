#include "ui/main_window.h"

#include <QCloseEvent>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

#include "core/model/catalog.h"
#include "ui/benchmark_worker.h"
#include "ui/chart_exporter.h"
#include "ui/chart_refresher.h"
#include "ui/charts/adaptive_chart.h"
#include "ui/charts/all_charts.h"
#include "ui/charts/results_chart.h"
#include "ui/control_panel.h"
#include "ui/progress_panel.h"
#include "ui/results_tab.h"
#include "ui/results_table_model.h"
#include "ui/snapshot_sources.h"

namespace cnn::ui {

MainWindow::MainWindow(const ModelCatalog& models, const BackendRegistry& backends, std::filesystem::path store_path,
                       QWidget* parent)
    : QMainWindow(parent), catalog_(models), backends_(backends), store_path_(std::move(store_path)) {
  register_metatypes();
  setWindowTitle(tr("CNN Explorer"));
  snapshot_ = make_snapshot(catalog_, {}, false);

  panel_ = new ControlPanel(catalog_, backends_, this);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(panel_);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setMinimumWidth(panel_->sizeHint().width() + 24);

  tabs_ = new QTabWidget(this);
  charts_ = create_all_charts(tabs_);
  std::map<QString, QSplitter*> pages;  // tab title -> the page of the charts that share it
  for (ResultsChart* chart : charts_) {
    const QString tab = chart->tab_title();
    if (std::count_if(charts_.begin(), charts_.end(), [&](ResultsChart* c) { return c->tab_title() == tab; }) == 1) {
      tabs_->addTab(chart, chart->title());
    } else {  // stacked on one page, the first on top
      QSplitter*& page = pages[tab];
      if (!page) tabs_->addTab(page = new QSplitter(Qt::Vertical, tabs_), tab);
      page->addWidget(chart);
    }
    if (auto* adaptive = qobject_cast<AdaptiveChart*>(chart)) adaptive_ = adaptive;
  }
  table_model_ = new ResultsTableModel(this);
  table_model_->set_published_top1(analysis::published_top1(snapshot_.models));
  results_tab_ = new ResultsTab(table_model_, tabs_);
  tabs_->addTab(results_tab_, tr("Results table"));
  progress_ = new ProgressPanel(this);

  auto* right = new QWidget(this);
  auto* right_layout = new QVBoxLayout(right);
  right_layout->setContentsMargins(0, 0, 0, 0);
  right_layout->addWidget(tabs_, 1);
  right_layout->addWidget(progress_);

  splitter_ = new QSplitter(Qt::Horizontal, this);
  splitter_->addWidget(scroll);
  splitter_->addWidget(right);
  splitter_->setStretchFactor(0, 0);
  splitter_->setStretchFactor(1, 1);
  splitter_->setChildrenCollapsible(false);
  setCentralWidget(splitter_);

  refresher_ = new ChartRefresher(tabs_, charts_, snapshot_, 250, this);

  worker_ = new BenchmarkWorker(catalog_, backends_, store_path_);
  worker_->moveToThread(&worker_thread_);
  worker_thread_.setObjectName("benchmark worker");
  connect(worker_, &BenchmarkWorker::runStarted, this, &MainWindow::on_run_started);
  connect(worker_, &BenchmarkWorker::progress, progress_, &ProgressPanel::show_progress);
  connect(worker_, &BenchmarkWorker::pointMeasured, this, &MainWindow::on_point);
  connect(worker_, &BenchmarkWorker::note, this, [this](const QString& sentence) {
    statusBar()->showMessage(sentence);
    progress_->set_note(sentence);
  });
  connect(worker_, &BenchmarkWorker::finished, this, &MainWindow::on_finished);
  connect_machine();
  worker_thread_.start();

  connect(panel_, &ControlPanel::runRequested, this, &MainWindow::start_run);
  connect(panel_, &ControlPanel::stopRequested, this, &MainWindow::stop_run);
  if (adaptive_) connect(adaptive_, &AdaptiveChart::runPlanRequested, this, &MainWindow::start_adaptive_run);
  connect(panel_, &ControlPanel::showPublishedChanged, this, [this](bool on) {
    snapshot_.show_published = on;
    refresher_->schedule();
  });

  build_menus();
  resize(1400, 860);
  splitter_->setSizes({360, 1040});
  restore_settings();
  snapshot_.show_published = panel_->show_published();
  const QString where = store_path_.empty() ? tr("not stored") : tr("stored in %1").arg(QString::fromStdString(store_path_.string()));
  statusBar()->showMessage(tr("Ready: choose models, libraries and batch sizes, then Run (results %1).").arg(where));
  refresher_->schedule();
}

MainWindow::~MainWindow() {
  shutdown_worker();
  delete worker_;
}

void MainWindow::shutdown_worker() {
  if (!worker_thread_.isRunning()) return;
  worker_->stop();  // the sweep in flight, if any, ends within one layer; its finished points are stored
  worker_thread_.quit();
  worker_thread_.wait();
}

bool MainWindow::start_run() {
  if (running_) return false;
  QString problem;
  const std::optional<SweepRequest> request = panel_->request(&problem);
  if (!request) {
    statusBar()->showMessage(problem);
    return false;
  }
  running_ = true;
  adaptive_running_ = false;
  set_busy(true);
  snapshot_.hint.clear();
  show_points({});
  run_id_ = 0;
  source_run_ = 0;
  platform_.reset();
  load_machine(detect_platform().cpu);
  results_config_ = request->selection.config;
  sweep_rows_.clear();
  progress_->begin(request->points());
  statusBar()->showMessage(tr("Running %1 points…").arg(request->points()));
  QMetaObject::invokeMethod(worker_, [worker = worker_, r = *request] { worker->run(r); }, Qt::QueuedConnection);
  return true;
}

void MainWindow::stop_run() {
  if (!running_) return;
  worker_->stop();
  panel_->stop_button()->setEnabled(false);
  statusBar()->showMessage(tr("Stopping after the current layer…"));
}

void MainWindow::set_busy(bool busy) {
  panel_->set_running(busy);
  for (QAction* a : idle_only_) a->setEnabled(!busy);
  if (adaptive_) adaptive_->set_run_enabled(!busy);
}

QString MainWindow::run_title() const {
  if (source_run_ > 0 && run_id_ > 0 && run_id_ != source_run_)  // a sweep's points and an adaptive run's
    return tr("CNN Explorer — run %1 with adaptive run %2").arg(source_run_).arg(run_id_);
  return run_id_ > 0 ? tr("CNN Explorer — run %1").arg(run_id_) : tr("CNN Explorer");
}

void MainWindow::on_run_started(qint64 run_id, const Platform& platform, int points) {
  run_id_ = run_id;
  if (!adaptive_running_) {
    source_run_ = run_id;
    platform_ = platform;
  } else if (!platform_) {
    platform_ = platform;
  }
  setWindowTitle(run_title() + tr(" (measuring)"));
  const QString what = adaptive_running_ ? tr("adaptive plans") : tr("points");
  statusBar()->showMessage(
      (run_id > 0 ? tr("Running %1 %2, stored as run %3…").arg(points).arg(what).arg(run_id)
                  : tr("Running %1 %2…").arg(points).arg(what)) + adaptive_note_);
}

void MainWindow::on_point(const Point& point, int index) {
  // The sweep sends a point after each of its visits: the first adds a row, later ones replace it.
  const auto [it, first] = sweep_rows_.try_emplace(index, int(snapshot_.points.size()));
  if (first) {
    snapshot_.points.push_back(point);
    table_model_->append(point);
  } else {
    snapshot_.points[std::size_t(it->second)] = point;
    table_model_->replace(it->second, point);
  }
  refresher_->schedule();
}

void MainWindow::on_finished(RunStatus status, const QString& message) {
  running_ = false;
  set_busy(false);
  progress_->end(message);
  statusBar()->showMessage(message + adaptive_note_);
  setWindowTitle(run_title());
  adaptive_running_ = false;
  adaptive_note_.clear();
  refresher_->schedule();
  emit runFinished(status, message);
}

void MainWindow::show_points(std::vector<Point> points) {
  snapshot_.points = std::move(points);
  table_model_->reset(snapshot_.points);
  refresher_->schedule();
}

ResultsChart* MainWindow::current_chart() const {
  const QWidget* page = tabs_->currentWidget();  // the first chart on it
  for (ResultsChart* chart : charts_)
    if (page && (chart == page || page->isAncestorOf(chart))) return chart;
  return nullptr;
}

QSize MainWindow::window_chart_size() const {
  const QSize s = tabs_->currentWidget() ? tabs_->currentWidget()->size() : tabs_->size();
  return s.isValid() && s.width() >= 16 && s.height() >= 16 ? s : QSize(960, 540);
}

QStringList MainWindow::export_all_charts(const QString& dir, QSize size) {
  refresher_->refresh_all();
  return export_charts(charts_, dir, size);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  save_settings();
  if (running_) {
    statusBar()->showMessage(tr("Stopping the sweep; the finished points are kept…"));
    shutdown_worker();
  }
  event->accept();
}

void MainWindow::save_settings() const {
  QSettings s;
  s.setValue("window/geometry", saveGeometry());
  s.setValue("window/splitter", splitter_->saveState());
  s.setValue("window/results_splitter", results_tab_->splitter()->saveState());
  s.setValue("view/tab", tabs_->currentIndex());
  panel_->save(s);
}

void MainWindow::restore_settings() {
  QSettings s;
  if (s.contains("window/geometry")) restoreGeometry(s.value("window/geometry").toByteArray());
  if (s.contains("window/splitter")) splitter_->restoreState(s.value("window/splitter").toByteArray());
  if (s.contains("window/results_splitter"))
    results_tab_->splitter()->restoreState(s.value("window/results_splitter").toByteArray());
  const int tab = s.value("view/tab", 0).toInt();
  if (tab >= 0 && tab < tabs_->count()) tabs_->setCurrentIndex(tab);
  panel_->restore(s);
}

}  // namespace cnn::ui
