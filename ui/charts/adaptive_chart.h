#pragma once
// Chart 6: the adaptive plan per model, among the libraries the user ticks (one precision at a
// time, as a plan runs in one). Per model, horizontal bars of the per-layer pass (ms per image):
// "predicted ideal" (analysis's adaptive total, stacked by library), "measured adaptive" (the
// model's adaptive point, stacked by the library each layer ran on, reorders/transfers apart),
// and the best single library at its best batch (or every ticked library); the predicted and
// measured labels give the time against the best single library ("+3.1%" is slower). A model with a
// measured adaptive point takes predicted and best single from the point's plan (ui/charts/adaptive_bars.h).
// Its "Run adaptive plan" button only asks (runPlanRequested); the window builds and runs the plans.
#include "ui/charts/chart_panel.h"

#include <vector>

#include "core/analysis/series.h"

class QComboBox;
class QPushButton;

namespace cnn::ui {

class CheckList;

class AdaptiveChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit AdaptiveChart(QWidget* parent = nullptr);

  // The ticked libraries of the chosen precision and graph mode (never lib "adaptive"), as of the last refresh.
  std::vector<analysis::Series> chosen_series() const;
  QString precision() const;  // the chosen precision and graph mode, "fp32" or "fp32/fused"; empty before any results
  void set_run_enabled(bool enabled);  // the window disables the button while a sweep runs
  QPushButton* run_button() const { return run_; }

 signals:
  void runPlanRequested();  // the user clicked "Run adaptive plan"

 protected:
  void update_controls(const ResultsSnapshot& results) override;
  QString rebuild(const ResultsSnapshot& results) override;

 private:
  QComboBox* precision_;  // the precision and graph mode whose libraries are offered
  CheckList* series_;     // the library set the adaptive solution chooses among
  CheckList* models_;     // the models shown
  QComboBox* compare_;    // "fastest": the best single library; "every": a bar per ticked library
  QPushButton* run_;
};

}  // namespace cnn::ui
