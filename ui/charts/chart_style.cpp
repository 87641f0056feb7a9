#include "ui/charts/chart_style.h"

#include <QAbstractAxis>
#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QFont>
#include <QGraphicsLayout>
#include <QGraphicsTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QPen>
#include <QScatterSeries>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace cnn::ui {
namespace {

const char* const kMessageName = "cnn-chart-message";
const char* const kFullTitle = "cnn_full_title";  // an axis property: its title at full size
const char* const kBasePen = "cnn_base_pen";        // a series property: its pen width at 1600x900
const char* const kBaseMarker = "cnn_base_marker";  // a scatter property: its marker size at 1600x900
const char* const kBaseAngle = "cnn_base_angle";    // a category axis property: its label angle
const char* const kValueLabelBars = "cnn_value_label_bars";  // value labels: how many bars share the width
const char* const kNoLegend = "cnn_no_legend";  // a series property: kept out of the legend
const char* const kLargeOnlyLabels = "cnn_large_only_labels";  // a series property: labels hidden in a strip
const char* const kFitBox = "cnn_fit_box";  // a series property: (width share, height share, characters)

// Pixel sizes of the chart's texts at one drawing size.
struct FontSizes {
  int title, axis_title, labels, legend, values, message;
  double scale;  // for line widths and marker sizes
  bool small;  // a short strip: tighter margins, legend on the right or hidden
};

FontSizes font_sizes(QSize size) {
  // 1.0 at 1600x900; a slide (1920x1080) gets 1.2. Floors keep a 1000x200 strip legible.
  const double f = std::min(size.width() / 1600.0, size.height() / 900.0);
  auto px = [f](double at_one, int floor) { return std::max(floor, static_cast<int>(std::lround(at_one * f))); };
  FontSizes s{};
  s.small = size.height() < 420;
  s.scale = s.small ? 0.55 : std::clamp(f, 0.7, 1.3);
  s.title = px(26, 13);
  s.axis_title = px(18, 11);
  s.labels = px(16, 10);
  s.legend = px(16, 10);
  s.values = px(14, 9);
  s.message = px(34, 14);
  if (s.small) {  // a strip: every pixel of height counts
    s.title = std::min(s.title, 14);
    s.axis_title = std::min(s.axis_title, 11);
    s.labels = std::min(s.labels, 10);
    s.legend = std::min(s.legend, 10);
    s.values = std::min(s.values, 9);
  }
  return s;
}

QFont font_px(int px, bool bold = false) {
  QFont f;
  f.setPixelSize(px);
  f.setBold(bold);
  return f;
}

QGraphicsTextItem* find_message(const QChart* chart) {
  for (QGraphicsItem* item : chart->childItems())
    if (QGraphicsObject* object = item->toGraphicsObject())
      if (object->objectName() == QLatin1String(kMessageName)) return static_cast<QGraphicsTextItem*>(object);
  return nullptr;
}

// "Time per image (ms/image, mean ± std)" -> "ms/image": the unit, for a strip's short vertical
// axis; a bare symbol keeps the title's first word: "Speedup over X (×)" -> "Speedup (×)".
QString unit_of(const QString& title) {
  const qsizetype open = title.lastIndexOf(QLatin1Char('('));
  if (open < 0 || !title.endsWith(QLatin1Char(')'))) return title;
  const QString unit = title.mid(open + 1, title.size() - open - 2).section(QLatin1Char(','), 0, 0).trimmed();
  return unit.size() > 2 ? unit : title.section(QLatin1Char(' '), 0, 0) + QStringLiteral(" (") + unit + QLatin1Char(')');
}

void style_axes(QChart* chart, const FontSizes& s, QSize size) {
  for (QAbstractAxis* axis : chart->axes()) {
    int labels = s.labels;
    if (auto* rows = qobject_cast<QBarCategoryAxis*>(axis); rows && axis->orientation() == Qt::Vertical) {
      // One row per category: shrink the labels to fit the rows (Qt elides a label taller than its row).
      const double row = size.height() * (s.small ? 0.72 : 0.8) / std::max<qsizetype>(1, rows->count());
      labels = std::clamp(static_cast<int>(row * 0.62), 7, s.labels);
    }
    axis->setLabelsFont(font_px(labels));
    if (auto* names = qobject_cast<QBarCategoryAxis*>(axis); names && axis->orientation() == Qt::Horizontal) {
      // Slanted names (many long ones) stand upright in a strip, where height is short.
      if (!axis->property(kBaseAngle).isValid()) axis->setProperty(kBaseAngle, axis->labelsAngle());
      const int angle = axis->property(kBaseAngle).toInt();
      axis->setLabelsAngle(s.small && angle != 0 ? -90 : angle);
    }
    axis->setTitleFont(font_px(s.axis_title, true));
    if (!axis->property(kFullTitle).isValid()) axis->setProperty(kFullTitle, axis->titleText());
    const QString full = axis->property(kFullTitle).toString();
    if (full.isEmpty()) continue;
    // A strip keeps only the unit of a value axis and drops the categories' title (the bars say it).
    const bool categories = qobject_cast<QBarCategoryAxis*>(axis) != nullptr;
    axis->setTitleVisible(!(s.small && categories));
    axis->setTitleText(s.small && axis->orientation() == Qt::Vertical ? unit_of(full) : full);
  }
}

// Line widths and marker sizes are set for 1600x900 and scaled with the drawing size.
void style_series(QChart* chart, const FontSizes& s, QSize size) {
  for (QAbstractSeries* series : chart->series()) {
    if (auto* bars = qobject_cast<QAbstractBarSeries*>(series)) {
      for (QBarSet* set : bars->barSets()) set->setLabelFont(font_px(s.values));
      continue;
    }
    auto* xy = qobject_cast<QXYSeries*>(series);
    if (!xy) continue;
    xy->setPointLabelsFont(font_px(s.values, true));
    if (const int bars = xy->property(kValueLabelBars).toInt(); bars > 0) {
      // Value labels over bars: only when a bar is about as wide as its label ("12.3×").
      const double bar_px = size.width() * 0.62 / bars;
      xy->setPointLabelsVisible(bar_px >= 5 * s.values * 0.6 * 0.8);
    }
    if (xy->property(kLargeOnlyLabels).toBool()) xy->setPointLabelsVisible(!s.small);
    if (const QVariantList box = xy->property(kFitBox).toList(); box.size() == 3) {
      // The plot takes about 80 % of the width and 60 % (a strip) to 75 % of the height.
      const double width_px = box[0].toDouble() * size.width() * 0.8;
      const double height_px = box[1].toDouble() * size.height() * (s.small ? 0.6 : 0.75);
      xy->setPointLabelsVisible(width_px >= box[2].toInt() * s.values * 0.62 + 4 && height_px >= s.values * 1.3);
    }
    if (!xy->property(kBasePen).isValid()) xy->setProperty(kBasePen, xy->pen().widthF());
    QPen pen = xy->pen();
    pen.setWidthF(std::max(1.0, xy->property(kBasePen).toDouble() * s.scale));
    xy->setPen(pen);
    if (auto* scatter = qobject_cast<QScatterSeries*>(xy)) {
      if (!scatter->property(kBaseMarker).isValid()) scatter->setProperty(kBaseMarker, scatter->markerSize());
      scatter->setMarkerSize(std::max(1.0, scatter->property(kBaseMarker).toDouble() * s.scale));
    }
  }
}

void style_legend(QChart* chart, const FontSizes& s, QSize size, bool has_message) {
  QLegend* legend = chart->legend();
  legend->setFont(font_px(s.legend));
  int entries = 0;
  int longest = 0, total_chars = 0;
  for (QLegendMarker* marker : legend->markers()) {
    // (a marker reads as hidden while the whole legend is, so ask the series)
    if (marker->series()->property(kNoLegend).toBool()) continue;
    ++entries;
    longest = std::max(longest, static_cast<int>(marker->label().size()));
    total_chars += static_cast<int>(marker->label().size());
  }
  bool show = entries > 0 && !has_message;
  // Below the plot while the entries fit on one line (Qt elides them rather than wrap), else right.
  const double one_line = entries * 40.0 + total_chars * s.legend * 0.6;
  if (s.small || one_line > size.width() * 0.9) {
    // Right of the plot, one entry a line: shown only when every entry fits the height and it
    // leaves the plot most of the width.
    const double needed = entries * s.legend * 1.6 + 12;
    const double width = longest * s.legend * 0.62 + 40;
    show = show && needed <= size.height() * 0.95 && width <= size.width() * 0.3;
    legend->setAlignment(Qt::AlignRight);
  } else {
    legend->setAlignment(Qt::AlignBottom);
  }
  legend->setVisible(show);
}

}  // namespace

void init_chart(QChart* chart) {
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->setTheme(QChart::ChartThemeLight);
  chart->setDropShadowEnabled(false);
  chart->setBackgroundRoundness(0);
  chart->setBackgroundBrush(Qt::white);
  chart->setBackgroundPen(Qt::NoPen);
  chart->legend()->setShowToolTips(true);
}

void mark_value_labels(QAbstractSeries* series, int bars) { series->setProperty(kValueLabelBars, bars); }

void mark_fitted_labels(QAbstractSeries* series, double width_share, int chars, double height_share) {
  series->setProperty(kFitBox, QVariantList{width_share, height_share, chars});
}

void mark_large_only_labels(QAbstractSeries* series) { series->setProperty(kLargeOnlyLabels, true); }

void hide_from_legend(QChart* chart, QAbstractSeries* series) {
  series->setProperty(kNoLegend, true);
  for (QLegendMarker* marker : chart->legend()->markers(series)) marker->setVisible(false);
}

void apply_chart_style(QChart* chart, QSize size) {
  if (size.isEmpty()) return;
  const FontSizes s = font_sizes(size);
  chart->setTitleFont(font_px(s.title, true));
  const int margin = s.small ? 4 : std::max(6, size.height() / 80);
  chart->setMargins(QMargins(margin, s.small ? 0 : margin, margin, s.small ? 2 : margin));
  chart->layout()->setContentsMargins(0, 0, 0, 0);
  style_axes(chart, s, size);
  style_series(chart, s, size);
  QGraphicsTextItem* message = find_message(chart);
  const bool has_message = message && message->isVisible();
  style_legend(chart, s, size, has_message);
  if (has_message) {
    message->setFont(font_px(s.message, true));
    message->setTextWidth(-1);  // one line when it fits, else wrapped to the chart's width
    if (message->boundingRect().width() > size.width() * 0.92) message->setTextWidth(size.width() * 0.92);
    const QRectF box = message->boundingRect();
    message->setPos((size.width() - box.width()) / 2, (size.height() - box.height()) / 2 + s.title / 2.0);
  }
}

void set_chart_message(QChart* chart, const QString& text) {
  QGraphicsTextItem* message = find_message(chart);
  if (text.isEmpty()) {
    if (message) message->setVisible(false);
    return;
  }
  if (!message) {
    message = new QGraphicsTextItem(chart);
    message->setObjectName(QLatin1String(kMessageName));
    message->setDefaultTextColor(QColor(0x55, 0x55, 0x55));
    message->setZValue(100);
  }
  message->setPlainText(text);
  message->setVisible(true);
  apply_chart_style(chart, chart->size().toSize());
}

QString chart_message(const QChart* chart) {
  const QGraphicsTextItem* message = find_message(chart);
  return message && message->isVisible() ? message->toPlainText() : QString();
}

}  // namespace cnn::ui
