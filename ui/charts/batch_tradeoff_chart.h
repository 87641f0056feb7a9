#pragma once
// Chart 4: "is batch 8 good enough?": time per image (left axis, ± std) and memory (right axis)
// against batch size for one model and series, with the smallest batch whose time per image is
// within a chosen percentage of the best marked.
#include "ui/charts/chart_panel.h"

class QComboBox;
class QDoubleSpinBox;

namespace cnn::ui {

class BatchTradeoffChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit BatchTradeoffChart(QWidget* parent = nullptr);

 protected:
  void update_controls(const ResultsSnapshot& results) override;
  QString rebuild(const ResultsSnapshot& results) override;

 private:
  QComboBox* model_;
  QComboBox* series_;            // series labels measured for the chosen model
  QDoubleSpinBox* within_;       // "good enough": within this percentage of the best (%)
};

}  // namespace cnn::ui
