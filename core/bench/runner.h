#pragma once
// Runner: measures one visit of one point: builds the session, runs warm-up passes, then a number
// of timed repetitions, each an end-to-end pass (no per-layer hooks) followed by a per-layer pass,
// and adds them to the point's record. The Sweep decides how many visits and repetitions.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "core/backend_registry.h"
#include "core/bench/point.h"
#include "core/bench/selection.h"
#include "core/model/catalog.h"

namespace cnn {

// Where a sweep is, for progress lines and bars.
struct Progress {
  int point = 0, points = 0;   // 0-based index of the current point, and how many in the sweep
  int round = 0, rounds = 0;   // 1-based round of the sweep, and the rounds planned (more may follow for noisy points)
  int visits_done = 0, visits = 0;  // visits finished so far, and planned in all
  std::string model, lib, precision;
  GraphMode graph = GraphMode::Caffe;
  Scheduler scheduler = Scheduler::Sequential;
  int batch = 0;
  std::string phase;           // "warm-up", "measuring"
  int repetition = 0, repetitions = 0;  // 0-based within the phase, and how many it has
  double elapsed_s = 0, eta_s = -1;     // eta_s < 0: not yet known
};

class Runner {
 public:
  Runner(const ModelCatalog& models, const BackendRegistry& backends);

  // Called during a visit: the phase and repetition under way.
  using PhaseReport = std::function<void(const char* phase, int repetition, int repetitions)>;
  // Decides the visit's timed repetitions from the time of its last warm-up pass (ms for the
  // whole batch; < 0 when there was no warm-up).
  using RepsFor = std::function<int(double pass_ms)>;

  // One visit of `spec`: appends its repetitions to `point` (end-to-end times, each layer's times,
  // the reorder and transfer steps beside them) and sets its memory. `point` must be empty or hold
  // earlier visits of the same spec. A failure (the library declines a layer, is unavailable, out
  // of memory) leaves point.success false with one sentence in point.error and no times. Throws
  // Cancelled when `cancel` is set (checked between layers); `point` is then as it was.
  void visit(const PointSpec& spec, const RunConfig& config, const RepsFor& reps_for, Point& point,
             const PhaseReport& report, const std::atomic<bool>* cancel);

  // A point measured in one visit of `reps` repetitions (tools and tests that need no sweep).
  Point measure(const PointSpec& spec, const RunConfig& config, int reps, const std::atomic<bool>* cancel = nullptr);

 private:
  const ModelCatalog& models_;
  const BackendRegistry& backends_;
};

// An empty record of `spec`: its model, library, precision, batch and threads.
Point empty_point(const PointSpec& spec, const RunConfig& config);

}  // namespace cnn
