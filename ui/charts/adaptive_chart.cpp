#include "ui/charts/adaptive_chart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QLegend>
#include <QLegendMarker>
#include <QValueAxis>

#include <algorithm>

#include "core/analysis/adaptive.h"
#include "core/analysis/layers.h"
#include "ui/charts/chart_controls.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/library_colors.h"

namespace cnn::ui {
namespace {

std::size_t position(const std::vector<analysis::Series>& chosen, const analysis::Series& series) {
  const auto it = std::find(chosen.begin(), chosen.end(), series);
  Q_ASSERT(it != chosen.end());  // analysis reports only chosen series
  return static_cast<std::size_t>(it - chosen.begin());
}

// Each chosen series' whole per-layer pass per image at the adaptive batch (ms), in `chosen` order;
// 0 where a series did not measure it.
std::vector<double> single_totals(const ResultsSnapshot& results, const analysis::AdaptiveResult& adaptive,
                                  const std::vector<analysis::Series>& chosen) {
  const int batches[] = {adaptive.batch};
  const analysis::LayerTable table =
      analysis::layer_times(results.points, adaptive.model, chosen, batches, analysis::ShareRange{0, 1});
  std::vector<double> totals(chosen.size(), 0.0);
  for (const analysis::LayerColumn& column : table.columns) totals[position(chosen, column.series)] = column.total_ms_per_image;
  return totals;
}

// One model's row: the adaptive bar's segments and the single-library bars, per chosen series (ms).
struct Row {
  QString label;
  std::vector<double> adaptive, single;
};

// Bar sets of one kind (adaptive segments or single-library bars), values reversed to read top-down.
void add_sets(QAbstractBarSeries* series, const std::vector<analysis::Series>& chosen, const std::vector<Row>& rows,
              bool single) {
  for (std::size_t s = 0; s < chosen.size(); ++s) {
    QList<qreal> values;
    bool any = false;
    for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
      values << (single ? row->single[s] : row->adaptive[s]);
      any = any || values.back() > 0;
    }
    if (!any) continue;  // e.g. a library that is nowhere the fastest single one
    const QColor color = LibraryColors::color(chosen[s]);
    auto* set = new QBarSet(single ? QObject::tr("%1 only").arg(LibraryColors::series_name(chosen[s]))
                                   : QObject::tr("%1 (in adaptive)").arg(LibraryColors::series_name(chosen[s])));
    set->setBrush(single ? QBrush(color, Qt::DiagCrossPattern) : QBrush(color));
    set->setPen(QPen(color.darker(115), 1.2));
    set->append(values);
    series->append(set);
  }
}

}  // namespace

AdaptiveChart::AdaptiveChart(QWidget* parent)
    : ChartPanel(tr("Ideal adaptive"), QStringLiteral("adaptive"), parent),
      series_(new CheckList(tr("Libraries"), this)),
      models_(new CheckList(tr("Models"), this)),
      compare_(new QComboBox(this)) {
  series_->setToolTip(tr("The libraries each layer may run on"));
  compare_->addItem(tr("Beside the fastest single library"), QStringLiteral("fastest"));
  compare_->addItem(tr("Beside every ticked library"), QStringLiteral("every"));
  controls()->addWidget(series_);
  controls()->addWidget(models_);
  controls()->addWidget(compare_);
  controls()->addStretch(1);
  connect(series_, &CheckList::changed, this, [this] { redraw(); });
  connect(models_, &CheckList::changed, this, [this] { redraw(); });
  connect(compare_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
}

QString AdaptiveChart::adaptive_label(const QString& model, int batch, double saving_percent) {
  return tr("%1: saves %2% (batch %3)").arg(model, QString::number(saving_percent, 'f', 1)).arg(batch);
}

void AdaptiveChart::update_controls(const ResultsSnapshot& results) {
  std::vector<Choice> series, models;
  for (const analysis::Series& s : layered_series(results))
    series.push_back({LibraryColors::series_name(s), QString::fromStdString(s.label()), LibraryColors::color(s)});
  for (const std::string& m : layered_models(results))
    models.push_back({model_name(results, m), QString::fromStdString(m), {}});
  series_->set_choices(series, [](const QString&) { return true; });
  models_->set_choices(models, [](const QString&) { return true; });
}

QString AdaptiveChart::rebuild(const ResultsSnapshot& results) {
  if (analysis::usable_points(results.points).empty()) return kNoResults;
  if (layered_series(results).empty()) return tr("No per-layer times yet");
  std::vector<analysis::Series> chosen;
  for (const QString& id : series_->checked_ids())
    if (auto s = analysis::parse_series(id.toStdString())) chosen.push_back(*s);
  const QStringList models = models_->checked_ids();
  if (chosen.empty() || models.isEmpty()) return tr("Tick at least one library and one model");
  const bool every = combo_id(compare_) == QLatin1String("every");

  std::vector<Row> rows;
  QString first_error;
  double top = 0;
  for (const analysis::AdaptiveResult& a : analysis::ideal_adaptive(results.points, chosen)) {
    if (!models.contains(QString::fromStdString(a.model))) continue;
    if (!a.ok()) {
      if (first_error.isEmpty()) first_error = QString::fromStdString(a.error);
      continue;
    }
    Row row{adaptive_label(model_name(results, a.model), a.batch, a.saving_same_batch_percent),
            std::vector<double>(chosen.size(), 0.0), std::vector<double>(chosen.size(), 0.0)};
    for (const analysis::SeriesTime& t : a.per_series) row.adaptive[position(chosen, t.series)] = t.ms_per_image;
    if (every)
      row.single = single_totals(results, a, chosen);
    else
      row.single[position(chosen, a.best_single_same_batch.series)] = a.best_single_same_batch.ms_per_image;
    top = std::max({top, a.ms_per_image, *std::max_element(row.single.begin(), row.single.end())});
    rows.push_back(std::move(row));
  }
  if (rows.empty()) return first_error.isEmpty() ? tr("No per-layer times yet") : first_error;

  // One row per model: the adaptive bar, stacked by where its time goes, and above it the single
  // library bar(s), cross-hatched (Qt draws bar series side by side, the first lowest).
  QAbstractBarSeries* adaptive = new QHorizontalStackedBarSeries;
  QAbstractBarSeries* single =
      every ? static_cast<QAbstractBarSeries*>(new QHorizontalBarSeries) : new QHorizontalStackedBarSeries;
  add_sets(adaptive, chosen, rows, false);
  add_sets(single, chosen, rows, true);
  for (QAbstractBarSeries* s : {adaptive, single}) {
    s->setBarWidth(0.8);
    chart()->addSeries(s);
  }
  auto* models_axis = new QBarCategoryAxis;
  for (auto row = rows.rbegin(); row != rows.rend(); ++row) models_axis->append(row->label);
  models_axis->setGridLineVisible(false);
  auto* time = new QValueAxis;
  time->setTitleText(tr("Per-layer pass, time per image (ms/image)"));
  time->setRange(0, top > 0 ? top * 1.05 : 1);
  time->applyNiceNumbers();
  time->setLabelFormat(QStringLiteral("%g"));
  chart()->addAxis(models_axis, Qt::AlignLeft);
  chart()->addAxis(time, Qt::AlignBottom);
  for (QAbstractBarSeries* s : {adaptive, single}) {
    s->attachAxis(models_axis);
    s->attachAxis(time);
  }
  chart()->setTitle(every ? tr("Ideal adaptive (solid) beside each library alone (hatched)")
                          : tr("Ideal adaptive (solid) beside the fastest single library (hatched)"));
  return {};
}

}  // namespace cnn::ui
