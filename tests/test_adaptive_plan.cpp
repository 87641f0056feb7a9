// Adaptive plans: made from the analysis (layers charged with their own reorders), saved and read
// back as JSON, written into a prototxt as engine fields, and an executed plan against its
// prediction (hand-computed fixtures).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "analysis_fixtures.h"
#include "core/analysis/adaptive_plans.h"
#include "core/analysis/executed_adaptive.h"
#include "core/bench/adaptive_plan.h"
#include "core/bench/results_json.h"
#include "core/model/net_desc.h"
#include "tests/test_support.h"

using namespace cnn;
using fixtures::layer;
using fixtures::point;

namespace {

// Three layers; "fast" wins conv alone but loses it once its reorders count.
std::vector<Point> sweep() {
  return {
      point("net", "slow", "fp32", 2, {10},
            {layer(0, "conv", "Convolution", {4.0, 4.0}), layer(1, "relu", "ReLU", {2.0}),
             layer(2, "fc", "InnerProduct", {6.0})}),
      point("net", "fast", "fp32", 2, {9},
            {layer(0, "conv", "Convolution", {3.0}), layer(0, "conv reorder in", "Reorder", {0.5}),
             layer(0, "conv reorder out", "Reorder", {1.0, 1.0}), layer(1, "relu", "ReLU", {1.0}),
             layer(2, "fc", "InnerProduct", {8.0})}),
  };
}

AdaptivePlan sample_plan() {
  AdaptivePlan p;
  p.model = "net";
  p.precision = Precision::FP32;
  p.batch = 2;
  p.predicted_ms_per_image = 5.5;
  p.best_single = {"slow", 2, 6.0};
  p.source_run = 4;
  p.layers = {{0, "conv", "Convolution", "slow"}, {1, "relu", "ReLU", "fast"}, {2, "fc", "InnerProduct", "slow"}};
  return p;
}

const char* const kNet = R"(name: "net"
input: "data"
input_shape { dim: 1 dim: 1 dim: 4 dim: 4 }
layer {
  name: "conv"
  type: "Convolution"
  bottom: "data" top: "conv"
  convolution_param { num_output: 2 kernel_size: 3 }
}
  layer { name: "relu" type: "ReLU" bottom: "conv" top: "conv" engine: CAFFE }
layer {
  type: "Pooling" bottom: "conv" top: "pool"
  pooling_param { pool: MAX kernel_size: 2 }
}
)";

}  // namespace

// conv: slow 4 vs fast 3 + 0.5 + 1 = 4.5 -> slow; relu: fast 1 < 2; fc: slow 6 < 8. Per image (batch 2):
// 2 + 0.5 + 3 = 5.5; slow alone 12/2 = 6; fast alone 13.5/2 = 6.75.
TEST_CASE("plan_from_analysis") {
  const std::vector<Point> points = sweep();
  const std::vector<analysis::Series> chosen = {{"slow", Precision::FP32}, {"fast", Precision::FP32}};
  const auto results = analysis::ideal_adaptive(points, chosen);
  REQUIRE(results.size() == std::size_t(1));
  REQUIRE_MESSAGE(results[0].ok(), results[0].error);
  REQUIRE(results[0].layers.size() == std::size_t(3));  // reorders are not layers of their own
  COMPARE_CLOSE(results[0].layers[0].ms_per_image, 2.0);
  COMPARE_CLOSE(results[0].ms_per_image, 5.5);
  COMPARE_CLOSE(results[0].best_single.ms_per_image, 6.0);
  const AdaptivePlan plan = analysis::to_plan(results[0], 4);
  CHECK(plan == sample_plan());
  CHECK(plan.libs() == (std::vector<std::string>{"slow", "fast"}));
}

// A layer leaves the best single library at the plan's batch ("slow": 6.0 per image against
// 6.75) only when the other runs it at least min_gain faster: relu gains 50% (0.5 against 1.0).
struct MinGainRow {
  std::string tag;
  double min_gain;
  std::string relu_lib;
  double predicted;
};

std::vector<MinGainRow> min_gain_rows() {
  std::vector<MinGainRow> rows;
  rows.push_back({"0: the ideal solution", 0.0, "fast", 5.5});
  rows.push_back({"5%", 5.0, "fast", 5.5});
  rows.push_back({"50%: just enough", 50.0, "fast", 5.5});
  rows.push_back({"60%: stays", 60.0, "slow", 6.0});
  return rows;
}

TEST_CASE("min_gain") {
  auto [tag, min_gain, relu_lib, predicted] = test::pick_row(min_gain_rows());
  const std::vector<Point> points = sweep();
  const std::vector<analysis::Series> chosen = {
      {"slow", Precision::FP32}, {"fast", Precision::FP32}, {"adaptive", Precision::FP32}};
  const analysis::AdaptivePlans made = analysis::adaptive_plans(points, chosen, 4, min_gain);
  CHECK(made.errors.empty());
  REQUIRE(made.plans.size() == std::size_t(1));
  const AdaptivePlan& plan = made.plans[0];
  CHECK(plan.layers[0].lib == std::string("slow"));
  CHECK(std::string(plan.layers[1].lib) == relu_lib);
  CHECK(plan.layers[2].lib == std::string("slow"));
  COMPARE_CLOSE(plan.predicted_ms_per_image, predicted);
  COMPARE_CLOSE(plan.saving_percent(), 100.0 * (6.0 - predicted) / 6.0);
  COMPARE_CLOSE(plan.min_gain_percent, min_gain);
}

TEST_CASE("plan_in_one_precision") {
  std::vector<Point> points = sweep();
  points[1].precision = Precision::FP16;
  const std::vector<analysis::Series> chosen = {{"slow", Precision::FP32}, {"fast", Precision::FP16}};
  // The analysis may choose among series of two precisions; a plan runs in one.
  const auto results = analysis::ideal_adaptive(points, chosen);
  REQUIRE(results[0].ok());
  CHECK_THROWS_AS(analysis::to_plan(results[0]), std::runtime_error);
}

// Caffe and fused points of one model are never mixed: a plan per graph mode, each made among the
// chosen series of its mode and carrying it (the fused graph has other layers: conv+relu).
TEST_CASE("plan_per_graph_mode") {
  std::vector<Point> points = sweep();
  for (const char* lib : {"slow", "fast"}) {
    Point f = point("net", lib, "fp32", 2, {7},
                    {layer(0, "conv+relu", "Convolution", {lib == std::string("slow") ? 5.0 : 3.0}),
                     layer(1, "fc", "InnerProduct", {lib == std::string("slow") ? 6.0 : 9.0})});
    f.graph = GraphMode::Fused;
    points.push_back(f);
  }
  std::vector<analysis::Series> chosen;
  for (GraphMode g : {GraphMode::Fused, GraphMode::Caffe})
    for (const char* lib : {"slow", "fast"}) chosen.push_back({lib, Precision::FP32, g});
  const analysis::AdaptivePlans made = analysis::adaptive_plans(points, chosen, 4, 0);
  CHECK_MESSAGE(made.errors.empty(), (made.errors.empty() ? "" : made.errors.front().c_str()));
  REQUIRE(made.plans.size() == std::size_t(2));
  AdaptivePlan caffe = sample_plan();
  CHECK(made.plans[0] == caffe);
  const AdaptivePlan& fused = made.plans[1];
  CHECK(fused.graph == GraphMode::Fused);
  CHECK(fused.layers ==
        (std::vector<PlannedLayer>{{0, "conv+relu", "Convolution", "fast"}, {1, "fc", "InnerProduct", "slow"}}));
  COMPARE_CLOSE(fused.predicted_ms_per_image, 4.5);  // (3 + 6) / 2
  CHECK(fused.best_single.lib == std::string("slow"));  // 11 / 2 against fast's 12 / 2
}

TEST_CASE("json_round_trip") {
  const std::vector<AdaptivePlan> plans = {sample_plan(), sample_plan()};
  const std::string text = plans_to_json(plans);
  CHECK(text.find("\"schema\": \"cnn-explorer-plan/1\"") != std::string::npos);
  CHECK(plans_from_json(text) == plans);
  std::vector<AdaptivePlan> fused = {sample_plan()};
  fused[0].graph = GraphMode::Fused;
  const std::string fused_text = plans_to_json(fused);
  CHECK(fused_text.find("\"graph\": \"fused\"") != std::string::npos);
  CHECK(plans_from_json(fused_text) == fused);
  // A plan written before graph modes has no "graph": it is a plan of the Caffe graph.
  std::string older = text;
  const std::string caffe_field = "\"graph\": \"caffe\",";
  for (std::size_t at; (at = older.find(caffe_field)) != std::string::npos;) older.erase(at, caffe_field.size());
  CHECK(older.find("graph") == std::string::npos);
  CHECK(plans_from_json(older) == plans);
  Point p = point("net", "adaptive", "fp32", 2, {1.0});
  p.plan = sample_plan();
  const nlohmann::ordered_json j = p;
  CHECK((j.at("plan").get<AdaptivePlan>()) == sample_plan());
  CHECK((j.get<Point>().plan) == p.plan);
}

struct RejectsRow {
  std::string tag;
  std::string text;
  std::string message;
};

std::vector<RejectsRow> rejects_rows() {
  std::vector<RejectsRow> rows;
  rows.push_back({"not json", "{", "not valid JSON"});
  rows.push_back({"other schema", R"({"schema": "x", "plans": []})", "no \"schema\""});
  rows.push_back({"no plans", R"({"schema": "cnn-explorer-plan/1", "plans": []})", "no plans"});
  const std::string head = R"({"schema": "cnn-explorer-plan/1", "plans": [{"model": "m", "precision": "fp32", )";
  rows.push_back({"no batch", head + R"("layers": []}]})", "plan 0 in the plan file: missing field 'batch'"});
  rows.push_back({"batch 0", head + R"("batch": 0}]})", "'batch' must be a whole number >= 1"});
  rows.push_back(
      {"no layers",
       head +
           R"("batch": 1, "predicted_ms_per_image": 1, "best_single": {"lib": "a", "batch": 1, "ms_per_image": 1}, "layers": []}]})",
       "'layers' must be a non-empty array"});
  rows.push_back({"unknown graph mode", head + R"("graph": "folded", "batch": 1}]})",
                  "plan 0 in the plan file: field 'graph' is \"folded\""});
  rows.push_back(
      {"layer without lib",
       head +
           R"("batch": 1, "predicted_ms_per_image": 1, "best_single": {"lib": "a", "batch": 1, "ms_per_image": 1}, "layers": [{"index": 0, "name": "c", "type": "ReLU"}]}]})",
       "layer 0: missing field 'lib'"});
  return rows;
}

TEST_CASE("rejects") {
  auto [tag, text, message] = test::pick_row(rejects_rows());
  try {
    plans_from_json(text);
    FAIL("a bad plan file was accepted");
  } catch (const std::runtime_error& e) {
    CHECK_MESSAGE(test::contains(e.what(), message), e.what());
  }
}

TEST_CASE("missing_file_is_named") {
  try {
    load_plans("/nonexistent/plans.json");
    FAIL("a missing file was read");
  } catch (const std::runtime_error& e) {
    CHECK_MESSAGE(test::contains(e.what(), "'/nonexistent/plans.json'"), e.what());
  }
}

// engine: added as the first field of each planned layer, replacing one at that level; nested
// ones and unplanned layers stay; the text still parses as the same network.
TEST_CASE("prototxt_engines") {
  AdaptivePlan plan;
  plan.layers = {{0, "conv", "Convolution", "onednn"}, {1, "relu", "ReLU", "openblas"}};
  const std::string out = prototxt_with_engines(plan, kNet, "net.prototxt");
  CHECK_MESSAGE(out.find("layer {\n  engine: \"onednn\"\n  name: \"conv\"") != std::string::npos, out);
  CHECK_MESSAGE(out.find("engine: \"openblas\" }") != std::string::npos, out);
  CHECK_MESSAGE(out.find("CAFFE") == std::string::npos, out);
  CHECK(std::count(out.begin(), out.end(), '\n') == std::count(kNet, kNet + std::strlen(kNet), '\n') + 1);
  const NetDesc a = parse_prototxt(kNet, "a"), b = parse_prototxt(out, "b");
  REQUIRE(b.layers.size() == a.layers.size());
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    CHECK(b.layers[i].type == a.layers[i].type);
    if (a.layers[i].name.find('@') == std::string::npos)
      CHECK(b.layers[i].name == a.layers[i].name);  // unnamed: "Type@line"
  }
  CHECK(prototxt_with_engines(plan, out, "again") == out);  // applying it twice changes nothing
  plan.layers[1].lib = "onednn";
  const std::string changed = prototxt_with_engines(plan, out, "changed");
  CHECK_MESSAGE(
      (changed.find("engine: \"onednn\" }") != std::string::npos && changed.find("openblas") == std::string::npos),
      changed);
  CHECK_THROWS_AS(prototxt_with_engines(plan, "layer {", "broken.prototxt"), ModelError);
}

// measured 2 (conv on slow) + 0.5 + 0.25 (its reorder) + 0.75 (a transfer) + 3 (fc) = 6.5 per image;
// predicted 5.5 + 0.75 transfers -> +4%; best single 6 -> +8.33%.
TEST_CASE("executed_against_prediction") {
  std::vector<Point> points = sweep();
  Point run = point("net", "adaptive", "fp32", 2, {12.0, 14.0},
                    {layer(0, "conv", "Convolution", {4.0}), layer(0, "conv reorder in", "Reorder", {0.5}),
                     layer(1, "relu", "ReLU", {1.0}), layer(1, "relu transfer conv", "Transfer", {1.5}),
                     layer(2, "fc", "InnerProduct", {6.0})});
  run.plan = sample_plan();
  points.push_back(run);
  points.push_back(fixtures::failed(run));  // a later failed point does not replace it
  const auto executed = analysis::executed_adaptive(points);
  REQUIRE(executed.size() == std::size_t(1));
  const analysis::ExecutedAdaptive& e = executed[0];
  COMPARE_CLOSE(e.measured_ms_per_image, 6.5);
  COMPARE_CLOSE(e.transfer_ms_per_image, 0.75);
  COMPARE_CLOSE(e.reorder_ms_per_image, 0.25);
  COMPARE_CLOSE(e.per_lib_ms_per_image.at("slow"), 5.25);
  COMPARE_CLOSE(e.per_lib_ms_per_image.at("fast"), 0.5);
  COMPARE_CLOSE(e.end_to_end_ms_per_image, 6.5);
  COMPARE_CLOSE(e.best_single_end_to_end_ms_per_image, 5.0);
  COMPARE_CLOSE(e.vs_predicted_percent(), 100.0 * (6.5 - 6.25) / 6.25);
  COMPARE_CLOSE(e.vs_best_single_percent(), 100.0 * 0.5 / 6.0);
}
