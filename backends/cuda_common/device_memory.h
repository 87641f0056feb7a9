#pragma once
// Device memory with RAII: one allocation per DeviceBuffer, device tensors that own theirs, and
// the scratch buffer one session's ops share.
#include <cuda_runtime.h>

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "core/tensor.h"

namespace cnn::cuda {

// Device memory is not allocated through core's host hook (core/memory_tracker.h), so a device
// library's points have no tracked figure: their measured one is the device's used-memory growth.

// One cudaMalloc'd block, freed on destruction; move-only. Sizes in bytes.
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  // Throws OutOfDeviceMemory naming `what` and the size when the device has no room.
  DeviceBuffer(std::size_t bytes, std::string_view what);
  ~DeviceBuffer();
  DeviceBuffer(DeviceBuffer&& other) noexcept;
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  void* get() const { return data_; }
  template <class T>
  T* as() const {
    return static_cast<T*>(data_);
  }
  std::size_t bytes() const { return bytes_; }

 private:
  void* data_ = nullptr;
  std::size_t bytes_ = 0;
};

// A zero-filled device tensor that owns its memory (Tensor::wrap with a cudaFree deleter).
Tensor device_tensor(const Shape& shape, DType dtype, std::string_view what);

// Host fp32 values in a new device buffer as fp32 or fp16 (dtype); synchronous.
DeviceBuffer upload_values(const float* host, std::size_t count, DType dtype, std::string_view what);

// Host fp32 <-> device `dtype` (converted on the host for fp16), on `stream`; both return complete.
void copy_to_device(const float* host, void* device, std::size_t count, DType dtype, cudaStream_t stream);
void copy_to_host(const void* device, float* host, std::size_t count, DType dtype, cudaStream_t stream);

// Grow-only scratch (im2col columns, cuDNN workspaces) shared by one session's ops, which run one
// after another on one stream. Ops reserve their need when created and take get() in forward.
class SharedWorkspace {
 public:
  // Grows to at least `bytes`; waits for the device first when it has to replace the buffer.
  void reserve(std::size_t bytes);
  void* get() const { return buffer_.get(); }
  std::size_t bytes() const { return buffer_.bytes(); }

 private:
  DeviceBuffer buffer_;
};

}  // namespace cnn::cuda
