#pragma once
// An executed adaptive plan (a point of lib "adaptive") beside what its plan predicted and the best
// single library it was planned against: the check that the ideal adaptive solution holds for real.
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/bench/point.h"

namespace cnn::analysis {

struct ExecutedAdaptive {
  std::string model;
  Precision precision = Precision::FP32;
  GraphMode graph = GraphMode::Caffe;  // the graph its plan's layers are nodes of
  Scheduler scheduler = Scheduler::Sequential;  // how the point ran its layers
  int batch = 0;                       // the batch the point ran at
  int plan_batch = 0;                  // the batch the plan was chosen at
  double predicted_ms_per_image = 0;   // the plan's ideal: the chosen layers' times, summed
  double measured_ms_per_image = 0;    // the point's per-layer pass: layers, reorders and transfers
  double transfer_ms_per_image = 0;    // of which copies between libraries (kTransferType records)
  double reorder_ms_per_image = 0;     // of which reorders inside the libraries' ops (kReorderType)
  // Per library: its layers with their reorders (ms per image); transfers are not in any library.
  std::map<std::string, double> per_lib_ms_per_image;
  double end_to_end_ms_per_image = 0;  // the point's end-to-end pass (mean / batch)
  PlanBaseline best_single;            // from the plan (per-layer pass, at its own best batch)
  // The best single library's end-to-end time per image at best_single.batch (in the same graph
  // mode and with the same scheduler), when `points` hold that point; 0 otherwise.
  double best_single_end_to_end_ms_per_image = 0;

  // measured against predicted plus the measured transfers (%; > 0: slower than predicted).
  double vs_predicted_percent() const;
  // measured against the best single library's per-layer pass (%; > 0: the adaptive run lost).
  double vs_best_single_percent() const;
};

// One entry per usable point of lib "adaptive" that has a plan and per-layer times, ordered by
// (model, precision, batch).
std::vector<ExecutedAdaptive> executed_adaptive(std::span<const Point> points);

}  // namespace cnn::analysis
