#pragma once
// Internal to the OpenBLAS backend: one factory per op class (each in <op>_openblas.cpp) and
// the small helpers they share.
#include <cstddef>
#include <memory>

#include "core/backend.h"
#include "core/memory_tracker.h"

namespace cnn::openblas {

// How a convolution splits its work (see convolution_openblas.cpp); 0 picks the default.
struct ConvTuning {
  int target_columns = 0;        // GEMM width (output pixels, across images) worth gathering
  std::size_t column_bytes = 0;  // cap on one GEMM's im2col columns, so they stay in cache
};

// Each factory expects a supported fp32 layer with its shapes filled and its weights in Caffe's
// layout (core/weights.h); a mismatch is a programming error and asserts. `threads` >= 1.
std::unique_ptr<Op> make_convolution(const LayerDesc& layer, const Weights& weights, int threads,
                                     ConvTuning tuning = {});
std::unique_ptr<Op> make_inner_product(const LayerDesc& layer, const Weights& weights, int threads);
std::unique_ptr<Op> make_pooling(const LayerDesc& layer, int threads);
std::unique_ptr<Op> make_relu(const LayerDesc& layer, int threads);
std::unique_ptr<Op> make_clip(const LayerDesc& layer, int threads);
std::unique_ptr<Op> make_lrn(const LayerDesc& layer, int threads);
std::unique_ptr<Op> make_concat(const LayerDesc& layer, int threads);
std::unique_ptr<Op> make_eltwise(const LayerDesc& layer, int threads);
std::unique_ptr<Op> make_batch_norm(const LayerDesc& layer, const Weights& weights, int threads);
std::unique_ptr<Op> make_scale(const LayerDesc& layer, const Weights& weights, int threads);
std::unique_ptr<Op> make_softmax(const LayerDesc& layer, int threads);

// Loops over fewer elements than this run on the calling thread: waking the team costs more.
constexpr std::size_t kParallelMinElements = std::size_t(1) << 14;

// Threads worth using for a loop over `elements` values: 1 below kParallelMinElements.
int threads_for(std::size_t elements, int threads);
// Sets OpenBLAS's GEMM threads to `threads` (the op's), or to 1 on a thread that runs a group beside
// others (OpenBlasBackend::set_thread_team).
void use_gemm_threads(int threads);

// Asserts that `t` is a host fp32 tensor holding exactly `shape`'s element count.
void check_tensor(const Tensor& t, const Shape& shape);


// What a fused graph adds after a layer's own work (FusedOps), in the same pass over its output:
// dst[i] = activate(src[i] + addend[i]); addend null: no sum. dst may be src. (convolution_openblas.cpp)
void finish(const FusedOps& fused, const float* src, const float* addend, float* dst, std::size_t count);

// y = x * a[c] + b[c] over NCHW planes (b null: no shift); y may alias x (batch_norm_openblas.cpp).
void channel_affine(const float* x, float* y, const Shape& shape, const float* a, const float* b,
                    int threads);

// A 64-byte aligned float buffer that is not zero-filled (scratch overwritten before use),
// allocated through core's memory hook so the session's tracked figure counts it.
class AlignedFloats {
 public:
  explicit AlignedFloats(std::size_t count = 0)
      : buffer_(count ? TrackedBuffer(count * sizeof(float)) : TrackedBuffer()) {}
  float* get() const { return static_cast<float*>(buffer_.get()); }
  std::size_t count() const { return buffer_.bytes() / sizeof(float); }
  std::size_t bytes() const { return buffer_.bytes(); }

 private:
  TrackedBuffer buffer_;
};

}  // namespace cnn::openblas
