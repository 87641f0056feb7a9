#pragma once
// The one allocation hook for host memory a session holds: model weights, activation buffers,
// libraries' workspaces and their copies of the weights. Every tracked allocation goes through
// allocate()/release() (or TrackedBuffer / Tensor::allocate, which use them), so the bytes held
// and their peak can be read exactly, unlike the process's resident size, which misses memory the
// allocator reuses. Thread-safe; knows no library. Device memory is not tracked here.
#include <cstddef>
#include <cstdint>

namespace cnn {
namespace memory_tracker {

inline constexpr std::size_t kDefaultAlignment = 64;

// `bytes` of uninitialised host memory aligned to `alignment` (a power of two >= 16); counted as
// `bytes` (the small header beside it is not). Zero bytes give a valid pointer counting 0.
// Throws std::bad_alloc.
void* allocate(std::size_t bytes, std::size_t alignment = kDefaultAlignment);
// Frees a pointer from allocate() (null: nothing) and lowers current_bytes() by its size.
void release(void* p) noexcept;

std::uint64_t current_bytes();  // bytes allocated through the hook and not yet released
std::uint64_t peak_bytes();     // the most current_bytes() has been since the last reset_peak()
void reset_peak();              // peak_bytes() = current_bytes()

}  // namespace memory_tracker

// One block from memory_tracker::allocate, released on destruction; move-only.
class TrackedBuffer {
 public:
  TrackedBuffer() = default;
  explicit TrackedBuffer(std::size_t bytes, std::size_t alignment = memory_tracker::kDefaultAlignment);
  ~TrackedBuffer() { memory_tracker::release(data_); }
  TrackedBuffer(TrackedBuffer&& other) noexcept;
  TrackedBuffer& operator=(TrackedBuffer&& other) noexcept;
  TrackedBuffer(const TrackedBuffer&) = delete;
  TrackedBuffer& operator=(const TrackedBuffer&) = delete;

  void* get() const { return data_; }
  std::size_t bytes() const { return bytes_; }

 private:
  void* data_ = nullptr;
  std::size_t bytes_ = 0;
};

}  // namespace cnn
