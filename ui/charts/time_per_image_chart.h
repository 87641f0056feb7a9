#pragma once
// Chart 1: time per image (ms), grouped bars with ± std error bars over repetitions; grouped by
// model or by library, at each pair's best batch or at one batch size.
#include "ui/charts/chart_panel.h"

class QComboBox;

namespace cnn::ui {

class TimePerImageChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit TimePerImageChart(QWidget* parent = nullptr);

 protected:
  void update_controls(const ResultsSnapshot& results) override;
  QString rebuild(const ResultsSnapshot& results) override;

 private:
  QComboBox* group_by_;  // "model" or "library"
  QComboBox* batch_;     // "best" or a batch size
};

}  // namespace cnn::ui
