#pragma once
// Internal to the reference backend: one factory per op class (each in <op>_reference.cpp).
#include <functional>
#include <memory>

#include "core/backend.h"

namespace cnn::reference {

// Each factory expects a supported fp32 layer with its shapes filled and its weights in
// Caffe's layout (core/weights.h); a mismatch is a programming error and asserts.
std::unique_ptr<Op> make_convolution(const LayerDesc& layer, const Weights& weights, int threads);
std::unique_ptr<Op> make_pooling(const LayerDesc& layer);
std::unique_ptr<Op> make_relu(const LayerDesc& layer);
std::unique_ptr<Op> make_lrn(const LayerDesc& layer);
std::unique_ptr<Op> make_inner_product(const LayerDesc& layer, const Weights& weights, int threads);
std::unique_ptr<Op> make_concat(const LayerDesc& layer);
std::unique_ptr<Op> make_eltwise(const LayerDesc& layer);
std::unique_ptr<Op> make_batch_norm(const LayerDesc& layer, const Weights& weights);
std::unique_ptr<Op> make_scale(const LayerDesc& layer, const Weights& weights);
std::unique_ptr<Op> make_dropout(const LayerDesc& layer);
std::unique_ptr<Op> make_softmax(const LayerDesc& layer);
std::unique_ptr<Op> make_flatten(const LayerDesc& layer);
std::unique_ptr<Op> make_clip(const LayerDesc& layer);

// Calls body(begin, end) over contiguous slices of [0, count) on up to `threads` threads
// (the calling thread takes the first slice). Each index must be independent of the others.
void parallel_for(int threads, int count, const std::function<void(int begin, int end)>& body);

// Asserts that `t` is a host fp32 tensor holding exactly `shape`'s element count.
void check_tensor(const Tensor& t, const Shape& shape);

// Copies src to dst unless they are the same memory (identity layers run in place).
void copy_unless_same(const Tensor& src, Tensor& dst);

}  // namespace cnn::reference
