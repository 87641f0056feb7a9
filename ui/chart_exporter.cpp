#include "ui/chart_exporter.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QRegularExpression>

#include "ui/charts/chart_image.h"
#include "ui/charts/results_chart.h"

namespace cnn::ui {

void write_chart_png(const ResultsChart& chart, const QString& file, QSize size) {
  Q_ASSERT(chart.chart() && size.isValid());
  if (!render_chart(chart.chart(), size).save(file, "PNG"))
    throw ExportError(QString("Cannot write the image '%1'.").arg(QDir::toNativeSeparators(file)).toStdString());
}

void prepare_export_folder(const QString& dir) {
  const QFileInfo info(dir);
  if (info.exists() && !info.isDir())
    throw ExportError(QString("Cannot write charts to '%1': it is a file, not a folder.").arg(dir).toStdString());
  if (!QDir().mkpath(dir))
    throw ExportError(QString("Cannot create the folder '%1' for the charts.").arg(dir).toStdString());
  if (!QFileInfo(dir).isWritable())
    throw ExportError(QString("Cannot write charts to the folder '%1': it is read-only.").arg(dir).toStdString());
}

QStringList export_charts(const std::vector<ResultsChart*>& charts, const QString& dir, QSize size) {
  prepare_export_folder(dir);
  QStringList written;
  for (const ResultsChart* chart : charts) {
    const QString file = QDir(dir).filePath(chart->file_stem() + ".png");
    write_chart_png(*chart, file, size);
    written << file;
  }
  return written;
}

QSize parse_size(const QString& text) {
  static const QRegularExpression re("^(\\d{1,5})[xX](\\d{1,5})$");
  const auto m = re.match(text.trimmed());
  if (!m.hasMatch()) return {};
  const int w = m.captured(1).toInt(), h = m.captured(2).toInt();
  if (w < 16 || h < 16 || w > 16384 || h > 16384) return {};
  return {w, h};
}

}  // namespace cnn::ui
