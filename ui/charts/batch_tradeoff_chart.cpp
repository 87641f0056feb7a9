#include "ui/charts/batch_tradeoff_chart.h"

#include <QChart>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "core/analysis/best_batch.h"
#include "core/analysis/memory.h"
#include "core/analysis/noise.h"
#include "core/analysis/stats.h"
#include "ui/charts/bar_plot.h"
#include "ui/charts/chart_controls.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/library_colors.h"

namespace cnn::ui {
namespace {

// One batch size of the chosen model and series.
struct BatchRow {
  int batch = 0;
  double ms = 0, std = 0;             // per image (ms)
  bool noisy = false;                 // a reading we doubt
  double modelled_mb = 0, measured_mb = 0;  // the whole batch (MB)
  std::optional<double> tracked_mb;   // what core tracked being allocated (MB)
};

std::vector<BatchRow> rows_of(const ResultsSnapshot& results, const std::string& model,
                              const analysis::Series& series) {
  std::vector<BatchRow> rows;
  for (const Point* p : analysis::usable_points(results.points)) {
    const analysis::PointStats s = analysis::point_stats(*p);
    if (s.model == model && s.series == series && s.per_image.n > 0)
      rows.push_back({s.batch, s.per_image.mean, s.per_image.std, analysis::noise_of(*p).noisy, 0, 0, std::nullopt});
  }
  for (const analysis::MemoryRow& m : analysis::memory_per_image(results.points))
    for (BatchRow& r : rows)
      if (m.model == model && m.series == series && m.batch == r.batch) {
        const analysis::MemoryPerImage& b = m.per_image;
        r.modelled_mb = to_mb((b.weights + b.activations + b.workspace) * r.batch);
        r.measured_mb = to_mb(b.measured * r.batch);
        if (b.tracked) r.tracked_mb = to_mb(*b.tracked * r.batch);
      }
  return rows;
}

// A line with round markers at its points; the markers stay out of the legend.
void add_line(QChart* chart, const QString& name, const QList<QPointF>& points, const QPen& pen,
              QScatterSeries::MarkerShape shape, QAbstractAxis* x, QAbstractAxis* y) {
  auto* line = new QLineSeries;
  line->setName(name);
  line->setPen(pen);
  line->append(points);
  add_series(chart, line, x, y, true);
  auto* dots = new QScatterSeries;
  dots->setMarkerShape(shape);
  dots->setMarkerSize(11);
  dots->setColor(pen.color());
  dots->setBorderColor(pen.color());
  dots->append(points);
  add_series(chart, dots, x, y, false);
}

// A ring around one point, labelled (e.g. "good enough: batch 8").
void add_mark(QChart* chart, const QString& name, const QString& label, QPointF at, const QColor& color,
              QAbstractAxis* x, QAbstractAxis* y) {
  auto* ring = new QScatterSeries;
  ring->setName(name);
  ring->setMarkerSize(26);
  ring->setColor(Qt::transparent);
  ring->setPen(QPen(color, 3));
  ring->append(at);
  ring->setPointLabelsVisible(true);
  ring->setPointLabelsClipping(false);
  ring->setPointLabelsColor(color);
  ring->setPointLabelsFormat(label);
  add_series(chart, ring, x, y, true);
}

double nice_top(double top) { return top > 0 ? top * 1.18 : 1; }

}  // namespace

BatchTradeoffChart::BatchTradeoffChart(QWidget* parent)
    : ChartPanel(tr("Batch size trade-off"), QStringLiteral("batch-tradeoff"), parent),
      model_(new QComboBox(this)),
      series_(new QComboBox(this)),
      within_(new QDoubleSpinBox(this)) {
  within_->setRange(0, 100);
  within_->setDecimals(1);
  within_->setSingleStep(1);
  within_->setValue(5);
  within_->setSuffix(QStringLiteral(" %"));
  within_->setToolTip(tr("Good enough: the smallest batch whose time per image is within this much of the best"));
  controls()->addWidget(new QLabel(tr("Model:"), this));
  controls()->addWidget(model_);
  controls()->addWidget(new QLabel(tr("Library:"), this));
  controls()->addWidget(series_);
  controls()->addWidget(new QLabel(tr("Good enough within:"), this));
  controls()->addWidget(within_);
  controls()->addStretch(1);
  connect(model_, &QComboBox::currentIndexChanged, this, [this] {
    update_controls(results());
    redraw();
  });
  connect(series_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
  connect(within_, &QDoubleSpinBox::valueChanged, this, [this] { redraw(); });
}

void BatchTradeoffChart::update_controls(const ResultsSnapshot& results) {
  std::vector<Choice> models;
  for (const std::string& m : analysis::models_of(results.points))
    models.push_back({model_name(results, m), QString::fromStdString(m), {}});
  set_combo_choices(model_, models);
  const std::string model = combo_id(model_).toStdString();
  std::vector<analysis::Series> measured;
  for (const analysis::BestBatch& b : analysis::best_batches(results.points))
    if (b.model == model) measured.push_back(b.series);
  std::sort(measured.begin(), measured.end(), LibraryColors::before);
  std::vector<Choice> series;
  for (const analysis::Series& s : measured)
    series.push_back({LibraryColors::series_name(s), QString::fromStdString(s.label()), LibraryColors::color(s)});
  set_combo_choices(series_, series, QStringLiteral("openblas/fp32"));
}

QString BatchTradeoffChart::rebuild(const ResultsSnapshot& results) {
  const std::string model = combo_id(model_).toStdString();
  const auto series = analysis::parse_series(combo_id(series_).toStdString());
  if (model.empty() || !series) return kNoResults;
  const std::vector<BatchRow> rows = rows_of(results, model, *series);
  if (rows.empty()) return kNoResults;
  const QColor color = LibraryColors::color(*series);

  auto* x = new QValueAxis;
  x->setTitleText(tr("Batch size (images)"));
  x->setLabelFormat(QStringLiteral("%d"));
  const int last = rows.back().batch;
  x->setRange(0, last + 1);
  x->setTickType(QValueAxis::TicksDynamic);
  x->setTickAnchor(0);
  x->setTickInterval(last <= 16 ? (last <= 8 ? 1 : 2) : std::ceil(last / 8.0));
  auto* time = new QValueAxis;
  time->setTitleText(tr("Time per image (ms/image)"));
  time->setTitleBrush(color.darker(120));
  auto* memory = new QValueAxis;
  memory->setTitleText(tr("Memory for the batch (MB)"));
  memory->setGridLineVisible(false);
  chart()->addAxis(x, Qt::AlignBottom);
  chart()->addAxis(time, Qt::AlignLeft);
  chart()->addAxis(memory, Qt::AlignRight);

  QList<QPointF> times, modelled, measured, tracked, noisy;
  double time_top = 0, memory_top = 0;
  QPen error_pen(color.darker(130), 1.6);
  const double cap = 0.012 * (last + 1);  // half the width of an error bar's caps (batch units)
  for (const BatchRow& r : rows) {
    times << QPointF(r.batch, r.ms);
    modelled << QPointF(r.batch, r.modelled_mb);
    measured << QPointF(r.batch, r.measured_mb);
    if (r.tracked_mb) tracked << QPointF(r.batch, *r.tracked_mb);
    if (r.noisy) noisy << QPointF(r.batch, r.ms + r.std);
    time_top = std::max(time_top, r.ms + r.std);
    memory_top = std::max({memory_top, r.modelled_mb, r.measured_mb, r.tracked_mb.value_or(0)});
    if (r.std > 0) {  // an I-shaped error bar (± std over repetitions)
      auto* bar = new QLineSeries;
      bar->setPen(error_pen);
      const double b = r.batch, hi = r.ms + r.std, lo = std::max(0.0, r.ms - r.std);
      bar->append({{b - cap, hi}, {b + cap, hi}, {b, hi}, {b, lo}, {b - cap, lo}, {b + cap, lo}});
      add_series(chart(), bar, x, time, false);
    }
  }
  time->setRange(0, nice_top(time_top));
  time->applyNiceNumbers();
  time->setLabelFormat(QStringLiteral("%g"));
  memory->setRange(0, nice_top(memory_top));
  memory->applyNiceNumbers();
  memory->setLabelFormat(QStringLiteral("%g"));

  QPen time_pen(color, 3.5);
  add_line(chart(), tr("Time per image (ms/image, ± std)"), times, time_pen, QScatterSeries::MarkerShapeCircle, x, time);
  QPen memory_pen(QColor(0x40, 0x40, 0x40), 2.5, Qt::DashLine);
  if (memory_top > 0)
    add_line(chart(), tr("Memory, modelled (MB)"), modelled, memory_pen, QScatterSeries::MarkerShapeRectangle, x,
             memory);
  if (!tracked.isEmpty()) {
    QPen tracked_pen(QColor(0x40, 0x40, 0x40), 2.5);
    add_line(chart(), tr("Memory, tracked (MB)"), tracked, tracked_pen, QScatterSeries::MarkerShapeRectangle,
             x, memory);
  }
  if (std::any_of(rows.begin(), rows.end(), [](const BatchRow& r) { return r.measured_mb > 0; })) {
    memory_pen.setStyle(Qt::DotLine);
    memory_pen.setColor(QColor(0x80, 0x80, 0x80));
    add_line(chart(), tr("Memory, RSS growth (MB)"), measured, memory_pen, QScatterSeries::MarkerShapeRectangle,
             x, memory);
  }
  if (!noisy.isEmpty()) {  // a warning mark above each doubtful reading, as on the bar charts
    QScatterSeries* marks = new_flag_marks();
    for (const QPointF& at : noisy) marks->append(at.x(), at.y() + 0.03 * time->max());
    add_series(chart(), marks, x, time, true);
  }

  const double percent = within_->value();
  for (const analysis::GoodEnoughBatch& g : analysis::good_enough_batches(results.points, percent)) {
    if (g.model != model || g.series != *series) continue;
    if (g.best_batch != g.batch)
      add_mark(chart(), tr("Best batch size"), tr("best: %1").arg(g.best_batch),
               QPointF(g.best_batch, g.best_ms_per_image), QColor(0x55, 0x55, 0x55), x, time);
    add_mark(chart(), tr("Good enough (within %1% of the best)").arg(percent),
             tr("good enough: batch %1").arg(g.batch), QPointF(g.batch, g.ms_per_image), Qt::black, x, time);
  }
  chart()->setTitle(tr("%1 on %2: time per image and memory against batch size")
                        .arg(model_name(results, model), LibraryColors::series_name(*series)));
  return {};
}

}  // namespace cnn::ui
