#pragma once
// Results documents: {"schema": "cnn-explorer/1", "platform": {...}, "points": [...]} in JSON.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/bench/machine.h"
#include "core/bench/point.h"

namespace cnn {

inline constexpr std::string_view kResultsSchema = "cnn-explorer/1";

// One run as stored: where it ran and what it measured.
struct ResultsDocument {
  Platform platform;
  std::vector<Point> points;
  std::optional<MachineRecord> machine;  // "machine": the ceilings measured on the run's machine, if any
};

// nlohmann::ordered_json conversions (found by ADL; "libraries" keep the order written). Writing
// never fails; reading throws std::runtime_error with one sentence naming the field on a missing
// or mistyped value.
void to_json(nlohmann::ordered_json& j, const MemoryUse& m);
void from_json(const nlohmann::ordered_json& j, MemoryUse& m);
void to_json(nlohmann::ordered_json& j, const LayerRecord& l);
void from_json(const nlohmann::ordered_json& j, LayerRecord& l);
void to_json(nlohmann::ordered_json& j, const Point& p);
void from_json(const nlohmann::ordered_json& j, Point& p);
void to_json(nlohmann::ordered_json& j, const Platform& p);
void from_json(const nlohmann::ordered_json& j, Platform& p);

// The whole document, pretty-printed (2 spaces), "schema" first; "machine" when one is given.
std::string results_to_json(const Platform& platform, const std::vector<Point>& points,
                            const MachineRecord* machine = nullptr);

// Parses a document written by results_to_json. Throws std::runtime_error with one sentence
// on malformed JSON, a missing or different "schema", or a bad field (naming the point).
ResultsDocument results_from_json(std::string_view text);

}  // namespace cnn
