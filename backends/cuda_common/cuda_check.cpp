#include "backends/cuda_common/cuda_check.h"

namespace cnn::cuda {
namespace {

std::string function_name(std::string_view call) {
  const auto paren = call.find('(');
  return std::string(paren == std::string_view::npos ? call : call.substr(0, paren));
}

}  // namespace

std::string describe(cudaError_t status) {
  return std::string(cudaGetErrorString(status)) + " (" + cudaGetErrorName(status) + ")";
}

std::string describe(cublasStatus_t status) {
  return std::string(cublasGetStatusString(status)) + " (" + cublasGetStatusName(status) + ")";
}

std::string describe(cudnnStatus_t status) {
  std::string text = cudnnGetErrorString(status);
  char detail[512] = {};
  cudnnGetLastErrorString(detail, sizeof detail);  // cuDNN 9: why, in its own words (may be empty)
  if (detail[0] != '\0') text += std::string(": ") + detail;
  return text;
}

void check(cudaError_t status, std::string_view call) {
  if (status == cudaSuccess) return;
  cudaGetLastError();  // clear a non-sticky error so the next call does not report it again
  const std::string what = "CUDA call " + function_name(call) + " failed: " + describe(status);
  if (status == cudaErrorMemoryAllocation) throw OutOfDeviceMemory(what);
  throw std::runtime_error(what);
}

void check(cublasStatus_t status, std::string_view call) {
  if (status == CUBLAS_STATUS_SUCCESS) return;
  const std::string what = "cuBLAS call " + function_name(call) + " failed: " + describe(status);
  if (status == CUBLAS_STATUS_ALLOC_FAILED) throw OutOfDeviceMemory(what);
  throw std::runtime_error(what);
}

void check(cudnnStatus_t status, std::string_view call) {
  if (status == CUDNN_STATUS_SUCCESS) return;
  throw std::runtime_error("cuDNN call " + function_name(call) + " failed: " + describe(status));
}

}  // namespace cnn::cuda
