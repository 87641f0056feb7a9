#pragma once
// Chart 8: latency distributions (QuTiBench-style boxplots). At one batch size, for each model one
// box per library/precision over the repetitions of the end-to-end pass, in ms per image: median,
// quartiles, Tukey whiskers (1.5 IQR) and the outliers beyond them as markers. One model, or every
// model side by side.
#include "ui/charts/chart_panel.h"

#include <string>

class QComboBox;

namespace cnn::ui {

class LatencyDistributionChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit LatencyDistributionChart(QWidget* parent = nullptr);

 protected:
  void update_controls(const ResultsSnapshot& results) override;
  QString rebuild(const ResultsSnapshot& results) override;

 private:
  std::string chosen_model() const;  // empty: every model
  QComboBox* model_;                 // a model id, or every model
  QComboBox* batch_;                 // a batch size
  bool batch_chosen_ = false;  // the user picked the batch: kept while offered; else the default follows the results
};

}  // namespace cnn::ui
