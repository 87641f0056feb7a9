#pragma once
// ControlPanel: the left side of the window: what to measure (models, libraries with precisions,
// batch sizes, the graph mode: Caffe layers, fused or both), how (repetitions, warm-up, threads), the run's label, Run and Stop, and the toggle
// that shows the published Jetson TX1 figures beside the run.
#include <QStringList>
#include <QWidget>

#include <optional>

#include "ui/sweep_request.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSettings;
class QSpinBox;

namespace cnn {
class BackendRegistry;
class ModelCatalog;
struct ModelInfo;
}  // namespace cnn

namespace cnn::ui {

class BatchSizeEditor;
class LibraryChooser;

class ControlPanel : public QWidget {
  Q_OBJECT
 public:
  ControlPanel(const ModelCatalog& models, const BackendRegistry& backends, QWidget* parent = nullptr);

  // The sweep the controls describe; nullopt with `problem` set to one sentence when it is empty or
  // the batch sizes do not parse.
  std::optional<SweepRequest> request(QString* problem = nullptr) const;
  // The measurement settings alone (repetitions, rounds, warm-up, threads).
  RunConfig config() const;

  // The defaults: every built-in model, every available library, batch 2..16 step 2.
  void select_defaults();
  void set_models(const QStringList& ids);  // checks exactly these
  QStringList checked_models() const;
  // A model file the user opened (File > Open model...), read and described by `tooltip`: listed
  // after the built-in models, ticked, and remembered with the settings. Again: ticked.
  void add_model_file(const QString& path, const QString& tooltip);
  QStringList opened_models() const;  // their paths, in the order opened
  LibraryChooser* libraries() const { return libs_; }
  BatchSizeEditor* batch_sizes() const { return batches_; }
  // Exactly `repetitions` in one round unless told otherwise (max_reps 0: as many as repetitions).
  void set_measurement(int repetitions, int warmup, int threads, int rounds = 1, double min_time_s = 0, int max_reps = 0);
  // The graph modes every library point runs in: {caffe}, {fused} or {caffe, fused} ("Both").
  std::vector<GraphMode> graphs() const;
  void set_graphs(const std::vector<GraphMode>& graphs);
  // The schedulers every point runs with, those ticked in their order (sequential when none is).
  std::vector<Scheduler> schedulers() const;
  void set_schedulers(const std::vector<Scheduler>& schedulers);  // ticks exactly these
  bool show_published() const;
  void set_show_published(bool on);

  void set_running(bool running);  // Run disabled and Stop enabled while a sweep runs
  QPushButton* run_button() const { return run_; }
  QPushButton* stop_button() const { return stop_; }

  // Under "selection/..." (the opened model files in "selection/opened_models") and "view/published";
  // restore() lists again the opened files that still exist (read when a sweep starts).
  void save(QSettings& settings) const;
  void restore(const QSettings& settings);

 signals:
  void runRequested();
  void stopRequested();
  void showPublishedChanged(bool on);

 private:
  QListWidget* models_;
  QStringList opened_;
  LibraryChooser* libs_;
  BatchSizeEditor* batches_;
  QSpinBox* repetitions_;
  QSpinBox* max_reps_;
  QDoubleSpinBox* min_time_;
  QSpinBox* rounds_;
  QSpinBox* warmup_;
  QSpinBox* threads_;
  QComboBox* graph_;
  std::vector<std::pair<Scheduler, QCheckBox*>> schedulers_;  // one per scheduler, in the enum's order
  QLineEdit* label_;
  QCheckBox* published_;
  QPushButton* run_;
  QPushButton* stop_;
};

// "AlexNet (BVLC): input 3x227x227, 724 M MACs, 61.0 M params, top-1 57.1 %, top-5 80.2 %" as rich text.
QString model_tooltip(const ModelCatalog& catalog, const std::string& id);
QString model_tooltip(const ModelCatalog& catalog, const ModelInfo& model);  // a resolved one (a file)

}  // namespace cnn::ui
