#pragma once
// Tensor: an NCHW shape, an element type, and an owning aligned buffer or a view of someone else's.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace cnn {

enum class DType : std::uint8_t { F32, F16 };
std::size_t dtype_size(DType t);  // bytes per element

// Four-dimensional NCHW shape; fully connected outputs are N x C x 1 x 1.
struct Shape {
  int n = 1, c = 1, h = 1, w = 1;
  std::size_t count() const { return std::size_t(n) * c * h * w; }
  std::size_t per_image() const { return std::size_t(c) * h * w; }
  bool operator==(const Shape&) const = default;
  std::string str() const;  // "2x3x224x224"
};

enum class MemorySpace : std::uint8_t { Host, Device };

class Tensor {
 public:
  Tensor() = default;
  // A zero-filled host buffer aligned to 64 bytes, allocated through core/memory_tracker.h.
  static Tensor allocate(Shape shape, DType dtype = DType::F32);
  // A non-owning view of memory that outlives the tensor.
  static Tensor view(void* data, Shape shape, DType dtype, MemorySpace space = MemorySpace::Host);
  // A tensor that keeps `owner` alive and points at `data` (e.g. a device allocation with its deleter).
  static Tensor wrap(std::shared_ptr<void> owner, void* data, Shape shape, DType dtype, MemorySpace space);

  // A view whose images lie `image_stride` elements apart (more than shape.per_image(): one input's
  // channels inside a wider tensor, e.g. its slice of a concat's output). Only ops whose library
  // says they write strided outputs (Fusions::strided_output) are given one.
  static Tensor strided_view(void* data, Shape shape, std::size_t image_stride, DType dtype = DType::F32);

  // The same buffer seen with another shape of the same element count (packed tensors only).
  Tensor reshaped(Shape shape) const;
  // Elements from one image to the next; per_image() unless a strided view.
  std::size_t image_stride() const { return image_stride_ ? image_stride_ : shape_.per_image(); }
  bool packed() const { return image_stride() == shape_.per_image(); }

  const Shape& shape() const { return shape_; }
  DType dtype() const { return dtype_; }
  MemorySpace space() const { return space_; }
  std::size_t count() const { return shape_.count(); }
  std::size_t bytes() const { return count() * dtype_size(dtype_); }
  bool empty() const { return data_ == nullptr; }

  void* data() { return data_; }
  const void* data() const { return data_; }
  float* f32();              // asserts a host fp32 tensor
  const float* f32() const;  // asserts a host fp32 tensor

 private:
  std::shared_ptr<void> owner_;
  void* data_ = nullptr;
  Shape shape_;
  DType dtype_ = DType::F32;
  MemorySpace space_ = MemorySpace::Host;
  std::size_t image_stride_ = 0;  // 0: packed
};

}  // namespace cnn
