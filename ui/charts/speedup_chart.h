#pragma once
// Chart 3: speedup of every series over a baseline series the user picks, each at its own best
// batch size; a dashed line marks 1×. Published figures (when shown) over their own baseline.
#include "ui/charts/chart_panel.h"

class QComboBox;

namespace cnn::ui {

class SpeedupChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit SpeedupChart(QWidget* parent = nullptr);

 protected:
  void update_controls(const ResultsSnapshot& results) override;
  QString rebuild(const ResultsSnapshot& results) override;

 private:
  QComboBox* baseline_;  // a series label, "openblas/fp32"
};

}  // namespace cnn::ui
