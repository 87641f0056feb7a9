#pragma once
// Chart 12: one point's schedule as a timeline (analysis::schedule_timeline): stages left to right,
// each as wide as its median time, its concurrent groups stacked in it, each group a bar of its
// layers in order, each layer as wide as its per-layer median (the group scaled to fill the stage),
// in its library's colour and named where the name fits. A layer's tool tip names it, its type and
// library, and its median with the spread over repetitions. The point is chosen by model, series
// and batch among the points with a schedule record.
#include "ui/charts/chart_panel.h"

class QComboBox;

namespace cnn::ui {

class ScheduleTimelineChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit ScheduleTimelineChart(QWidget* parent = nullptr);
  QString tab_title() const override;

  // objectNames of the chart's series (tests and tools find them by them).
  static constexpr const char* kStage = "stage";          // area: one stage, its full height
  static constexpr const char* kLayer = "layer";          // area: one layer of one group
  static constexpr const char* kLabel = "layer-label";    // scatter: one layer's name, where it fits
  // Properties of a layer's area: its stage and group (0-based), its tool tip; of a stage's area,
  // its index and whether it ran merged.
  static constexpr const char* kStageIndex = "cnn_stage";
  static constexpr const char* kMerged = "cnn_merged";
  static constexpr const char* kGroupIndex = "cnn_group";
  static constexpr const char* kTip = "cnn_tip";

  // Chooses the point shown (as the results table's selection does); false when it has no schedule.
  bool show_point(const QString& model, const QString& series, int batch);

 protected:
  void update_controls(const ResultsSnapshot& results) override;
  QString rebuild(const ResultsSnapshot& results) override;

 private:
  QComboBox* model_;
  QComboBox* series_;
  QComboBox* batch_;
};

}  // namespace cnn::ui
