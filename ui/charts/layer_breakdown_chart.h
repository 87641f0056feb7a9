#pragma once
// Chart 5: per-layer time per image of one model for the chosen series and batch sizes, keeping
// the layers whose share of their column's total lies within the lower/upper filter.
#include "ui/charts/chart_panel.h"

class QComboBox;
class QDoubleSpinBox;

namespace cnn::ui {

class CheckList;

class LayerBreakdownChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit LayerBreakdownChart(QWidget* parent = nullptr);

 protected:
  void update_controls(const ResultsSnapshot& results) override;
  QString rebuild(const ResultsSnapshot& results) override;

 private:
  QComboBox* model_;
  CheckList* series_;   // series labels
  CheckList* batches_;  // batch sizes
  QDoubleSpinBox* lower_;  // share filter, percent of the column total
  QDoubleSpinBox* upper_;
};

}  // namespace cnn::ui
