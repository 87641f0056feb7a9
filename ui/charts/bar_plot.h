#pragma once
// Draws a table of bars into a QChart: grouped (or stacked) bars, optional value labels, optional
// ± error bars (Qt Charts has none: each is an I-shaped line series over the bar) and an optional
// dashed reference line (e.g. speedup 1×). A flagged bar (a noisy reading) gets a warning mark above
// it, with one legend entry for all of them.
#include <QBrush>
#include <QColor>
#include <QStringList>

#include <limits>
#include <vector>

class QChart;
class QScatterSeries;

namespace cnn::ui {

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

struct BarSetData {
  QString name;                // legend entry
  QBrush brush;                // fill: a colour, or a hatched brush for published figures
  QColor border;               // outline
  std::vector<double> values;  // one per category; kNoValue: no bar there
  std::vector<double> errors;  // ± half-lengths (e.g. std) per category; empty or kNoValue: none
  std::vector<bool> flagged;   // per category: a reading we doubt (noisy), marked over its bar; empty: none
};

struct BarTable {
  QStringList categories;  // groups along the category axis, left to right
  std::vector<BarSetData> sets;
  bool empty() const { return categories.isEmpty() || sets.empty(); }
};

struct BarPlotStyle {
  QString value_title;     // the value axis' title, with its unit: "Time per image (ms/image)"
  QString category_title;  // "Model"
  QString label_format;    // value labels, e.g. "@value" or "@value×"; empty: none
  int label_precision = 3;
  double reference = kNoValue;  // a dashed line across the plot at this value; kNoValue: none
  QString reference_name;       // its legend entry
  bool stacked = false;
  int category_label_angle = 0;  // e.g. -60 for long layer names
  QString flag_name;             // the legend entry of the flag marks; empty: kNoisyLegend
};

// The legend entry of the marks over noisy bars.
QString noisy_legend();
// An empty series of those marks (orange triangles), named `name` or noisy_legend(); every chart
// that shows a doubtful reading marks it with one, so the legend entry is the same everywhere.
QScatterSeries* new_flag_marks(const QString& name = {});

// Adds the series and axes of `table` to `chart` (which the caller has cleared).
void draw_bar_plot(QChart* chart, const BarTable& table, const BarPlotStyle& style);

}  // namespace cnn::ui
