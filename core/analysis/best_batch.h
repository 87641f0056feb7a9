#pragma once
// Best batch size per model and series, and speedups over a baseline series at best batches.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/analysis/noise.h"
#include "core/analysis/stats.h"

namespace cnn::analysis {

struct BestBatch {
  std::string model;
  Series series;
  int batch = 0;            // the batch with the least mean end-to-end time per image
  double ms_per_image = 0;  // that mean (ms)
  double images_per_s = 0;  // 1000 / ms_per_image
  Stats per_image;          // its repetitions, ms per image (for error bars)
  Noise noise;              // how far that point's reading can be trusted
};

// Per (model, series) over the usable points with at least one repetition, ordered by (model,
// series). Ties go to the smaller batch.
std::vector<BestBatch> best_batches(std::span<const Point> points);

// The same for one model and series; nullopt when nothing of it was measured.
std::optional<BestBatch> best_batch(std::span<const Point> points, const std::string& model,
                                    const Series& series);

struct Speedup {
  std::string model;
  Series series;
  int batch = 0;                     // the series' best batch
  double ms_per_image = 0;           // at that batch (ms)
  int baseline_batch = 0;            // the baseline's best batch
  double baseline_ms_per_image = 0;  // at that batch (ms)
  double speedup = 0;                // baseline_ms_per_image / ms_per_image; > 1: faster than baseline
  bool noisy = false;                // either reading is noisy
};

// Every series (the baseline included, at 1) of every model that has the baseline, each at its
// own best batch; ordered by (model, series). Models without the baseline get no entry.
std::vector<Speedup> speedups(std::span<const Point> points, const Series& baseline);

}  // namespace cnn::analysis
