#pragma once
// Where a ResultsSnapshot's fixed parts come from: the catalog's model metadata and the published
// Jetson TX1 reference compiled into the program.
#include <map>
#include <string>
#include <vector>

#include "ui/results_snapshot.h"

namespace cnn {
class ModelCatalog;
}

namespace cnn::ui {

// Every model of the catalog by id (the prototxt text left out: charts need only the metadata).
std::map<std::string, ModelInfo> models_by_id(const ModelCatalog& catalog);

// "Benchmarking Caffe on NVIDIA Jetson TX1" (dividiti, 2016): best ms/image per model and library.
std::vector<PublishedFigure> published_tx1_figures();

// A snapshot of `points` with the catalog's models and the published figures (shown or not).
ResultsSnapshot make_snapshot(const ModelCatalog& catalog, std::vector<Point> points, bool show_published);

}  // namespace cnn::ui
