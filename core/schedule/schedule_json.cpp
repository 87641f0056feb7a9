#include "core/schedule/schedule_json.h"

#include <limits>
#include <nlohmann/json.hpp>

#include "core/bench/json_fields.h"

namespace cnn {

using namespace json_fields;
using J = nlohmann::ordered_json;

void to_json(J& j, const ScheduleRecord& r) {
  j = J::object();
  j["scheduler"] = r.scheduler;
  j["search_s"] = r.search_s;
  j["stages_measured"] = r.stages_measured;
  J& stages = j["stages"] = J::array();
  for (std::size_t s = 0; s < r.schedule.stages.size(); ++s) {
    J one = J::object();
    one["groups"] = r.schedule.stages[s].groups;
    if (r.schedule.stages[s].merged) one["merged"] = true;
    one["time_ms"] = s < r.stage_ms.size() ? r.stage_ms[s] : std::vector<double>{};
    stages.push_back(std::move(one));
  }
}

void from_json(const J& j, ScheduleRecord& r) {
  require_object(j, "the schedule");
  r = {};
  required(j, "scheduler");  // a record always names its scheduler
  r.scheduler = scheduler_field(j, "scheduler");
  r.search_s = non_negative(required(j, "search_s"), "search_s");
  r.stages_measured = int(read_integer(required(j, "stages_measured"), "stages_measured", 0,
                                       std::numeric_limits<int>::max()));
  const J& stages = required(j, "stages");
  if (!stages.is_array()) bad_field("stages", "an array");
  bool timed = false;
  for (const J& one : stages) {
    require_object(one, "a stage");
    const J& groups = required(one, "groups");
    if (!groups.is_array()) bad_field("groups", "an array of arrays of node indices");
    Stage stage;
    for (const J& g : groups) {
      if (!g.is_array()) bad_field("groups", "an array of arrays of node indices");
      std::vector<int> nodes;
      for (const J& i : g) nodes.push_back(int(read_integer(i, "groups", 0, std::numeric_limits<int>::max())));
      stage.groups.push_back(std::move(nodes));
    }
    stage.merged = one.contains("merged") && bool_field(one, "merged");  // written only when true
    r.schedule.stages.push_back(std::move(stage));
    r.stage_ms.push_back(times_field(one, "time_ms"));
    timed = timed || !r.stage_ms.back().empty();
  }
  if (!timed) r.stage_ms.clear();  // written before it ran
}

std::string schedule_to_json(const ScheduleRecord& r) { return J(r).dump(); }

ScheduleRecord schedule_from_json(std::string_view text) {
  return parse_document<J>(text, "the schedule").get<ScheduleRecord>();
}

}  // namespace cnn
