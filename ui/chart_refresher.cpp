#include "ui/chart_refresher.h"

#include <QTabWidget>

#include <algorithm>

#include "ui/charts/results_chart.h"
#include "ui/results_snapshot.h"

namespace cnn::ui {

ChartRefresher::ChartRefresher(QTabWidget* tabs, std::vector<ResultsChart*> charts, const ResultsSnapshot& snapshot,
                               int interval_ms, QObject* parent)
    : QObject(parent), tabs_(tabs), charts_(std::move(charts)), dirty_(charts_.size(), true), snapshot_(snapshot) {
  timer_.setSingleShot(true);
  timer_.setInterval(interval_ms);
  connect(&timer_, &QTimer::timeout, this, &ChartRefresher::on_timeout);
  if (tabs_) connect(tabs_, &QTabWidget::currentChanged, this, &ChartRefresher::on_tab_changed);
}

void ChartRefresher::schedule() {
  // Every chart is stale from now on, not only from the timeout: refresh_all() before the timer
  // fires must redraw the current tab's chart too.
  std::fill(dirty_.begin(), dirty_.end(), true);
  if (!timer_.isActive()) timer_.start();
}

void ChartRefresher::refresh_all() {
  timer_.stop();
  for (std::size_t i = 0; i < charts_.size(); ++i)
    if (dirty_[i]) refresh(i);
}

namespace {

// Whether `chart` is on the tab `page` (the page itself, or one of the charts stacked on it).
bool on_page(const QWidget* chart, const QWidget* page) { return page && (chart == page || page->isAncestorOf(chart)); }

}  // namespace

void ChartRefresher::on_timeout() {
  QWidget* current = tabs_ ? tabs_->currentWidget() : nullptr;
  for (std::size_t i = 0; i < charts_.size(); ++i)
    if (on_page(charts_[i], current) && dirty_[i]) refresh(i);  // the others stay dirty until shown
}

void ChartRefresher::on_tab_changed(int index) {
  QWidget* shown = tabs_->widget(index);
  for (std::size_t i = 0; i < charts_.size(); ++i)
    if (on_page(charts_[i], shown) && dirty_[i]) refresh(i);
}

void ChartRefresher::refresh(std::size_t i) {
  charts_[i]->refresh(snapshot_);
  dirty_[i] = false;
  ++refreshes_;
}

}  // namespace cnn::ui
