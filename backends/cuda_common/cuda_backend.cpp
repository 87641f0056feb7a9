#include "backends/cuda_common/cuda_backend.h"

#include <cassert>
#include <stdexcept>

#include "backends/cuda_common/cuda_check.h"
#include "backends/cuda_common/event_timer.h"

namespace cnn::cuda {

CudaBackend::~CudaBackend() {
  // Errors ignored: at exit the CUDA runtime may already have shut down.
  if (cudnn_) cudnnDestroy(cudnn_);
  if (cublas_) cublasDestroy(cublas_);
  if (stream_) cudaStreamDestroy(stream_);
}

bool CudaBackend::ready() const {
  if (tried_) return why_not_.empty();
  tried_ = true;
  const DeviceStatus& device = device_status();
  if (!device.available) {
    why_not_ = device.why_not;
    return false;
  }
  try {
    CNN_CUDA_CHECK(cudaSetDevice(device.device));
    CNN_CUDA_CHECK(cudaStreamCreate(&stream_));
    CNN_CUDA_CHECK(cublasCreate(&cublas_));
    CNN_CUDA_CHECK(cublasSetStream(cublas_, stream_));
    if (with_cudnn_) {
      CNN_CUDA_CHECK(cudnnCreate(&cudnn_));
      CNN_CUDA_CHECK(cudnnSetStream(cudnn_, stream_));
    }
  } catch (const std::exception& e) {
    why_not_ = std::string("the CUDA libraries cannot start on ") + device.name + ": " + e.what();
    return false;
  }
  return true;
}

BackendInfo CudaBackend::base_info(const std::string& id, const std::string& name) const {
  BackendInfo info;
  info.id = id;
  info.name = name;
  info.precisions = {Precision::FP32, Precision::FP16};
  info.available = ready();
  info.why_not = why_not_;
  if (details_.empty()) details_ = cuda_details(device_status());  // read once: info() is asked per layer
  info.details = details_;
  info.details.emplace_back("fp32 math",
                            "FMA only (TF32 off) unless the run allows TF32 (allow_tf32, compute capability 8.0+)");
  info.details.emplace_back("fp16 math", "fp16 storage, fp32 accumulation, tensor-op math");
  return info;
}

void CudaBackend::require_available() const {
  if (!ready()) throw std::runtime_error(why_not_);
}

void CudaBackend::configure(const RunConfig& config) {
  require_available();
  const bool tf32 = config.precision == Precision::FP32 && config.allow_tf32;
  // CUBLAS_DEFAULT_MATH keeps fp32 GEMMs on FMA; fp16 GEMMs (cublasGemmEx) use tensor ops anyway.
  CNN_CUDA_CHECK(cublasSetMathMode(cublas_, tf32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH));
}

const void* CudaBackend::memory_domain() const {
  static const char current_device = 0;
  return &current_device;
}

void CudaBackend::synchronize() {
  if (stream_) CNN_CUDA_CHECK(cudaStreamSynchronize(stream_));
}

Tensor CudaBackend::allocate(const Shape& shape, DType dtype) {
  require_available();
  return device_tensor(shape, dtype, "activations (" + shape.str() + ")");
}

void CudaBackend::upload(const Tensor& host, Tensor& dst) {
  assert(host.space() == MemorySpace::Host && host.dtype() == DType::F32);
  assert(dst.space() == MemorySpace::Device && dst.count() == host.count());
  require_available();
  copy_to_device(static_cast<const float*>(host.data()), dst.data(), host.count(), dst.dtype(), stream_);
}

void CudaBackend::download(const Tensor& src, Tensor& host) {
  assert(host.space() == MemorySpace::Host && host.dtype() == DType::F32);
  assert(src.space() == MemorySpace::Device && src.count() == host.count());
  require_available();
  copy_to_host(src.data(), static_cast<float*>(host.data()), host.count(), src.dtype(), stream_);
}

std::unique_ptr<StreamTimer> CudaBackend::stream_timer() {
  if (!ready()) return nullptr;
  return std::make_unique<EventTimer>(stream_);
}

std::optional<std::uint64_t> CudaBackend::device_bytes_in_use() const {
  if (!ready()) return std::nullopt;
  std::size_t free = 0, total = 0;
  if (cudaMemGetInfo(&free, &total) != cudaSuccess) {
    cudaGetLastError();
    return std::nullopt;
  }
  return std::uint64_t(total - free);
}

OpContext CudaBackend::op_context(const RunConfig& config) {
  require_available();
  OpContext ctx;
  ctx.stream = stream_;
  ctx.cublas = cublas_;
  ctx.cudnn = cudnn_;
  ctx.precision = config.precision;
  ctx.allow_tf32 = config.precision == Precision::FP32 && config.allow_tf32;
  ctx.workspace = workspace_.lock();
  if (!ctx.workspace) {
    ctx.workspace = std::make_shared<SharedWorkspace>();
    workspace_ = ctx.workspace;
  }
  return ctx;
}

}  // namespace cnn::cuda
