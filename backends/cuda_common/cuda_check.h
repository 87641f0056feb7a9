#pragma once
// CUDA, cuBLAS and cuDNN status codes turned into std::runtime_error sentences.
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <cudnn.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace cnn::cuda {

// The device ran out of memory; the sentence names what was being allocated and its size.
class OutOfDeviceMemory : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "out of memory (cudaErrorMemoryAllocation)"
std::string describe(cudaError_t status);
std::string describe(cublasStatus_t status);
std::string describe(cudnnStatus_t status);

// Throw "<call> failed: <the library's reason>" unless `status` is success; `call` may be a whole
// expression (CNN_CUDA_CHECK passes its text): only the function name before '(' is kept.
// cudaErrorMemoryAllocation throws OutOfDeviceMemory. Sticky CUDA errors stay set (the context is lost).
void check(cudaError_t status, std::string_view call);
void check(cublasStatus_t status, std::string_view call);
void check(cudnnStatus_t status, std::string_view call);

}  // namespace cnn::cuda

#define CNN_CUDA_CHECK(call) ::cnn::cuda::check((call), #call)
