#pragma once
// SweepRequest: what the Run button asks the worker for: one Plan per group of libraries that share
// their precisions (a Plan is a full cross product), and the label the store keeps with the run.
// "Run adaptive plan" sends one too (ui/adaptive_plans.h: one Plan per batch size of the plans).
#include <string>
#include <vector>

#include "core/bench/plan.h"

namespace cnn::ui {

// A library and the precisions chosen for it.
struct LibraryChoice {
  std::string lib;
  std::vector<Precision> precisions;
};

struct SweepRequest {
  std::vector<Plan> plans;  // run in order; each non-empty
  std::string label;

  int points() const;       // models x libs x precisions x batches, summed over plans
  // The whole sweep as one Plan, as the store records it: every model, library, precision and
  // batch once, in first-seen order, and every adaptive plan.
  Plan combined() const;
};

// Groups the libraries by their precisions; empty plans when nothing is chosen.
SweepRequest make_sweep(const std::vector<std::string>& models, const std::vector<LibraryChoice>& libs,
                        const std::vector<int>& batches, const RunConfig& config, const std::string& label);

}  // namespace cnn::ui
