#pragma once
// PNG files of charts at a chosen pixel size, drawn by the charts' own render_chart()
// (ui/charts/chart_image.h), which picks fonts, legend and margins for the size.
#include <QSize>
#include <QString>
#include <QStringList>

#include <stdexcept>
#include <vector>

namespace cnn::ui {

class ResultsChart;

// A failed write: one sentence naming the file or folder.
class ExportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The sizes the export menus offer.
inline constexpr QSize kSlideSize{1920, 1080};
inline constexpr QSize kStripSize{1000, 200};

// Writes `chart` to `file` as a PNG of exactly `size` pixels; throws ExportError.
void write_chart_png(const ResultsChart& chart, const QString& file, QSize size);

// Creates `dir` when missing; throws ExportError when it is a file or cannot be written.
void prepare_export_folder(const QString& dir);

// Writes <dir>/<file_stem>.png for every chart, creating `dir` when missing; returns the files
// written, in chart order. Throws ExportError naming the folder or file that cannot be written.
QStringList export_charts(const std::vector<ResultsChart*>& charts, const QString& dir, QSize size);

// "1920x1080" -> 1920 x 1080; an invalid QSize for anything else or a side outside 16..16384.
QSize parse_size(const QString& text);

}  // namespace cnn::ui
