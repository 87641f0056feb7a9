#include "backends/reference/reference_backend.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <thread>
#include <vector>

#include "backends/reference/reference_ops.h"

namespace cnn {

BackendInfo ReferenceBackend::info() const {
  BackendInfo i;
  i.id = "reference";
  i.name = "Reference (plain loops)";
  i.precisions = {Precision::FP32};
  i.available = true;
  i.oracle = true;
  return i;
}

bool ReferenceBackend::supports(const LayerDesc& layer, Precision precision) const {
  if (precision != Precision::FP32) return false;
  switch (layer.type) {
    case LayerType::Concat: return layer.concat.axis == 1;
    case LayerType::Softmax: return layer.softmax.axis == 1;
    case LayerType::LRN: return layer.lrn.local_size > 0 && layer.lrn.local_size % 2 == 1;
    case LayerType::Convolution:
    case LayerType::Pooling:
    case LayerType::ReLU:
    case LayerType::InnerProduct:
    case LayerType::Eltwise:
    case LayerType::BatchNorm:
    case LayerType::Scale:
    case LayerType::Dropout:
    case LayerType::Flatten:
    case LayerType::Clip:
      return true;
  }
  return false;
}

Fusions ReferenceBackend::fusions(const LayerDesc& layer, Precision precision) const {
  if (!supports(layer, precision)) return {};
  switch (layer.type) {
    case LayerType::Convolution: return {true, true, true};
    case LayerType::InnerProduct: return {true, false, true};
    case LayerType::Eltwise: return layer.eltwise.op == EltwiseOp::Sum ? Fusions{true, false, true} : Fusions{};
    default: return {};
  }
}

std::unique_ptr<Op> ReferenceBackend::create(const LayerDesc& layer, const Weights& weights,
                                             const RunConfig& config) {
  if (!supports(layer, config.precision)) return nullptr;
  assert(!layer.in_shapes.empty() && !layer.out_shapes.empty());
  const int threads = config.resolved_threads();
  switch (layer.type) {
    case LayerType::Convolution: return reference::make_convolution(layer, weights, threads);
    case LayerType::Pooling: return reference::make_pooling(layer);
    case LayerType::ReLU: return reference::make_relu(layer);
    case LayerType::LRN: return reference::make_lrn(layer);
    case LayerType::InnerProduct: return reference::make_inner_product(layer, weights, threads);
    case LayerType::Concat: return reference::make_concat(layer);
    case LayerType::Eltwise: return reference::make_eltwise(layer);
    case LayerType::BatchNorm: return reference::make_batch_norm(layer, weights);
    case LayerType::Scale: return reference::make_scale(layer, weights);
    case LayerType::Dropout: return reference::make_dropout(layer);
    case LayerType::Softmax: return reference::make_softmax(layer);
    case LayerType::Flatten: return reference::make_flatten(layer);
    case LayerType::Clip: return reference::make_clip(layer);
  }
  return nullptr;
}

namespace reference {

void parallel_for(int threads, int count, const std::function<void(int, int)>& body) {
  const int parts = std::max(1, std::min(threads, count));
  if (parts == 1) {
    if (count > 0) body(0, count);
    return;
  }
  std::vector<std::thread> workers;
  workers.reserve(parts - 1);
  const auto slice = [&](int p) { return int(std::int64_t(count) * p / parts); };
  for (int p = 1; p < parts; ++p) workers.emplace_back(body, slice(p), slice(p + 1));
  body(0, slice(1));
  for (auto& w : workers) w.join();
}

void check_tensor(const Tensor& t, const Shape& shape) {
  assert(t.dtype() == DType::F32 && t.space() == MemorySpace::Host);
  assert(t.count() == shape.count());
  (void)t;
  (void)shape;
}

void copy_unless_same(const Tensor& src, Tensor& dst) {
  assert(src.count() == dst.count());
  if (src.data() != dst.data()) std::memcpy(dst.data(), src.data(), src.bytes());
}

}  // namespace reference
}  // namespace cnn
