#include "backends/cuda_common/device_memory.h"

#include <cuda_fp16.h>

#include <cassert>
#include <cstdio>
#include <string>
#include <utility>

#include "backends/cuda_common/cuda_check.h"

namespace cnn::cuda {
namespace {

std::string mebibytes(std::size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", double(bytes) / (1024.0 * 1024.0));
  return buf;
}

}  // namespace

DeviceBuffer::DeviceBuffer(std::size_t bytes, std::string_view what) : bytes_(bytes) {
  if (bytes == 0) return;
  const cudaError_t status = cudaMalloc(&data_, bytes);
  if (status == cudaErrorMemoryAllocation) {
    cudaGetLastError();
    data_ = nullptr;
    throw OutOfDeviceMemory("out of device memory: " + mebibytes(bytes) + " for " + std::string(what) +
                            " could not be allocated");
  }
  check(status, "cudaMalloc");
}

DeviceBuffer::~DeviceBuffer() {
  if (data_) cudaFree(data_);  // errors ignored: at exit the runtime may already be gone
}

DeviceBuffer::DeviceBuffer(DeviceBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}

DeviceBuffer& DeviceBuffer::operator=(DeviceBuffer&& other) noexcept {
  if (this != &other) {
    if (data_) cudaFree(data_);
    data_ = std::exchange(other.data_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

Tensor device_tensor(const Shape& shape, DType dtype, std::string_view what) {
  auto buffer = std::make_shared<DeviceBuffer>(shape.count() * dtype_size(dtype), what);
  if (buffer->bytes() > 0) CNN_CUDA_CHECK(cudaMemset(buffer->get(), 0, buffer->bytes()));
  void* data = buffer->get();
  return Tensor::wrap(std::shared_ptr<void>(buffer, data), data, shape, dtype, MemorySpace::Device);
}

DeviceBuffer upload_values(const float* host, std::size_t count, DType dtype, std::string_view what) {
  DeviceBuffer buffer(count * dtype_size(dtype), what);
  copy_to_device(host, buffer.get(), count, dtype, nullptr);
  return buffer;
}

void copy_to_device(const float* host, void* device, std::size_t count, DType dtype, cudaStream_t stream) {
  if (count == 0) return;
  if (dtype == DType::F32) {
    CNN_CUDA_CHECK(cudaMemcpyAsync(device, host, count * sizeof(float), cudaMemcpyHostToDevice, stream));
  } else {
    std::vector<__half> half(count);
    for (std::size_t i = 0; i < count; ++i) half[i] = __float2half_rn(host[i]);
    CNN_CUDA_CHECK(cudaMemcpyAsync(device, half.data(), count * sizeof(__half), cudaMemcpyHostToDevice, stream));
  }
  CNN_CUDA_CHECK(cudaStreamSynchronize(stream));  // the host copy may go when this returns
}

void copy_to_host(const void* device, float* host, std::size_t count, DType dtype, cudaStream_t stream) {
  if (count == 0) return;
  if (dtype == DType::F32) {
    CNN_CUDA_CHECK(cudaMemcpyAsync(host, device, count * sizeof(float), cudaMemcpyDeviceToHost, stream));
    CNN_CUDA_CHECK(cudaStreamSynchronize(stream));
  } else {
    std::vector<__half> half(count);
    CNN_CUDA_CHECK(cudaMemcpyAsync(half.data(), device, count * sizeof(__half), cudaMemcpyDeviceToHost, stream));
    CNN_CUDA_CHECK(cudaStreamSynchronize(stream));
    for (std::size_t i = 0; i < count; ++i) host[i] = __half2float(half[i]);
  }
}

void SharedWorkspace::reserve(std::size_t bytes) {
  if (bytes <= buffer_.bytes()) return;
  if (buffer_.get()) {
    CNN_CUDA_CHECK(cudaDeviceSynchronize());  // queued work may still read the old buffer
    buffer_ = DeviceBuffer();                 // free first: old and new need not fit together
  }
  buffer_ = DeviceBuffer(bytes, "the shared workspace");
}

}  // namespace cnn::cuda
