#pragma once
// ResultsChart: one chart of the explorer. It draws from a ResultsSnapshot via core/analysis and
// never runs a benchmark. refresh() is called by the window's coalescing timer (a few times a second
// at most), never per point.
#include <QString>
#include <QWidget>

class QChart;

namespace cnn::ui {

struct ResultsSnapshot;

class ResultsChart : public QWidget {
  Q_OBJECT
 public:
  using QWidget::QWidget;
  ~ResultsChart() override = default;
  virtual QString title() const = 0;      // e.g. "Time per image"
  // The tab it is shown on: its own by default; charts with the same tab title share one tab,
  // stacked in the order they were created (e.g. the schedule timeline over the scheduler bars).
  virtual QString tab_title() const { return title(); }
  virtual QString file_stem() const = 0;  // PNG file name without extension, e.g. "time-per-image"
  // Redraws from the current results; cheap enough to call a few times a second.
  virtual void refresh(const ResultsSnapshot& results) = 0;
  // The chart to render for PNG export (its controls are not part of the image).
  virtual QChart* chart() const = 0;
};

}  // namespace cnn::ui
