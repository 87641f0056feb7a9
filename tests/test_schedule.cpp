// Schedules (core/schedule/schedule.h): the sequential and greedy schedules, what schedule_error
// refuses, the serial order, the scheduler's names, and the record's JSON.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "core/model/graph.h"
#include "core/model/net_desc.h"
#include "core/schedule/schedule.h"
#include "core/schedule/schedule_json.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

// a -> {b, c} -> d: nodes 0..3.
Graph diamond() {
  return Graph(parse_prototxt(R"(name: "d"
input: "data" input_shape { dim: 1 dim: 2 dim: 4 dim: 4 }
layer { name: "a" type: "Convolution" bottom: "data" top: "a" convolution_param { num_output: 2 kernel_size: 1 } }
layer { name: "b" type: "ReLU" bottom: "a" top: "b" }
layer { name: "c" type: "Convolution" bottom: "a" top: "c" convolution_param { num_output: 2 kernel_size: 1 } }
layer { name: "d" type: "Eltwise" bottom: "b" bottom: "c" top: "d" }
)",
                              "diamond"),
               1);
}

Schedule stages(std::vector<std::vector<std::vector<int>>> s) {
  Schedule out;
  for (auto& groups : s) out.stages.push_back({std::move(groups)});
  return out;
}

}  // namespace

TEST_CASE("sequentialAndGreedy") {
  const Graph g = diamond();
  CHECK(sequential_schedule(g) == stages({{{0}}, {{1}}, {{2}}, {{3}}}));
  CHECK(greedy_schedule(g) == stages({{{0}}, {{1}, {2}}, {{3}}}));
  CHECK(greedy_schedule(g).concurrent_stages() == 1);
  CHECK(sequential_schedule(g).concurrent_stages() == 0);
  CHECK(serial_order(greedy_schedule(g)) == std::vector<int>{0, 1, 2, 3});
  CHECK(greedy_schedule(g).stages[1].layers() == 2);
}

TEST_CASE("scheduleErrorsNameTheLayer") {
  const Graph g = diamond();
  CHECK_FALSE(schedule_error(g, stages({{{0}}, {{2, }, {1}}, {{3}}})));
  CHECK_FALSE(schedule_error(g, stages({{{0, 1}}, {{2}}, {{3}}})));
  CHECK(schedule_error(g, stages({{{0}}, {{1}, {2}}})).value() == "the schedule never runs layer 'd'");
  CHECK(schedule_error(g, stages({{{0}}, {{1}, {2}}, {{3, 1}}})).value() == "the schedule runs layer 'b' twice");
  CHECK(schedule_error(g, stages({{{0}, {1}}, {{2}}, {{3}}})).value() ==
        "the schedule runs layer 'b' before or beside layer 'a', whose output it reads");
  CHECK(schedule_error(g, stages({{{1, 0}}, {{2}}, {{3}}})).value() ==
        "the schedule runs layer 'b' before or beside layer 'a', whose output it reads");
  CHECK(schedule_error(g, stages({{{0}}, {{1}, {2}, {3}}})).value() ==
        "the schedule runs layer 'd' before or beside layer 'b', whose output it reads");
  CHECK(schedule_error(g, stages({{{0}}, {{1, 2, 7}}, {{3}}})).value() == "the schedule names node 7, which the graph lacks");
  CHECK(schedule_error(g, stages({{{0}}, {}, {{1, 2, 3}}})).value() == "stage 2 of the schedule has no groups");
  CHECK(schedule_error(g, stages({{{0}}, {{1, 2, 3}, {}}})).value() == "group 2 of stage 2 has no layers");
}

TEST_CASE("mergedStagesCountApartAndMustMerge") {
  const Graph g = diamond();  // b is a ReLU: b and c cannot merge
  Schedule s = stages({{{0}}, {{2}, {1}}, {{3}}});
  s.stages[1].merged = true;
  CHECK(schedule_error(g, s).value() == "stage 2 cannot merge: layer 'b' is not a convolution, so it cannot merge");
  CHECK(s.concurrent_stages() == 0);
  CHECK(s.merged_stages() == 1);
}

TEST_CASE("schedulerNames") {
  for (Scheduler s : {Scheduler::Sequential, Scheduler::Greedy, Scheduler::Ios}) CHECK(parse_scheduler(to_string(s)) == s);
  CHECK(to_string(Scheduler::Ios) == "ios");
  CHECK_FALSE(parse_scheduler("IOS"));
  CHECK_FALSE(parse_scheduler(""));
}

TEST_CASE("recordJsonRoundTrip") {
  ScheduleRecord r;
  r.scheduler = Scheduler::Ios;
  r.schedule = stages({{{0}}, {{1}, {2}}, {{3}}});
  r.search_s = 1.5;
  r.stages_measured = 12;
  CHECK(schedule_from_json(schedule_to_json(r)) == r);
  r.stage_ms = {{0.5, 0.6}, {1.0, 1.1}, {0.2, 0.3}};
  const std::string text = schedule_to_json(r);
  CHECK(test::contains(text, R"("scheduler":"ios")"));
  CHECK(test::contains(text, R"("groups":[[1],[2]])"));
  CHECK(schedule_from_json(text) == r);
  CHECK_FALSE(test::contains(text, "merged"));  // written only for a merged stage
  r.schedule.stages[1].merged = true;
  const std::string merged = schedule_to_json(r);
  CHECK(test::contains(merged, R"("groups":[[1],[2]],"merged":true)"));
  CHECK(schedule_from_json(merged) == r);
}

TEST_CASE("recordJsonErrorsAreOneSentence") {
  auto error_of = [](const std::string& text) {
    try {
      schedule_from_json(text);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of("{") == "the schedule is not valid JSON (error near byte 2)");
  CHECK(error_of("[]") == "the schedule must be a JSON object");
  CHECK(error_of(R"({"scheduler":"fast","search_s":0,"stages_measured":0,"stages":[]})") ==
        "field 'scheduler' is \"fast\"; it must be \"sequential\", \"greedy\" or \"ios\"");
  CHECK(error_of(R"({"scheduler":"ios","search_s":-1,"stages_measured":0,"stages":[]})") ==
        "field 'search_s' must be a number >= 0");
  CHECK(error_of(R"({"scheduler":"ios","search_s":0,"stages_measured":0,"stages":[{"groups":[[-1]]}]})") ==
        "field 'groups' must be a whole number >= 0");
  CHECK(error_of(R"({"scheduler":"ios","search_s":0,"stages_measured":0})") == "missing field 'stages'");
  CHECK(error_of(R"({"scheduler":"ios","search_s":0,"stages_measured":0,"stages":[{"groups":[[0]],"merged":1}]})") ==
        "field 'merged' must be true or false");
}
