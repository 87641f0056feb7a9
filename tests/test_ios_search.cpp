// The IOS dynamic program (core/schedule/ios_search.h) on small hand-made graphs whose best schedule
// is known, with stage latencies from a fake cost table; its blocks; and the search's pruning.
#include <doctest/doctest.h>

#include <map>
#include <limits>
#include <tuple>
#include <set>
#include <string>

#include "core/model/graph.h"
#include "core/model/net_desc.h"
#include "core/schedule/ios_search.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

std::string conv(const std::string& name, const std::string& bottom) {
  return "layer { name: \"" + name + "\" type: \"Convolution\" bottom: \"" + bottom + "\" top: \"" + name +
         "\" convolution_param { num_output: 2 kernel_size: 1 } }\n";
}

const std::string kInput = "name: \"g\"\ninput: \"data\" input_shape { dim: 1 dim: 2 dim: 4 dim: 4 }\n";

// a -> {b, c} -> d (an Eltwise sum): nodes 0..3.
Graph diamond() {
  return Graph(parse_prototxt(kInput + conv("a", "data") + conv("b", "a") + conv("c", "a") +
                                  "layer { name: \"d\" type: \"Eltwise\" bottom: \"b\" bottom: \"c\" top: \"d\" }\n",
                              "diamond"),
               1);
}

// Two branches of two layers from the input, joined: p1 q1 p2 q2 cat = nodes 0..4.
Graph two_branches() {
  return Graph(parse_prototxt(kInput + conv("p1", "data") + conv("q1", "p1") + conv("p2", "data") + conv("q2", "p2") +
                                  "layer { name: \"cat\" type: \"Concat\" bottom: \"q1\" bottom: \"q2\" top: \"cat\" }\n",
                              "branches"),
               1);
}

// A stage's latency: a fixed cost per stage plus its slowest group, a group costing the sum of its
// layers' costs (two groups side by side cost no more than the slower: an ideal machine); a merged
// stage costs `merged` times the sum of its layers. Counts how often each stage is asked about.
struct FakeCosts {
  std::vector<double> layer;
  double per_stage = 0.1;
  double merged = 1.0;
  std::map<Stage, int, bool (*)(const Stage&, const Stage&)> asked{[](const Stage& a, const Stage& b) {
    return std::tie(a.groups, a.merged) < std::tie(b.groups, b.merged);
  }};
  StageCost cost() {
    return [this](const Stage& s) {
      asked[s]++;
      double slowest = 0, sum = 0;
      for (const auto& g : s.groups) {
        double t = 0;
        for (int i : g) t += layer.at(std::size_t(i));
        slowest = std::max(slowest, t);
        sum += t;
      }
      return per_stage + (s.merged ? merged * sum : slowest);
    };
  }
};

Schedule stages(std::vector<std::vector<std::vector<int>>> s) {
  Schedule out;
  for (auto& groups : s) out.stages.push_back({std::move(groups)});
  return out;
}

}  // namespace

TEST_CASE("concurrentBranchesWhenTheyAreFaster") {
  const Graph g = diamond();
  FakeCosts costs{{1, 2, 2, 1}};
  const IosResult r = ios_search(g, costs.cost());
  CHECK(r.schedule == stages({{{0}}, {{1}, {2}}, {{3}}}));
  CHECK(r.predicted_ms == test::fuzzy(0.1 + 1 + 0.1 + 2 + 0.1 + 1));
  CHECK_FALSE(schedule_error(g, r.schedule));
  for (const auto& [stage, n] : costs.asked) CHECK_MESSAGE(n == 1, "a stage was measured twice");
  CHECK(r.stages_measured == int(costs.asked.size()));
}

TEST_CASE("sequentialWhenRunningTogetherCostsMore") {
  const Graph g = diamond();
  // Two groups at once cost 3 extra (a machine with one core and a slow hand-over).
  StageCost cost = [](const Stage& s) {
    double t = 0;
    for (const auto& grp : s.groups)
      for (int i : grp) t += (i == 0 || i == 3) ? 1.0 : 2.0;
    return t + (s.groups.size() > 1 ? 3.0 : 0.0);
  };
  const IosResult r = ios_search(g, cost);
  CHECK(r.predicted_ms == test::fuzzy(6.0));
  for (const Stage& s : r.schedule.stages) CHECK(s.groups.size() == 1);
  CHECK_FALSE(schedule_error(g, r.schedule));
}

TEST_CASE("chainsRunAsGroupsOfOneStage") {
  const Graph g = two_branches();
  REQUIRE(g.nodes()[4].desc.name == "cat");
  FakeCosts costs{{1, 1, 1, 1, 0.5}};
  const IosResult r = ios_search(g, costs.cost());
  CHECK(r.schedule == stages({{{0, 1}, {2, 3}}, {{4}}}));
  CHECK(r.predicted_ms == test::fuzzy(2.1 + 0.6));
}

TEST_CASE("pruningLimitsGroupLength") {
  const Graph g = two_branches();
  FakeCosts costs{{1, 1, 1, 1, 0.5}};
  IosOptions one_layer;
  one_layer.max_group_ops = 1;
  const IosResult r = ios_search(g, costs.cost(), one_layer);
  CHECK(r.schedule == stages({{{0}, {2}}, {{1}, {3}}, {{4}}}));
  CHECK(r.predicted_ms == test::fuzzy(1.1 + 1.1 + 0.6));
  for (const auto& [stage, n] : costs.asked)
    for (const auto& grp : stage.groups) CHECK(grp.size() == 1);
}

TEST_CASE("pruningLimitsGroupsPerStage") {
  const Graph g = two_branches();
  FakeCosts costs{{1, 1, 1, 1, 0.5}};
  IosOptions one_group;
  one_group.max_groups = 1;
  const IosResult r = ios_search(g, costs.cost(), one_group);
  // {[p1, q1]} (2.1) then {[p2, q2, cat]} (0.1 + 2.5), or the branches the other way round.
  CHECK(r.predicted_ms == test::fuzzy(4.7));
  CHECK(r.schedule.stages.size() == 2);
  for (const Stage& s : r.schedule.stages) CHECK(s.groups.size() == 1);
  for (const auto& [stage, n] : costs.asked) CHECK(stage.groups.size() == 1);
}

TEST_CASE("blocksCutWhereOneLayerSeparatesTheGraph") {
  CHECK(schedule_blocks(diamond(), 40) == std::vector<std::pair<int, int>>{{0, 0}, {1, 3}});
  CHECK(schedule_blocks(two_branches(), 40) == std::vector<std::pair<int, int>>{{0, 4}});
  CHECK(schedule_blocks(two_branches(), 2) == std::vector<std::pair<int, int>>{{0, 1}, {2, 3}, {4, 4}});
  const Graph chain(parse_prototxt(kInput + conv("x", "data") + conv("y", "x") + conv("z", "y"), "chain"), 1);
  CHECK(schedule_blocks(chain, 40) == std::vector<std::pair<int, int>>{{0, 0}, {1, 1}, {2, 2}});
}

TEST_CASE("blocksCutShortStillGiveValidSchedules") {
  const Graph g = two_branches();
  FakeCosts costs{{1, 1, 1, 1, 0.5}};
  IosOptions small;
  small.max_block_ops = 2;
  const IosResult r = ios_search(g, costs.cost(), small);
  CHECK_FALSE(schedule_error(g, r.schedule));
  // Within a block of p1, q1 only their chain; p2, q2 likewise; nothing runs across blocks.
  CHECK(r.schedule == stages({{{0, 1}}, {{2, 3}}, {{4}}}));
}

TEST_CASE("elementWiseLayersRideAlongWithTheirProducer") {
  // p1 -> relu1 and p2 -> bn2 -> relu2, joined: three operators, so the branches fit groups of one.
  const Graph g(parse_prototxt(kInput + conv("p1", "data") +
                                   "layer { name: \"relu1\" type: \"ReLU\" bottom: \"p1\" top: \"p1\" }\n" +
                                   conv("p2", "data") +
                                   "layer { name: \"bn2\" type: \"BatchNorm\" bottom: \"p2\" top: \"bn2\" }\n"
                                   "layer { name: \"relu2\" type: \"ReLU\" bottom: \"bn2\" top: \"bn2\" }\n"
                                   "layer { name: \"cat\" type: \"Concat\" bottom: \"p1\" bottom: \"bn2\" top: \"cat\" }\n",
                               "riders"),
                1);
  REQUIRE(g.nodes().size() == 6);
  FakeCosts costs{{1, 0.5, 1, 0.5, 0.5, 0.25}};
  IosOptions one;
  one.max_group_ops = 1;
  const IosResult r = ios_search(g, costs.cost(), one);
  CHECK(r.schedule == stages({{{0, 1}, {2, 3, 4}}, {{5}}}));
  CHECK(r.predicted_ms == test::fuzzy(0.1 + 2 + 0.1 + 0.25));
  for (const auto& [stage, n] : costs.asked)
    for (const auto& grp : stage.groups) CHECK_MESSAGE((grp.size() != 2 || grp[0] == 0), "a rider split from its producer");
}

Schedule merged_at(Schedule s, std::size_t stage) {
  s.stages.at(stage).merged = true;
  return s;
}

TEST_CASE("convolutionsOfOneInputMergeWhenThatIsFaster") {
  const Graph g = diamond();  // b and c read a: they may merge
  FakeCosts costs{{1, 2, 2, 1}};
  costs.merged = 0.4;  // one wider convolution: 0.1 + 1.6 against 0.1 + 2 side by side
  const IosResult r = ios_search(g, costs.cost());
  CHECK(r.schedule == merged_at(stages({{{0}}, {{1}, {2}}, {{3}}}), 1));
  CHECK(r.predicted_ms == test::fuzzy(1.1 + 1.7 + 1.1));
  CHECK_FALSE(schedule_error(g, r.schedule));
  for (const auto& [stage, n] : costs.asked) CHECK_MESSAGE(n == 1, "a stage was measured twice");
  CHECK(r.stages_measured == int(costs.asked.size()));
  int merges = 0;
  for (const auto& [stage, n] : costs.asked) merges += stage.merged;
  CHECK(merges == 1);  // only {b, c}: a and d have nothing to merge with
}

TEST_CASE("mergesOnlyWhatSharesAnInputAndNeverWhenSlowerRefusedOrOff") {
  const Graph g = two_branches();  // p1 and p2 read data; q1 and q2 read different values
  FakeCosts costs{{1, 1, 1, 1, 0.5}};
  costs.merged = 0.1;
  IosOptions one_layer;
  one_layer.max_group_ops = 1;
  IosResult r = ios_search(g, costs.cost(), one_layer);
  CHECK(r.schedule == merged_at(stages({{{0}, {2}}, {{1}, {3}}, {{4}}}), 0));
  for (const auto& [stage, n] : costs.asked)
    if (stage.merged) CHECK(stage.groups == std::vector<std::vector<int>>{{0}, {2}});

  FakeCosts slow{{1, 1, 1, 1, 0.5}};
  slow.merged = 0.9;  // 0.1 + 1.8 merged against 0.1 + 1 side by side
  r = ios_search(g, slow.cost(), one_layer);
  CHECK(r.schedule.merged_stages() == 0);

  FakeCosts base{{1, 1, 1, 1, 0.5}};
  const StageCost refused = [&](const Stage& s) {  // a library that declines the merged convolution
    return s.merged ? std::numeric_limits<double>::infinity() : base.cost()(s);
  };
  r = ios_search(g, refused, one_layer);
  CHECK(r.schedule == stages({{{0}, {2}}, {{1}, {3}}, {{4}}}));
  CHECK(r.stages_measured == int(base.asked.size()));  // the refused merge is not counted

  FakeCosts alone{{1, 1, 1, 1, 0.5}};  // side by side is cheaper here, but not allowed
  alone.merged = 0.6;
  IosOptions merges_only = one_layer;
  merges_only.concurrent = false;
  r = ios_search(g, alone.cost(), merges_only);
  REQUIRE(r.schedule.stages.size() == 4);  // p1 + p2 merged, then q1 and q2 one at a time, then cat
  CHECK(r.schedule.stages[0] == Stage{{{0}, {2}}, true});
  CHECK(r.schedule.concurrent_stages() == 0);
  CHECK_FALSE(schedule_error(g, r.schedule));
  CHECK(r.predicted_ms == test::fuzzy(0.1 + 1.2 + 1.1 + 1.1 + 0.6));

  FakeCosts off{{1, 1, 1, 1, 0.5}};
  off.merged = 0.1;
  one_layer.merge = false;
  r = ios_search(g, off.cost(), one_layer);
  for (const auto& [stage, n] : off.asked) CHECK_FALSE(stage.merged);
  CHECK(r.schedule.merged_stages() == 0);
}
