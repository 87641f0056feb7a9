#include "core/tensor.h"

#include <cassert>
#include <cstring>

#include "core/memory_tracker.h"

namespace cnn {

std::size_t dtype_size(DType t) { return t == DType::F16 ? 2 : 4; }

std::string Shape::str() const {
  return std::to_string(n) + "x" + std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w);
}

Tensor Tensor::allocate(Shape shape, DType dtype) {
  const std::size_t bytes = shape.count() * dtype_size(dtype);
  void* p = memory_tracker::allocate(bytes, 64);
  std::memset(p, 0, bytes);
  Tensor t;
  t.owner_ = std::shared_ptr<void>(p, [](void* q) { memory_tracker::release(q); });
  t.data_ = p;
  t.shape_ = shape;
  t.dtype_ = dtype;
  return t;
}

Tensor Tensor::view(void* data, Shape shape, DType dtype, MemorySpace space) {
  Tensor t;
  t.data_ = data;
  t.shape_ = shape;
  t.dtype_ = dtype;
  t.space_ = space;
  return t;
}

Tensor Tensor::wrap(std::shared_ptr<void> owner, void* data, Shape shape, DType dtype, MemorySpace space) {
  Tensor t = view(data, shape, dtype, space);
  t.owner_ = std::move(owner);
  return t;
}

Tensor Tensor::strided_view(void* data, Shape shape, std::size_t image_stride, DType dtype) {
  assert(image_stride >= shape.per_image());
  Tensor t = view(data, shape, dtype);
  t.image_stride_ = image_stride;
  return t;
}

Tensor Tensor::reshaped(Shape shape) const {
  assert(shape.count() == shape_.count() && packed());
  Tensor t = *this;
  t.shape_ = shape;
  return t;
}

float* Tensor::f32() {
  assert(dtype_ == DType::F32 && space_ == MemorySpace::Host);
  return static_cast<float*>(data_);
}

const float* Tensor::f32() const {
  assert(dtype_ == DType::F32 && space_ == MemorySpace::Host);
  return static_cast<const float*>(data_);
}

}  // namespace cnn
