#include "core/schedule/lanes.h"

#include <cassert>

namespace cnn {

Lanes::~Lanes() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  start_.notify_all();
  for (auto& t : threads_) t.join();
}

void Lanes::work(int lane) {
  unsigned long seen = 0;
  for (;;) {
    const std::function<void(int)>* task = nullptr;
    {
      std::unique_lock lock(mutex_);
      start_.wait(lock, [&] { return stop_ || (generation_ != seen && lane < lanes_); });
      if (stop_) return;
      seen = generation_;
      task = task_;
    }
    std::exception_ptr error;
    try {
      (*task)(lane);
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    if (error && !error_) error_ = error;
    if (--running_ == 0) done_.notify_one();
  }
}

void Lanes::run(int lanes, const std::function<void(int)>& task) {
  assert(lanes >= 1);
  if (lanes == 1) return task(0);
  while (int(threads_.size()) < lanes - 1) {
    const int lane = int(threads_.size()) + 1;
    threads_.emplace_back([this, lane] { work(lane); });
  }
  {
    std::lock_guard lock(mutex_);
    task_ = &task;
    lanes_ = lanes;
    running_ = lanes - 1;
    error_ = nullptr;
    ++generation_;
  }
  start_.notify_all();
  std::exception_ptr mine;
  try {
    task(0);
  } catch (...) {
    mine = std::current_exception();
  }
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return running_ == 0; });
  task_ = nullptr;
  if (mine) std::rethrow_exception(mine);
  if (error_) std::rethrow_exception(error_);
}

}  // namespace cnn
