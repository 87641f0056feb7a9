#pragma once
// Turns figures of (model, series) pairs into a BarTable: grouped by model with one bar per series
// in its library colour (published figures hatched), or grouped by series with one bar per model.
#include <string>
#include <vector>

#include "core/analysis/series.h"
#include "ui/charts/bar_plot.h"
#include "ui/results_snapshot.h"

namespace cnn::ui {

struct ModelSeriesValue {
  std::string model;
  analysis::Series series;
  bool published = false;    // a published figure of another machine
  double value = 0;          // in the chart's unit
  double error = kNoValue;   // ± half-length of its error bar; kNoValue: none
  bool flagged = false;      // a reading we doubt (noisy): marked over its bar
};

// Groups: the models, measured ones sorted, then any only published. Bars: the measured series
// in legend order (LibraryColors::before), then the published ones.
BarTable bars_by_model(const ResultsSnapshot& results, const std::vector<ModelSeriesValue>& values);
// Groups: the series as above. Bars: the models as above, in the model palette.
BarTable bars_by_series(const ResultsSnapshot& results, const std::vector<ModelSeriesValue>& values);

}  // namespace cnn::ui
