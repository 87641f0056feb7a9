#pragma once
// CudaBackend: what the cublas and cudnn backends share: device detection, its streams (its own, and
// more for a schedule's concurrent groups, created on first use) each with its cuBLAS (and cuDNN)
// handle and shared workspace, device tensors, host <-> device copies, event timing and the device
// memory probe. Everything runs on the thread that owns the backend.
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <cudnn.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "backends/cuda_common/device_info.h"
#include "backends/cuda_common/device_memory.h"
#include "core/backend.h"

namespace cnn::cuda {

// What an op needs from its backend; valid while the backend lives.
struct OpContext {
  cudaStream_t stream = nullptr;
  cublasHandle_t cublas = nullptr;
  cudnnHandle_t cudnn = nullptr;  // null in the cublas backend
  Precision precision = Precision::FP32;
  bool allow_tf32 = false;                     // fp32 only: TF32 tensor-op math allowed
  std::shared_ptr<SharedWorkspace> workspace;  // this session's shared scratch
  DType dtype() const { return precision == Precision::FP16 ? DType::F16 : DType::F32; }
};

class CudaBackend : public Backend {
 public:
  ~CudaBackend() override;
  CudaBackend(const CudaBackend&) = delete;
  CudaBackend& operator=(const CudaBackend&) = delete;

  MemorySpace memory_space() const override { return MemorySpace::Device; }
  // Every CUDA library here runs on the current device (device 0): one domain.
  const void* memory_domain() const override;
  // Creates the stream and handles on first use; sets the math modes for config's precision and TF32.
  void configure(const RunConfig& config) override;
  void synchronize() override;  // cudaStreamSynchronize, every stream
  // Streams for concurrent groups (IOS: one per group, events between stages): kStreams.
  int streams() const override;
  void set_stream(int stream) override;
  void fork_streams(int n) override;  // an event on stream 0 that streams 1 .. n-1 wait for
  void join_streams(int n) override;  // events on streams 1 .. n-1 that stream 0 waits for
  Tensor allocate(const Shape& shape, DType dtype) override;
  void upload(const Tensor& host, Tensor& dst) override;
  void download(const Tensor& src, Tensor& host) override;
  std::unique_ptr<StreamTimer> stream_timer() override;
  std::optional<std::uint64_t> device_bytes_in_use() const override;  // cudaMemGetInfo: total - free

 protected:
  explicit CudaBackend(bool with_cudnn) : with_cudnn_(with_cudnn) {}
  // id, name, precisions fp32 + fp16, availability with the reason, and the CUDA details.
  BackendInfo base_info(const std::string& id, const std::string& name) const;
  // Throws std::runtime_error with the reason when the library is not available.
  void require_available() const;
  // The context for an op created now for `config`, on the stream set_stream chose; the workspace is
  // shared with the other ops of the same session on that stream (it lives as long as they do).
  OpContext op_context(const RunConfig& config);
  static constexpr int kStreams = 4;

 private:
  bool ready() const;  // detection plus handle creation, once; false sets why_not_
  bool with_cudnn_;
  mutable bool tried_ = false;
  mutable std::string why_not_;
  mutable std::vector<std::pair<std::string, std::string>> details_;
  // Stream k with its handles, its session's workspace and the event it records for a fork or join.
  struct Lane {
    cudaStream_t stream = nullptr;
    cublasHandle_t cublas = nullptr;
    cudnnHandle_t cudnn = nullptr;
    cudaEvent_t event = nullptr;
    std::weak_ptr<SharedWorkspace> workspace;
  };
  void add_lane() const;     // the next stream with its handles (throws on a CUDA error)
  Lane& lane(int stream);    // created up to `stream` on first use
  mutable std::vector<Lane> lanes_;  // [0]: the library's own stream, created by ready()
  int current_ = 0;                  // set_stream's choice
  bool tf32_ = false;                // configure's math mode, for handles made later
};

}  // namespace cnn::cuda
