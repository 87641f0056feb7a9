#pragma once
// JSON or CSV files of the results on screen, written with the store's own export
// (core/bench/results_json.h, results_csv.h), and their adaptive plans (core/bench/adaptive_plan.h).
#include <QString>
#include <QStringList>

#include <vector>

#include "core/bench/adaptive_plan.h"
#include "core/bench/point.h"

namespace cnn::ui {

enum class ResultsFormat { Json, Csv };

// Json: `file` as a cnn-explorer/1 document. Csv: `file` (one row per point and repetition) and
// the layer file beside it ("x.csv" -> "x.layers.csv"). Returns the files written; throws
// ExportError (ui/chart_exporter.h) naming the file that cannot be written.
QStringList write_results(const QString& file, ResultsFormat format, const Platform& platform,
                          const std::vector<Point>& points);

// `file` as a plan document (cnn-explorer-plan/1) of `plans`; throws ExportError naming the file.
void write_plans(const QString& file, const std::vector<AdaptivePlan>& plans);

// `file` as the model's prototxt (`prototxt`, named `source` in messages) with a layer-level
// `engine: "<lib>"` on each planned layer. Throws ExportError with one sentence when the text does
// not parse or the file cannot be written.
void write_plan_prototxt(const QString& file, const AdaptivePlan& plan, const std::string& prototxt,
                         const std::string& source);

}  // namespace cnn::ui
