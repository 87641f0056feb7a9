// Sessions that run a schedule of concurrent stages (core/session.h, core/schedule): on every
// built-in model and CPU library, in both graph modes, the greedy schedule and a wide IOS schedule
// give the sequential session's outputs, with buffers reused as a timed run reuses them; stage times,
// the per-layer pass's order, cancellation from a lane, and merged stages. Device libraries:
// test_session_streams.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "backends/onednn/onednn_backend.h"
#include "backends/openblas/openblas_backend.h"
#include "backends/reference/reference_backend.h"
#include "core/model/catalog.h"
#include "core/model/fusion.h"
#include "core/model/graph.h"
#include "core/model/net_desc.h"
#include "core/schedule/ios_search.h"
#include "core/schedule/schedule_search.h"
#include "core/session.h"
#include "models/builtin_models.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

double relative_error(const Tensor& a, const Tensor& b) {
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < b.count(); ++i) {
    diff = std::max(diff, double(std::abs(a.f32()[i] - b.f32()[i])));
    scale = std::max(scale, double(std::abs(b.f32()[i])));
  }
  return scale > 0 ? diff / scale : diff;
}

// A schedule with as much running at once as the pruning allows: the IOS search when a stage costs
// its largest group, plus a little per stage.
Schedule widest(const Graph& graph) {
  const StageCost cost = [](const Stage& s) {
    std::size_t widest_group = 0;
    for (const auto& g : s.groups) widest_group = std::max(widest_group, g.size());
    return 0.01 + double(widest_group);
  };
  return ios_search(graph, cost).schedule;
}

// A schedule that merges every convolutions `session` can merge (the search's merged stages cost
// next to nothing, those it refuses infinity), the rest one at a time.
Schedule merging(const Graph& graph, const Session& session) {
  const StageCost cost = [&](const Stage& s) {
    if (s.merged) return session.merge_refusal(s) ? std::numeric_limits<double>::infinity() : 0.001;
    return double(s.layers());
  };
  return ios_search(graph, cost).schedule;
}

struct Row {
  std::string tag, model, lib;
  GraphMode graph;
};

std::vector<Row> rows() {
  std::vector<Row> out;
  for (const char* model : {"lenet", "alexnet", "googlenet", "squeezenet-1.0", "squeezenet-1.1", "resnet-50", "mobilenet-v1"})
    for (const char* lib : {"openblas", "onednn"})
      for (GraphMode g : {GraphMode::Caffe, GraphMode::Fused})
        out.push_back({std::string(model) + " " + lib + " " + std::string(to_string(g)), model, lib, g});
  out.push_back({"lenet reference caffe", "lenet", "reference", GraphMode::Caffe});
  out.push_back({"googlenet openblas/onednn alternating caffe", "googlenet", "mixed", GraphMode::Caffe});
  return out;
}

}  // namespace

TEST_CASE("schedulesGiveTheSequentialOutputs") {
  const Row row = test::pick_row(rows());
  ModelCatalog models;
  add_builtin_models(models);
  OpenBlasBackend openblas;
  OneDnnBackend onednn;
  ReferenceBackend reference;
  Backend* lib = row.lib == "openblas" ? static_cast<Backend*>(&openblas)
                 : row.lib == "onednn" ? static_cast<Backend*>(&onednn)
                                       : static_cast<Backend*>(&reference);
  const Graph source(models.parse(*models.find(row.model)), 1);
  ModelWeights weights = generate_weights(source, 3);
  std::optional<FusedGraph> fused;
  if (row.graph == GraphMode::Fused) fused.emplace(fuse(source, weights, fusions_of({lib}, Precision::FP32)));
  const Graph& graph = fused ? fused->graph : source;
  const ModelWeights& w = fused ? fused->weights : weights;
  std::vector<Backend*> libs(graph.nodes().size(), lib);
  if (row.lib == "mixed")
    for (std::size_t i = 0; i < libs.size(); ++i) libs[i] = i % 2 ? static_cast<Backend*>(&onednn) : &openblas;
  RunConfig config;
  config.threads = 2;
  Session sequential(graph, w, libs, config);
  fill_input(sequential.input(), 3);
  sequential.forward();
  const Schedule greedy = greedy_schedule(graph);
  const Schedule wide = widest(graph);
  CHECK_FALSE(schedule_error(graph, wide));
  if (row.model != "lenet" && row.model != "alexnet" && row.model != "mobilenet-v1") {
    CHECK(greedy.concurrent_stages() > 0);  // branchy models have branches to run at once
    CHECK(wide.concurrent_stages() > 0);
  }
  const Schedule merged = merging(graph, sequential);
  CHECK_FALSE(schedule_error(graph, merged));
  // ResNet-50's shortcut and first branch convolutions merge in the Caffe graph only (fused, one
  // carries a ReLU and the other not); oneDNN's fused graph keeps its own layout, which is not sliced.
  const bool merges = row.model == "googlenet" || row.model.starts_with("squeezenet") ||
                      (row.model == "resnet-50" && row.graph == GraphMode::Caffe);
  if (merges && row.lib != "mixed" && (row.lib == "openblas" || row.graph == GraphMode::Caffe))
    CHECK(merged.merged_stages() > 0);
  for (const Schedule* schedule : {&greedy, &wide, &merged}) {
    Session scheduled(graph, w, libs, config, {.schedule = schedule});
    fill_input(scheduled.input(), 3);
    for (int pass = 0; pass < 2; ++pass) {  // the second pass finds every buffer as the first left it
      scheduled.forward();
      const double error = relative_error(scheduled.output(), sequential.output());
      CHECK_MESSAGE(error <= 1e-4, (schedule == &greedy ? "greedy" : "wide") << " pass " << pass << ": " << error);
    }
    CHECK(scheduled.stage_ms().size() == schedule->stages.size());
    CHECK(std::all_of(scheduled.stage_ms().begin(), scheduled.stage_ms().end(), [](double ms) { return ms >= 0; }));
  }
}

namespace {
const char* kTwoBranches = R"(name: "branches"
input: "data" input_shape { dim: 2 dim: 3 dim: 8 dim: 8 }
layer { name: "p1" type: "Convolution" bottom: "data" top: "p1" convolution_param { num_output: 4 kernel_size: 3 pad: 1 } }
layer { name: "q1" type: "ReLU" bottom: "p1" top: "p1" }
layer { name: "p2" type: "Convolution" bottom: "data" top: "p2" convolution_param { num_output: 4 kernel_size: 1 } }
layer { name: "q2" type: "Pooling" bottom: "p2" top: "q2" pooling_param { pool: MAX kernel_size: 3 stride: 1 pad: 1 } }
layer { name: "cat" type: "Concat" bottom: "p1" bottom: "q2" top: "cat" }
)";

// In a search session on `lib` (every value kept, filled by one pass): `first` prepared and run
// again, then the concat alone; the concat's output against its value after the pass.
double rerun_in_search_session(const Graph& graph, const ModelWeights& w, Backend& lib, const Stage& first) {
  RunConfig config;
  config.threads = 2;
  Session kept(graph, w, lib, config, {.keep_all_values = true});
  fill_input(kept.input(), 1);
  kept.forward();
  const Tensor before = kept.host_value(graph.nodes()[4].outputs[0]);
  kept.prepare_stage(first);
  kept.run_stage(first);
  kept.run_stage(Stage{{{4}}});
  return relative_error(kept.host_value(graph.nodes()[4].outputs[0]), before);
}

class Order : public LayerObserver {
 public:
  void before_layer(int node) override { seen.push_back(node); }
  void after_layer(int) override {}
  std::vector<int> seen;
};
}  // namespace

TEST_CASE("perLayerPassRunsTheSerialOrder") {
  const Graph graph(parse_prototxt(kTwoBranches, "branches"), 2);
  const ModelWeights w = generate_weights(graph, 1);
  OpenBlasBackend openblas;
  RunConfig config;
  config.threads = 2;
  Schedule s;
  s.stages = {{{{2, 3}, {0, 1}}}, {{{4}}}};
  REQUIRE_FALSE(schedule_error(graph, s));
  Session session(graph, w, openblas, config, {.schedule = &s});
  Order order;
  session.forward(&order);
  CHECK(order.seen == std::vector<int>{2, 3, 0, 1, 4});
  Session plain(graph, w, openblas, config);
  fill_input(session.input(), 1);
  fill_input(plain.input(), 1);
  session.forward();
  plain.forward();
  CHECK(relative_error(session.output(), plain.output()) <= 1e-5);
}

TEST_CASE("mergedStageGivesEachMemberItsChannels") {
  // p1 (3x3 pad 1) and p2 (1x1) read data: one 3x3 convolution of 8 channels, at batch 2.
  const Graph graph(parse_prototxt(kTwoBranches, "branches"), 2);
  const ModelWeights w = generate_weights(graph, 1);
  OpenBlasBackend openblas;
  ReferenceBackend reference;
  RunConfig config;
  config.threads = 2;
  Schedule s;
  s.stages = {{{{2, 3}, {0, 1}}, true}, {{{4}}}};
  REQUIRE_FALSE(schedule_error(graph, s));
  for (Backend* lib : {static_cast<Backend*>(&openblas), static_cast<Backend*>(&reference)}) {
    CAPTURE(lib->info().id);
    Session merged(graph, w, *lib, config, {.keep_all_values = true, .schedule = &s});
    Session plain(graph, w, *lib, config, {.keep_all_values = true});
    fill_input(merged.input(), 1);
    fill_input(plain.input(), 1);
    merged.forward();
    plain.forward();
    for (int node : {0, 1, 2, 3, 4}) {
      const int v = graph.nodes()[std::size_t(node)].outputs[0];
      CHECK_MESSAGE(relative_error(merged.host_value(v), plain.host_value(v)) <= 1e-5, graph.nodes()[std::size_t(node)].desc.name);
    }
    CHECK(merged.memory().activations_bytes > plain.memory().activations_bytes);  // the merged output
    Order order;
    merged.forward(&order);  // a per-layer pass runs each member alone
    CHECK(order.seen == std::vector<int>{2, 3, 0, 1, 4});
  }
  // A search session runs the merged stage again on the values it keeps.
  CHECK_FALSE(Session(graph, w, openblas, config, {.keep_all_values = true}).merge_refusal(s.stages[0]));
  CHECK(rerun_in_search_session(graph, w, openblas, s.stages[0]) <= 1e-5);
}

TEST_CASE("mergesRefusedInOneSentence") {
  const Graph graph(parse_prototxt(kTwoBranches, "branches"), 1);
  const ModelWeights w = generate_weights(graph, 1);
  OpenBlasBackend openblas;
  OneDnnBackend onednn;
  RunConfig config;
  config.threads = 2;
  const Stage both{{{0, 1}, {2, 3}}, true};
  Session mixed(graph, w, {&openblas, &openblas, &onednn, &onednn, &onednn}, config);
  CHECK(mixed.merge_refusal(both) == "layers 'p1' and the others run on different libraries, so they cannot merge");
  Session one(graph, w, openblas, config);
  CHECK(one.merge_refusal(Stage{{{1}, {3}}, true}) == "layer 'q1' is not a convolution, so it cannot merge");
  Schedule s;
  s.stages = {both, {{{4}}}};
  CHECK_THROWS_WITH_AS(Session(graph, w, {&openblas, &openblas, &onednn, &onednn, &onednn}, config, {.schedule = &s}),
                       "layers 'p1' and the others run on different libraries, so they cannot merge", std::runtime_error);
}

TEST_CASE("cancelSeenOnALane") {
  const Graph graph(parse_prototxt(kTwoBranches, "branches"), 2);
  const ModelWeights w = generate_weights(graph, 1);
  OneDnnBackend onednn;
  RunConfig config;
  config.threads = 2;
  const Schedule greedy = greedy_schedule(graph);
  REQUIRE(greedy.stages.front().groups.size() == 2);  // p1 and p2 at once, first
  Session session(graph, w, onednn, config, {.schedule = &greedy});
  std::atomic<bool> cancel{true};
  CHECK_THROWS_AS(session.forward(nullptr, &cancel), Cancelled);
  cancel = false;
  session.forward(nullptr, &cancel);  // the lanes still run after a cancelled pass
  CHECK(session.stage_ms().size() == greedy.stages.size());
}

TEST_CASE("searchSessionRunsAnyStageAgain") {
  const Graph graph(parse_prototxt(kTwoBranches, "branches"), 2);
  const ModelWeights w = generate_weights(graph, 1);
  OpenBlasBackend openblas;
  // Each group on one of the two threads: ops for a team of one, made by prepare_stage.
  CHECK(rerun_in_search_session(graph, w, openblas, Stage{{{0, 1}, {2, 3}}}) <= 1e-6);
}

TEST_CASE("chooseScheduleGivesAValidRecord") {
  ModelCatalog models;
  add_builtin_models(models);
  OneDnnBackend onednn;
  const Graph graph(models.parse(*models.find("squeezenet-1.1")), 1);
  const ModelWeights w = generate_weights(graph, 5);
  const std::vector<Backend*> libs(graph.nodes().size(), &onednn);
  RunConfig config;
  config.threads = 2;
  CHECK(choose_schedule(Scheduler::Sequential, graph, w, libs, config).schedule == sequential_schedule(graph));
  const ScheduleRecord greedy = choose_schedule(Scheduler::Greedy, graph, w, libs, config);
  CHECK(greedy.schedule == greedy_schedule(graph));
  CHECK(greedy.stages_measured == 0);
  int reported = 0;
  SearchSettings settings;
  settings.runs = 1;
  const ScheduleRecord ios = choose_schedule(Scheduler::Ios, graph, w, libs, config, settings, nullptr,
                                             [&](int measured) { CHECK(measured == ++reported); });
  CHECK(ios.scheduler == Scheduler::Ios);
  CHECK_FALSE(schedule_error(graph, ios.schedule));
  // Fire modules: squeeze, then expand 1x1 and 3x3 side by side or merged, then the concat; 71
  // distinct stages with the default pruning and 8 merged ones, one per fire module (the timing
  // decides which schedule wins, not this test).
  CHECK(ios.stages_measured == 79);
  CHECK(reported == ios.stages_measured);
  CHECK(ios.search_s > 0);
  CHECK(ios.stage_ms.empty());
  std::atomic<bool> cancel{true};
  CHECK_THROWS_AS(choose_schedule(Scheduler::Ios, graph, w, libs, config, settings, &cancel), Cancelled);
}
