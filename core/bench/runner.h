#pragma once
// Runner: runs a Plan point by point, with warm-up, an end-to-end pass and a per-layer pass.
#include <atomic>
#include <string>
#include <vector>

#include "core/backend_registry.h"
#include "core/bench/plan.h"
#include "core/bench/point.h"
#include "core/model/catalog.h"

namespace cnn {

struct Progress {
  int point = 0, points = 0;   // 0-based index of the current point, and how many in the plan
  std::string model, lib, precision;
  int batch = 0;
  std::string phase;           // "warm-up", "end-to-end", "per-layer"
  int repetition = 0;          // 0-based within the phase
  double elapsed_s = 0, eta_s = -1;  // eta_s < 0: not yet known
};

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void on_progress(const Progress& /*progress*/) {}
  virtual void on_point(const Point& /*point*/) {}  // each finished point, failed ones too
};

class Runner {
 public:
  Runner(const ModelCatalog& models, const BackendRegistry& backends);

  // Runs every point of the plan; a failing point is recorded with its reason and the sweep goes on.
  // When `cancel` becomes true the point in flight is dropped and run() returns what finished.
  std::vector<Point> run(const Plan& plan, RunObserver& observer, const std::atomic<bool>* cancel = nullptr);

  // One point with every layer on `backend`. Throws Cancelled; any other failure is returned as a
  // Point with success = false.
  Point measure(const ModelInfo& model, Backend& backend, Precision precision, int batch,
                const RunConfig& config, RunObserver& observer, const std::atomic<bool>* cancel,
                Progress progress = {});
  // One point of lib "adaptive": each layer on the library `plan` names, in the plan's precision.
  Point measure(const ModelInfo& model, const AdaptivePlan& plan, int batch, const RunConfig& config,
                RunObserver& observer, const std::atomic<bool>* cancel, Progress progress = {});

 private:
  // Either `backend` or `plan` is set.
  Point measure_point(const ModelInfo& model, Backend* backend, const AdaptivePlan* plan, Precision precision,
                      int batch, const RunConfig& config, RunObserver& observer, const std::atomic<bool>* cancel,
                      Progress progress);

  const ModelCatalog& models_;
  const BackendRegistry& backends_;
};

}  // namespace cnn
