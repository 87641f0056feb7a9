#include "backends/cuda_common/gemm.h"

#include <cassert>

#include "backends/cuda_common/cuda_check.h"

namespace cnn::cuda {

// cuBLAS is column-major: a row-major C = A * B is the column-major C^T = B^T * A^T, so the
// operands swap places and M, N swap roles (as Caffe's caffe_gpu_gemm does).
template <>
void gemm<float>(cublasHandle_t handle, bool trans_a, bool trans_b, int m, int n, int k, const float* a, const float* b,
                 float* c, int batch, long long stride_a, long long stride_b, long long stride_c) {
  assert(batch >= 1);
  const float one = 1.f, zero = 0.f;
  const int lda = trans_a ? m : k, ldb = trans_b ? k : n;
  const cublasOperation_t op_a = trans_a ? CUBLAS_OP_T : CUBLAS_OP_N, op_b = trans_b ? CUBLAS_OP_T : CUBLAS_OP_N;
  if (batch == 1) {
    CNN_CUDA_CHECK(cublasSgemm(handle, op_b, op_a, n, m, k, &one, b, ldb, a, lda, &zero, c, n));
  } else {
    CNN_CUDA_CHECK(cublasSgemmStridedBatched(handle, op_b, op_a, n, m, k, &one, b, ldb, stride_b, a, lda, stride_a,
                                             &zero, c, n, stride_c, batch));
  }
}

template <>
void gemm<__half>(cublasHandle_t handle, bool trans_a, bool trans_b, int m, int n, int k, const __half* a,
                  const __half* b, __half* c, int batch, long long stride_a, long long stride_b, long long stride_c) {
  assert(batch >= 1);
  const float one = 1.f, zero = 0.f;  // CUBLAS_COMPUTE_32F takes fp32 scalars
  const int lda = trans_a ? m : k, ldb = trans_b ? k : n;
  const cublasOperation_t op_a = trans_a ? CUBLAS_OP_T : CUBLAS_OP_N, op_b = trans_b ? CUBLAS_OP_T : CUBLAS_OP_N;
  if (batch == 1) {
    CNN_CUDA_CHECK(cublasGemmEx(handle, op_b, op_a, n, m, k, &one, b, CUDA_R_16F, ldb, a, CUDA_R_16F, lda, &zero, c,
                                CUDA_R_16F, n, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT));
  } else {
    CNN_CUDA_CHECK(cublasGemmStridedBatchedEx(handle, op_b, op_a, n, m, k, &one, b, CUDA_R_16F, ldb, stride_b, a,
                                              CUDA_R_16F, lda, stride_a, &zero, c, CUDA_R_16F, n, stride_c, batch,
                                              CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT));
  }
}

}  // namespace cnn::cuda
