#pragma once
// Small look-ups every chart shares when turning analysis results into bars and lines: people's
// names of models, the series and batch sizes that were measured, and the chosen published figures.
#include <QString>

#include <algorithm>
#include <string>
#include <vector>

#include "core/analysis/series.h"
#include "ui/results_snapshot.h"

namespace cnn::ui {

// "AlexNet (BVLC)" -> "AlexNet": the model's name without its parenthesised source; the id when
// the model is not in the snapshot's metadata (a user file: its file name without .prototxt or .onnx).
QString model_name(const ResultsSnapshot& results, const std::string& model);

// The series (library/precision) of the usable points in legend order (LibraryColors::before).
std::vector<analysis::Series> measured_series(const ResultsSnapshot& results);
// The batch sizes of the usable points (of one model when `model` is not empty), ascending.
std::vector<int> measured_batches(const ResultsSnapshot& results, const std::string& model = {});
// The models, and the series, that have usable points with per-layer times (of `model` only when
// it is not empty): models sorted, series in legend order.
std::vector<std::string> layered_models(const ResultsSnapshot& results);
std::vector<analysis::Series> layered_series(const ResultsSnapshot& results, const std::string& model = {});

// The published figures to draw beside the run: none unless show_published is set.
std::vector<PublishedFigure> shown_published(const ResultsSnapshot& results);
analysis::Series series_of(const PublishedFigure& figure);
// "OpenBLAS fp32 (Jetson TX1)": the legend entry of a published series.
QString published_name(const analysis::Series& series);

// The position of `key` in `keys`, appended when new: groups and bar sets in first-seen order.
template <typename Key>
int index_in(std::vector<Key>& keys, const Key& key) {
  const auto it = std::find(keys.begin(), keys.end(), key);
  if (it != keys.end()) return static_cast<int>(it - keys.begin());
  keys.push_back(key);
  return static_cast<int>(keys.size()) - 1;
}

// Bytes -> MB (10^6 bytes).
inline double to_mb(double bytes) { return bytes / 1e6; }

}  // namespace cnn::ui
