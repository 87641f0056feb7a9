#pragma once
// A machine record ("machine" in a results document) as JSON: where and when it was measured, the
// libraries' memory spaces, and each ceiling with every repetition's sample.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "core/bench/machine.h"

namespace cnn {

void to_json(nlohmann::ordered_json& j, const MachineRecord& m);
// Throws std::runtime_error with one sentence naming the field on a missing or mistyped value.
void from_json(const nlohmann::ordered_json& j, MachineRecord& m);

std::string machine_to_json(const MachineRecord& m);  // pretty-printed, as stored
MachineRecord machine_from_json(std::string_view text);  // throws as from_json, or on bad JSON

}  // namespace cnn
