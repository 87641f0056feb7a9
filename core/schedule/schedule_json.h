#pragma once
// A point's schedule record ("schedule" in a results document, stored beside its point) as JSON:
// {"scheduler": "ios", "search_s": 12.5, "stages_measured": 480,
//  "stages": [{"groups": [[3, 4], [5]], "time_ms": [0.41, 0.40]}, ...]}
// Groups hold graph node indices of the point's graph (its graph mode's).
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "core/schedule/schedule.h"

namespace cnn {

void to_json(nlohmann::ordered_json& j, const ScheduleRecord& r);
// Throws std::runtime_error with one sentence naming the field on a missing or mistyped value.
void from_json(const nlohmann::ordered_json& j, ScheduleRecord& r);

std::string schedule_to_json(const ScheduleRecord& r);       // compact, as stored
ScheduleRecord schedule_from_json(std::string_view text);    // throws as from_json, or on bad JSON

}  // namespace cnn
