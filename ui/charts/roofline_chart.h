#pragma once
// Chart 10: the roofline (log-log) of one model at one batch size: the machine's measured compute
// ceiling and memory-bandwidth slope for each roof the drawn series use, the ridge point marked, each
// library's own GEMM peak as a dashed line in its colour below the roof, and
// one point per layer per series (analysis::roofline) in the series' library colour, shaped by layer
// type. A point's tool tip names the layer, its intensity, GFLOP/s (with the spread over
// repetitions) and share of attainable; a click emits layerClicked so the window can select the
// layer's row in the per-layer table.
#include "ui/charts/chart_panel.h"

class QComboBox;

namespace cnn::ui {

class RooflineChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit RooflineChart(QWidget* parent = nullptr);

  // objectNames of the chart's series (tests and tools find them by them).
  static constexpr const char* kLayers = "layers";    // scatter: one per (series, layer shape)
  static constexpr const char* kCompute = "compute";  // line: a compute ceiling
  static constexpr const char* kMemory = "memory";    // line: a bandwidth slope
  static constexpr const char* kRidge = "ridge";      // scatter: the ridge points
  static constexpr const char* kLibraryPeak = "library-peak";  // line: a library's GEMM peak below the roof
  // line: the theoretical peak (clock and FLOPs per cycle assumed), "doubtful" when below the measured one
  static constexpr const char* kTheoretical = "theoretical";

 signals:
  // A layer point was clicked: its point's model, series label ("openblas/fp32"), batch, layer index.
  void layerClicked(const QString& model, const QString& series, int batch, int index);

 protected:
  void update_controls(const ResultsSnapshot& results) override;
  QString rebuild(const ResultsSnapshot& results) override;

 private:
  QComboBox* model_;
  QComboBox* batch_;
};

}  // namespace cnn::ui
