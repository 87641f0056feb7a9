#pragma once
// Every chart of the explorer, in tab order (charts sharing a tab title are stacked on one tab); the caller (the window, or the headless export)
// refreshes them with a ResultsSnapshot. The charts are children of `parent`.
#include <vector>

#include "ui/charts/results_chart.h"

namespace cnn::ui {

std::vector<ResultsChart*> create_all_charts(QWidget* parent);

}  // namespace cnn::ui
