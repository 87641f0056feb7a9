#pragma once
// Sweep: the one engine behind `cnn-bench run` and the explorer's worker. It owns a whole sweep:
// the points of a Selection, their numbering, the rounds that visit them (RoundSchedule), progress
// and ETA, committing every point to the store after each visit, the machine's load around the
// readings, cancellation, and the run's final status. Front ends only observe it: cnn-bench prints,
// the worker emits signals.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "core/bench/runner.h"
#include "core/bench/selection.h"
#include "core/store/results_store.h"

namespace cnn {

struct SweepOptions {
  ResultsStore* store = nullptr;  // every point committed here after each visit; null: not stored
  std::string label;              // kept with the stored run
  double wait_quiet_s = 0;        // before the first point, wait up to this long for a quiet machine
  double quiet_load = 0;          // quiet: 1-minute load average below this; 0: half the cores
};

class SweepObserver {
 public:
  virtual ~SweepObserver() = default;
  // Once, before the first point; run_id 0 when not storing.
  virtual void on_started(std::int64_t /*run_id*/, const Platform& /*platform*/, int /*points*/) {}
  virtual void on_note(const std::string& /*sentence*/) {}  // the machine is busy, waiting, a store error
  virtual void on_progress(const Progress& /*progress*/) {}
  // A point after each of its visits, already committed to the store; `index` numbers it in the
  // sweep (0-based). While point.provisional the same index comes again with more repetitions.
  virtual void on_point(const Point& /*point*/, int /*index*/) {}
};

struct SweepResult {
  RunStatus status = RunStatus::Finished;
  std::string message;        // one sentence for a status line
  std::int64_t run_id = 0;    // 0 when not stored
  Platform platform;          // where it ran, as stored with the run
  std::vector<Point> points;  // the latest record of every point visited at least once, in sweep order
  int finished = 0;           // points whose reading is complete (failed ones included)
  bool store_failed = false;  // a commit failed; later points were not stored
};

class Sweep {
 public:
  // Throws std::invalid_argument with one sentence when the selection has no point.
  Sweep(const ModelCatalog& models, const BackendRegistry& backends, Selection selection, SweepOptions options = {});

  int points() const { return int(specs_.size()); }
  const std::vector<PointSpec>& specs() const { return specs_; }
  const Selection& selection() const { return selection_; }

  // Runs every round; a failing point is recorded with its reason and the sweep goes on. When
  // `cancel` becomes true the visit in flight is dropped and the points visited so far are kept.
  // A store that cannot be written to ends the run as Failed (before any point when it cannot
  // even record the run).
  SweepResult run(SweepObserver& observer, const std::atomic<bool>* cancel = nullptr);

 private:
  void wait_for_quiet(SweepObserver& observer, const std::atomic<bool>* cancel) const;

  const ModelCatalog& models_;
  const BackendRegistry& backends_;
  Selection selection_;
  SweepOptions options_;
  std::vector<PointSpec> specs_;
  std::vector<double> weights_;  // expected relative cost of one visit, for the ETA
};

}  // namespace cnn
