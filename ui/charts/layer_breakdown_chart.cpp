#include "ui/charts/layer_breakdown_chart.h"

#include <QChart>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/analysis/layers.h"
#include "core/analysis/noise.h"
#include "ui/charts/bar_plot.h"
#include "ui/charts/chart_controls.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/library_colors.h"

namespace cnn::ui {
namespace {

QDoubleSpinBox* percent_box(double value, QWidget* parent) {
  auto* box = new QDoubleSpinBox(parent);
  box->setRange(0, 100);
  box->setDecimals(1);
  box->setSingleStep(0.5);
  box->setValue(value);
  box->setSuffix(QStringLiteral(" %"));
  return box;
}

// One bar colour per column: the series' colour, lighter for each further batch of that series.
QColor column_color(const analysis::LayerColumn& column, int nth_batch) {
  const QColor base = LibraryColors::color(column.series);
  return nth_batch == 0 ? base : base.lighter(100 + 30 * std::min(nth_batch, 3));
}

}  // namespace

LayerBreakdownChart::LayerBreakdownChart(QWidget* parent)
    : ChartPanel(tr("Per-layer time"), QStringLiteral("layer-breakdown"), parent),
      model_(new QComboBox(this)),
      series_(new CheckList(tr("Libraries"), this)),
      batches_(new CheckList(tr("Batch sizes"), this)),
      lower_(percent_box(1, this)),
      upper_(percent_box(100, this)) {
  lower_->setToolTip(tr("Keep layers taking at least this share of their column's total"));
  upper_->setToolTip(tr("Keep layers taking at most this share of their column's total"));
  controls()->addWidget(new QLabel(tr("Model:"), this));
  controls()->addWidget(model_);
  controls()->addWidget(series_);
  controls()->addWidget(batches_);
  controls()->addWidget(new QLabel(tr("Share from"), this));
  controls()->addWidget(lower_);
  controls()->addWidget(new QLabel(tr("to"), this));
  controls()->addWidget(upper_);
  controls()->addStretch(1);
  connect(model_, &QComboBox::currentIndexChanged, this, [this] {
    update_controls(results());
    redraw();
  });
  connect(series_, &CheckList::changed, this, [this] { redraw(); });
  connect(batches_, &CheckList::changed, this, [this] { redraw(); });
  connect(lower_, &QDoubleSpinBox::valueChanged, this, [this] { redraw(); });
  connect(upper_, &QDoubleSpinBox::valueChanged, this, [this] { redraw(); });
}

void LayerBreakdownChart::update_controls(const ResultsSnapshot& results) {
  std::vector<Choice> models;
  for (const std::string& m : layered_models(results))
    models.push_back({model_name(results, m), QString::fromStdString(m), {}});
  set_combo_choices(model_, models);
  const std::string model = combo_id(model_).toStdString();
  std::set<analysis::Series, decltype(&LibraryColors::before)> series(&LibraryColors::before);
  std::set<int> batches;
  for (const Point* p : analysis::usable_points(results.points))
    if (p->model == model && !p->layers.empty()) {
      series.insert(analysis::series_of(*p));
      batches.insert(p->batch);
    }
  std::vector<Choice> series_choices, batch_choices;
  for (const analysis::Series& s : series)
    series_choices.push_back({LibraryColors::series_name(s), QString::fromStdString(s.label()), LibraryColors::color(s)});
  for (int b : batches) batch_choices.push_back({QString::number(b), QString::number(b), {}});
  // By default every series of one graph mode (Caffe's when measured): the two modes' layers differ
  // (groups against layers), so mixing them would interleave two lists of names.
  const GraphMode mode = std::any_of(series.begin(), series.end(), [](const analysis::Series& s) {
    return s.graph == GraphMode::Caffe;
  }) ? GraphMode::Caffe : GraphMode::Fused;
  series_->set_choices(series_choices, [mode](const QString& id) {
    const auto s = analysis::parse_series(id.toStdString());
    return s && s->graph == mode;
  });
  // By default one batch: the largest measured, where the per-layer pass is steadiest.
  const QString largest = batches.empty() ? QString() : QString::number(*batches.rbegin());
  batches_->set_choices(batch_choices, [largest](const QString& id) { return id == largest; });
  if (batches_->checked_ids().isEmpty() && !largest.isEmpty()) {
    const QSignalBlocker block(batches_);
    batches_->set_checked(largest, true);
  }
}

QString LayerBreakdownChart::rebuild(const ResultsSnapshot& results) {
  const std::string model = combo_id(model_).toStdString();
  if (model.empty()) return analysis::usable_points(results.points).empty() ? kNoResults : tr("No per-layer times yet");
  std::vector<analysis::Series> series;
  for (const QString& id : series_->checked_ids())
    if (auto s = analysis::parse_series(id.toStdString())) series.push_back(*s);
  std::vector<int> batches;
  for (const QString& id : batches_->checked_ids()) batches.push_back(id.toInt());
  if (series.empty() || batches.empty()) return tr("Choose at least one library and one batch size");
  const analysis::ShareRange range{lower_->value() / 100, upper_->value() / 100};
  const analysis::LayerTable table = analysis::layer_times(results.points, model, series, batches, range);
  if (table.columns.empty()) return tr("No per-layer times of %1 for this choice").arg(model_name(results, model));
  if (table.rows.empty()) return tr("No layer takes %1–%2% of its total").arg(lower_->value()).arg(upper_->value());

  BarTable bars;
  for (const analysis::LayerRow& row : table.rows) bars.categories << QString::fromStdString(row.name);
  std::map<analysis::Series, int> batches_seen;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const analysis::LayerColumn& column = table.columns[c];
    const QColor color = column_color(column, batches_seen[column.series]++);
    BarSetData set{tr("%1, batch %2").arg(LibraryColors::series_name(column.series)).arg(column.batch), QBrush(color),
                   color.darker(115), {}, {}, {}};
    // A reading we doubt is marked where this chart names it: in its legend entry.
    for (const Point* p : analysis::usable_points(results.points))
      if (p->model == model && analysis::series_of(*p) == column.series && p->batch == column.batch) {
        const analysis::Noise noise = analysis::noise_of(*p);
        if (noise.noisy) set.name += tr(" ⚠ noisy");
        if (noise.layers_off)
          set.name += tr(" ⚠ layers sum to %1 % of end to end").arg(std::lround(100 * noise.layer_ratio.value_or(0)));
      }
    for (const analysis::LayerRow& row : table.rows)
      set.values.push_back(row.cells[c].measured ? row.cells[c].ms_per_image : kNoValue);
    bars.sets.push_back(std::move(set));
  }
  BarPlotStyle style;
  style.value_title = tr("Time per image (ms/image)");
  style.category_title = tr("Layer");
  style.category_label_angle = bars.categories.size() > 8 ? -60 : 0;
  chart()->setTitle(tr("%1: per-layer time per image (layers taking %2–%3% of the total)")
                        .arg(model_name(results, model))
                        .arg(lower_->value())
                        .arg(upper_->value()));
  draw_bar_plot(chart(), bars, style);
  return {};
}

}  // namespace cnn::ui
