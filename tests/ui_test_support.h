#pragma once
// Shared set-up of the explorer tests: the real backends and built-in models, and requests for
// small sweeps.
#include <memory>
#include <string>
#include <vector>

#include "backends/backend_registration.h"
#include "core/backend_registry.h"
#include "core/model/catalog.h"
#include "models/builtin_models.h"
#include "ui/sweep_request.h"

namespace ui_test {

struct Environment {
  cnn::BackendRegistry backends;
  cnn::ModelCatalog models;
  Environment() {
    cnn::register_backends(backends);
    cnn::add_builtin_models(models);
  }
};

// One model on one library in fp32, exactly `reps` timed passes in one round and no warm-up.
inline cnn::ui::SweepRequest sweep(const std::string& model, const std::string& lib, std::vector<int> batches,
                                   int reps = 1) {
  cnn::RunConfig config;
  config.reps.min_reps = reps;
  config.reps.max_reps = reps;
  config.reps.min_time_s = 0;
  config.reps.rounds = 1;
  config.warmup = 0;
  config.threads = 1;
  return cnn::ui::make_sweep({model}, {{lib, {cnn::Precision::FP32}}}, batches, config, "test");
}

}  // namespace ui_test
