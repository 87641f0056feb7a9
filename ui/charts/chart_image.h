#pragma once
// For PNG export (window, "Export all", --export-charts): use render_chart() so every image is drawn
// exactly as the tests check it.
#include <QImage>
#include <QSize>

class QChart;

namespace cnn::ui {

// Draws `chart` into a new image of exactly `size` pixels (white background, fonts and legend
// chosen for that size), then puts the chart back at its own size. Works without a display
// (offscreen platform) and whether or not the chart is shown in a view.
QImage render_chart(QChart* chart, QSize size);

// render_chart() written as PNG to `path`; false when the file cannot be written.
bool save_chart_png(QChart* chart, QSize size, const QString& path);

}  // namespace cnn::ui
