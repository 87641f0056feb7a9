#include "backends/cuda_common/device_info.h"

#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <cudnn.h>

#include <fstream>
#include <regex>

#include "backends/cuda_common/cuda_check.h"
#include "backends/cuda_common/kernels.h"

namespace cnn::cuda {
namespace {

DeviceStatus detect() {
  DeviceStatus s;
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    cudaGetLastError();
    int driver = 0;
    cudaDriverGetVersion(&driver);
    s.why_not = "no usable CUDA device: " + describe(status);
    if (driver == 0) s.why_not += "; no NVIDIA driver is loaded";
    return s;
  }
  if (count == 0) {
    s.why_not = "no CUDA device was found (the driver reports none)";
    return s;
  }
  cudaDeviceProp prop{};
  if (const cudaError_t e = cudaGetDeviceProperties(&prop, s.device); e != cudaSuccess) {
    cudaGetLastError();
    s.why_not = "the CUDA device cannot be queried: " + describe(e);
    return s;
  }
  s.name = prop.name;
  s.cc_major = prop.major;
  s.cc_minor = prop.minor;
  s.multiprocessors = prop.multiProcessorCount;
  s.memory_bytes = prop.totalGlobalMem;
  int khz = 0;
  if (cudaDeviceGetAttribute(&khz, cudaDevAttrClockRate, s.device) == cudaSuccess) s.sm_clock_mhz = khz / 1000;
  cudaGetLastError();
  if (const cudaError_t e = kernels_runnable(); e != cudaSuccess) {
    cudaGetLastError();
    s.why_not = "this build's CUDA kernels cannot run on " + s.name + " (compute capability " +
                std::to_string(s.cc_major) + "." + std::to_string(s.cc_minor) + "): " + describe(e);
    return s;
  }
  s.available = true;
  return s;
}

// The kernel driver's release ("580.65.06") from /proc; empty where it is not there (e.g. Jetson).
std::string driver_release() {
  std::ifstream in("/proc/driver/nvidia/version");
  std::string line;
  std::getline(in, line);
  std::smatch m;
  if (std::regex_search(line, m, std::regex(R"(Kernel Module\s+(?:for \S+\s+)?([0-9][0-9.]+))"))) return m[1];
  return {};
}

std::string library_version(int major, int minor, int patch) {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

}  // namespace

const DeviceStatus& device_status() {
  static const DeviceStatus status = detect();  // thread-safe, once
  return status;
}

std::string cuda_version_string(int version) {
  if (version <= 0) return "none";
  return std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10);
}

std::vector<std::pair<std::string, std::string>> cuda_details(const DeviceStatus& s) {
  std::vector<std::pair<std::string, std::string>> d;
  int runtime = 0, driver = 0;
  cudaRuntimeGetVersion(&runtime);
  cudaDriverGetVersion(&driver);
  int major = 0, minor = 0, patch = 0;
  cublasGetProperty(MAJOR_VERSION, &major);
  cublasGetProperty(MINOR_VERSION, &minor);
  cublasGetProperty(PATCH_LEVEL, &patch);
  const std::size_t cudnn = cudnnGetVersion();  // 91900 = 9.19.0
  if (s.available) {
    d.emplace_back("gpu", s.name);
    d.emplace_back("compute capability", std::to_string(s.cc_major) + "." + std::to_string(s.cc_minor));
    d.emplace_back("sm clock", s.sm_clock_mhz > 0 ? std::to_string(s.sm_clock_mhz) + " MHz" : "not readable");
    d.emplace_back("multiprocessors", std::to_string(s.multiprocessors));
    d.emplace_back("gpu memory", std::to_string(s.memory_bytes / (1024 * 1024)) + " MiB");
  }
  const std::string release = driver_release();
  d.emplace_back("driver", (release.empty() ? "" : release + ", ") + "CUDA " + cuda_version_string(driver));
  d.emplace_back("cuda runtime", cuda_version_string(runtime));
  d.emplace_back("cublas", library_version(major, minor, patch));
  d.emplace_back("cudnn", library_version(int(cudnn / 10000), int(cudnn % 10000 / 100), int(cudnn % 100)));
  return d;
}

}  // namespace cnn::cuda
