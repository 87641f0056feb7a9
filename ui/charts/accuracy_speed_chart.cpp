#include "ui/charts/accuracy_speed_chart.h"

#include <QChart>
#include <QCursor>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/analysis/best_batch.h"
#include "core/analysis/pareto.h"
#include "ui/charts/bar_plot.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/library_colors.h"

namespace cnn::ui {
namespace {

using analysis::AccuracySpeedPoint;

const char* const kTips = "cnn_tips";  // a points series' property: one tool tip per point, in order
const QColor kKeyColor(0x55, 0x55, 0x55);
const QColor kFrontColor(0x22, 0x22, 0x22);
constexpr double kMarker = 15;  // at 1600x900

QString percent(double fraction, int decimals = 1) { return QString::number(100 * fraction, 'f', decimals); }

// The images/s of ± 1 std of the time per image; the upper end is infinite when std >= mean.
std::pair<double, double> speed_range(const AccuracySpeedPoint& p) {
  const double m = p.per_image.mean, s = p.per_image.std;
  return {1000.0 / (m + s), m > s ? 1000.0 / (m - s) : std::numeric_limits<double>::infinity()};
}

QString point_name(const ResultsSnapshot& results, const AccuracySpeedPoint& p) {
  return model_name(results, p.model) + QStringLiteral(", ") + LibraryColors::series_name(p.series);
}

QString tip_of(const ResultsSnapshot& results, const AccuracySpeedPoint& p) {
  const auto [lo, hi] = speed_range(p);
  QString tip = AccuracySpeedChart::tr("%1 at batch size %2\n%3 images/s (%4 to %5 within ± 1 std of the time per image)\n"
                                       "Top-1: %6")
                    .arg(point_name(results, p))
                    .arg(p.batch)
                    .arg(p.images_per_s, 0, 'f', 1)
                    .arg(lo, 0, 'f', 1)
                    .arg(std::isfinite(hi) ? QString::number(hi, 'f', 1) : QStringLiteral("∞"))
                    .arg(QString::fromStdString(analysis::accuracy_text(p.accuracy)));
  if (const auto se = p.accuracy.standard_error()) tip += AccuracySpeedChart::tr(" (± %1 %, binomial standard error)").arg(percent(*se, 2));
  if (!p.accuracy.measured()) tip += AccuracySpeedChart::tr(" (ImageNet, the same for every library)");
  if (p.noise.noisy)
    tip += AccuracySpeedChart::tr("\nNoisy reading: CoV %1 % over %2 repetitions").arg(percent(p.noise.cov)).arg(p.noise.n);
  return tip;
}

// A filled circle (measured) or a hollow diamond (published) in `color`.
QScatterSeries* marker_series(const QColor& color, bool measured) {
  auto* s = new QScatterSeries;
  s->setMarkerShape(measured ? QScatterSeries::MarkerShapeCircle : QScatterSeries::MarkerShapeRotatedRectangle);
  s->setMarkerSize(measured ? kMarker : kMarker + 3);
  s->setBrush(measured ? QBrush(color) : QBrush(Qt::white));
  s->setPen(QPen(measured ? color.darker(150) : color, measured ? 1.5 : 3));
  return s;
}

// A horizontal or vertical whisker from `a` to `b`.
void add_whisker(QChart* chart, QPointF a, QPointF b, const QColor& color, QAbstractAxis* x, QAbstractAxis* y) {
  auto* line = new QLineSeries;
  line->setPen(QPen(color, 1.6));
  line->append({a, b});
  add_series(chart, line, x, y, false);
}

// The x axis for speeds from `lo` to `hi` images/s: logarithmic when they span 10x or more (a LeNet
// beside an AlexNet), else linear from 0.
QAbstractAxis* speed_axis(double lo, double hi) {
  if (hi >= 10 * lo) {
    auto* axis = new QLogValueAxis;
    axis->setBase(10);
    axis->setRange(lo / 1.6, hi * 1.6);
    axis->setMinorTickCount(8);
    axis->setLabelFormat(QStringLiteral("%g"));
    return axis;
  }
  auto* axis = new QValueAxis;
  axis->setRange(0, hi * 1.15);
  axis->applyNiceNumbers();
  axis->setLabelFormat(QStringLiteral("%g"));
  return axis;
}

double axis_max(const QAbstractAxis* axis) {
  if (const auto* log = qobject_cast<const QLogValueAxis*>(axis)) return log->max();
  return static_cast<const QValueAxis*>(axis)->max();
}

// The top-1 axis (%): the values' range with room for labels and marks, in steps of 5 within 0-100.
QValueAxis* accuracy_axis(double lo, double hi) {
  const double pad = std::max(2.0, 0.12 * (hi - lo));
  auto* axis = new QValueAxis;
  const double bottom = std::max(0.0, std::floor((lo - pad) / 5) * 5);
  const double top = std::min(100.0, std::ceil((hi + pad) / 5) * 5);
  axis->setRange(bottom, top);
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(0);
  axis->setTickInterval(top - bottom <= 30 ? 5 : 10);
  axis->setLabelFormat(QStringLiteral("%g"));
  return axis;
}

// An empty series that only gives the legend an entry ("measured top-1", a library's colour).
void add_key(QChart* chart, QScatterSeries* key, const QString& name, QLegend::MarkerShape shape, QAbstractAxis* x,
             QAbstractAxis* y) {
  key->setName(name);
  add_series(chart, key, x, y, true);
  for (QLegendMarker* marker : chart->legend()->markers(key)) marker->setShape(shape);
}

}  // namespace

AccuracySpeedChart::AccuracySpeedChart(QWidget* parent)
    : ChartPanel(tr("Accuracy vs speed"), QStringLiteral("accuracy-speed"), parent) {
  controls()->addWidget(new QLabel(tr("Each pair at its best batch size; top-1 measured with the pair where known (●), "
                                      "else the model's published ImageNet top-1 (◇)."),
                                   this));
  controls()->addStretch(1);
}

QString AccuracySpeedChart::rebuild(const ResultsSnapshot& results) {
  if (analysis::best_batches(results.points).empty()) return kNoResults;
  const analysis::PublishedTop1 published = analysis::published_top1(results.models);
  const std::vector<AccuracySpeedPoint> all = analysis::accuracy_speed_points(results.points, published);
  if (all.empty())
    return tr("No top-1 is known for the measured models: measure one with cnn-bench accuracy, or run a model "
              "with a published top-1");
  const std::vector<AccuracySpeedPoint> front = analysis::pareto_accuracy_speed(results.points, published);

  double x_lo = std::numeric_limits<double>::infinity(), x_hi = 0, y_lo = 100, y_hi = 0;
  for (const AccuracySpeedPoint& p : all) {
    x_lo = std::min(x_lo, p.images_per_s);
    x_hi = std::max(x_hi, p.images_per_s);
    y_lo = std::min(y_lo, 100 * p.accuracy.top1);
    y_hi = std::max(y_hi, 100 * p.accuracy.top1);
  }
  QAbstractAxis* x = speed_axis(x_lo, x_hi);
  x->setTitleText(tr("Throughput (images/s, at the best batch size)"));
  QValueAxis* y = accuracy_axis(y_lo, y_hi);
  y->setTitleText(tr("Top-1 accuracy (%)"));
  chart()->addAxis(x, Qt::AlignBottom);
  chart()->addAxis(y, Qt::AlignLeft);
  chart()->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
  const double x_max = axis_max(x);

  // The points, one pair of series (measured, published) per library series, in legend order.
  std::vector<analysis::Series> order;
  for (const AccuracySpeedPoint& p : all) order.push_back(p.series);
  std::sort(order.begin(), order.end(), LibraryColors::before);
  order.erase(std::unique(order.begin(), order.end()), order.end());
  QList<QPointF> noisy;
  for (const analysis::Series& s : order) {
    const QColor color = LibraryColors::color(s);
    add_key(chart(), marker_series(color, true), LibraryColors::series_name(s), QLegend::MarkerShapeRectangle, x, y);
    for (const bool measured : {true, false}) {
      QScatterSeries* points = marker_series(color, measured);
      points->setObjectName(QLatin1String(measured ? kMeasured : kPublished));
      points->setName(LibraryColors::series_name(s));
      QStringList tips;
      for (const AccuracySpeedPoint& p : all) {
        if (p.series != s || p.accuracy.measured() != measured) continue;
        const QPointF at(p.images_per_s, 100 * p.accuracy.top1);
        points->append(at);
        tips << tip_of(results, p);
        const auto [lo, hi] = speed_range(p);
        add_whisker(chart(), {lo, at.y()}, {std::min(hi, x_max), at.y()}, color, x, y);
        if (const auto se = p.accuracy.standard_error(); se && *se > 0)
          add_whisker(chart(), {at.x(), at.y() - 100 * *se}, {at.x(), at.y() + 100 * *se}, color, x, y);
        if (p.noise.noisy) noisy << at;
      }
      if (points->count() == 0) {
        delete points;
        continue;
      }
      points->setProperty(kTips, tips);
      add_series(chart(), points, x, y, false);
      connect(points, &QScatterSeries::hovered, this, [points](const QPointF& at, bool on) {
        const QStringList tips = points->property(kTips).toStringList();
        const QList<QPointF> all = points->points();
        const qsizetype i = all.indexOf(at);
        if (on && i >= 0 && i < tips.size()) QToolTip::showText(QCursor::pos(), tips[i]);
        else QToolTip::hideText();
      });
    }
  }

  // The fronts: one dashed step line per accuracy scale, its points ringed and named.
  std::map<std::pair<bool, std::string>, QList<QPointF>> steps;  // (published, dataset) -> corners
  auto* rings = new QScatterSeries;
  rings->setObjectName(QLatin1String(kFrontRing));
  rings->setMarkerSize(kMarker + 12);
  rings->setBrush(Qt::transparent);
  rings->setPen(QPen(kFrontColor, 2));
  for (const AccuracySpeedPoint& p : front) {
    const QPointF at(p.images_per_s, 100 * p.accuracy.top1);
    QList<QPointF>& corners = steps[{!p.accuracy.measured(), p.accuracy.dataset}];
    if (!corners.isEmpty()) corners << QPointF(at.x(), corners.back().y());  // across, then up
    corners << at;
    rings->append(at);
    // The name below the point (Qt puts a label above its point): the warning mark goes above.
    auto* label = new QScatterSeries;
    label->setObjectName(QLatin1String(kLabel));
    label->setMarkerSize(1);
    label->setBrush(Qt::transparent);
    label->setPen(Qt::NoPen);
    label->append(at.x(), at.y() - 0.06 * (y->max() - y->min()));
    label->setPointLabelsFormat(point_name(results, p));
    label->setPointLabelsVisible(true);
    label->setPointLabelsClipping(false);
    label->setPointLabelsColor(kFrontColor);
    mark_large_only_labels(label);
    add_series(chart(), label, x, y, false);
  }
  add_series(chart(), rings, x, y, false);
  bool named = false;
  for (const auto& [scale, corners] : steps) {
    auto* line = new QLineSeries;
    line->setObjectName(QLatin1String(kFront));
    line->setName(steps.size() > 1 ? tr("Pareto front (one per dataset)") : tr("Pareto front"));
    line->setPen(QPen(kFrontColor, 2.5, Qt::DashLine));
    line->append(corners);
    add_series(chart(), line, x, y, !named);
    named = true;
  }

  // What the two markers mean, and the warning mark of a doubtful reading, as on the other charts.
  add_key(chart(), marker_series(kKeyColor, true), tr("measured top-1"), QLegend::MarkerShapeFromSeries, x, y);
  add_key(chart(), marker_series(kKeyColor, false), tr("published ImageNet top-1"), QLegend::MarkerShapeFromSeries, x, y);
  if (!noisy.isEmpty()) {
    QScatterSeries* marks = new_flag_marks();
    const double lift = 0.035 * (y->max() - y->min());
    for (const QPointF& at : noisy) marks->append(at.x(), at.y() + lift);
    add_series(chart(), marks, x, y, true);
  }
  chart()->setTitle(tr("Top-1 accuracy against images per second, each pair at its best batch size"));
  return {};
}

}  // namespace cnn::ui
