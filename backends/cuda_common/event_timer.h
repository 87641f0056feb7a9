#pragma once
// EventTimer: StreamTimer marks as CUDA events recorded on one stream; events are reused.
#include <cuda_runtime.h>

#include <vector>

#include "core/backend.h"

namespace cnn::cuda {

class EventTimer final : public StreamTimer {
 public:
  explicit EventTimer(cudaStream_t stream) : stream_(stream) {}
  ~EventTimer() override;
  EventTimer(const EventTimer&) = delete;
  EventTimer& operator=(const EventTimer&) = delete;

  void clear() override { used_ = 0; }
  int mark() override;                           // cudaEventRecord on the stream
  double elapsed_ms(int from, int to) override;  // cudaEventSynchronize(to), cudaEventElapsedTime

 private:
  cudaStream_t stream_;
  std::vector<cudaEvent_t> events_;
  int used_ = 0;
};

}  // namespace cnn::cuda
