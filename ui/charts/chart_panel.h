#pragma once
// ChartPanel: the common body of every chart: a row of controls above a QChartView, the last
// results kept so a control change can redraw, size-aware styling and the "No results yet" message
// (followed by the results' hint, when they have one and no points).
// A hidden chart (another tab) only takes the results and rebuilds when shown or when chart() is
// asked for, and charts refreshed with equal results share one copy of them.
#include <QString>

#include <memory>

#include "ui/charts/results_chart.h"
#include "ui/results_snapshot.h"

class QChartView;
class QHBoxLayout;

namespace cnn::ui {

class ChartPanel : public ResultsChart {
  Q_OBJECT
 public:
  ChartPanel(const QString& title, const QString& file_stem, QWidget* parent);
  ~ChartPanel() override;

  QString title() const override { return title_; }
  QString file_stem() const override { return file_stem_; }
  QChart* chart() const override;  // rebuilt first when results came in while hidden
  void refresh(const ResultsSnapshot& results) final;

 protected:
  // Refreshes the control row's choices from `results` (models, libraries, batches). Emits nothing.
  virtual void update_controls(const ResultsSnapshot& results) { (void)results; }
  // Draws `results` into the (cleared) chart: series, axes, title. Returns the sentence to show
  // instead when there is nothing to draw ("No results yet"), else an empty string.
  virtual QString rebuild(const ResultsSnapshot& results) = 0;

  QHBoxLayout* controls() const { return controls_; }
  const ResultsSnapshot& results() const { return *results_; }
  // Draws the last results again (after a control changed).
  void redraw();

  void showEvent(QShowEvent* event) override;

 private:
  void clear_chart();
  QString title_, file_stem_;
  QChart* chart_;
  QChartView* view_;
  QHBoxLayout* controls_;
  std::shared_ptr<const ResultsSnapshot> results_;  // never null
  bool stale_ = false;  // results came in while hidden: the chart still shows older ones
};

inline const QString kNoResults = QStringLiteral("No results yet");

}  // namespace cnn::ui
