// core's allocation hook: exact current and peak counts through the raw functions, TrackedBuffer
// and Tensor::allocate, frees that lower the current count but not the peak, reset_peak, and
// exact counts when two threads allocate and free at once.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <thread>
#include <utility>
#include <vector>

#include "core/memory_tracker.h"
#include "core/tensor.h"
#include "tests/test_support.h"

using namespace cnn;
namespace mt = cnn::memory_tracker;

TEST_CASE("raw_allocation_counts_exactly") {
  const std::uint64_t base = mt::current_bytes();
  mt::reset_peak();
  CHECK(mt::peak_bytes() == base);
  void* a = mt::allocate(1000);
  REQUIRE(a != nullptr);
  CHECK((reinterpret_cast<std::uintptr_t>(a) % 64) == std::uintptr_t(0));
  std::memset(a, 1, 1000);  // the whole block is usable
  CHECK(mt::current_bytes() == base + 1000);
  void* b = mt::allocate(24, 4096);
  CHECK((reinterpret_cast<std::uintptr_t>(b) % 4096) == std::uintptr_t(0));
  CHECK(mt::current_bytes() == base + 1024);
  CHECK(mt::peak_bytes() == base + 1024);
  mt::release(a);
  CHECK(mt::current_bytes() == base + 24);
  CHECK(mt::peak_bytes() == base + 1024);  // a free lowers current, never the peak
  void* c = mt::allocate(500);
  CHECK(mt::current_bytes() == base + 524);
  CHECK(mt::peak_bytes() == base + 1024);  // below the earlier peak
  mt::release(b);
  mt::release(c);
  mt::release(nullptr);
  CHECK(mt::current_bytes() == base);
  CHECK(mt::peak_bytes() == base + 1024);
}

TEST_CASE("zero_bytes_count_nothing") {
  const std::uint64_t base = mt::current_bytes();
  void* p = mt::allocate(0);
  REQUIRE(p != nullptr);
  CHECK(mt::current_bytes() == base);
  mt::release(p);
  CHECK(mt::current_bytes() == base);
}

TEST_CASE("reset_peak_starts_from_current") {
  const std::uint64_t base = mt::current_bytes();
  void* big = mt::allocate(1 << 20);
  void* small = mt::allocate(100);
  mt::release(big);
  CHECK(mt::peak_bytes() == base + (1 << 20) + 100);  // at least since this test's allocations
  mt::reset_peak();
  CHECK(mt::peak_bytes() == base + 100);
  void* more = mt::allocate(50);
  CHECK(mt::peak_bytes() == base + 150);
  mt::release(more);
  mt::release(small);
  CHECK(mt::peak_bytes() == base + 150);
  mt::reset_peak();
  CHECK(mt::peak_bytes() == base);
}

TEST_CASE("tensor_allocate_goes_through_the_hook") {
  const std::uint64_t base = mt::current_bytes();
  mt::reset_peak();
  {
    Tensor t = Tensor::allocate(Shape{2, 3, 4, 5});  // 120 fp32 values
    CHECK(mt::current_bytes() == base + 480);
    for (std::size_t i = 0; i < t.count(); ++i) CHECK(t.f32()[i] == test::fuzzy(0.f));  // zero-filled
    CHECK((reinterpret_cast<std::uintptr_t>(t.data()) % 64) == std::uintptr_t(0));
    Tensor shared = t;                                    // a copy shares the buffer
    Tensor view = Tensor::view(t.data(), t.shape(), DType::F32);  // a view owns nothing
    Tensor reshaped = t.reshaped(Shape{1, 120, 1, 1});
    CHECK(mt::current_bytes() == base + 480);
    Tensor half = Tensor::allocate(Shape{1, 1, 1, 7}, DType::F16);
    CHECK(mt::current_bytes() == base + 494);
  }
  CHECK(mt::current_bytes() == base);
  CHECK(mt::peak_bytes() == base + 494);
}

TEST_CASE("tracked_buffer_moves_without_double_counting") {
  const std::uint64_t base = mt::current_bytes();
  {
    TrackedBuffer a(300);
    CHECK(a.bytes() == std::size_t(300));
    CHECK(mt::current_bytes() == base + 300);
    TrackedBuffer b = std::move(a);
    CHECK(a.get() == nullptr);
    CHECK(mt::current_bytes() == base + 300);
    TrackedBuffer c(200);
    c = std::move(b);  // c's own 200 bytes are released
    CHECK(mt::current_bytes() == base + 300);
    CHECK(c.bytes() == std::size_t(300));
    std::vector<TrackedBuffer> held;
    for (int i = 0; i < 10; ++i) held.emplace_back(10);  // the vector's growth moves them
    CHECK(mt::current_bytes() == base + 400);
  }
  CHECK(mt::current_bytes() == base);
}

// Two threads allocate and free at once; each keeps every third block. The final count is
// exact and the peak is at least what stays held.
TEST_CASE("two_threads_count_exactly") {
  const std::uint64_t base = mt::current_bytes();
  mt::reset_peak();
  constexpr int kRounds = 20000;
  std::vector<void*> kept[2];
  std::uint64_t kept_bytes[2] = {0, 0};
  auto work = [&](int t) {
    for (int i = 0; i < kRounds; ++i) {
      const std::size_t bytes = std::size_t(16 + (i * 37 + t * 11) % 4000);
      void* p = mt::allocate(bytes);
      if (i % 3 == 0) {
        kept[t].push_back(p);
        kept_bytes[t] += bytes;
      } else {
        mt::release(p);
      }
    }
  };
  std::thread a(work, 0), b(work, 1);
  a.join();
  b.join();
  const std::uint64_t held = kept_bytes[0] + kept_bytes[1];
  CHECK(mt::current_bytes() == base + held);
  CHECK(mt::peak_bytes() >= base + held);
  // Both threads free what they kept, at once.
  std::thread fa([&] { for (void* p : kept[0]) mt::release(p); });
  std::thread fb([&] { for (void* p : kept[1]) mt::release(p); });
  fa.join();
  fb.join();
  CHECK(mt::current_bytes() == base);
}
