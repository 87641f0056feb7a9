#pragma once
// JSON or CSV files of the results on screen, written with the store's own export
// (core/bench/results_json.h, results_csv.h).
#include <QString>
#include <QStringList>

#include <vector>

#include "core/bench/point.h"

namespace cnn::ui {

enum class ResultsFormat { Json, Csv };

// Json: `file` as a cnn-explorer/1 document. Csv: `file` (one row per point and repetition) and
// the layer file beside it ("x.csv" -> "x.layers.csv"). Returns the files written; throws
// ExportError (ui/chart_exporter.h) naming the file that cannot be written.
QStringList write_results(const QString& file, ResultsFormat format, const Platform& platform,
                          const std::vector<Point>& points);

}  // namespace cnn::ui
