#pragma once
// Chart 2: images per second of every model and series at that pair's best batch size, with value
// labels; the published figures beside them when shown.
#include "ui/charts/chart_panel.h"

namespace cnn::ui {

class ImagesPerSecondChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit ImagesPerSecondChart(QWidget* parent = nullptr);

 protected:
  QString rebuild(const ResultsSnapshot& results) override;
};

}  // namespace cnn::ui
