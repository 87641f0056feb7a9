#pragma once
// Chart 11: QuTiBench's efficiency bars: per model, each series at its best batch size, the images/s
// its measured compute peak predicts (peak / FLOPs per image, hatched) beside the images/s measured
// (± 1 std over repetitions), the efficiency (measured / predicted) in the model's label.
#include "ui/charts/chart_panel.h"

namespace cnn::ui {

class EfficiencyChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit EfficiencyChart(QWidget* parent = nullptr);

 protected:
  QString rebuild(const ResultsSnapshot& results) override;
};

}  // namespace cnn::ui
