// Analysis over points: series, repetition statistics, best batch, speedups, memory per image,
// the "good enough" batch and time ratios, each against hand-computed fixtures.
#include <doctest/doctest.h>

#include <vector>

#include "analysis_fixtures.h"
#include "core/analysis/best_batch.h"
#include "core/analysis/memory.h"
#include "core/analysis/ratios.h"
#include "core/analysis/stats.h"
#include "tests/test_support.h"

using namespace cnn;
using namespace cnn::analysis;
using fixtures::failed;
using fixtures::point;
using fixtures::series;

namespace {

std::string label(const Series& s) { return std::string(s.label()); }

// alexnet on two series and lenet on one; per image (ms) = mean(fw) / batch.
std::vector<Point> best_batch_fixture() {
  return {
      // openblas/fp32: b1 {10,12} -> 11; b2 {18,20} -> 9.5; b4 {40,36} -> 9.5 (tie: b2 wins); b8 {80} -> 10
      point("alexnet", "openblas", "fp32", 8, {80}),
      point("alexnet", "openblas", "fp32", 1, {10, 12}),
      point("alexnet", "openblas", "fp32", 4, {40, 36}),
      point("alexnet", "openblas", "fp32", 2, {18, 20}),
      // reference/fp32: b1 {50} -> 50; b2 {90} -> 45; b4 fails (0.25 would win if counted)
      point("alexnet", "reference", "fp32", 1, {50}),
      point("alexnet", "reference", "fp32", 2, {90}),
      failed(point("alexnet", "reference", "fp32", 4, {1})),
      // lenet: openblas b16 {8} -> 0.5; reference succeeded without repetitions: no entry
      point("lenet", "openblas", "fp32", 16, {8}),
      point("lenet", "reference", "fp32", 1, {}),
  };
}

}  // namespace

struct ParseSeriesRow {
  std::string tag;
  std::string text;
  bool valid;
  std::string lib;
  std::string precision;
  GraphMode graph = GraphMode::Caffe;
  Scheduler scheduler = Scheduler::Sequential;
  std::string label;  // what the parsed series is labelled (the text, where it spells no default out)
};

std::vector<ParseSeriesRow> parse_series_rows() {
  using G = GraphMode;
  using S = Scheduler;
  const auto invalid = [](std::string tag, std::string text) {
    return ParseSeriesRow{std::move(tag), std::move(text), false, "", "", G::Caffe, S::Sequential, ""};
  };
  std::vector<ParseSeriesRow> rows;
  rows.push_back({"openblas/fp32", "openblas/fp32", true, "openblas", "fp32", G::Caffe, S::Sequential, "openblas/fp32"});
  rows.push_back({"cudnn/fp16", "cudnn/fp16", true, "cudnn", "fp16", G::Caffe, S::Sequential, "cudnn/fp16"});
  rows.push_back(invalid("no slash", "openblas"));
  rows.push_back(invalid("no lib", "/fp32"));
  rows.push_back(invalid("no precision", "openblas/"));
  rows.push_back(invalid("two slashes", "a/b/c"));
  rows.push_back({"fused graph", "onednn/fp32/fused", true, "onednn", "fp32", G::Fused, S::Sequential, "onednn/fp32/fused"});
  rows.push_back({"caffe spelt out", "onednn/fp32/caffe", true, "onednn", "fp32", G::Caffe, S::Sequential, "onednn/fp32"});
  rows.push_back(invalid("unknown graph mode", "onednn/fp32/folded"));
  rows.push_back(invalid("four parts", "onednn/fp32/fused/x"));
  rows.push_back(invalid("unknown precision", "openblas/fp64"));
  rows.push_back({"ios", "openblas/fp32/ios", true, "openblas", "fp32", G::Caffe, S::Ios, "openblas/fp32/ios"});
  rows.push_back({"fused greedy", "openblas/fp32/fused/greedy", true, "openblas", "fp32", G::Fused, S::Greedy,
                  "openblas/fp32/fused/greedy"});
  rows.push_back({"caffe ios spelt out", "onednn/fp16/caffe/ios", true, "onednn", "fp16", G::Caffe, S::Ios, "onednn/fp16/ios"});
  rows.push_back({"sequential spelt out", "onednn/fp32/sequential", true, "onednn", "fp32", G::Caffe, S::Sequential,
                  "onednn/fp32"});
  rows.push_back(invalid("scheduler before graph", "openblas/fp32/ios/fused"));
  rows.push_back(invalid("five parts", "openblas/fp32/fused/ios/x"));
  rows.push_back(invalid("unknown scheduler", "openblas/fp32/fused/fast"));
  return rows;
}

TEST_CASE("parseSeries") {
  auto [tag, text, valid, lib, precision, graph, scheduler, text_label] = test::pick_row(parse_series_rows());
  const auto s = parse_series(text);
  CHECK(s.has_value() == valid);
  if (!valid) return;
  CHECK(std::string(s->lib) == lib);
  CHECK(std::string(std::string(to_string(s->precision))) == precision);
  CHECK(s->graph == graph);
  CHECK(s->scheduler == scheduler);
  CHECK(label(*s) == text_label);
}

TEST_CASE("usablePointsSkipFailedAndKeepTheLastDuplicate") {
  const std::vector<Point> points = {
      point("b", "openblas", "fp32", 2, {1}),
      point("a", "reference", "fp32", 1, {2}),
      point("a", "openblas", "fp32", 4, {3}),
      point("a", "openblas", "fp32", 1, {4}),
      failed(point("a", "openblas", "fp16", 1, {5})),
      point("a", "openblas", "fp32", 1, {6}),  // re-measured: replaces {4}
      point("a", "openblas", "fp32", 0, {7}),  // batch 0 is unusable
  };
  const auto usable = usable_points(points);
  // Expected order (model, lib, precision, batch): a openblas 1 {6}, a openblas 4, a reference 1, b
  // openblas 2.
  REQUIRE(usable.size() == std::size_t(4));
  CHECK((usable[0]->time_fw_ms.front()) == test::fuzzy(6.0));
  CHECK((usable[1]->time_fw_ms.front()) == test::fuzzy(3.0));
  CHECK((usable[2]->time_fw_ms.front()) == test::fuzzy(2.0));
  CHECK((usable[3]->time_fw_ms.front()) == test::fuzzy(1.0));
  CHECK(models_of(points) == (std::vector<std::string>{"a", "b"}));
}


// A library's Caffe and fused readings are two series: neither replaces the other, each has its
// own best batch, and they are compared only with each other (fused / caffe) and with the same mode.
TEST_CASE("graphModesAreSeriesOfTheirOwn") {
  std::vector<Point> points = {
      point("a", "onednn", "fp32", 1, {4}),   // caffe
      point("a", "onednn", "fp32", 1, {3}),   // fused, measured later: must not replace {4}
      point("a", "onednn", "fp32", 2, {10}),  // fused at batch 2: 5 per image
      point("a", "openblas", "fp32", 1, {8}), // caffe only
  };
  points[1].graph = points[2].graph = GraphMode::Fused;
  const auto usable = usable_points(points);
  REQUIRE(usable.size() == std::size_t(4));
  CHECK((usable[0]->time_fw_ms.front()) == test::fuzzy(4.0));  // (a, onednn/fp32, 1)
  CHECK((usable[1]->time_fw_ms.front()) == test::fuzzy(3.0));  // (a, onednn/fp32/fused, 1)
  CHECK((usable[2]->time_fw_ms.front()) == test::fuzzy(10.0));
  const auto best = best_batches(points);
  REQUIRE(best.size() == std::size_t(3));
  CHECK(label(best[1].series) == std::string("onednn/fp32/fused"));
  CHECK(best[1].batch == 1);
  const auto graphs = graph_ratios(points);
  REQUIRE(graphs.size() == std::size_t(1));
  CHECK(label(graphs[0].numerator) == std::string("onednn/fp32/fused"));
  CHECK(label(graphs[0].denominator) == std::string("onednn/fp32"));
  COMPARE_CLOSE(graphs[0].ratio, 0.75);  // 3 / 4
  const auto libs = lib_ratios(points, "onednn", "openblas");
  REQUIRE(libs.size() == std::size_t(1));  // openblas has no fused series to set the fused one against
  CHECK(label(libs[0].numerator) == std::string("onednn/fp32"));
  COMPARE_CLOSE(libs[0].ratio, 0.5);  // 4 / 8
}

struct SummarizeRow {
  std::string tag;
  std::vector<double> values;
  int n;
  double mean;
  double stdev;
  double min;
  double median;
};

std::vector<SummarizeRow> summarize_rows() {
  std::vector<SummarizeRow> rows;
  rows.push_back({"none", {}, 0, 0.0, 0.0, 0.0, 0.0});
  rows.push_back({"one: std 0", {5}, 1, 5.0, 0.0, 5.0, 5.0});
  // mean 2; squares 1 + 1 + 0 = 2; 2 / (3 - 1) = 1 -> std 1
  rows.push_back({"odd", {3, 1, 2}, 3, 2.0, 1.0, 1.0, 2.0});
  // mean 2.5; squares 2.25 + 2.25 + 0.25 + 0.25 = 5; sqrt(5 / 3) = 1.2909944487358056; median (2+3)/2
  rows.push_back({"even", {4, 1, 3, 2}, 4, 2.5, 1.2909944487358056, 1.0, 2.5});
  rows.push_back({"equal", {7, 7, 7}, 3, 7.0, 0.0, 7.0, 7.0});
  return rows;
}

TEST_CASE("summarize") {
  auto [tag, values, n, mean, stdev, min, median] = test::pick_row(summarize_rows());
  const std::vector<double> v(values.begin(), values.end());
  const Stats s = analysis::summarize(v);
  CHECK(s.n == n);
  COMPARE_CLOSE(s.mean, mean);
  COMPARE_CLOSE(s.std, stdev);
  COMPARE_CLOSE(s.min, min);
  COMPARE_CLOSE(s.median, median);
}

TEST_CASE("pointStatsPerBatchAndPerImage") {
  const std::vector<Point> points = {point("m", "openblas", "fp32", 4, {8, 12, 10}),
                                     failed(point("m", "openblas", "fp32", 8, {8}))};
  const auto stats = point_stats(points);
  REQUIRE(stats.size() == std::size_t(1));
  const PointStats& ps = stats.front();
  CHECK(ps.batch == 4);
  CHECK(label(ps.series) == std::string("openblas/fp32"));
  // per batch: mean 10; squares 4 + 4 + 0 = 8; sqrt(8 / 2) = 2; min 8; median 10
  CHECK(ps.per_batch.n == 3);
  COMPARE_CLOSE(ps.per_batch.mean, 10);
  COMPARE_CLOSE(ps.per_batch.std, 2);
  COMPARE_CLOSE(ps.per_batch.min, 8);
  COMPARE_CLOSE(ps.per_batch.median, 10);
  // per image {2, 3, 2.5}: mean 2.5, std 0.5, min 2, median 2.5
  COMPARE_CLOSE(ps.per_image.mean, 2.5);
  COMPARE_CLOSE(ps.per_image.std, 0.5);
  COMPARE_CLOSE(ps.per_image.min, 2);
  COMPARE_CLOSE(ps.per_image.median, 2.5);
}

TEST_CASE("bestBatches") {
  const std::vector<Point> points = best_batch_fixture();
  const auto best = best_batches(points);
  REQUIRE(best.size() == std::size_t(3));
  CHECK(std::string(best[0].model) == std::string("alexnet"));
  CHECK(label(best[0].series) == std::string("openblas/fp32"));
  CHECK(best[0].batch == 2);  // 9.5, tied with b4: the smaller batch
  COMPARE_CLOSE(best[0].ms_per_image, 9.5);
  COMPARE_CLOSE(best[0].images_per_s, 105.26315789473684);    // 1000 / 9.5
  COMPARE_CLOSE(best[0].per_image.std, 0.70710678118654757);  // {9, 10}: sqrt(0.5)
  CHECK(label(best[1].series) == std::string("reference/fp32"));
  CHECK(best[1].batch == 2);  // the failed b4 is ignored
  COMPARE_CLOSE(best[1].ms_per_image, 45);
  COMPARE_CLOSE(best[1].images_per_s, 22.222222222222222);  // 1000 / 45
  CHECK(std::string(best[2].model) == std::string("lenet"));
  CHECK(best[2].batch == 16);
  COMPARE_CLOSE(best[2].ms_per_image, 0.5);
  COMPARE_CLOSE(best[2].images_per_s, 2000);
}

struct BestBatchOfOneRow {
  std::string tag;
  std::string model;
  std::string series;
  int batch;
  double ms;
};

std::vector<BestBatchOfOneRow> best_batch_of_one_rows() {
  std::vector<BestBatchOfOneRow> rows;
  rows.push_back({"alexnet openblas", "alexnet", "openblas/fp32", 2, 9.5});
  rows.push_back({"alexnet reference", "alexnet", "reference/fp32", 2, 45.0});
  rows.push_back({"lenet openblas", "lenet", "openblas/fp32", 16, 0.5});
  rows.push_back({"lenet reference: no repetitions", "lenet", "reference/fp32", 0, 0.0});
  rows.push_back({"unknown model", "vgg", "openblas/fp32", 0, 0.0});
  rows.push_back({"unknown series", "alexnet", "openblas/fp16", 0, 0.0});
  return rows;
}

TEST_CASE("bestBatchOfOne") {
  auto [tag, model, series, batch, ms] = test::pick_row(best_batch_of_one_rows());
  const std::vector<Point> points = best_batch_fixture();
  const auto best = best_batch(points, model, *parse_series(series));
  CHECK(best.has_value() == (batch != 0));
  if (!best) return;
  CHECK((best->batch) == batch);
  COMPARE_CLOSE(best->ms_per_image, ms);
}

TEST_CASE("speedupsOverABaseline") {
  const std::vector<Point> points = best_batch_fixture();
  const auto s = speedups(points, series("reference", "fp32"));
  // lenet has no reference/fp32 with repetitions: no entries for it.
  REQUIRE(s.size() == std::size_t(2));
  CHECK(label(s[0].series) == std::string("openblas/fp32"));
  CHECK(s[0].batch == 2);
  CHECK(s[0].baseline_batch == 2);
  COMPARE_CLOSE(s[0].ms_per_image, 9.5);
  COMPARE_CLOSE(s[0].baseline_ms_per_image, 45);
  COMPARE_CLOSE(s[0].speedup, 4.7368421052631579);  // 45 / 9.5
  CHECK(label(s[1].series) == std::string("reference/fp32"));
  COMPARE_CLOSE(s[1].speedup, 1);
}

TEST_CASE("speedupsWithoutTheBaselineAreEmpty") {
  const std::vector<Point> points = best_batch_fixture();
  CHECK(speedups(points, series("cudnn", "fp32")).empty());
}

TEST_CASE("memoryPerImage") {
  Point p = point("m", "openblas", "fp32", 4, {1});
  p.memory = {400, 800, 1200, 40, 4000, std::nullopt};
  const std::vector<Point> points = {p, failed(point("m", "openblas", "fp32", 8, {1}))};
  const auto rows = memory_per_image(points);
  REQUIRE(rows.size() == std::size_t(1));
  CHECK(rows[0].batch == 4);
  // each field / 4
  COMPARE_CLOSE(rows[0].per_image.weights, 100);
  COMPARE_CLOSE(rows[0].per_image.activations, 200);
  COMPARE_CLOSE(rows[0].per_image.activations_total, 300);
  COMPARE_CLOSE(rows[0].per_image.workspace, 10);
  COMPARE_CLOSE(rows[0].per_image.measured, 1000);
}

struct GoodEnoughBatchRow {
  std::string tag;
  double percent;
  int batch;
  double ms;
};

std::vector<GoodEnoughBatchRow> good_enough_batch_rows() {
  std::vector<GoodEnoughBatchRow> rows;
  // ms per image by batch: 1 -> 20, 2 -> 12, 4 -> 10.5, 8 -> 10 (best), 16 -> 10.2
  rows.push_back({"0%: the best", 0.0, 8, 10.0});
  rows.push_back({"1%: limit 10.1", 1.0, 8, 10.0});
  rows.push_back({"6%: limit 10.6", 6.0, 4, 10.5});
  rows.push_back({"25%: limit 12.5", 25.0, 2, 12.0});
  rows.push_back({"100%: limit 20, inclusive", 100.0, 1, 20.0});
  return rows;
}

TEST_CASE("goodEnoughBatch") {
  auto [tag, percent, batch, ms] = test::pick_row(good_enough_batch_rows());
  std::vector<Point> points = {
      point("m", "openblas", "fp32", 16, {163.2}), point("m", "openblas", "fp32", 1, {20}),
      point("m", "openblas", "fp32", 2, {24}),     point("m", "openblas", "fp32", 4, {42}),
      point("m", "openblas", "fp32", 8, {80}),     failed(point("m", "openblas", "fp32", 32, {32})),
  };
  for (Point& p : points) p.memory.weights_bytes = 1000;
  const auto good = good_enough_batches(points, percent);
  REQUIRE(good.size() == std::size_t(1));
  CHECK(good[0].batch == batch);
  COMPARE_CLOSE(good[0].ms_per_image, ms);
  CHECK(good[0].best_batch == 8);
  COMPARE_CLOSE(good[0].best_ms_per_image, 10);
  COMPARE_CLOSE(good[0].memory.weights, 1000.0 / batch);
}

TEST_CASE("precisionRatios") {
  const std::vector<Point> points = {
      point("alexnet", "openblas", "fp32", 4, {40}),  // best 10 ms/image
      point("alexnet", "openblas", "fp32", 1, {12}),
      point("alexnet", "openblas", "fp16", 8, {48}),   // best 6
      point("alexnet", "cublas", "fp32", 16, {32}),    // best 2
      point("alexnet", "cublas", "fp16", 32, {32}),    // best 1
      point("alexnet", "reference", "fp32", 1, {25}),  // no fp16: no ratio
      point("lenet", "openblas", "fp16", 1, {1}),      // no fp32: no ratio
  };
  const auto r = precision_ratios(points);
  REQUIRE(r.size() == std::size_t(2));
  CHECK(label(r[0].numerator) == std::string("cublas/fp16"));
  CHECK(label(r[0].denominator) == std::string("cublas/fp32"));
  CHECK(r[0].numerator_batch == 32);
  CHECK(r[0].denominator_batch == 16);
  COMPARE_CLOSE(r[0].ratio, 0.5);  // 1 / 2
  CHECK(label(r[1].numerator) == std::string("openblas/fp16"));
  COMPARE_CLOSE(r[1].numerator_ms, 6);
  COMPARE_CLOSE(r[1].denominator_ms, 10);
  COMPARE_CLOSE(r[1].ratio, 0.6);  // 6 / 10
}

TEST_CASE("libRatiosAndSeriesRatios") {
  const std::vector<Point> points = {
      point("alexnet", "openblas", "fp32", 4, {40}),   // 10
      point("alexnet", "openblas", "fp16", 8, {48}),   // 6
      point("alexnet", "cublas", "fp32", 16, {32}),    // 2
      point("alexnet", "cublas", "fp16", 32, {32}),    // 1
      point("alexnet", "reference", "fp32", 1, {25}),  // 25
      point("lenet", "openblas", "fp32", 1, {3}),      // no cublas: no lib ratio
  };
  const auto libs = lib_ratios(points, "openblas", "cublas");
  REQUIRE(libs.size() == std::size_t(2));
  CHECK(label(libs[0].numerator) == std::string("openblas/fp32"));  // (model, precision) order: fp32 first
  CHECK(label(libs[0].denominator) == std::string("cublas/fp32"));
  COMPARE_CLOSE(libs[0].ratio, 5);  // 10 / 2
  CHECK(label(libs[1].numerator) == std::string("openblas/fp16"));
  COMPARE_CLOSE(libs[1].ratio, 6);  // 6 / 1

  const auto r = ratios(points, series("openblas", "fp32"), series("reference", "fp32"));
  REQUIRE(r.size() == std::size_t(1));  // lenet has no reference
  CHECK(std::string(r[0].model) == std::string("alexnet"));
  COMPARE_CLOSE(r[0].ratio, 0.4);  // 10 / 25
}

TEST_CASE("emptyInputGivesEmptyResults") {
  const std::vector<Point> none;
  CHECK(point_stats(none).empty());
  CHECK(best_batches(none).empty());
  CHECK(!best_batch(none, "alexnet", series("openblas", "fp32")));
  CHECK(speedups(none, series("openblas", "fp32")).empty());
  CHECK(memory_per_image(none).empty());
  CHECK(good_enough_batches(none, 5).empty());
  CHECK(precision_ratios(none).empty());
  CHECK(lib_ratios(none, "a", "b").empty());
  CHECK(ratios(none, series("a", "fp32"), series("b", "fp32")).empty());
  const std::vector<Point> only_failed = {failed(point("m", "openblas", "fp32", 1, {1}))};
  CHECK(best_batches(only_failed).empty());
  CHECK(memory_per_image(only_failed).empty());
}
