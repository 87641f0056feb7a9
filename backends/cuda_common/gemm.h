#pragma once
// Row-major GEMM on cuBLAS (Caffe's caffe_gpu_gemm), fp32 accumulation in both precisions:
// float runs cublasSgemm(StridedBatched), __half runs cublasGemmEx(StridedBatchedEx) with
// CUDA_R_16F operands and CUBLAS_COMPUTE_32F. The handle's stream and math mode apply.
#include <cublas_v2.h>
#include <cuda_fp16.h>

namespace cnn::cuda {

// For b in [0, batch): C_b (M x N) = op(A_b) (M x K) * op(B_b) (K x N), every matrix row-major and
// packed; X_b = X + b * stride_x (elements; a stride of 0 reuses one matrix).
template <class T>
void gemm(cublasHandle_t handle, bool trans_a, bool trans_b, int m, int n, int k, const T* a, const T* b, T* c,
          int batch = 1, long long stride_a = 0, long long stride_b = 0, long long stride_c = 0);

}  // namespace cnn::cuda
