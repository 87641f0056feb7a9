#include "backends/cuda_common/cuda_backend.h"

#include <cassert>
#include <stdexcept>

#include "backends/cuda_common/cuda_check.h"
#include "backends/cuda_common/event_timer.h"

namespace cnn::cuda {

CudaBackend::~CudaBackend() {
  // Errors ignored: at exit the CUDA runtime may already have shut down.
  for (Lane& l : lanes_) {
    if (l.event) cudaEventDestroy(l.event);
    if (l.cudnn) cudnnDestroy(l.cudnn);
    if (l.cublas) cublasDestroy(l.cublas);
    if (l.stream) cudaStreamDestroy(l.stream);
  }
}

void CudaBackend::add_lane() const {
  Lane l;
  try {
    CNN_CUDA_CHECK(cudaStreamCreate(&l.stream));
    CNN_CUDA_CHECK(cublasCreate(&l.cublas));
    CNN_CUDA_CHECK(cublasSetStream(l.cublas, l.stream));
    CNN_CUDA_CHECK(cublasSetMathMode(l.cublas, tf32_ ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH));
    if (with_cudnn_) {
      CNN_CUDA_CHECK(cudnnCreate(&l.cudnn));
      CNN_CUDA_CHECK(cudnnSetStream(l.cudnn, l.stream));
    }
    CNN_CUDA_CHECK(cudaEventCreateWithFlags(&l.event, cudaEventDisableTiming));
  } catch (...) {  // no half-made lane stays behind
    if (l.event) cudaEventDestroy(l.event);
    if (l.cudnn) cudnnDestroy(l.cudnn);
    if (l.cublas) cublasDestroy(l.cublas);
    if (l.stream) cudaStreamDestroy(l.stream);
    throw;
  }
  lanes_.push_back(std::move(l));
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
    add_lane();
  } catch (const std::exception& e) {
    why_not_ = std::string("the CUDA libraries cannot start on ") + device.name + ": " + e.what();
    return false;
  }
  return true;
}

CudaBackend::Lane& CudaBackend::lane(int stream) {
  assert(stream >= 0 && stream < kStreams);
  require_available();
  while (int(lanes_.size()) <= stream) add_lane();
  return lanes_[std::size_t(stream)];
}

int CudaBackend::streams() const { return ready() ? kStreams : 1; }

void CudaBackend::set_stream(int stream) {
  assert(stream >= 0 && stream < kStreams);
  current_ = stream;
}

void CudaBackend::fork_streams(int n) {
  assert(n <= kStreams);
  if (n < 2) return;
  lane(n - 1);  // every stream made first: lanes_ may grow, and references into it move
  CNN_CUDA_CHECK(cudaEventRecord(lanes_[0].event, lanes_[0].stream));
  for (int k = 1; k < n; ++k) CNN_CUDA_CHECK(cudaStreamWaitEvent(lanes_[std::size_t(k)].stream, lanes_[0].event, 0));
}

void CudaBackend::join_streams(int n) {
  assert(n <= kStreams);
  if (n < 2) return;
  lane(n - 1);
  for (std::size_t k = 1; k < std::size_t(n); ++k) {
    CNN_CUDA_CHECK(cudaEventRecord(lanes_[k].event, lanes_[k].stream));
    CNN_CUDA_CHECK(cudaStreamWaitEvent(lanes_[0].stream, lanes_[k].event, 0));
  }
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
  tf32_ = config.precision == Precision::FP32 && config.allow_tf32;
  // CUBLAS_DEFAULT_MATH keeps fp32 GEMMs on FMA; fp16 GEMMs (cublasGemmEx) use tensor ops anyway.
  for (Lane& l : lanes_)
    CNN_CUDA_CHECK(cublasSetMathMode(l.cublas, tf32_ ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH));
}

const void* CudaBackend::memory_domain() const {
  static const char current_device = 0;
  return &current_device;
}

void CudaBackend::synchronize() {
  for (const Lane& l : lanes_) CNN_CUDA_CHECK(cudaStreamSynchronize(l.stream));
}

Tensor CudaBackend::allocate(const Shape& shape, DType dtype) {
  require_available();
  return device_tensor(shape, dtype, "activations (" + shape.str() + ")");
}

void CudaBackend::upload(const Tensor& host, Tensor& dst) {
  assert(host.space() == MemorySpace::Host && host.dtype() == DType::F32);
  assert(dst.space() == MemorySpace::Device && dst.count() == host.count());
  require_available();
  copy_to_device(static_cast<const float*>(host.data()), dst.data(), host.count(), dst.dtype(), lanes_[0].stream);
}

void CudaBackend::download(const Tensor& src, Tensor& host) {
  assert(host.space() == MemorySpace::Host && host.dtype() == DType::F32);
  assert(src.space() == MemorySpace::Device && src.count() == host.count());
  require_available();
  copy_to_host(src.data(), static_cast<float*>(host.data()), host.count(), src.dtype(), lanes_[0].stream);
}

std::unique_ptr<StreamTimer> CudaBackend::stream_timer() {
  if (!ready()) return nullptr;
  return std::make_unique<EventTimer>(lanes_[0].stream);
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
  Lane& l = lane(current_);
  OpContext ctx;
  ctx.stream = l.stream;
  ctx.cublas = l.cublas;
  ctx.cudnn = l.cudnn;
  ctx.precision = config.precision;
  ctx.allow_tf32 = config.precision == Precision::FP32 && config.allow_tf32;
  ctx.workspace = l.workspace.lock();  // one per stream: ops side by side never share scratch
  if (!ctx.workspace) {
    ctx.workspace = std::make_shared<SharedWorkspace>();
    l.workspace = ctx.workspace;
  }
  return ctx;
}

}  // namespace cnn::cuda
