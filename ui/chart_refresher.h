#pragma once
// ChartRefresher: coalesces redraws. schedule() starts one single-shot timer unless it already runs;
// when it fires, the chart on the current tab is refreshed and every other chart marked dirty, to be
// refreshed when its tab is shown. No chart is ever redrawn per point.
#include <QObject>
#include <QTimer>

#include <vector>

class QTabWidget;

namespace cnn::ui {

class ResultsChart;
struct ResultsSnapshot;

class ChartRefresher : public QObject {
  Q_OBJECT
 public:
  // `tabs` holds the charts as tabs; `snapshot` outlives this object. interval_ms: the coalescing delay.
  ChartRefresher(QTabWidget* tabs, std::vector<ResultsChart*> charts, const ResultsSnapshot& snapshot,
                 int interval_ms = 250, QObject* parent = nullptr);

  void schedule();          // the snapshot changed: every chart is dirty; redraw the current one soon, once
  void refresh_all();       // every dirty chart now (before an export), the timer cancelled
  bool pending() const { return timer_.isActive(); }
  int refreshes() const { return refreshes_; }  // chart refreshes so far, for tests and the log
  const std::vector<ResultsChart*>& charts() const { return charts_; }

 private:
  void on_timeout();
  void on_tab_changed(int index);
  void refresh(std::size_t i);

  QTabWidget* tabs_;
  std::vector<ResultsChart*> charts_;
  std::vector<bool> dirty_;
  const ResultsSnapshot& snapshot_;
  QTimer timer_;
  int refreshes_ = 0;
};

}  // namespace cnn::ui
