// Noise of a point: CoV, percentiles, the per-layer pass against the end-to-end median, the noisy and
// layers-off flags (threshold from the run, or the default for older records), and the run summary.
#include <doctest/doctest.h>

#include <vector>

#include "analysis_fixtures.h"
#include "core/analysis/noise.h"
#include "tests/test_support.h"

using namespace cnn;
using namespace cnn::analysis;
using fixtures::layer;
using fixtures::point;

struct QuantilesRow {
  std::string tag;
  std::vector<double> values;
  double q;
  double expected;
};

std::vector<QuantilesRow> quantiles_rows() {
  std::vector<QuantilesRow> rows;
  rows.push_back({"none", {}, 0.5, 0.0});
  rows.push_back({"one", {7}, 0.9, 7.0});
  rows.push_back({"median odd", {3, 1, 2}, 0.5, 2.0});
  rows.push_back({"median even", {4, 1, 3, 2}, 0.5, 2.5});
  rows.push_back({"p90 of 1..11", {11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.9, 10.0});
  rows.push_back({"p90 interpolated", {10, 20}, 0.9, 19.0});
  rows.push_back({"p99 of 1..5", {1, 2, 3, 4, 5}, 0.99, 4.96});
  rows.push_back({"min", {5, 2, 9}, 0.0, 2.0});
  return rows;
}

TEST_CASE("quantiles") {
  auto [tag, values, q, expected] = test::pick_row(quantiles_rows());
  COMPARE_CLOSE(quantile(values, q), expected);
}

TEST_CASE("figuresOfAPoint") {
  // fw {10, 12, 14, 20}: mean 14, sample std sqrt(56/3) = 4.3205; median 13.
  // Per-layer repetitions: conv {6, 7}, its reorder {1, 1}, pool {5, 6}: totals {12, 14} -> median 13.
  Point p = point("alexnet", "onednn", "fp32", 2, {10, 12, 14, 20},
                  {layer(0, "conv", "Convolution", {6, 7}), layer(0, "conv reorder in", "Reorder", {1, 1}),
                   layer(1, "pool", "Pooling", {5, 6})});
  p.noise_threshold = 0.5;
  p.load_before = 0.25;
  const Noise n = noise_of(p);
  CHECK(n.n == 4);
  COMPARE_CLOSE(n.cov, std::sqrt(56.0 / 3) / 14);
  COMPARE_CLOSE(n.min_ms, 10);
  COMPARE_CLOSE(n.median_ms, 13);
  COMPARE_CLOSE(n.p90_ms, 18.2);
  COMPARE_CLOSE(n.p99_ms, 19.82);
  REQUIRE(n.layer_ratio.has_value());
  COMPARE_CLOSE(*n.layer_ratio, 1.0);
  CHECK(!n.noisy);  // 30.9 % is below this run's 50 %
  CHECK(!n.layers_off);
  CHECK(n.load_before == (std::optional<double>(0.25)));
  REQUIRE(!n.load_after.has_value());
}

struct NoisyFlagRow {
  std::string tag;
  std::vector<double> fw;
  std::optional<double> threshold;
  bool provisional;
  bool noisy;
};

std::vector<NoisyFlagRow> noisy_flag_rows() {
  std::vector<NoisyFlagRow> rows;
  rows.push_back({"quiet under the default", {100, 101, 99, 100}, std::optional<double>(), false, false});
  rows.push_back({"above the default 5 %", {100, 110, 90, 100}, std::optional<double>(), false, true});
  rows.push_back({"below a run's 10 %", {100, 110, 90, 100}, std::optional<double>(0.10), false, false});
  rows.push_back({"above a run's 1 %", {100, 101, 99, 100}, std::optional<double>(0.001), false, true});
  rows.push_back({"provisional is never flagged", {100, 200}, std::optional<double>(0.05), true, false});
  rows.push_back({"one repetition", {100}, std::optional<double>(0.05), false, false});
  return rows;
}

TEST_CASE("noisyFlag") {
  auto [tag, fw, threshold, provisional, noisy] = test::pick_row(noisy_flag_rows());
  Point p = point("lenet", "openblas", "fp32", 1, fw);
  p.noise_threshold = threshold;
  p.provisional = provisional;
  const Noise n = noise_of(p);
  CHECK(n.noisy == noisy);
  CHECK(n.threshold == test::fuzzy(threshold.value_or(kDefaultNoiseThreshold)));
}

struct LayersOffRow {
  std::string tag;
  double layer_ms;
  bool off;
};

std::vector<LayersOffRow> layers_off_rows() {
  std::vector<LayersOffRow> rows;
  rows.push_back({"within 10 %", 10.9, false});
  rows.push_back({"11 % above", 11.1, true});
  rows.push_back({"11 % below", 8.9, true});
  return rows;
}

TEST_CASE("layersOff") {
  auto [tag, layer_ms, off] = test::pick_row(layers_off_rows());
  const Point p = point("lenet", "openblas", "fp32", 1, {10, 10, 10}, {layer(0, "conv", "Convolution", {layer_ms})});
  const Noise n = noise_of(p);
  COMPARE_CLOSE(*n.layer_ratio, layer_ms / 10);
  CHECK(n.layers_off == off);
}

TEST_CASE("nothingToJudge") {
  const Noise failed = noise_of(fixtures::failed(point("lenet", "openblas", "fp32", 1, {10, 30})));
  CHECK(failed.n == 0);
  CHECK(!failed.noisy);
  const Noise no_layers = noise_of(point("lenet", "openblas", "fp32", 1, {10, 10}));
  REQUIRE(!no_layers.layer_ratio.has_value());
  CHECK(!no_layers.layers_off);
}

TEST_CASE("summaryOfARun") {
  std::vector<Point> points = {
      point("a", "openblas", "fp32", 1, {10, 10}),                                      // CoV 0
      point("a", "onednn", "fp32", 1, {10, 20}),                                        // CoV 0.471: noisy
      point("b", "openblas", "fp32", 1, {10, 10}, {layer(0, "x", "Convolution", {5})}),  // layers off
      fixtures::failed(point("b", "onednn", "fp32", 1, {1, 100})),                      // not counted
  };
  points[0].load_before = 0.5;
  points[1].load_after = 2.5;
  points[2].provisional = true;
  const NoiseSummary s = summarize_noise(points);
  CHECK(s.points == 3);
  CHECK(s.noisy == 1);
  CHECK(s.layers_off == 1);
  CHECK(s.provisional == 1);
  COMPARE_CLOSE(s.median_cov, 0);
  CHECK(s.max_load == (std::optional<double>(2.5)));
  CHECK(s.threshold == (std::optional<double>(kDefaultNoiseThreshold)));
}
