#pragma once
// Per-layer time per image of one model across series and batch sizes (the per-layer pass).
#include <span>
#include <string>
#include <vector>

#include "core/analysis/series.h"

namespace cnn::analysis {

// One column of the table: a series at a batch size.
struct LayerColumn {
  Series series;
  int batch = 0;
  double total_ms_per_image = 0;  // sum of every layer's mean time / batch (ms), unfiltered
  bool operator==(const LayerColumn&) const = default;
};

struct LayerCell {
  bool measured = false;    // false: this column has no such layer
  double ms_per_image = 0;  // mean over repetitions / batch (ms)
  double share = 0;         // ms_per_image / the column's total_ms_per_image (0..1)
};

struct LayerRow {
  int index = 0;                 // graph node index
  std::string name, type;        // type as the first column that has the layer records it
  std::vector<LayerCell> cells;  // one per column, in the table's column order
};

struct LayerTable {
  std::vector<LayerColumn> columns;
  std::vector<LayerRow> rows;  // ordered by (index, name)
};

// The published notebook's filter: a layer is kept when its share of its column's per-layer
// total lies within [lower, upper] in at least one column where it was measured.
struct ShareRange {
  double lower = 0.01;
  double upper = 1.0;
};

// Columns are every (series, batch) of `series` x `batches`, series outer and batch inner in the
// order given (repeats dropped), that has a usable point of `model` with per-layer times; the
// others are left out. Rows are the layers of any column (matched by index and name) that pass
// `range`. Empty when no column is measured.
LayerTable layer_times(std::span<const Point> points, const std::string& model,
                       std::span<const Series> series, std::span<const int> batches, ShareRange range = {});

}  // namespace cnn::analysis
