#include "app/cnn_bench/store_recorder.h"

#include <ostream>
#include <stdexcept>

#include "app/cnn_bench/store_access.h"

namespace cnn::bench_cli {

StoreRecorder::StoreRecorder(RunObserver& next, ResultsStore* store, std::int64_t run_id, std::ostream& err)
    : next_(next), store_(store), run_id_(run_id), err_(err) {}

void StoreRecorder::on_point(const Point& point) {
  if (store_ && !write_failed_) {
    try {
      store_->add_point(run_id_, point);
      ++stored_;
    } catch (const std::runtime_error& e) {
      write_failed_ = true;
      err_ << "\ncnn-bench: " << as_message(e.what()) << "; the sweep goes on without storing its points\n";
    }
  }
  next_.on_point(point);
}

void StoreRecorder::finish(RunStatus status) {
  if (!store_) return;
  try {
    store_->finish_run(run_id_, write_failed_ ? RunStatus::Failed : status);
  } catch (const std::runtime_error& e) {
    write_failed_ = true;
    err_ << "cnn-bench: " << as_message(e.what()) << "\n";
  }
}

}  // namespace cnn::bench_cli
