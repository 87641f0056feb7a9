// Lanes (core/schedule/lanes.h): every lane runs at once, lane 0 on the caller, and an exception
// from any lane comes back to the caller after all have finished.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "core/schedule/lanes.h"

using namespace cnn;

TEST_CASE("lanesRunAtOnce") {
  Lanes lanes;
  for (int round = 0; round < 3; ++round) {
    for (int n : {1, 2, 3}) {
      std::atomic<int> arrived{0};
      std::atomic<bool> all_met{true};
      std::thread::id caller = std::this_thread::get_id(), lane0;
      lanes.run(n, [&](int lane) {
        if (lane == 0) lane0 = std::this_thread::get_id();
        arrived++;
        // Each lane waits (up to 5 s) until every lane has arrived: only lanes running at once meet.
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (arrived.load() < n)
          if (std::chrono::steady_clock::now() > until) {
            all_met = false;
            return;
          }
      });
      CHECK(arrived.load() == n);
      CHECK(all_met.load());
      CHECK(lane0 == caller);
    }
  }
}

TEST_CASE("anExceptionFromALaneReachesTheCaller") {
  Lanes lanes;
  std::atomic<int> finished{0};
  CHECK_THROWS_WITH(lanes.run(2,
                              [&](int lane) {
                                if (lane == 1) throw std::runtime_error("lane 1 failed");
                                finished++;
                              }),
                    "lane 1 failed");
  CHECK(finished.load() == 1);
  std::atomic<int> ran{0};
  lanes.run(2, [&](int) { ++ran; });  // usable again
  CHECK(ran.load() == 2);
}
