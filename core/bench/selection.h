#pragma once
// Selection: what a sweep measures: models x (library, its precisions) x batch sizes, and the
// adaptive plans that library "adaptive" runs. Both front ends build one; the Sweep runs it.
#include <string>
#include <vector>

#include "core/bench/adaptive_plan.h"
#include "core/run_config.h"
#include "core/schedule/schedule.h"

namespace cnn {

// A library and the precisions chosen for it.
struct LibraryChoice {
  std::string lib;                    // backend id
  std::vector<Precision> precisions;  // in the order asked
  bool operator==(const LibraryChoice&) const = default;
};

struct Selection {
  std::vector<std::string> models;       // catalog ids or prototxt paths
  std::vector<LibraryChoice> libs;       // backend ids (not "adaptive")
  std::vector<int> batches = {1};
  std::vector<GraphMode> graphs = {GraphMode::Caffe};  // each library point runs in every mode listed
  // Each point (library or adaptive plan) runs with every scheduler listed.
  std::vector<Scheduler> schedulers = {Scheduler::Sequential};
  // Lib "adaptive": one plan per (model, precision). Each runs at its own batch (plan.batch), or at
  // every size of `batches` when `adaptive_at_batches`.
  std::vector<AdaptivePlan> adaptive;
  bool adaptive_at_batches = false;
  RunConfig config;                      // precision is set per point

  // Every library id, "adaptive" last when there are plans; every precision; every batch a point runs at.
  std::vector<std::string> lib_ids() const;
  std::vector<Precision> precisions() const;
  std::vector<int> all_batches() const;
};

// One point of a selection: a model on a library in one precision at one batch size.
struct PointSpec {
  std::string model;
  std::string lib;                        // a backend id or "adaptive"
  Precision precision = Precision::FP32;
  int batch = 1;
  GraphMode graph = GraphMode::Caffe;     // an adaptive point runs its plan's mode
  const AdaptivePlan* plan = nullptr;     // lib "adaptive": the plan it runs (points into the Selection)
  Scheduler scheduler = Scheduler::Sequential;     // how its forward passes run the layers (core/schedule)
};

// The points of a selection in the order a round visits them: by model, then batch, then library
// and precision (the libraries compared at one batch are measured side by side), and the adaptive
// plans' points after the libraries of their model. Graph modes vary fastest but for schedulers, so
// a library's Caffe and fused readings, and its sequential and scheduled ones, are taken side by side.
std::vector<PointSpec> points_of(const Selection& selection);

// "2:16:2" -> 2,4,...,16; "1,4,8" -> 1,4,8; "8" -> 8. Throws std::invalid_argument with one sentence.
std::vector<int> parse_batches(const std::string& text);

}  // namespace cnn
