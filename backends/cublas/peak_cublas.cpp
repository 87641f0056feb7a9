// cuBLAS's ceilings for the roofline: a square GEMM (cublasSgemm in fp32, cublasGemmEx with fp16
// operands and fp32 accumulation in fp16) and the device memory's bandwidth by a triad kernel. The
// host clock brackets each run and a stream synchronisation, so a few microseconds of launch
// latency count against runs of milliseconds.
#include <cuda_fp16.h>

#include "backends/cublas/cublas_backend.h"
#include "backends/cuda_common/cuda_check.h"
#include "backends/cuda_common/gemm.h"
#include "backends/cuda_common/triad.h"
#include "core/bench/machine.h"

namespace cnn {

namespace {
constexpr int kGemmSize = 8192;                       // ~1.1 TFLOP per product: milliseconds on any GPU
constexpr std::size_t kTriadFloats = std::size_t(1) << 27;  // 512 MiB per array, far above any L2
}  // namespace

std::optional<CeilingReading> CublasBackend::measure_peak(Precision precision, const RunConfig& config,
                                                          int repetitions) {
  if (!info().available) return std::nullopt;
  const cuda::OpContext ctx = op_context(config);
  const std::size_t elements = std::size_t(kGemmSize) * kGemmSize;
  const std::size_t size = precision == Precision::FP16 ? sizeof(__half) : sizeof(float);
  cuda::DeviceBuffer a(elements * size, "the peak GEMM's A"), b(elements * size, "the peak GEMM's B"),
      c(elements * size, "the peak GEMM's C");
  CNN_CUDA_CHECK(cudaMemsetAsync(a.get(), 0, a.bytes(), ctx.stream));
  CNN_CUDA_CHECK(cudaMemsetAsync(b.get(), 0, b.bytes(), ctx.stream));
  const int n = kGemmSize;
  const std::string what = std::to_string(n) + "x" + std::to_string(n) + "x" + std::to_string(n);
  auto run = [&] {
    if (precision == Precision::FP16)
      cuda::gemm<__half>(ctx.cublas, false, false, n, n, n, a.as<__half>(), b.as<__half>(), c.as<__half>());
    else
      cuda::gemm<float>(ctx.cublas, false, false, n, n, n, a.as<float>(), b.as<float>(), c.as<float>());
  };
  return time_rate(2.0 * n * n * n, repetitions, run,
                   (precision == Precision::FP16 ? "cublasGemmEx fp16 (fp32 accumulation) " : "cublasSgemm ") + what +
                       (precision == Precision::FP32 && config.allow_tf32 ? " (TF32 allowed)" : ""),
                   [this] { synchronize(); });
}

std::optional<CeilingReading> CublasBackend::measure_bandwidth(int repetitions) {
  if (!info().available) return std::nullopt;
  const cuda::OpContext ctx = op_context(RunConfig{});
  cuda::DeviceBuffer a(kTriadFloats * sizeof(float), "the triad's a"), b(kTriadFloats * sizeof(float), "the triad's b"),
      c(kTriadFloats * sizeof(float), "the triad's c");
  CNN_CUDA_CHECK(cudaMemsetAsync(b.get(), 0, b.bytes(), ctx.stream));
  CNN_CUDA_CHECK(cudaMemsetAsync(c.get(), 0, c.bytes(), ctx.stream));
  return time_rate(3.0 * sizeof(float) * double(kTriadFloats), repetitions, [&] {
    cuda::launch_triad(a.as<float>(), b.as<float>(), c.as<float>(), 3.f, kTriadFloats, ctx.stream);
  }, "triad kernel over 3 arrays of 512 MiB", [this] { synchronize(); });
}

}  // namespace cnn
