#pragma once
// Lanes: threads that run a stage's concurrent groups (core/schedule), lane 0 on the caller.
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cnn {

class Lanes {
 public:
  Lanes() = default;
  ~Lanes();
  Lanes(const Lanes&) = delete;
  Lanes& operator=(const Lanes&) = delete;

  // Runs task(lane) for every lane in [0, lanes) at the same time, lane 0 on the calling thread, the
  // others on threads started at the first need and kept; returns when all are done. An exception
  // thrown by a task is rethrown here once every lane has finished (the first one thrown).
  void run(int lanes, const std::function<void(int lane)>& task);

 private:
  void work(int lane);

  std::vector<std::thread> threads_;  // lane k >= 1 is threads_[k - 1]
  std::mutex mutex_;
  std::condition_variable start_, done_;
  const std::function<void(int)>* task_ = nullptr;
  int lanes_ = 0;         // of the current run
  unsigned long generation_ = 0;
  int running_ = 0;       // worker lanes of the current run not yet done
  bool stop_ = false;
  std::exception_ptr error_;
};

}  // namespace cnn
