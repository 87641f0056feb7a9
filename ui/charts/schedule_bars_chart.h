#pragma once
// Chart 13: per model and batch size ("GoogLeNet b1"), the median time per image of one library,
// precision and graph mode with each scheduler (sequential, greedy, IOS; ± 1 std over repetitions,
// a noisy reading marked), the best speedup over sequential in the group's label and each bar's in
// its tool tip.
#include "ui/charts/chart_panel.h"

class QComboBox;

namespace cnn::ui {

class ScheduleBarsChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit ScheduleBarsChart(QWidget* parent = nullptr);
  QString tab_title() const override;

 protected:
  void update_controls(const ResultsSnapshot& results) override;
  QString rebuild(const ResultsSnapshot& results) override;

 private:
  QComboBox* series_;  // a library, precision and graph mode: a series label without its scheduler
};

}  // namespace cnn::ui
