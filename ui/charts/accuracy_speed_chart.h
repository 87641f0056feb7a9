#pragma once
// Chart 9: top-1 accuracy against images per second (the accuracy-speed Pareto chart of QuTiBench),
// one point per model and series at its best batch size, in the series' library colour. A filled
// circle: the top-1 measured with that series (cnn-bench accuracy); a hollow diamond: the model's
// published ImageNet top-1 (analysis::shown_accuracy decides). Horizontal whiskers span ± 1 std of the
// time per image (vertical ones a measured top-1's standard error); a doubtful reading gets the warning
// mark. The Pareto front of each accuracy scale (analysis::pareto_accuracy_speed) is a dashed step line
// with its points ringed and named; every point's tool tip names its model, library and precision.
#include "ui/charts/chart_panel.h"

namespace cnn::ui {

class AccuracySpeedChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit AccuracySpeedChart(QWidget* parent = nullptr);

  // objectName of the chart's series, by what they draw (tests and tools find them by it).
  static constexpr const char* kMeasured = "measured";    // scatter: measured top-1, one per series
  static constexpr const char* kPublished = "published";  // scatter: published top-1, one per series
  static constexpr const char* kFront = "front";          // step line: one per accuracy scale
  static constexpr const char* kFrontRing = "front-ring"; // scatter: the rings around the front's points
  static constexpr const char* kLabel = "label";          // scatter of one point: a front point's name

 protected:
  QString rebuild(const ResultsSnapshot& results) override;
};

}  // namespace cnn::ui
