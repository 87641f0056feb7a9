#pragma once
// MainWindow: the explorer. Left the ControlPanel, right a tab per chart plus the results tables,
// under them the progress of the sweep, at the bottom a status line. The sweep runs on a
// BenchmarkWorker in a QThread the window owns; points arrive as queued signals, go into the
// snapshot and the table at once, and redraw the charts through a coalescing timer.
// "Run adaptive plan" (main_window_adaptive.cpp) runs the plans built from the results shown on the
// same worker and adds their points to those results; File saves the plans as JSON or prototxt.
#include <QMainWindow>
#include <QThread>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <vector>

#include "core/bench/adaptive_plan.h"
#include "core/store/results_store.h"
#include "ui/results_snapshot.h"

class QMenu;
class QSplitter;
class QTabWidget;

namespace cnn {
class BackendRegistry;
class ModelCatalog;
}  // namespace cnn

namespace cnn::ui {

class AdaptiveChart;
class BenchmarkWorker;
class ChartRefresher;
class ControlPanel;
class ModelOpener;
class ProgressPanel;
class ResultsChart;
class ResultsTab;
class ResultsTableModel;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  // `store_path` empty: runs are not stored. The catalog and registry outlive the window.
  MainWindow(const ModelCatalog& models, const BackendRegistry& backends, std::filesystem::path store_path,
             QWidget* parent = nullptr);
  ~MainWindow() override;  // stops a sweep in flight and waits for the worker thread

  // Starts the sweep the control panel describes; false (with the reason on the status line) when
  // it is empty or a sweep already runs.
  bool start_run();
  void stop_run();      // returns at once; the worker stops within one layer
  // Builds, for every model of the results shown, the plan of the libraries ticked in the adaptive
  // chart and runs the plans (each at its own batch, with the results' settings) on the worker; the
  // points join the results shown and are stored as a new run. False (reason on the status line)
  // when a sweep runs or no model gives a plan; models analysis cannot solve are skipped, named there.
  bool start_adaptive_run();
  // The plans of the results shown: built as start_adaptive_run() would, completed with the plans
  // the shown adaptive points ran. Empty with `problem` set to one sentence when there are none.
  std::vector<AdaptivePlan> current_plans(QString* problem = nullptr);
  bool running() const { return running_; }

  // Shows a stored run instead of the current results; false with a message box when it cannot.
  bool open_run(std::int64_t run_id);
  // At start: shows the newest stored run that has points, quietly (a failure is one sentence on the
  // status line, no message box). Without one, the status line and the empty charts say how to start.
  // False when no run was opened.
  bool open_newest_run();
  // Every chart, redrawn first, as <dir>/<file_stem>.png; throws ExportError.
  QStringList export_all_charts(const QString& dir, QSize size);

  void save_settings() const;  // "window/geometry", "window/splitter", "selection/...", "view/..."
  void restore_settings();

  ControlPanel* control_panel() const { return panel_; }
  ResultsTab* results_tab() const { return results_tab_; }
  ResultsTableModel* table_model() const { return table_model_; }
  ProgressPanel* progress_panel() const { return progress_; }
  ChartRefresher* refresher() const { return refresher_; }
  QTabWidget* tabs() const { return tabs_; }
  const std::vector<ResultsChart*>& charts() const { return charts_; }
  const ResultsSnapshot& snapshot() const { return snapshot_; }
  std::int64_t shown_run() const { return run_id_; }  // the stored run on screen; 0 when none
  // The stored run the sweep points on screen come from (plans name it as their source); 0 when none.
  std::int64_t source_run() const { return source_run_; }
  AdaptiveChart* adaptive_chart() const { return adaptive_; }

 signals:
  void runFinished(cnn::RunStatus status, const QString& message);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void build_menus();
  void on_run_started(qint64 run_id, const cnn::Platform& platform, int points);
  void on_point(const cnn::Point& point, int index);
  void on_finished(cnn::RunStatus status, const QString& message);
  void show_points(std::vector<Point> points);  // replaces what the charts and table show
  void show_run(StoredRun run);                 // a stored run in place of the results shown
  void shutdown_worker();
  void set_busy(bool busy);  // Run, the adaptive run and the idle-only actions off while a sweep runs
  QString run_title() const;  // "CNN Explorer — run 3", "... — run 3 with adaptive run 4"
  ResultsChart* current_chart() const;
  QSize window_chart_size() const;

  // Menu actions (main_window_actions.cpp).
  void choose_run_to_open();
  void choose_model_to_open();  // a .prototxt or .onnx file, read by model_opener_ off this thread
  void export_current_chart(QSize size);  // invalid size: the chart's size in the window
  void export_all_charts_to_folder(QSize size);
  void export_results(bool json);
  void save_plans_as_json();       // main_window_adaptive.cpp
  void export_plan_as_prototxt();  // asks for the model when there are several plans
  // The machine's ceilings (main_window_machine.cpp): Sweep > Measure this machine on the worker
  // thread; the newest stored record of a CPU for the roofline; a roofline point's layer selected.
  void measure_machine();
  void connect_machine();  // the worker's machine signals and the roofline's clicks
  void load_machine(const std::string& cpu);
  // "Ceilings of its CPU (date): 459 ± 45 GFLOP/s, 58.3 ± 0.7 GB/s ...", or how to measure them (status line).
  static QString ceilings_text(const std::optional<MachineRecord>& machine);

  const ModelCatalog& catalog_;
  const BackendRegistry& backends_;
  std::filesystem::path store_path_;
  ResultsSnapshot snapshot_;
  std::optional<Platform> platform_;  // of the results shown
  std::int64_t run_id_ = 0;
  std::int64_t source_run_ = 0;
  std::optional<RunConfig> results_config_;  // the settings the results shown were measured with
  bool running_ = false;
  bool adaptive_running_ = false;  // the sweep in flight runs adaptive plans
  QString adaptive_note_;          // the models the adaptive run skipped, for the status line
  std::map<int, int> sweep_rows_;  // the sweep in flight: point index -> its row in snapshot_.points

  ControlPanel* panel_ = nullptr;
  QSplitter* splitter_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  std::vector<ResultsChart*> charts_;
  ResultsTableModel* table_model_ = nullptr;
  ResultsTab* results_tab_ = nullptr;
  ProgressPanel* progress_ = nullptr;
  ChartRefresher* refresher_ = nullptr;
  AdaptiveChart* adaptive_ = nullptr;
  ModelOpener* model_opener_ = nullptr;
  QList<QAction*> idle_only_;  // actions disabled while a sweep runs

  QThread worker_thread_;
  BenchmarkWorker* worker_ = nullptr;
};

}  // namespace cnn::ui
