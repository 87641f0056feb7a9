#pragma once
// Plan: the sweep a user asks for, models x libraries x precisions x batch sizes.
#include <string>
#include <vector>

#include "core/bench/adaptive_plan.h"
#include "core/run_config.h"

namespace cnn {

struct Plan {
  std::vector<std::string> models;         // catalog ids or prototxt paths
  std::vector<std::string> libs;           // backend ids
  std::vector<Precision> precisions = {Precision::FP32};
  std::vector<int> batches = {1};
  RunConfig config;                        // precision is set per point by the runner
  // For lib "adaptive": the plan of each (model, precision); a model without one fails that point.
  std::vector<AdaptivePlan> adaptive;
};

// "2:16:2" -> 2,4,...,16; "1,4,8" -> 1,4,8; "8" -> 8. Throws std::invalid_argument with one sentence.
std::vector<int> parse_batches(const std::string& text);

}  // namespace cnn
