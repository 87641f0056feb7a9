#pragma once
// The observer of a stored sweep: commits every finished point to the results store the moment it is
// measured (so a kill loses at most the point in flight), then passes it on to the progress line.
#include <cstdint>
#include <iosfwd>

#include "core/bench/runner.h"
#include "core/store/results_store.h"

namespace cnn::bench_cli {

class StoreRecorder : public RunObserver {
 public:
  // `store` null: nothing is stored (--no-store). Otherwise `run_id` is a run begun in it.
  StoreRecorder(RunObserver& next, ResultsStore* store, std::int64_t run_id, std::ostream& err);

  void on_progress(const Progress& progress) override { next_.on_progress(progress); }
  // Stores first; a failed write prints one line on `err` and stops storing, the sweep goes on.
  void on_point(const Point& point) override;

  // Sets the run's final status; a write error is printed, not thrown. Failed when a point was lost.
  void finish(RunStatus status);

  bool storing() const { return store_ != nullptr; }
  bool write_failed() const { return write_failed_; }
  std::int64_t stored_points() const { return stored_; }

 private:
  RunObserver& next_;
  ResultsStore* store_;
  std::int64_t run_id_;
  std::ostream& err_;
  bool write_failed_ = false;
  std::int64_t stored_ = 0;
};

}  // namespace cnn::bench_cli
