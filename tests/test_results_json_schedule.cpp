// Results documents and the scheduler: every point names its scheduler, a record made before
// schedulers ran sequentially, and a schedule record travels with its point; bad ones are one sentence.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "core/bench/results_json.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

Point good_point(const std::string& model) {
  Point p;
  p.model = model;
  p.lib = "openblas";
  p.batch = 1;
  p.threads = 2;
  p.success = true;
  p.time_fw_ms = {1.5, 1.25};
  return p;
}

ScheduleRecord fixture_schedule() {
  ScheduleRecord r;
  r.scheduler = Scheduler::Ios;
  r.schedule.stages = {Stage{{{0}}}, Stage{{{1, 2}, {3}}}, Stage{{{4}}}};
  r.search_s = 1.25;
  r.stages_measured = 17;
  r.stage_ms = {{0.5, 0.25}, {1.5, 1.75}, {0.125, 0.375}};
  return r;
}

// The message results_from_json throws for `text`; empty when it reads.
std::string rejection(const std::string& text) {
  try {
    results_from_json(text);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return {};
}

}  // namespace

// Every point names its scheduler; a record made before schedulers (no "scheduler") ran sequentially and
// has no schedule record.
TEST_CASE("schedulerField") {
  const nlohmann::ordered_json sequential = good_point("a");
  CHECK(sequential.at("scheduler").get<std::string>() == std::string("sequential"));
  CHECK(!sequential.contains("schedule"));
  Point ios = good_point("googlenet");
  ios.scheduler = Scheduler::Ios;
  ios.schedule = fixture_schedule();
  const nlohmann::ordered_json j = ios;
  CHECK(j.at("scheduler").get<std::string>() == std::string("ios"));
  CHECK(j.at("schedule").at("stages").size() == std::size_t(3));
  CHECK(j.at("schedule").at("stages").at(1).at("groups").size() == std::size_t(2));
  const std::string older = R"({"schema":"cnn-explorer/1","points":[{"model":"a","lib":"b","precision":"fp32",)"
                            R"("batch":1,"threads":1,"success":true},)"
                            R"({"model":"a","lib":"b","precision":"fp32","scheduler":"greedy","batch":1,"success":true}]})";
  const ResultsDocument doc = results_from_json(older);
  REQUIRE(doc.points.size() == std::size_t(2));
  CHECK(doc.points[0].scheduler == Scheduler::Sequential);
  CHECK(!doc.points[0].schedule);
  CHECK(doc.points[1].scheduler == Scheduler::Greedy);
}

TEST_CASE("schedulerRejects") {
  const std::string ok_point = R"({"model":"a","lib":"b","precision":"fp32","batch":1,"threads":1,"success":true)";
  const std::string doc = R"({"schema":"cnn-explorer/1","points":[)" + ok_point;
  CHECK(rejection(doc + R"(,"scheduler":"fast"}]})") ==
        std::string("bad results document: point 0: field 'scheduler' is \"fast\"; it must be \"sequential\", \"greedy\" or \"ios\""));
  const std::string no_stages = rejection(doc + R"(,"schedule":{"scheduler":"ios","search_s":1,"stages_measured":2}}]})");
  CHECK_MESSAGE(test::contains(no_stages, "point 0: schedule: missing field 'stages'"), no_stages);
  CHECK(!test::contains(no_stages, "\n"));
  Point round = good_point("googlenet");
  round.scheduler = Scheduler::Greedy;
  round.schedule = fixture_schedule();
  round.schedule->scheduler = Scheduler::Greedy;
  const ResultsDocument back = results_from_json(results_to_json(Platform{}, {round}));
  REQUIRE(back.points.size() == std::size_t(1));
  CHECK(back.points[0].scheduler == Scheduler::Greedy);
  CHECK(back.points[0].schedule == round.schedule);
}
