#pragma once
// The ideal adaptive solution: every layer on the chosen series that runs it fastest, all layers
// at one batch size (unlike the published notebook, which minimised over batch sizes per layer).
#include <span>
#include <string>
#include <vector>

#include "core/analysis/series.h"

namespace cnn::analysis {

struct AdaptiveLayer {
  int index = 0;            // graph node index
  std::string name, type;   // as the first chosen series records them
  Series series;            // the fastest chosen series for this layer at the chosen batch
  // its mean per-layer time over repetitions / batch (ms), with the reorder and transfer steps
  // recorded under its index: what running this layer on that library costs
  double ms_per_image = 0;
};

// A series at a batch size and the per-layer-pass time per image spent there (ms).
struct SeriesTime {
  Series series;
  int batch = 0;
  double ms_per_image = 0;
};

struct AdaptiveResult {
  std::string model;
  GraphMode graph = GraphMode::Caffe;  // the graph mode of every series it chose among
  std::string error;  // one sentence when the model cannot be analysed; then only model is set
  int batch = 0;      // the batch size with the least adaptive total per image
  std::vector<AdaptiveLayer> layers;   // ordered by (index, name)
  std::vector<SeriesTime> per_series;  // every chosen series (ordered): ms per image spent in it
  double ms_per_image = 0;             // the adaptive total: sum of layers[].ms_per_image (ms)
  // The chosen series with the least per-layer-pass total per image, each at its own best batch
  // among all batches it measured (not only the common ones) ...
  SeriesTime best_single;
  SeriesTime best_single_same_batch;     // ... and among the chosen series at `batch`
  double saving_percent = 0;             // 100 * (best_single - adaptive) / best_single
  double saving_same_batch_percent = 0;  // the same against best_single_same_batch (>= 0)
  bool ok() const { return error.empty(); }
};

// Per-layer times include each layer's own reorder/transfer steps (is_stage records with its index);
// those records are never layers of their own here.
// One result per model and graph mode that has per-layer times from any chosen series, ordered by
// model, then graph mode: the Caffe and the fused graph have other layers, so a solution never
// mixes them (each is solved among the chosen series of its mode).
// Only batch sizes where every chosen series has a usable point with per-layer times count; a
// model without such a batch gets an error. Layers are matched by (index, name): when the chosen
// series disagree on the layers at a common batch, the model gets an error naming the layer, and
// no series is silently left out. Ties go to the earlier series (Series order) and smaller batch.
// Empty when `chosen` is empty; repeats in `chosen` are ignored.
std::vector<AdaptiveResult> ideal_adaptive(std::span<const Point> points, std::span<const Series> chosen);

}  // namespace cnn::analysis
