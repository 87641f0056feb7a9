#pragma once
// SweepRequest: what the Run button (or "Run adaptive plan") asks the worker for: a Selection and
// the label the store keeps with the run. Plain data, no Qt.
#include <string>
#include <vector>

#include "core/bench/selection.h"

namespace cnn::ui {

struct SweepRequest {
  Selection selection;
  std::string label;

  int points() const { return int(points_of(selection).size()); }
};

// The libraries with at least one precision, each point in every graph mode of `graphs` and with
// every scheduler of `schedulers`; empty models or batches give an empty selection.
SweepRequest make_sweep(const std::vector<std::string>& models, const std::vector<LibraryChoice>& libs,
                        const std::vector<int>& batches, const RunConfig& config, const std::string& label,
                        const std::vector<GraphMode>& graphs = {GraphMode::Caffe},
                        const std::vector<Scheduler>& schedulers = {Scheduler::Sequential});

}  // namespace cnn::ui
