#pragma once
// Size-aware styling shared by every chart: fonts, legend and margins follow the size the chart is
// drawn at (a window, a 1920x1080 slide, a 1000x200 strip), and the "No results yet" message.
#include <QSize>
#include <QString>
#include <QAbstractAxis>
#include <QChart>

class QAbstractSeries;
class QChart;

namespace cnn::ui {

// Makes a fresh chart plain and slide-friendly (no animation, no drop shadow, white background).
void init_chart(QChart* chart);

// Applies fonts, legend placement/visibility and margins for drawing at `size` (pixels). Cheap;
// call it after every rebuild and whenever the chart is resized.
void apply_chart_style(QChart* chart, QSize size);

// Marks a series whose point labels are the values of `bars` bars side by side across the plot,
// so the style can hide them where the bars are too narrow for their labels.
void mark_value_labels(QAbstractSeries* series, int bars);

// Marks a series of one point whose label (a name) is shown only where it fits: over a box
// `width_share` of the plot's width and `height_share` of its height, `chars` characters long.
void mark_fitted_labels(QAbstractSeries* series, double width_share, int chars, double height_share);

// Marks a series whose point labels (names beside points) only fit a full-size chart: a strip hides them.
void mark_large_only_labels(QAbstractSeries* series);

// Keeps an added series (error bars, value labels, marks) out of the legend.
void hide_from_legend(QChart* chart, QAbstractSeries* series);
// Adds `series` to `chart` on the axes x and y (kept out of the legend unless `in_legend`); returns it.
template <typename S>
S* add_series(QChart* chart, S* series, QAbstractAxis* x, QAbstractAxis* y, bool in_legend) {
  chart->addSeries(series);
  series->attachAxis(x);
  series->attachAxis(y);
  if (!in_legend) hide_from_legend(chart, series);
  return series;
}

// Shows `text` centred over the chart (e.g. "No results yet"); an empty text hides it.
void set_chart_message(QChart* chart, const QString& text);
// The message shown now; empty when none.
QString chart_message(const QChart* chart);

}  // namespace cnn::ui
