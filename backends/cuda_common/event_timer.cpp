#include "backends/cuda_common/event_timer.h"

#include <cassert>

#include "backends/cuda_common/cuda_check.h"

namespace cnn::cuda {

EventTimer::~EventTimer() {
  for (cudaEvent_t e : events_) cudaEventDestroy(e);
}

int EventTimer::mark() {
  // Events are created many at a time, so that a pass of marks rarely waits on creating one
  // between two layers (which would show as GPU idle time inside a layer's interval).
  constexpr int kEventsAtOnce = 512;
  if (used_ == int(events_.size())) {
    for (int i = 0; i < kEventsAtOnce; ++i) {
      cudaEvent_t e = nullptr;
      CNN_CUDA_CHECK(cudaEventCreate(&e));
      events_.push_back(e);
    }
  }
  CNN_CUDA_CHECK(cudaEventRecord(events_[std::size_t(used_)], stream_));
  return used_++;
}

double EventTimer::elapsed_ms(int from, int to) {
  assert(from >= 0 && to >= 0 && from < used_ && to < used_);
  CNN_CUDA_CHECK(cudaEventSynchronize(events_[std::size_t(to)]));
  float ms = 0;
  CNN_CUDA_CHECK(cudaEventElapsedTime(&ms, events_[std::size_t(from)], events_[std::size_t(to)]));
  return double(ms);
}

}  // namespace cnn::cuda
