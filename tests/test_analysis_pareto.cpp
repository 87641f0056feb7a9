// Pareto fronts: the generic non-dominated filter, (time, memory) per image and (top-1, images/s),
// the latter measured where a point carries a reading, published otherwise, one front per scale.
#include <doctest/doctest.h>

#include <map>
#include <vector>

#include "analysis_fixtures.h"
#include "core/analysis/pareto.h"
#include "tests/test_support.h"

using namespace cnn;
using namespace cnn::analysis;
using fixtures::failed;
using fixtures::point;

namespace {

std::string label(const Series& s) { return std::string(s.label()); }

// A point whose only memory figure set is measured_bytes.
Point with_memory(Point p, std::uint64_t measured) {
  p.memory.measured_bytes = measured;
  return p;
}

// Per image: ms = fw / batch, bytes = measured / batch.
//   m1 a/fp32 b1: 10 ms, 100 B   m1 a/fp32 b2: 8 ms, 200 B   m1 a/fp32 b4: 9 ms, 300 B (beaten by b2)
//   m1 b/fp32 b1: 20 ms, 50 B    m2 a/fp32 b1: 30 ms, 60 B (beaten by m1 b)   m4 a/fp32 b1: 1 ms, 1000 B
std::vector<Point> fixture() {
  return {
      with_memory(point("m1", "a", "fp32", 4, {36}), 1200),
      with_memory(point("m1", "a", "fp32", 1, {10}), 100),
      with_memory(point("m1", "a", "fp32", 2, {16}), 400),
      with_memory(point("m1", "b", "fp32", 1, {20}), 50),
      with_memory(point("m2", "a", "fp32", 1, {30}), 60),
      with_memory(point("m4", "a", "fp32", 1, {1}), 1000),
      failed(with_memory(point("m2", "b", "fp32", 1, {0.1}), 1)),  // would beat everything
  };
}

}  // namespace

struct ParetoIndicesRow {
  std::string tag;
  std::vector<double> x;
  Goal xGoal;
  std::vector<double> y;
  Goal yGoal;
  std::vector<int> front;
};

std::vector<ParetoIndicesRow> pareto_indices_rows() {
  std::vector<ParetoIndicesRow> rows;
  // (3,4) is beaten by (2,3); the repeated (2,3) stays twice.
  rows.push_back({"both minimised", {1, 2, 3, 4, 2}, Goal::Minimise, {5, 3, 4, 1, 3}, Goal::Minimise, {0, 1, 3, 4}});
  // (1,1) is beaten by (2,2).
  rows.push_back({"both maximised", {1, 2, 0}, Goal::Maximise, {1, 2, 3}, Goal::Maximise, {1, 2}});
  // x minimised, y maximised: (3,4) is beaten by (2,5).
  rows.push_back({"mixed", {1, 2, 3}, Goal::Minimise, {1, 5, 4}, Goal::Maximise, {0, 1}});
  // Same x: only the better y survives.
  rows.push_back({"tie on one axis", {1, 1}, Goal::Minimise, {2, 3}, Goal::Minimise, {0}});
  rows.push_back({"one point", {7}, Goal::Minimise, {7}, Goal::Maximise, {0}});
  rows.push_back({"none", {}, Goal::Minimise, {}, Goal::Minimise, {}});
  return rows;
}

TEST_CASE("paretoIndices") {
  auto [tag, x, xGoal, y, yGoal, front] = test::pick_row(pareto_indices_rows());
  const std::vector<double> xs(x.begin(), x.end()), ys(y.begin(), y.end());
  std::vector<int> got;
  for (std::size_t i : pareto_indices(xs, xGoal, ys, yGoal)) got.push_back(int(i));
  CHECK(got == front);
}

struct MemoryFigureRow {
  std::string tag;
  MemoryFigure figure;
  double bytes;
};

std::vector<MemoryFigureRow> memory_figure_rows() {
  std::vector<MemoryFigureRow> rows;
  // memory {weights 8, activations 16, activations_total 32, workspace 4, measured 64} at batch 4
  rows.push_back({"measured", MemoryFigure::Measured, 16.0});
  rows.push_back({"weights", MemoryFigure::Weights, 2.0});
  rows.push_back({"activations", MemoryFigure::Activations, 4.0});
  rows.push_back({"activations total", MemoryFigure::ActivationsTotal, 8.0});
  rows.push_back({"workspace", MemoryFigure::Workspace, 1.0});
  rows.push_back({"modelled: (8 + 16 + 4) / 4", MemoryFigure::Modelled, 7.0});
  return rows;
}

TEST_CASE("memoryFigure") {
  auto [tag, figure, bytes] = test::pick_row(memory_figure_rows());
  Point p = point("m", "a", "fp32", 4, {8, 12});
  p.memory = {8, 16, 32, 4, 64, std::nullopt};
  const std::vector<Point> points = {p};
  const auto candidates = time_memory_points(points, figure);
  REQUIRE(candidates.size() == std::size_t(1));
  COMPARE_CLOSE(candidates[0].ms_per_image, 2.5);  // mean(8, 12) / 4
  COMPARE_CLOSE(candidates[0].bytes_per_image, bytes);
}

TEST_CASE("timeMemoryFront") {
  const std::vector<Point> points = fixture();
  REQUIRE(time_memory_points(points, MemoryFigure::Measured).size() == std::size_t(6));
  const auto front = pareto_time_memory(points, MemoryFigure::Measured);
  // By time: m4 (1 ms, 1000 B), m1 a b2 (8, 200), m1 a b1 (10, 100), m1 b b1 (20, 50)
  REQUIRE(front.size() == std::size_t(4));
  CHECK(std::string(front[0].model) == std::string("m4"));
  CHECK(front[1].batch == 2);
  COMPARE_CLOSE(front[1].ms_per_image, 8);
  COMPARE_CLOSE(front[1].bytes_per_image, 200);
  CHECK(front[2].batch == 1);
  CHECK(label(front[2].series) == std::string("a/fp32"));
  CHECK(std::string(front[3].model) == std::string("m1"));
  CHECK(label(front[3].series) == std::string("b/fp32"));
  COMPARE_CLOSE(front[3].bytes_per_image, 50);
}

TEST_CASE("accuracySpeedFront") {
  const std::vector<Point> points = fixture();
  // m3 is not measured; m4 is measured but has no top-1: both are left out.
  const PublishedTop1 top1 = {{"m1", 0.57}, {"m2", 0.70}, {"m3", 0.75}};
  // best batches: m1 a b2 8 ms -> 125 images/s; m1 b 20 ms -> 50; m2 a 30 ms -> 33.333
  const auto candidates = accuracy_speed_points(points, top1);
  REQUIRE(candidates.size() == std::size_t(3));
  CHECK(candidates[1].batch == 1);
  COMPARE_CLOSE(candidates[1].images_per_s, 50);
  COMPARE_CLOSE(candidates[1].per_image.mean, 20);
  for (const auto& c : candidates) CHECK(!c.accuracy.measured());
  const auto front = pareto_accuracy_speed(points, top1);
  // m1 b (0.57, 50) is beaten by m1 a (0.57, 125)
  REQUIRE(front.size() == std::size_t(2));
  CHECK(std::string(front[0].model) == std::string("m1"));
  CHECK(label(front[0].series) == std::string("a/fp32"));
  CHECK(front[0].batch == 2);
  COMPARE_CLOSE(front[0].images_per_s, 125);
  COMPARE_CLOSE(front[0].accuracy.top1, 0.57);
  CHECK(std::string(front[0].accuracy.dataset) == std::string("imagenet"));
  CHECK(std::string(front[1].model) == std::string("m2"));
  COMPARE_CLOSE(front[1].images_per_s, 33.333333333333333);  // 1000 / 30
  COMPARE_CLOSE(front[1].accuracy.top1, 0.70);
}

// A measured reading replaces the published figure of its own series only, and readings on another
// scale (another dataset, or published) are never ranked against it: one front per scale.
TEST_CASE("measuredAccuracyHasItsOwnFront") {
  std::vector<Point> points = fixture();
  Point m1b = point("m1", "b", "fp32", 8, {400});  // 50 ms per image: slower than m1 b at batch 1
  m1b.accuracy = AccuracyReading{"digits", 1000, 900};   // 0.9: carried by another batch of m1 b
  Point m2a = point("m2", "a", "fp32", 8, {480});        // 60 ms per image
  m2a.accuracy = AccuracyReading{"digits", 1000, 800};   // 0.8
  Point m4a = point("m4", "a", "fp32", 2, {4});          // 2 ms per image
  m4a.accuracy = AccuracyReading{"letters", 500, 100};   // 0.2: alone on its scale
  points.insert(points.end(), {m1b, m2a, m4a});
  const PublishedTop1 top1 = {{"m1", 0.57}, {"m2", 0.70}};
  const auto candidates = accuracy_speed_points(points, top1);
  // (model, series): m1 a published, m1 b digits 0.9 at 50/s, m2 a digits 0.8 at 33.3/s, m4 a letters.
  REQUIRE(candidates.size() == std::size_t(4));
  CHECK(!candidates[0].accuracy.measured());
  CHECK(candidates[1].accuracy.measured());
  COMPARE_CLOSE(candidates[1].accuracy.top1, 0.9);
  CHECK(candidates[1].batch == 1);  // the best batch, not the batch that carried the reading
  COMPARE_CLOSE(candidates[1].images_per_s, 50);
  CHECK(candidates[1].accuracy.images == 1000);
  COMPARE_CLOSE(candidates[3].accuracy.top1, 0.2);
  COMPARE_CLOSE(candidates[3].images_per_s, 1000);  // 1 ms per image at batch 1 beats 2 ms at batch 2
  const auto front = pareto_accuracy_speed(points, top1);
  // digits: m1 b (0.9, 50) beats m2 a (0.8, 33.3); letters: m4 a alone; imagenet: m1 a alone.
  // m4 a (0.2, 1000) is faster than all, yet ranked against none of them.
  REQUIRE(front.size() == std::size_t(3));
  CHECK(std::string(front[0].accuracy.dataset) == std::string("digits"));
  CHECK(std::string(front[0].model) == std::string("m1"));
  CHECK(std::string(front[1].accuracy.dataset) == std::string("letters"));
  CHECK(std::string(front[2].accuracy.dataset) == std::string("imagenet"));
  CHECK(!front[2].accuracy.measured());
  CHECK(label(front[2].series) == std::string("a/fp32"));
}

TEST_CASE("emptyInputGivesEmptyFronts") {
  CHECK(pareto_time_memory({}, MemoryFigure::Measured).empty());
  CHECK(pareto_accuracy_speed({}, {{"m1", 0.57}}).empty());
  const std::vector<Point> points = fixture();
  CHECK(pareto_accuracy_speed(points, {}).empty());
}
