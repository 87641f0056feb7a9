#include "ui/charts/chart_panel.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QVBoxLayout>

#include <algorithm>

#include "ui/charts/chart_style.h"

namespace cnn::ui {
namespace {

bool same_layers(const std::vector<LayerRecord>& a, const std::vector<LayerRecord>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const LayerRecord& x, const LayerRecord& y) {
    return x.index == y.index && x.name == y.name && x.type == y.type && x.time_ms == y.time_ms &&
           x.macs == y.macs && x.params == y.params && x.bytes_in == y.bytes_in && x.bytes_out == y.bytes_out;
  });
}

bool same_memory(const MemoryUse& a, const MemoryUse& b) {
  return a.weights_bytes == b.weights_bytes && a.activations_bytes == b.activations_bytes &&
         a.activations_total_bytes == b.activations_total_bytes && a.workspace_bytes == b.workspace_bytes &&
         a.measured_bytes == b.measured_bytes;
}

// Whether two snapshots hold the same figures (all that a chart reads); far cheaper than a copy.
bool same_results(const ResultsSnapshot& a, const ResultsSnapshot& b) {
  const bool points = std::equal(a.points.begin(), a.points.end(), b.points.begin(), b.points.end(),
                                 [](const Point& x, const Point& y) {
                                   return x.model == y.model && x.lib == y.lib && x.precision == y.precision && x.graph == y.graph &&
                                          x.batch == y.batch && x.threads == y.threads && x.success == y.success &&
                                          x.error == y.error && x.time_fw_ms == y.time_fw_ms &&
                                          same_memory(x.memory, y.memory) && same_layers(x.layers, y.layers) &&
                                          x.plan == y.plan && x.accuracy == y.accuracy;
                                 });
  const bool models = std::equal(a.models.begin(), a.models.end(), b.models.begin(), b.models.end(),
                                 [](const auto& x, const auto& y) {
                                   return x.first == y.first && x.second.name == y.second.name &&
                                          x.second.top1 == y.second.top1 && x.second.top5 == y.second.top5;
                                 });
  const bool published = std::equal(a.published.begin(), a.published.end(), b.published.begin(), b.published.end(),
                                    [](const PublishedFigure& x, const PublishedFigure& y) {
                                      return x.model == y.model && x.lib == y.lib && x.precision == y.precision &&
                                             x.ms_per_image == y.ms_per_image && x.batch == y.batch;
                                    });
  return points && models && published && a.show_published == b.show_published && a.hint == b.hint;
}

// One copy of the results shared by every chart refreshed with them (the UI thread's only).
std::shared_ptr<const ResultsSnapshot> shared_copy(const ResultsSnapshot& results) {
  static std::weak_ptr<const ResultsSnapshot> last;
  std::shared_ptr<const ResultsSnapshot> copy = last.lock();
  if (!copy || !same_results(*copy, results)) {
    copy = std::make_shared<const ResultsSnapshot>(results);
    last = copy;
  }
  return copy;
}

}  // namespace

ChartPanel::ChartPanel(const QString& title, const QString& file_stem, QWidget* parent)
    : ResultsChart(parent),
      title_(title),
      file_stem_(file_stem),
      chart_(new QChart),
      view_(new QChartView(chart_, this)),  // the view owns the chart
      controls_(new QHBoxLayout),
      results_(std::make_shared<const ResultsSnapshot>()) {
  init_chart(chart_);
  view_->setRenderHint(QPainter::Antialiasing);
  controls_->setContentsMargins(0, 0, 0, 0);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(controls_);
  layout->addWidget(view_, 1);
  connect(chart_, &QChart::geometryChanged, this, [this] { apply_chart_style(chart_, chart_->size().toSize()); });
  chart_->setTitle(title_);
  set_chart_message(chart_, kNoResults);
}

ChartPanel::~ChartPanel() = default;

QChart* ChartPanel::chart() const {
  if (stale_) const_cast<ChartPanel*>(this)->redraw();  // e.g. exporting a tab never shown
  return chart_;
}

void ChartPanel::refresh(const ResultsSnapshot& results) {
  results_ = shared_copy(results);
  update_controls(*results_);
  if (isVisible())
    redraw();
  else
    stale_ = true;
}

void ChartPanel::showEvent(QShowEvent* event) {
  ResultsChart::showEvent(event);
  if (stale_) redraw();
}

void ChartPanel::redraw() {
  stale_ = false;
  clear_chart();
  QString message = rebuild(*results_);
  if (message == kNoResults && results_->points.empty() && !results_->hint.empty())
    message += QLatin1Char('\n') + QString::fromStdString(results_->hint);
  if (!message.isEmpty()) {
    clear_chart();
    chart_->setTitle(title_);
  }
  set_chart_message(chart_, message);
  apply_chart_style(chart_, chart_->size().toSize());
}

void ChartPanel::clear_chart() {
  chart_->removeAllSeries();
  for (QAbstractAxis* axis : chart_->axes()) {
    chart_->removeAxis(axis);
    delete axis;
  }
}

}  // namespace cnn::ui
