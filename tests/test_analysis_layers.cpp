// Analysis of the per-layer pass: the per-layer table with the share filter, and the ideal
// adaptive solution, against hand-computed fixtures.
#include <doctest/doctest.h>

#include <vector>

#include "analysis_fixtures.h"
#include "core/analysis/adaptive.h"
#include "core/analysis/layers.h"
#include "tests/test_support.h"

using namespace cnn;
using namespace cnn::analysis;
using fixtures::failed;
using fixtures::layer;
using fixtures::point;
using fixtures::series;

namespace {

std::string label(const Series& s) { return std::string(s.label()); }

// Model "net" at batch 2 on two series; per image = mean(times) / 2.
//   openblas/fp32: conv1 {6, 10} -> 4, relu1 {0.1, 0.1} -> 0.05, fc {4} -> 2; total 6.05
//   reference/fp32: conv1 {20} -> 10, relu1 {1} -> 0.5, fc {9} -> 4.5; total 15
std::vector<Point> layer_fixture() {
  return {
      point("net", "openblas", "fp32", 2, {1},
            {layer(1, "conv1", "Convolution", {6, 10}), layer(2, "relu1", "ReLU", {0.1, 0.1}),
             layer(3, "fc", "InnerProduct", {4})}),
      point("net", "reference", "fp32", 2, {1},
            {layer(3, "fc", "InnerProduct", {9}), layer(1, "conv1", "Convolution", {20}),
             layer(2, "relu1", "ReLU", {1})}),
      failed(point("net", "reference", "fp32", 4, {1}, {layer(1, "conv1", "Convolution", {1})})),
      point("other", "openblas", "fp32", 2, {1}, {layer(1, "conv1", "Convolution", {1})}),
  };
}

// Model "net", layers conv (index 0) and fc (index 1), per image = mean(times) / batch.
//   a/fp32 b1: conv 10, fc 2 (total 12)   b/fp32 b1: conv 6, fc 0.5 (total 6.5)
//   a/fp32 b2: conv 8, fc 1 (total 9)     b/fp32 b2: conv 5, fc 4 (total 9)
//   a/fp32 b4: conv 7, fc 1 (total 8)     (b/fp32 has no b4: b4 is not common)
// Adaptive at b1: conv b 6 + fc b 0.5 = 6.5; at b2: conv b 5 + fc a 1 = 6 -> batch 2, 6 ms/image.
// (Minimising per layer over batch sizes, as the published notebook did, would give 5 + 0.5 = 5.5.)
// Best single: b/fp32 at b1, 6.5 -> saving (6.5 - 6) / 6.5 = 7.6923076923076925 %.
// Best single at b2: a 9 and b 9 tie -> a/fp32 (Series order) -> saving (9 - 6) / 9 = 33.33 %.
std::vector<Point> adaptive_fixture() {
  auto two = [](double conv, double fc) {
    return std::vector<LayerRecord>{layer(0, "conv", "Convolution", {conv}),
                                    layer(1, "fc", "InnerProduct", {fc})};
  };
  std::vector<Point> points = {
      point("net", "a", "fp32", 1, {1}, two(10, 2)),
      point("net", "b", "fp32", 1, {1}, two(6, 0.5)),
      point("net", "a", "fp32", 2, {1},
            {layer(0, "conv", "Convolution", {15, 17}),  // mean 16 -> 8
             layer(1, "fc", "InnerProduct", {2})}),
      point("net", "b", "fp32", 2, {1}, two(10, 8)),
      point("net", "a", "fp32", 4, {1}, two(28, 4)),
      point("net", "c", "fp16", 2, {1}, two(0.1, 0.1)),      // not chosen
      failed(point("net", "b", "fp32", 4, {1}, two(1, 1))),  // would make b4 common and best
  };
  return points;
}

}  // namespace

TEST_CASE("layerTable") {
  const std::vector<Point> points = layer_fixture();
  const std::vector<Series> chosen = {series("reference", "fp32"), series("openblas", "fp32")};
  const std::vector<int> batches = {2, 4};  // nothing usable at 4
  const LayerTable t = layer_times(points, "net", chosen, batches, {0.01, 1.0});
  REQUIRE(t.columns.size() == std::size_t(2));
  CHECK(label(t.columns[0].series) == std::string("reference/fp32"));  // the order given
  CHECK(t.columns[0].batch == 2);
  COMPARE_CLOSE(t.columns[0].total_ms_per_image, 15);
  CHECK(label(t.columns[1].series) == std::string("openblas/fp32"));
  COMPARE_CLOSE(t.columns[1].total_ms_per_image, 6.05);
  // relu1's share is 0.05 / 6.05 = 0.00826 in openblas but 0.5 / 15 = 0.0333 in reference: kept.
  REQUIRE(t.rows.size() == std::size_t(3));
  CHECK(t.rows[0].index == 1);
  CHECK(std::string(t.rows[0].name) == std::string("conv1"));
  CHECK(std::string(t.rows[0].type) == std::string("Convolution"));
  COMPARE_CLOSE(t.rows[0].cells[0].ms_per_image, 10);
  COMPARE_CLOSE(t.rows[0].cells[0].share, 10.0 / 15);
  COMPARE_CLOSE(t.rows[0].cells[1].ms_per_image, 4);
  COMPARE_CLOSE(t.rows[0].cells[1].share, 4 / 6.05);
  CHECK(std::string(t.rows[1].name) == std::string("relu1"));
  COMPARE_CLOSE(t.rows[1].cells[0].share, 0.5 / 15);
  COMPARE_CLOSE(t.rows[1].cells[1].ms_per_image, 0.05);
  CHECK(std::string(t.rows[2].name) == std::string("fc"));
  COMPARE_CLOSE(t.rows[2].cells[0].ms_per_image, 4.5);
  COMPARE_CLOSE(t.rows[2].cells[1].ms_per_image, 2);
  for (const LayerRow& row : t.rows) CHECK((row.cells[0].measured && row.cells[1].measured));
}

struct LayerShareFilterRow {
  std::string tag;
  double lower;
  double upper;
  std::vector<std::string> kept;
};

std::vector<LayerShareFilterRow> layer_share_filter_rows() {
  std::vector<LayerShareFilterRow> rows;
  // shares: conv1 0.667 / 0.661, relu1 0.0333 / 0.00826, fc 0.3 / 0.331 (reference / openblas)
  rows.push_back({"0.01..1", 0.01, 1.0, {"conv1", "relu1", "fc"}});
  rows.push_back({"0.05..1", 0.05, 1.0, {"conv1", "fc"}});
  rows.push_back({"0..0.5", 0.0, 0.5, {"relu1", "fc"}});
  rows.push_back({"0.31..0.5: fc in openblas only", 0.31, 0.5, {"fc"}});
  rows.push_back({"0.7..1: none", 0.7, 1.0, {}});
  return rows;
}

TEST_CASE("layerShareFilter") {
  auto [tag, lower, upper, kept] = test::pick_row(layer_share_filter_rows());
  const std::vector<Point> points = layer_fixture();
  const std::vector<Series> chosen = {series("reference", "fp32"), series("openblas", "fp32")};
  const std::vector<int> batches = {2};
  const LayerTable t = layer_times(points, "net", chosen, batches, {lower, upper});
  std::vector<std::string> names;
  for (const LayerRow& row : t.rows) names.push_back(row.name);
  CHECK(names == kept);
  REQUIRE(t.columns.size() == std::size_t(2));  // the filter drops rows, never columns
}

TEST_CASE("layerMissingInOneColumn") {
  const std::vector<Point> points = {
      point("net", "a", "fp32", 1, {1},
            {layer(0, "conv", "Convolution", {3}), layer(1, "drop", "Dropout", {1})}),
      point("net", "b", "fp32", 1, {1}, {layer(0, "conv", "Convolution", {2})}),
  };
  const std::vector<Series> chosen = {series("a", "fp32"), series("b", "fp32")};
  const std::vector<int> batches = {1};
  const LayerTable t = layer_times(points, "net", chosen, batches, {0, 1});
  REQUIRE(t.rows.size() == std::size_t(2));
  CHECK(std::string(t.rows[1].name) == std::string("drop"));
  CHECK(t.rows[1].cells[0].measured);
  COMPARE_CLOSE(t.rows[1].cells[0].share, 0.25);  // 1 / (3 + 1)
  CHECK(!t.rows[1].cells[1].measured);
  COMPARE_CLOSE(t.rows[0].cells[1].share, 1);  // b's conv is all of b
}

TEST_CASE("layerTableWithoutPointsIsEmpty") {
  const std::vector<Point> points = layer_fixture();
  const std::vector<Series> chosen = {series("openblas", "fp32")};
  const std::vector<int> batches = {2};
  const LayerTable unknown = layer_times(points, "vgg", chosen, batches);
  CHECK((unknown.columns.empty() && unknown.rows.empty()));
  const LayerTable none = layer_times({}, "net", chosen, batches);
  CHECK((none.columns.empty() && none.rows.empty()));
  const LayerTable no_batches = layer_times(points, "net", chosen, {});
  CHECK((no_batches.columns.empty() && no_batches.rows.empty()));
}

TEST_CASE("adaptive") {
  const std::vector<Point> points = adaptive_fixture();
  const std::vector<Series> chosen = {series("b", "fp32"), series("a", "fp32"), series("a", "fp32")};
  const auto results = ideal_adaptive(points, chosen);
  REQUIRE(results.size() == std::size_t(1));
  const AdaptiveResult& r = results.front();
  REQUIRE_MESSAGE(r.ok(), r.error);
  CHECK(std::string(r.model) == std::string("net"));
  CHECK(r.batch == 2);
  COMPARE_CLOSE(r.ms_per_image, 6);
  REQUIRE(r.layers.size() == std::size_t(2));
  CHECK(std::string(r.layers[0].name) == std::string("conv"));
  CHECK(std::string(r.layers[0].type) == std::string("Convolution"));
  CHECK(label(r.layers[0].series) == std::string("b/fp32"));
  COMPARE_CLOSE(r.layers[0].ms_per_image, 5);
  CHECK(r.layers[1].index == 1);
  CHECK(label(r.layers[1].series) == std::string("a/fp32"));
  COMPARE_CLOSE(r.layers[1].ms_per_image, 1);
  // per series, in Series order: a spends fc's 1 ms, b conv's 5 ms
  REQUIRE(r.per_series.size() == std::size_t(2));
  CHECK(label(r.per_series[0].series) == std::string("a/fp32"));
  COMPARE_CLOSE(r.per_series[0].ms_per_image, 1);
  CHECK(label(r.per_series[1].series) == std::string("b/fp32"));
  COMPARE_CLOSE(r.per_series[1].ms_per_image, 5);
  CHECK(label(r.best_single.series) == std::string("b/fp32"));
  CHECK(r.best_single.batch == 1);
  COMPARE_CLOSE(r.best_single.ms_per_image, 6.5);
  COMPARE_CLOSE(r.saving_percent, 7.6923076923076925);  // 100 * 0.5 / 6.5
  CHECK(label(r.best_single_same_batch.series) == std::string("a/fp32"));
  CHECK(r.best_single_same_batch.batch == 2);
  COMPARE_CLOSE(r.best_single_same_batch.ms_per_image, 9);
  COMPARE_CLOSE(r.saving_same_batch_percent, 33.333333333333333);  // 100 * 3 / 9
}

TEST_CASE("adaptiveWithOneSeriesIsThatSeries") {
  const std::vector<Point> points = adaptive_fixture();
  const std::vector<Series> chosen = {series("a", "fp32")};
  const auto results = ideal_adaptive(points, chosen);
  REQUIRE(results.size() == std::size_t(1));
  const AdaptiveResult& r = results.front();
  REQUIRE_MESSAGE(r.ok(), r.error);
  // a alone: b1 12, b2 9, b4 8 -> batch 4, 8 ms/image, no saving
  CHECK(r.batch == 4);
  COMPARE_CLOSE(r.ms_per_image, 8);
  CHECK(r.best_single.batch == 4);
  COMPARE_CLOSE(r.saving_percent, 0);
  COMPARE_CLOSE(r.saving_same_batch_percent, 0);
}

TEST_CASE("adaptiveLayerMismatchIsAnError") {
  std::vector<Point> points = adaptive_fixture();
  points[3].layers[1].name = "fc8";  // b/fp32 at batch 2
  const std::vector<Series> chosen = {series("a", "fp32"), series("b", "fp32")};
  const auto results = ideal_adaptive(points, chosen);
  REQUIRE(results.size() == std::size_t(1));
  REQUIRE(!results[0].ok());
  CHECK(std::string(results[0].error) ==
        std::string("Layer 'fc' (index 1) of model 'net' at batch 2 is measured by a/fp32 but not by b/fp32."));
  CHECK(results[0].layers.empty());
  CHECK(results[0].batch == 0);
}

TEST_CASE("adaptiveWithoutCommonBatchIsAnError") {
  const std::vector<Point> points = {
      point("m", "a", "fp32", 1, {1}, {layer(0, "conv", "Convolution", {1})}),
      point("m", "b", "fp32", 2, {1}, {layer(0, "conv", "Convolution", {1})}),
      point("m", "b", "fp32", 1, {1}, {}),  // no per-layer times: does not count
  };
  const std::vector<Series> chosen = {series("a", "fp32"), series("b", "fp32")};
  const auto results = ideal_adaptive(points, chosen);
  REQUIRE(results.size() == std::size_t(1));
  CHECK(std::string(results[0].error) ==
        std::string("Model 'm' has no batch size with per-layer times from every chosen series "
                    "(a/fp32, b/fp32)."));
}

TEST_CASE("adaptiveEmptyInputs") {
  const std::vector<Point> points = adaptive_fixture();
  CHECK(ideal_adaptive(points, {}).empty());
  const std::vector<Series> chosen = {series("a", "fp32")};
  CHECK(ideal_adaptive({}, chosen).empty());
  const std::vector<Series> absent = {series("cudnn", "fp32")};
  CHECK(ideal_adaptive(points, absent).empty());
}
