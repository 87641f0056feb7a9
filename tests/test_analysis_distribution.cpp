// Latency distributions: Tukey box statistics against hand-computed quartiles (type 7, linear
// interpolation), whiskers and outliers; the boxes of one batch and the default batch size.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "analysis_fixtures.h"
#include "core/analysis/distribution.h"
#include "tests/test_support.h"

using namespace cnn;
using namespace cnn::analysis;
using fixtures::failed;
using fixtures::point;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string label(const Series& s) { return std::string(s.label()); }

}  // namespace

struct BoxStatsRow {
  std::string tag;
  std::vector<double> values;
  int n;
  double q1;
  double median;
  double q3;
  double lower;
  double upper;
  std::vector<double> outliers;
};

std::vector<BoxStatsRow> box_stats_rows() {
  std::vector<BoxStatsRow> rows;
  // Sorted 10, 10.25, 10.5, 10.75, 25: h = 1, 2, 3 -> no interpolation; IQR 0.5, fences 9.5 and 11.5.
  rows.push_back({"odd n, one high outlier", {25, 10.5, 10, 10.75, 10.25}, 5, 10.25, 10.5, 10.75, 10.0, 10.75, {25}});
  // 1 2 3 4: q1 at h = 0.75 -> 1.75, median at 1.5 -> 2.5, q3 at 2.25 -> 3.25; fences -0.5 and 5.5.
  rows.push_back({"even n, no outlier", {4, 3, 2, 1}, 4, 1.75, 2.5, 3.25, 1.0, 4.0, {}});
  // 0 10 11 12 13 14 15 40: q1 at 1.75 -> 10.75, median at 3.5 -> 12.5, q3 at 5.25 -> 14.25;
  // IQR 3.5, fences 5.5 and 19.5: 0 and 40 are out, the whiskers stop at 10 and 15.
  rows.push_back({"even n, outliers on both sides", {40, 13, 0, 10, 15, 11, 14, 12}, 8, 10.75, 12.5, 14.25, 10.0, 15.0,
                  {0, 40}});
  // 1 2 3 4 7: quartiles 2 and 4, upper fence 4 + 1.5 * 2 = 7: a value on the fence is within.
  rows.push_back({"a value on the fence is no outlier", {1, 2, 3, 4, 7}, 5, 2.0, 3.0, 4.0, 1.0, 7.0, {}});
  rows.push_back({"n = 1", {7}, 1, 7.0, 7.0, 7.0, 7.0, 7.0, {}});
  // 2 4: q1 at 0.25 -> 2.5, median 3, q3 at 0.75 -> 3.5; fences 1.25 and 4.75.
  rows.push_back({"n = 2", {4, 2}, 2, 2.5, 3.0, 3.5, 2.0, 4.0, {}});
  // 0 10 10 10: q1 at 0.75 -> 7.5, median and q3 10; lower fence 3.75 leaves 0 out, and the lowest
  // value within (10) lies above q1: the whisker is drawn at q1, not inside the box.
  rows.push_back({"whisker clamped to the quartile", {10, 0, 10, 10}, 4, 7.5, 10.0, 10.0, 7.5, 10.0, {0}});
  rows.push_back({"NaN left out", {kNaN, 3, 1}, 2, 1.5, 2.0, 2.5, 1.0, 3.0, {}});
  rows.push_back({"equal values", {5, 5, 5}, 3, 5.0, 5.0, 5.0, 5.0, 5.0, {}});
  return rows;
}

TEST_CASE("boxStats") {
  auto [tag, values, n, q1, median, q3, lower, upper, outliers] = test::pick_row(box_stats_rows());
  const BoxStats b = box_stats(values);
  CHECK(b.n == n);
  COMPARE_CLOSE(b.q1, q1);
  COMPARE_CLOSE(b.median, median);
  COMPARE_CLOSE(b.q3, q3);
  COMPARE_CLOSE(b.iqr(), q3 - q1);
  COMPARE_CLOSE(b.lower_whisker, lower);
  COMPARE_CLOSE(b.upper_whisker, upper);
  CHECK(b.outliers == outliers);
}

TEST_CASE("noValuesNoBox") {
  const BoxStats empty = box_stats(std::vector<double>{});
  CHECK(empty.n == 0);
  CHECK(empty.median == test::fuzzy(0.0));
  CHECK(empty.outliers.empty());
  CHECK(box_stats(std::vector<double>{kNaN}).n == 0);
}

// One box per (model, series) at the batch, in ms per image, from the stored repetitions.
TEST_CASE("latencyBoxesOfOneBatch") {
  const std::vector<Point> points{
      point("m2", "a", "fp32", 2, {30, 32}),
      point("m1", "b", "fp32", 2, {8, 4, 6, 40}),      // per image 2 3 4 20: 20 is an outlier
      point("m1", "a", "fp32", 2, {100}),              // replaced by the re-measured point below
      point("m1", "a", "fp32", 4, {40, 44}),           // another batch
      point("m1", "a", "fp32", 2, {2, 4, 6}),          // per image 1 2 3
      failed(point("m1", "c", "fp32", 2, {0.1, 0.1})),  // failed: no box
      point("m1", "d", "fp32", 2, {}),                 // no repetitions: no box
  };
  const std::vector<LatencyBox> boxes = latency_boxes(points, 2);
  REQUIRE(boxes.size() == std::size_t(3));
  CHECK(std::string(boxes[0].model) == std::string("m1"));
  CHECK(label(boxes[0].series) == std::string("a/fp32"));
  CHECK(boxes[0].batch == 2);
  CHECK(boxes[0].per_image.n == 3);
  COMPARE_CLOSE(boxes[0].per_image.q1, 1.5);
  COMPARE_CLOSE(boxes[0].per_image.median, 2.0);
  COMPARE_CLOSE(boxes[0].per_image.q3, 2.5);
  CHECK(label(boxes[1].series) == std::string("b/fp32"));
  // 2 3 4 20: q1 at 0.75 -> 2.75, median 3.5, q3 at 2.25 -> 8; IQR 5.25, upper fence 15.875.
  COMPARE_CLOSE(boxes[1].per_image.q1, 2.75);
  COMPARE_CLOSE(boxes[1].per_image.median, 3.5);
  COMPARE_CLOSE(boxes[1].per_image.q3, 8.0);
  COMPARE_CLOSE(boxes[1].per_image.upper_whisker, 8.0);  // 4 lies inside the box: clamped to q3
  CHECK(boxes[1].per_image.outliers == (std::vector<double>{20}));
  CHECK(std::string(boxes[2].model) == std::string("m2"));
  COMPARE_CLOSE(boxes[2].per_image.median, 15.5);

  const std::vector<LatencyBox> m2 = latency_boxes(points, 2, "m2");
  REQUIRE(m2.size() == std::size_t(1));
  CHECK(std::string(m2[0].model) == std::string("m2"));
  const std::vector<LatencyBox> at4 = latency_boxes(points, 4);
  REQUIRE(at4.size() == std::size_t(1));
  COMPARE_CLOSE(at4[0].per_image.median, 10.5);
  CHECK(latency_boxes(points, 8).empty());
}

struct DefaultBatchRow {
  std::string tag;
  std::string model;
  int expected;
  std::vector<int> batches;
};

std::vector<DefaultBatchRow> default_batch_rows() {
  std::vector<DefaultBatchRow> rows;
  // m1 a: 2 4 8, m1 b: 2 4, m2 a: 4 8 (and a failed 2), m3 a: nothing timed.
  rows.push_back({"all models: the largest batch every pair has", "", 4, {2, 4, 8}});
  rows.push_back({"one model", "m1", 4, {2, 4, 8}});
  rows.push_back({"one series", "m2", 8, {4, 8}});
  rows.push_back({"no such model", "m9", 0, {}});
  return rows;
}

TEST_CASE("defaultBatch") {
  auto [tag, model, expected, batches] = test::pick_row(default_batch_rows());
  const std::vector<Point> points{
      point("m1", "a", "fp32", 2, {1}), point("m1", "a", "fp32", 4, {1}), point("m1", "a", "fp32", 8, {1}),
      point("m1", "b", "fp32", 2, {1}), point("m1", "b", "fp32", 4, {1}), point("m2", "a", "fp32", 4, {1}),
      point("m2", "a", "fp32", 8, {1}), failed(point("m2", "a", "fp32", 2, {1})), point("m3", "a", "fp32", 2, {}),
  };
  CHECK(default_box_batch(points, model) == expected);
  const std::vector<int> measured = box_batches(points, model);
  CHECK((std::vector<int>(measured.begin(), measured.end())) == batches);
}

// No batch that every pair has: the smallest measured.
TEST_CASE("defaultBatchWithoutASharedOne") {
  const std::vector<Point> points{point("m1", "a", "fp32", 4, {1}), point("m1", "b", "fp32", 2, {1}),
                                  point("m1", "b", "fp32", 16, {1})};
  CHECK(default_box_batch(points) == 2);
  CHECK(default_box_batch(std::vector<Point>{}) == 0);
}
