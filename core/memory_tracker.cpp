#include "core/memory_tracker.h"

#include <atomic>
#include <cassert>
#include <cstdlib>
#include <new>
#include <utility>

namespace cnn {
namespace memory_tracker {
namespace {

std::atomic<std::uint64_t> g_current{0};
std::atomic<std::uint64_t> g_peak{0};

// Stored just before the pointer handed out: what release() needs to undo allocate().
struct Header {
  std::size_t bytes;
  std::size_t alignment;
};
static_assert(sizeof(Header) <= 16);

void raise_peak(std::uint64_t now) {
  std::uint64_t peak = g_peak.load(std::memory_order_relaxed);
  while (now > peak && !g_peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

}  // namespace

void* allocate(std::size_t bytes, std::size_t alignment) {
  assert(alignment >= 16 && (alignment & (alignment - 1)) == 0);
  // One alignment unit in front holds the header; aligned_alloc wants a multiple of alignment.
  const std::size_t total = alignment + (bytes + alignment - 1) / alignment * alignment;
  if (total < bytes) throw std::bad_alloc();
  void* base = std::aligned_alloc(alignment, total);
  if (!base) throw std::bad_alloc();
  char* p = static_cast<char*>(base) + alignment;
  *reinterpret_cast<Header*>(p - sizeof(Header)) = Header{bytes, alignment};
  raise_peak(g_current.fetch_add(bytes, std::memory_order_relaxed) + bytes);
  return p;
}

void release(void* p) noexcept {
  if (!p) return;
  char* q = static_cast<char*>(p);
  const Header h = *reinterpret_cast<const Header*>(q - sizeof(Header));
  g_current.fetch_sub(h.bytes, std::memory_order_relaxed);
  std::free(q - h.alignment);
}

std::uint64_t current_bytes() { return g_current.load(std::memory_order_relaxed); }
std::uint64_t peak_bytes() { return g_peak.load(std::memory_order_relaxed); }
void reset_peak() { g_peak.store(g_current.load(std::memory_order_relaxed), std::memory_order_relaxed); }

}  // namespace memory_tracker

TrackedBuffer::TrackedBuffer(std::size_t bytes, std::size_t alignment)
    : data_(memory_tracker::allocate(bytes, alignment)), bytes_(bytes) {}

TrackedBuffer::TrackedBuffer(TrackedBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}

TrackedBuffer& TrackedBuffer::operator=(TrackedBuffer&& other) noexcept {
  if (this != &other) {
    memory_tracker::release(data_);
    data_ = std::exchange(other.data_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

}  // namespace cnn
