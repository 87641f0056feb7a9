// The report of one run: best rows with speedups, the adaptive solution per precision, memory at the
// best and good-enough batch, ratios, the --libs filter; and the embedded published Jetson TX1 run.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "analysis_fixtures.h"
#include "core/analysis/report.h"
#include "resources/published_reference.h"
#include "tests/test_support.h"

using namespace cnn;
using namespace cnn::analysis;
using fixtures::failed;
using fixtures::layer;
using fixtures::point;

namespace {

// Per image (ms) = mean(fw) / batch; per-layer times are whole-batch ms per repetition.
std::vector<Point> fixture() {
  std::vector<Point> points = {
      // m on a/fp32: b1 11, b2 9, b4 8.9 (best); layers at b2: conv 2 + fc 4; at b4: conv 1.5 + fc 5
      point("m", "a", "fp32", 1, {10, 12}),
      point("m", "a", "fp32", 2, {16, 20},
            {layer(1, "conv1", "Convolution", {4, 4}), layer(2, "fc1", "InnerProduct", {8, 8})}),
      point("m", "a", "fp32", 4, {35.2, 36},
            {layer(1, "conv1", "Convolution", {6}), layer(2, "fc1", "InnerProduct", {20})}),
      // m on b/fp32: b1 4, b2 3 (best), b4 3.5; layers at b2: conv 3 + fc 1; at b4: conv 2.5 + fc 2
      point("m", "b", "fp32", 1, {4}),
      point("m", "b", "fp32", 2, {6}, {layer(1, "conv1", "Convolution", {6}), layer(2, "fc1", "InnerProduct", {2})}),
      point("m", "b", "fp32", 4, {14}, {layer(1, "conv1", "Convolution", {10}), layer(2, "fc1", "InnerProduct", {8})}),
      failed(point("m", "b", "fp32", 8, {1})),  // would be the best if counted
      // m on b/fp16: b2 2.5; layers conv 1.5 + fc 0.5
      point("m", "b", "fp16", 2, {5}, {layer(1, "conv1", "Convolution", {3}), layer(2, "fc1", "InnerProduct", {1})}),
      // n only on a, o only on b (no baseline: no speedup)
      point("n", "a", "fp32", 1, {7}),
      point("o", "b", "fp32", 1, {2}),
  };
  for (Point& p : points)
    if (p.model == "m" && p.lib == "a")
      p.memory = {1000, std::uint64_t(400 * p.batch), 0, 100, std::uint64_t(64 * p.batch), std::nullopt};
  return points;
}

ReportOptions baseline_a() {
  ReportOptions o;
  o.baseline = {"a", Precision::FP32};
  return o;
}

const BestRow* find_best(const Report& r, const std::string& model, const Series& s) {
  for (const auto& b : r.best)
    if (b.best.model == model && b.best.series == s) return &b;
  return nullptr;
}

std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

struct BestRowsRow {
  std::string tag;
  std::string model;
  std::string lib;
  std::string precision;
  int batch;
  double ms;
  double speedup;
};

std::vector<BestRowsRow> best_rows_rows() {
  std::vector<BestRowsRow> rows;
  rows.push_back({"m a fp32: the baseline", "m", "a", "fp32", 4, 8.9, 1.0});
  rows.push_back({"m b fp16", "m", "b", "fp16", 2, 2.5, 8.9 / 2.5});
  rows.push_back({"m b fp32: failed b8 ignored", "m", "b", "fp32", 2, 3.0, 8.9 / 3.0});
  rows.push_back({"n a fp32", "n", "a", "fp32", 1, 7.0, 1.0});
  rows.push_back({"o b fp32: no baseline", "o", "b", "fp32", 1, 2.0, -1.0});
  return rows;
}

TEST_CASE("bestRows") {
  auto [tag, model, lib, precision, batch, ms, speedup] = test::pick_row(best_rows_rows());
  const Report r = build_report(fixture(), baseline_a());
  REQUIRE(r.best.size() == std::size_t(5));
  REQUIRE(r.baseline_measured);
  CHECK(r.libs == (std::vector<std::string>{"a", "b"}));
  const BestRow* row = find_best(r, model, {lib, *parse_precision(precision)});
  REQUIRE(row);
  CHECK((row->best.batch) == batch);
  COMPARE_CLOSE(row->best.ms_per_image, ms);
  COMPARE_CLOSE(row->best.images_per_s, 1000.0 / ms);
  CHECK((row->speedup.has_value()) == (speedup >= 0));
  if (speedup >= 0) COMPARE_CLOSE(*row->speedup, speedup);
}

// A best row shows the top-1 measured with its series (carried by any of its points), else its model's
// published figure, else none.
TEST_CASE("bestRowsShowAccuracy") {
  std::vector<Point> points = fixture();
  points[3].accuracy = AccuracyReading{"fashion-mnist-test", 10000, 9083};  // m b/fp32 at batch 1, not its best
  const PublishedTop1 published = {{"m", 0.568279}, {"n", 0.7}};
  const Report r = build_report(points, baseline_a(), nullptr, published);
  const auto text = [&](const char* model, const char* lib, const char* precision) {
    const BestRow* row = find_best(r, model, {lib, *parse_precision(precision)});
    return row ? std::string(accuracy_text(row->accuracy)) : std::string("no row");
  };
  CHECK(text("m", "b", "fp32") == std::string("90.8 % (fashion-mnist-test, 10000 images)"));
  CHECK(text("m", "b", "fp16") == std::string("56.8 % published"));
  CHECK(text("m", "a", "fp32") == std::string("56.8 % published"));
  CHECK(text("n", "a", "fp32") == std::string("70.0 % published"));
  CHECK(text("o", "b", "fp32") == std::string("-"));
  // Without published figures only the measured one is known.
  const Report measured_only = build_report(points, baseline_a());
  for (const BestRow& b : measured_only.best)
    CHECK(b.accuracy.has_value() ==
          (b.best.model == "m" && b.best.series.lib == "b" && b.best.series.precision == Precision::FP32));
}

TEST_CASE("withoutTheBaselineNoSpeedups") {
  ReportOptions o;  // openblas/fp32: not in the fixture
  const Report r = build_report(fixture(), o);
  CHECK(!r.baseline_measured);
  REQUIRE(r.best.size() == std::size_t(5));
  for (const auto& b : r.best) CHECK(!b.speedup);
  CHECK(r.published.empty());
}

TEST_CASE("libsFilterKeepsBaselineSpeedups") {
  ReportOptions o = baseline_a();
  o.libs = {"b"};
  const Report r = build_report(fixture(), o);
  CHECK(r.libs == (std::vector<std::string>{"b"}));
  REQUIRE(r.best.size() == std::size_t(3));
  for (const auto& b : r.best) CHECK(b.best.series.lib == std::string("b"));
  const BestRow* row = find_best(r, "m", {"b", Precision::FP32});
  CHECK((row && row->speedup));
  COMPARE_CLOSE(*row->speedup, 8.9 / 3.0);
  REQUIRE(r.memory.size() == std::size_t(3));
  REQUIRE(r.ratios.size() == std::size_t(1));  // only fp16/fp32 of b
  REQUIRE(r.adaptive.size() == std::size_t(2));
  for (const auto& a : r.adaptive) CHECK(a.libraries == 1);
}

TEST_CASE("adaptivePerPrecision") {
  const Report r = build_report(fixture(), baseline_a());
  REQUIRE(r.adaptive.size() == std::size_t(2));  // m in fp32 and fp16 (in that order); n and o have no layers

  const AdaptiveRow& fp16 = r.adaptive[1];
  CHECK(fp16.precision == Precision::FP16);
  CHECK(fp16.libraries == 1);
  REQUIRE(fp16.result.ok());
  CHECK(fp16.result.batch == 2);
  COMPARE_CLOSE(fp16.result.ms_per_image, 2.0);
  COMPARE_CLOSE(fp16.result.saving_percent, 0.0);

  const AdaptiveRow& fp32 = r.adaptive[0];
  CHECK(fp32.precision == Precision::FP32);
  CHECK(fp32.libraries == 2);
  REQUIRE_MESSAGE(fp32.result.ok(), fp32.result.error);
  CHECK(fp32.result.model == std::string("m"));
  CHECK(fp32.result.batch == 2);  // b2: conv on a 2 + fc on b 1 = 3; b4: 1.5 + 2 = 3.5
  COMPARE_CLOSE(fp32.result.ms_per_image, 3.0);
  REQUIRE(fp32.result.layers.size() == std::size_t(2));
  CHECK(fp32.result.layers[0].series == (Series{"a", Precision::FP32}));
  CHECK(fp32.result.layers[1].series == (Series{"b", Precision::FP32}));
  REQUIRE(fp32.result.per_series.size() == std::size_t(2));
  COMPARE_CLOSE(fp32.result.per_series[0].ms_per_image, 2.0);
  COMPARE_CLOSE(fp32.result.per_series[1].ms_per_image, 1.0);
  CHECK(fp32.result.best_single.series == (Series{"b", Precision::FP32}));  // b: 4 at b2 (4.5 at b4); a: 6 at b2
  CHECK(fp32.result.best_single.batch == 2);
  COMPARE_CLOSE(fp32.result.saving_percent, 25.0);
}

struct MemoryAtBestAndGoodEnoughRow {
  std::string tag;
  double percent;
  int good;
};

std::vector<MemoryAtBestAndGoodEnoughRow> memory_at_best_and_good_enough_rows() {
  std::vector<MemoryAtBestAndGoodEnoughRow> rows;
  rows.push_back({"0%: the best itself", 0.0, 4});
  rows.push_back({"5%: 9 <= 9.345", 5.0, 2});
  rows.push_back({"30%: 11 <= 11.57", 30.0, 1});
  return rows;
}

TEST_CASE("memoryAtBestAndGoodEnough") {
  auto [tag, percent, good] = test::pick_row(memory_at_best_and_good_enough_rows());
  ReportOptions o = baseline_a();
  o.good_enough_percent = percent;
  const Report r = build_report(fixture(), o);
  REQUIRE(r.memory.size() == std::size_t(5));
  const MemoryReportRow& m = r.memory[0];  // (m, a/fp32) sorts first
  CHECK(m.model == std::string("m"));
  CHECK(m.series == (Series{"a", Precision::FP32}));
  CHECK(m.best_batch == 4);
  COMPARE_CLOSE(m.best_ms_per_image, 8.9);
  COMPARE_CLOSE(m.at_best.weights, 250.0);
  COMPARE_CLOSE(m.at_best.activations, 400.0);
  COMPARE_CLOSE(m.at_best.workspace, 25.0);
  COMPARE_CLOSE(m.at_best.measured, 64.0);
  CHECK(m.good_batch == good);
  COMPARE_CLOSE(m.at_good.weights, 1000.0 / good);
  COMPARE_CLOSE(m.at_good.activations, 400.0);
}

TEST_CASE("ratios") {
  const Report r = build_report(fixture(), baseline_a());
  REQUIRE(r.ratios.size() == std::size_t(2));
  CHECK(r.ratios[0].numerator == (Series{"a", Precision::FP32}));  // lib a / lib b, fp32
  CHECK(r.ratios[0].denominator == (Series{"b", Precision::FP32}));
  COMPARE_CLOSE(r.ratios[0].ratio, 8.9 / 3.0);
  CHECK(r.ratios[1].numerator == (Series{"b", Precision::FP16}));  // then fp16 / fp32 of b
  COMPARE_CLOSE(r.ratios[1].ratio, 2.5 / 3.0);
}

struct PublishedRowsRow {
  std::string tag;
  std::string model;
  std::string lib;
  std::string precision;
  std::string published_tag;
  double ms;
  int batch;
};

std::vector<PublishedRowsRow> published_rows_rows() {
  std::vector<PublishedRowsRow> rows;
  // Copied from /work/shared/reference/jetson-tx1-2016.md.
  rows.push_back({"alexnet cpu", "alexnet", "openblas", "fp32", "cpu", 124.327292, 16});
  rows.push_back({"alexnet libdnn", "alexnet", "libdnn", "fp32", "libdnn-cuda", 14.621250, 16});
  rows.push_back({"alexnet cublas fp16", "alexnet", "cublas", "fp16", "nvidia-fp16-cuda", 8.583306, 12});
  rows.push_back({"googlenet cudnn", "googlenet", "cudnn", "fp32", "nvidia-cudnn", 17.109729, 16});
  rows.push_back({"squeezenet-1.0 cpu", "squeezenet-1.0", "openblas", "fp32", "cpu", 125.432222, 12});
  rows.push_back({"squeezenet-1.0 libdnn", "squeezenet-1.0", "libdnn", "fp32", "libdnn-cuda", 19.493929, 14});
  rows.push_back({"squeezenet-1.1 cpu", "squeezenet-1.1", "openblas", "fp32", "cpu", 67.141024, 14});
  rows.push_back({"squeezenet-1.1 cudnn fp16", "squeezenet-1.1", "cudnn", "fp16", "nvidia-fp16-cudnn", 5.012350, 16});
  return rows;
}

TEST_CASE("publishedRows") {
  auto [row_name, model, lib, precision, tag, ms, batch] = test::pick_row(published_rows_rows());
  const PublishedRun& run = resources::jetson_tx1_reference();
  const auto row = run.find(model, {lib, *parse_precision(precision)});
  REQUIRE(row);
  CHECK(std::string(row->tag) == tag);
  CHECK((row->ms_per_image) == test::fuzzy(ms));  // exactly the published decimal
  CHECK((row->batch) == batch);
}

TEST_CASE("publishedRunDescribesItself") {
  const PublishedRun& run = resources::jetson_tx1_reference();
  REQUIRE(run.results.size() == std::size_t(24));  // 4 models x 6 library tags
  CHECK(run.id == std::string("jetson-tx1-caffe-2016"));
  CHECK(run.platform.find("Jetson TX1 (4x Cortex-A57 @1743 MHz") == 0);
  CHECK(run.source.find("Benchmarking Caffe on NVIDIA Jetson TX1") != std::string::npos);
  CHECK(run.repetitions == 3);
  CHECK(run.batch_sizes == (std::vector<int>{2, 4, 6, 8, 10, 12, 14, 16}));
  REQUIRE(run.accuracy.size() == std::size_t(4));
  CHECK(run.accuracy[0].model == std::string("alexnet"));
  CHECK(run.accuracy[0].top1 == test::fuzzy(0.568279));
  CHECK(run.accuracy[3].model == std::string("googlenet"));
  CHECK(run.accuracy[3].top5 == test::fuzzy(0.891441));
}

TEST_CASE("embeddedTextIsTheResourceFile") {
  CHECK(std::string(resources::jetson_tx1_reference_json()) == read_file(TX1_REFERENCE_JSON));
}

TEST_CASE("publishedBesideTheRun") {
  ReportOptions o;  // baseline openblas/fp32: the published "cpu" rows
  const Report all = build_report(fixture(), o, &resources::jetson_tx1_reference());
  REQUIRE(all.published.size() == std::size_t(24));
  REQUIRE(all.best.size() == std::size_t(5));  // the published rows stay apart from the measured ones
  const PublishedRow& cudnn = all.published[3];  // alexnet cudnn fp32
  CHECK(cudnn.result.tag == std::string("nvidia-cudnn"));
  REQUIRE(cudnn.speedup);
  COMPARE_CLOSE(*cudnn.speedup, 124.327292 / 7.413354);
  COMPARE_CLOSE(cudnn.images_per_s, 1000.0 / 7.413354);
  o.libs = {"b"};  // no published library is called b
  CHECK(build_report(fixture(), o, &resources::jetson_tx1_reference()).published.empty());
}

struct ParseRejectsRow {
  std::string tag;
  std::string text;
  std::string error;
};

std::vector<ParseRejectsRow> parse_rejects_rows() {
  std::vector<ParseRejectsRow> rows;
  const std::string good(resources::jetson_tx1_reference_json());
  const auto replaced = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return std::string(s.replace(at, from.size(), to));
  };
  rows.push_back({"not JSON", "{", "is not valid JSON"});
  rows.push_back({"other schema", replaced("cnn-explorer-published/1", "cnn-explorer/1"), "has schema"});
  rows.push_back({"not published", replaced("\"published\": true", "\"published\": false"), "\"published\": true"});
  rows.push_back({"missing batch", replaced("\"best_batch\": 16}", "\"batch\": 16}"),
                  "no \"best_batch\" in results[0]"});
  rows.push_back({"text time", replaced("124.327292", "\"124.327292\""), "non-numeric \"best_ms_per_image\""});
  rows.push_back({"repeated row",
                  replaced("\"lib\": \"libdnn\", \"precision\": \"fp32\", \"tag\": \"libdnn-cuda\"",
                           "\"lib\": \"openblas\", \"precision\": \"fp32\", \"tag\": \"libdnn-cuda\""),
                  "repeats alexnet on openblas/fp32 in results[1]"});
  rows.push_back({"accuracy above 1", replaced("0.568279", "56.8279"), "outside [0, 1] in accuracy[0]"});
  return rows;
}

TEST_CASE("parseRejects") {
  auto [tag, text, error] = test::pick_row(parse_rejects_rows());
  try {
    parse_published_run(text);
    FAIL("accepted");
  } catch (const std::runtime_error& e) {
    CHECK_MESSAGE(test::contains(e.what(), error), e.what());
  }
}
