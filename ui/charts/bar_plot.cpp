#include "ui/charts/bar_plot.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "ui/charts/chart_style.h"

namespace cnn::ui {
namespace {

constexpr double kBarWidth = 0.8;  // fraction of a category the group of bars fills

bool has(double v) { return !std::isnan(v); }

QAbstractBarSeries* make_series(const BarPlotStyle& style) {
  if (style.stacked) return new QStackedBarSeries;
  return new QBarSeries;
}

// The largest extent the bars (and error bars, and the reference line) reach.
double top_of(const BarTable& table, const BarPlotStyle& style) {
  double top = has(style.reference) ? style.reference : 0;
  for (std::size_t c = 0; c < static_cast<std::size_t>(table.categories.size()); ++c) {
    double stack = 0;
    for (const BarSetData& set : table.sets) {
      const double v = c < set.values.size() && has(set.values[c]) ? set.values[c] : 0;
      const double e = c < set.errors.size() && has(set.errors[c]) ? set.errors[c] : 0;
      if (style.stacked)
        stack += v;
      else
        top = std::max(top, v + e);
    }
    top = std::max(top, stack);
  }
  return top > 0 ? top : 1;
}

// A hidden x axis in category units (category i at x = i) for the overlays of a vertical plot.
QValueAxis* overlay_axis(QChart* chart, int categories) {
  auto* axis = new QValueAxis;
  axis->setRange(-0.5, categories - 0.5);
  axis->setVisible(false);
  chart->addAxis(axis, Qt::AlignBottom);
  return axis;
}

// One I-shaped line per bar with an error, centred where Qt Charts draws that bar.
void add_error_bars(QChart* chart, const BarTable& table, QAbstractAxis* x, QAbstractAxis* y) {
  const int sets = static_cast<int>(table.sets.size());
  const double width = kBarWidth / sets;  // one bar's width in category units
  const double cap = std::min(0.12, width * 0.3);
  QPen pen(QColor(0x20, 0x20, 0x20));
  pen.setWidthF(1.6);
  for (int s = 0; s < sets; ++s) {
    const BarSetData& set = table.sets[s];
    for (std::size_t c = 0; c < set.errors.size() && c < set.values.size(); ++c) {
      const double v = set.values[c], e = set.errors[c];
      if (!has(v) || !has(e) || e <= 0) continue;
      const double x0 = static_cast<double>(c) - kBarWidth / 2 + (s + 0.5) * width;
      const double lo = std::max(0.0, v - e), hi = v + e;
      auto* line = new QLineSeries;
      line->setName(set.name + QStringLiteral(" ± std"));
      line->setPen(pen);
      line->append({{x0 - cap, hi}, {x0 + cap, hi}, {x0, hi}, {x0, lo}, {x0 - cap, lo}, {x0 + cap, lo}});
      chart->addSeries(line);
      line->attachAxis(x);
      line->attachAxis(y);
      hide_from_legend(chart, line);
    }
  }
}

// Rounds to `digits` significant digits, so the point label Qt prints reads short ("45.6").
double round_significant(double v, int digits) {
  if (v == 0 || !std::isfinite(v)) return v;
  const double scale = std::pow(10.0, digits - 1 - static_cast<int>(std::floor(std::log10(std::abs(v)))));
  return std::round(v * scale) / scale;
}

// Value labels above the bars that exist (a bar set's own labels would print "0" where a bar is
// missing): one scatter series of invisible markers per bar set, labelled with its y value.
void add_value_labels(QChart* chart, const BarTable& table, const BarPlotStyle& style, QAbstractAxis* x,
                      QAbstractAxis* y) {
  const int sets = static_cast<int>(table.sets.size());
  const double width = kBarWidth / sets;
  QString format = style.label_format;
  format.replace(QStringLiteral("@value"), QStringLiteral("@yPoint"));
  for (int s = 0; s < sets; ++s) {
    const BarSetData& set = table.sets[s];
    auto* labels = new QScatterSeries;
    labels->setName(set.name + QStringLiteral(" values"));
    labels->setMarkerSize(1);
    labels->setColor(Qt::transparent);
    labels->setBorderColor(Qt::transparent);
    labels->setPointLabelsVisible(true);
    labels->setPointLabelsClipping(false);
    labels->setPointLabelsColor(QColor(0x20, 0x20, 0x20));
    labels->setPointLabelsFormat(format);
    for (std::size_t c = 0; c < set.values.size(); ++c)
      if (has(set.values[c]))
        labels->append(static_cast<double>(c) - kBarWidth / 2 + (s + 0.5) * width,
                       round_significant(set.values[c], style.label_precision));
    mark_value_labels(labels, sets * static_cast<int>(table.categories.size()));
    chart->addSeries(labels);
    labels->attachAxis(x);
    labels->attachAxis(y);
    hide_from_legend(chart, labels);
  }
}

// A warning mark (an orange triangle) above each flagged bar and its error bar; one legend entry.
void add_flags(QChart* chart, const BarTable& table, const BarPlotStyle& style, double top, QAbstractAxis* x,
               QAbstractAxis* y) {
  const int sets = static_cast<int>(table.sets.size());
  const double width = kBarWidth / sets;
  QScatterSeries* marks = new_flag_marks(style.flag_name);
  for (int s = 0; s < sets; ++s) {
    const BarSetData& set = table.sets[s];
    for (std::size_t c = 0; c < set.flagged.size() && c < set.values.size(); ++c) {
      if (!set.flagged[c] || !has(set.values[c])) continue;
      const double e = c < set.errors.size() && has(set.errors[c]) ? set.errors[c] : 0;
      marks->append(static_cast<double>(c) - kBarWidth / 2 + (s + 0.5) * width, set.values[c] + e + top * 0.03);
    }
  }
  chart->addSeries(marks);
  marks->attachAxis(x);
  marks->attachAxis(y);
}

void add_reference_line(QChart* chart, const BarPlotStyle& style, int categories, QAbstractAxis* x,
                        QAbstractAxis* y) {
  auto* line = new QLineSeries;
  line->setName(style.reference_name);
  QPen pen(QColor(0x44, 0x44, 0x44));
  pen.setWidthF(2);
  pen.setStyle(Qt::DashLine);
  line->setPen(pen);
  line->append(-0.5, style.reference);
  line->append(categories - 0.5, style.reference);
  chart->addSeries(line);
  line->attachAxis(x);
  line->attachAxis(y);
  if (style.reference_name.isEmpty()) hide_from_legend(chart, line);
}

}  // namespace

QString noisy_legend() { return QObject::tr("Noisy reading (CoV over threshold)"); }

QScatterSeries* new_flag_marks(const QString& name) {
  auto* marks = new QScatterSeries;
  marks->setName(name.isEmpty() ? noisy_legend() : name);
  marks->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
  marks->setMarkerSize(11);
  marks->setColor(QColor(0xF0, 0x8C, 0x00));
  marks->setBorderColor(QColor(0x60, 0x30, 0x00));
  return marks;
}

void draw_bar_plot(QChart* chart, const BarTable& table, const BarPlotStyle& style) {
  if (table.empty()) return;
  const int n = static_cast<int>(table.categories.size());
  QAbstractBarSeries* bars = make_series(style);
  bars->setBarWidth(kBarWidth);
  for (const BarSetData& data : table.sets) {
    auto* set = new QBarSet(data.name);
    set->setBrush(data.brush);
    set->setPen(QPen(data.border, 1.2));
    set->setLabelColor(QColor(0x20, 0x20, 0x20));
    for (int c = 0; c < n; ++c) {
      const double v = c < static_cast<int>(data.values.size()) ? data.values[c] : kNoValue;
      set->append(has(v) ? v : 0);
    }
    bars->append(set);
  }
  chart->addSeries(bars);

  auto* categories = new QBarCategoryAxis;
  categories->append(table.categories);
  categories->setTitleText(style.category_title);
  categories->setLabelsAngle(style.category_label_angle);
  categories->setGridLineVisible(false);
  auto* values = new QValueAxis;
  values->setTitleText(style.value_title);
  const bool flags = std::any_of(table.sets.begin(), table.sets.end(), [](const BarSetData& s) {
    return std::find(s.flagged.begin(), s.flagged.end(), true) != s.flagged.end();
  });
  const double top = top_of(table, style);
  values->setRange(0, top * (style.label_format.isEmpty() && !flags ? 1.05 : 1.15));
  values->applyNiceNumbers();
  values->setLabelFormat(QStringLiteral("%g"));
  chart->addAxis(categories, Qt::AlignBottom);
  chart->addAxis(values, Qt::AlignLeft);
  bars->attachAxis(categories);
  bars->attachAxis(values);

  const bool errors = std::any_of(table.sets.begin(), table.sets.end(), [](const BarSetData& s) {
    return std::any_of(s.errors.begin(), s.errors.end(), [](double e) { return has(e) && e > 0; });
  });
  QValueAxis* overlay = nullptr;  // one hidden x axis shared by every overlay
  auto x = [&] { return overlay ? overlay : (overlay = overlay_axis(chart, n)); };
  if (errors && !style.stacked) add_error_bars(chart, table, x(), values);
  if (!style.label_format.isEmpty() && !style.stacked) add_value_labels(chart, table, style, x(), values);
  if (has(style.reference)) add_reference_line(chart, style, n, x(), values);
  if (flags && !style.stacked) add_flags(chart, table, style, top, x(), values);
}

}  // namespace cnn::ui
