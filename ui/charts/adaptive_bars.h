#pragma once
// What the Ideal adaptive chart draws, as plain data: per model up to three kinds of horizontal bar,
// each the per-layer pass in ms per image: "predicted ideal" (analysis's adaptive total stacked by
// library, or a measured plan's predicted total), "measured adaptive" (the model's adaptive point
// stacked by the library each layer ran on, its reorder/transfer steps as one segment), and the best
// single library at its own best batch (or every ticked library, each at its best batch).
#include <QString>

#include <string>
#include <vector>

#include "core/analysis/series.h"
#include "ui/results_snapshot.h"

namespace cnn::ui {

// One stacked piece of a bar (ms per image).
struct AdaptiveSegment {
  enum class Kind {
    Library,    // the layers that ran (or would run) on `series`
    Steps,      // reorder and transfer records of a measured adaptive point
    PlanTotal,  // a plan's predicted total, not split by library (its sweep points are not shown)
    Single,     // `series` alone, every layer on it
  };
  Kind kind = Kind::Library;
  analysis::Series series;  // Library and Single only
  double ms_per_image = 0;
};

struct AdaptiveBar {
  enum class Kind { Predicted, Measured, Single };
  Kind kind = Kind::Predicted;
  std::string model;
  int batch = 0;
  QString label;  // the bar's category label, e.g. "LeNet measured (batch 2): +3.1% vs best single"
  std::vector<AdaptiveSegment> segments;
  double total() const;  // sum of the segments (ms per image)
};

// What the user ticked in the chart.
struct AdaptiveChoice {
  Precision precision = Precision::FP32;  // the one precision shown (plans run in one)
  GraphMode graph = GraphMode::Caffe;     // and the one graph mode (a plan runs the nodes of one graph)
  std::vector<analysis::Series> chosen;  // ticked libraries, all of `precision` and `graph`; "adaptive" ignored
  std::vector<std::string> models;       // ticked models, in display order
  bool every = false;                    // a bar per ticked library, not only the best single one
};

struct AdaptiveBars {
  std::vector<AdaptiveBar> bars;  // per model in `models` order: predicted, measured (if any), single(s)
  QString first_error;            // the first skipped model's analysis error; empty when none
};

// A model with a measured adaptive point (in the precision and graph mode) takes its predicted total and best
// single library from the point's plan, so a run of adaptive points alone still draws all three
// bars; the predicted bar is stacked by library when the shown sweep points give the same plan.
// A model without one draws predicted + best single from analysis, or is skipped on its error.
AdaptiveBars adaptive_bars(const ResultsSnapshot& results, const AdaptiveChoice& choice);

// The last successful sequential point of lib "adaptive" of `model` in `precision` and `graph` with
// a plan and per-layer times, in measurement order; null when none.
const Point* measured_adaptive(const std::vector<Point>& points, const std::string& model, Precision precision,
                               GraphMode graph = GraphMode::Caffe);

// Time against the best single library, rounded to 0.1: "+3.1%" (slower), "-5.2%" (faster),
// "+0.0%"; empty when there is no best single time.
QString percent_vs_best(double ms, double best_ms);
// "LeNet predicted (batch 2): -5.2% vs best single" (the predicted ideal adaptive total).
QString predicted_label(const QString& model, int batch, double ms, double best_ms);
// "LeNet measured (batch 2): +3.1% vs best single" (the measured adaptive point).
QString measured_label(const QString& model, int batch, double ms, double best_ms);
// "LeNet best single: OpenBLAS fp32 (batch 16)"; not the best: "LeNet oneDNN fp32 alone (batch 8)".
QString single_label(const QString& model, const analysis::Series& series, int batch, bool best);

}  // namespace cnn::ui
