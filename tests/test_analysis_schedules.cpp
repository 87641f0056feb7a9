// Schedulers in series: another scheduler is another series, named after the graph mode. Schedules: a
// point's schedule laid out in time (stages as wide as their median times, groups
// scaled to fill them, layers in proportion to their per-layer medians, adaptive layers on their
// plan's library), and each model's time per image per scheduler with the speedup over sequential.
#include <doctest/doctest.h>

#include "core/analysis/schedules.h"
#include "tests/analysis_fixtures.h"
#include "tests/test_support.h"

using namespace cnn;
using namespace cnn::analysis;
using namespace fixtures;

namespace {

// conv1 -> (b1 -> b1b | b2) -> concat: stage 1 one group, stage 2 two groups, stage 3 one group.
Point branchy(const char* lib, Scheduler scheduler, std::vector<double> fw) {
  Point p = point("branchy", lib, "fp32", 2, std::move(fw));
  p.scheduler = scheduler;
  p.layers = {layer(0, "conv1", "Convolution", {2, 4, 3}),     // median 3
              layer(1, "b1", "Convolution", {1, 1, 1}),        // 1
              layer(1, "b1 reorder", std::string(kReorderType), {9, 9, 9}),  // a step, not the layer
              layer(2, "b1b", "ReLU", {3, 3, 3}),              // 3
              layer(3, "b2", "Convolution", {2, 2, 2}),        // 2
              layer(4, "concat", "Concat", {0.5, 0.5, 0.5})};
  ScheduleRecord r;
  r.scheduler = scheduler;
  r.schedule.stages = {Stage{{{0}}}, Stage{{{1, 2}, {3}}}, Stage{{{4}}}};
  r.stage_ms = {{3, 3.5, 2.5}, {5, 6, 7}, {}};  // the last stage untimed: estimated
  p.schedule = r;
  return p;
}

}  // namespace

TEST_CASE("timelineStagesGroupsAndLayers") {
  const std::optional<Timeline> t = schedule_timeline(branchy("openblas", Scheduler::Ios, {10, 11, 12}));
  REQUIRE(t);
  REQUIRE(t->stages.size() == std::size_t(3));
  CHECK(t->concurrent_stages == 1);
  const TimelineStage &a = t->stages[0], &b = t->stages[1], &c = t->stages[2];
  COMPARE_CLOSE(a.start_ms, 0.0);
  COMPARE_CLOSE(a.ms, 3.0);  // median of 3, 3.5, 2.5
  COMPARE_CLOSE(b.start_ms, 3.0);
  COMPARE_CLOSE(b.ms, 6.0);
  CHECK(!b.estimated);
  COMPARE_CLOSE(c.start_ms, 9.0);
  COMPARE_CLOSE(c.ms, 0.5);  // the layer's per-layer median
  CHECK(c.estimated);
  COMPARE_CLOSE(t->total_ms, 9.5);
  REQUIRE(b.groups.size() == std::size_t(2));
  // b1 (1 ms) and b1b (3 ms) fill the 6 ms stage: 1.5 and 4.5; b2 alone fills it.
  REQUIRE(b.groups[0].size() == std::size_t(2));
  CHECK(b.groups[0][0].name == std::string("b1"));
  COMPARE_CLOSE(b.groups[0][0].median_ms, 1.0);
  COMPARE_CLOSE(b.groups[0][0].start_ms, 3.0);
  COMPARE_CLOSE(b.groups[0][0].width_ms, 1.5);
  COMPARE_CLOSE(b.groups[0][1].start_ms, 4.5);
  COMPARE_CLOSE(b.groups[0][1].width_ms, 4.5);
  COMPARE_CLOSE(b.groups[1][0].width_ms, 6.0);
  const TimelineLayer& conv1 = a.groups[0][0];
  CHECK(conv1.lib == std::string("openblas"));
  CHECK(conv1.type == std::string("Convolution"));
  COMPARE_CLOSE(conv1.min_ms, 2.0);
  COMPARE_CLOSE(conv1.max_ms, 4.0);
  CHECK(!schedule_timeline(point("alexnet", "openblas", "fp32", 1, {1})));  // no record
}

TEST_CASE("mergedStagesAreCountedApart") {
  Point p = branchy("openblas", Scheduler::Ios, {10, 11, 12});
  p.schedule->schedule.stages[1].merged = true;  // b1 and b2's convolutions as one
  const std::optional<Timeline> t = schedule_timeline(p);
  REQUIRE(t);
  CHECK(t->merged_stages == 1);
  CHECK(t->concurrent_stages == 0);
  CHECK(t->stages[1].merged);
  CHECK_FALSE(t->stages[0].merged);
  COMPARE_CLOSE(t->stages[1].ms, 6.0);  // drawn as any stage: its median time
}

TEST_CASE("timelineOfAnAdaptivePointUsesItsPlansLibraries") {
  Point p = branchy("adaptive", Scheduler::Greedy, {10});
  AdaptivePlan plan;
  plan.layers = {{0, "conv1", "Convolution", "onednn"}, {3, "b2", "Convolution", "openblas"}};
  p.plan = plan;
  const std::optional<Timeline> t = schedule_timeline(p);
  REQUIRE(t);
  CHECK(t->stages[0].groups[0][0].lib == std::string("onednn"));
  CHECK(t->stages[1].groups[1][0].lib == std::string("openblas"));
  CHECK(t->stages[1].groups[0][0].lib == std::string("adaptive"));  // not in the plan: the point's
}

TEST_CASE("schedulerTimesWithSpeedups") {
  std::vector<Point> points = {branchy("openblas", Scheduler::Sequential, {20, 22, 24}),
                               branchy("openblas", Scheduler::Ios, {16, 16, 16}),
                               branchy("openblas", Scheduler::Greedy, {24, 24, 24}),
                               branchy("onednn", Scheduler::Ios, {1, 1, 1}),  // another library
                               failed(branchy("openblas", Scheduler::Ios, {1}))};
  points.push_back(point("alexnet", "openblas", "fp32", 1, {5}));  // a chain, sequential only
  Series ios = series("openblas", "fp32");
  ios.scheduler = Scheduler::Ios;  // ignored: every scheduler of openblas/fp32
  const std::vector<SchedulerTime> t = scheduler_times(points, ios);
  REQUIRE(t.size() == std::size_t(4));
  REQUIRE(t[2].speedup);
  REQUIRE(t[3].speedup);
  CHECK(t[0].model == std::string("alexnet"));
  REQUIRE(t[0].speedup);  // its own sequential point: 1x
  COMPARE_CLOSE(*t[0].speedup, 1.0);
  CHECK(t[1].scheduler == Scheduler::Sequential);
  COMPARE_CLOSE(t[1].per_image.median, 11.0);  // 22 / batch 2
  CHECK(t[2].scheduler == Scheduler::Greedy);
  COMPARE_CLOSE(*t[2].speedup, 11.0 / 12.0);
  CHECK(t[3].scheduler == Scheduler::Ios);
  COMPARE_CLOSE(t[3].per_image.median, 8.0);  // the failed point is not the last word
  COMPARE_CLOSE(*t[3].speedup, 11.0 / 8.0);
}

struct PrecisionTextRow {
  std::string tag;
  GraphMode graph;
  Scheduler scheduler;
  std::string text;
};

std::vector<PrecisionTextRow> precision_text_rows() {
  std::vector<PrecisionTextRow> rows;
  rows.push_back({"defaults", GraphMode::Caffe, Scheduler::Sequential, "fp32"});
  rows.push_back({"fused", GraphMode::Fused, Scheduler::Sequential, "fp32, fused"});
  rows.push_back({"ios", GraphMode::Caffe, Scheduler::Ios, "fp32, ios"});
  rows.push_back({"fused greedy", GraphMode::Fused, Scheduler::Greedy, "fp32, fused, greedy"});
  return rows;
}

TEST_CASE("precisionTextNamesTheScheduler") {
  auto [tag, graph, scheduler, text] = test::pick_row(precision_text_rows());
  CHECK(precision_text(Precision::FP32, graph, scheduler) == text);
  CHECK(precision_text(Series{"openblas", Precision::FP32, graph, scheduler}) == text);
}

// The same model, library, precision, graph and batch run by another scheduler is another series.
TEST_CASE("schedulersAreSeparateSeries") {
  Point ios = point("a", "openblas", "fp32", 1, {3});
  ios.scheduler = Scheduler::Ios;
  Point greedy = point("a", "openblas", "fp32", 1, {5});
  greedy.scheduler = Scheduler::Greedy;
  const std::vector<Point> points = {ios, point("a", "openblas", "fp32", 1, {4}), greedy};
  const auto usable = usable_points(points);
  REQUIRE(usable.size() == std::size_t(3));  // ordered by scheduler: sequential, greedy, ios
  CHECK(series_of(*usable[0]).label() == std::string("openblas/fp32"));
  CHECK(series_of(*usable[1]).label() == std::string("openblas/fp32/greedy"));
  CHECK(series_of(*usable[2]).label() == std::string("openblas/fp32/ios"));
  CHECK((usable[2]->time_fw_ms.front()) == test::fuzzy(3.0));
}
