#pragma once
// Run-time detection of the CUDA device, and the versions recorded with a run's platform.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cnn::cuda {

struct DeviceStatus {
  bool available = false;
  std::string why_not;             // the driver's own reason, one sentence, when !available
  int device = 0;                  // the CUDA device used (the first visible one)
  std::string name;                // "NVIDIA H100 80GB HBM3"
  int cc_major = 0, cc_minor = 0;  // compute capability
  int sm_clock_mhz = 0;            // peak SM clock; 0 when not readable
  int multiprocessors = 0;
  std::uint64_t memory_bytes = 0;  // total device memory
};

// Detected once per process, on the first call: a device, a driver, and our kernels able to run on it.
const DeviceStatus& device_status();

// "13.0" from CUDA's 13000-style numbers; "none" for 0.
std::string cuda_version_string(int version);

// Library versions always (CUDA runtime, cuBLAS, cuDNN, driver) and, with a device, its name,
// compute capability, SM clock and memory: BackendInfo::details of both CUDA backends.
std::vector<std::pair<std::string, std::string>> cuda_details(const DeviceStatus& status);

}  // namespace cnn::cuda
