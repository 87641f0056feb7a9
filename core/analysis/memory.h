#pragma once
// Memory per image, and the smallest batch size whose time per image is close enough to the best.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/analysis/series.h"

namespace cnn::analysis {

// Each MemoryUse field divided by the batch size (bytes per image).
struct MemoryPerImage {
  double weights = 0, activations = 0, activations_total = 0, workspace = 0, measured = 0;
  std::optional<double> tracked;  // absent where core's allocation hook did not track the point
};

MemoryPerImage memory_per_image(const Point& point);

struct MemoryRow {
  std::string model;
  Series series;
  int batch = 0;
  MemoryPerImage per_image;  // bytes per image
};

// Every usable point, ordered by (model, series, batch).
std::vector<MemoryRow> memory_per_image(std::span<const Point> points);

struct GoodEnoughBatch {
  std::string model;
  Series series;
  int batch = 0;                 // the smallest batch with ms_per_image <= best * (1 + percent / 100)
  double ms_per_image = 0;       // its mean end-to-end time per image (ms)
  int best_batch = 0;            // the batch with the least mean time per image (ties: smaller)
  double best_ms_per_image = 0;  // (ms)
  MemoryPerImage memory;         // at `batch` (bytes per image)
};

// Per (model, series) over usable points with at least one repetition, ordered by (model, series).
// `percent` >= 0: 0 gives the best batch itself (or a smaller one exactly as fast).
std::vector<GoodEnoughBatch> good_enough_batches(std::span<const Point> points, double percent);

}  // namespace cnn::analysis
