#pragma once
// Chart 7: memory (MB) of every model and series at one batch size the user picks, in the memory
// figure the user picks (modelled total, measured, weights, activations, workspace).
#include "ui/charts/chart_panel.h"

class QComboBox;

namespace cnn::ui {

class MemoryChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit MemoryChart(QWidget* parent = nullptr);

 protected:
  void update_controls(const ResultsSnapshot& results) override;
  QString rebuild(const ResultsSnapshot& results) override;

 private:
  QComboBox* batch_;
  QComboBox* figure_;
};

}  // namespace cnn::ui
