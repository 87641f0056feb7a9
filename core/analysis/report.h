#pragma once
// The report of one run: best batches with speedups, the ideal adaptive solution, memory at the best
// and the "good enough" batch, and time ratios. Data only: cnn-bench and the GUI format it.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/analysis/accuracy.h"
#include "core/analysis/adaptive.h"
#include "core/analysis/best_batch.h"
#include "core/analysis/executed_adaptive.h"
#include "core/analysis/memory.h"
#include "core/analysis/noise.h"
#include "core/analysis/published.h"
#include "core/analysis/ratios.h"

namespace cnn::analysis {

struct ReportOptions {
  Series baseline{"openblas", Precision::FP32};  // speedups are over this series
  std::vector<std::string> libs;        // the libraries reported on; empty: every one measured
  double good_enough_percent = 5;       // >= 0: "good enough" is within this much of the best
};

// (a) One series of one model at its best batch.
struct BestRow {
  BestBatch best;                 // model, series, batch, ms/image, images/s, repetition stats
  std::optional<double> speedup;  // baseline ms/image over this one's, each at its best batch
  std::optional<ShownAccuracy> accuracy;  // top-1 measured with this series, else published, else none
};

// (a) One published row beside the measured ones.
struct PublishedRow {
  PublishedResult result;
  double images_per_s = 0;        // 1000 / ms_per_image
  std::optional<double> speedup;  // over the published baseline row of the same model
};

// (b) The ideal adaptive solution of one model among its libraries in one precision and graph mode
// (result.graph).
struct AdaptiveRow {
  Precision precision = Precision::FP32;
  AdaptiveResult result;  // result.error when it cannot be built (see adaptive.h)
  int libraries = 0;      // how many series it chose among; 1: nothing to choose
};

// (c) Memory per image of one series at its best and at its good-enough batch.
struct MemoryReportRow {
  std::string model;
  Series series;
  int best_batch = 0;
  double best_ms_per_image = 0;  // mean end-to-end (ms)
  MemoryPerImage at_best;        // bytes per image
  int good_batch = 0;            // the smallest batch within good_enough_percent of the best
  double good_ms_per_image = 0;  // (ms)
  MemoryPerImage at_good;        // bytes per image
};

struct Report {
  ReportOptions options;
  std::vector<std::string> libs;         // the libraries reported on, sorted
  std::vector<BestRow> best;             // ordered by (model, series)
  bool baseline_measured = false;        // some model has the baseline series
  std::vector<PublishedRow> published;   // without a reference: empty; else its rows of `libs` (all
                                         // rows when options.libs is empty), in its order
  std::vector<AdaptiveRow> adaptive;     // models with per-layer times, ordered by (model, precision, graph)
  std::vector<ExecutedAdaptive> executed;  // (b') the run's executed adaptive plans, of every library
  std::vector<MemoryReportRow> memory;   // ordered by (model, series)
  std::vector<Ratio> ratios;             // lib_a/lib_b (a < b) per model, precision and graph mode, then
                                         // fp16/fp32, then fused/caffe
  NoiseSummary readings;                 // over the points reported on
};

// The libraries of the usable points, sorted, each once.
std::vector<std::string> libs_of(std::span<const Point> points);

// Builds the report over the points of `options.libs` (the baseline's points count for speedups
// even when its library is not reported on). `reference` may be null. A best row shows the top-1
// measured with its series where a point carries one, else its model's figure in `published`.
Report build_report(std::span<const Point> points, const ReportOptions& options,
                    const PublishedRun* reference = nullptr, const PublishedTop1& published = {});

}  // namespace cnn::analysis
