#include "core/bench/machine_json.h"

#include <nlohmann/json.hpp>

#include "core/bench/json_fields.h"

namespace cnn {

using namespace json_fields;
using J = nlohmann::ordered_json;

void to_json(J& j, const MachineRecord& m) {
  j = J::object();
  j["measured_at"] = m.measured_at;
  j["cpu"] = m.cpu;
  j["threads"] = m.threads;
  J& libs = j["libraries"] = J::object();
  for (const auto& [id, space] : m.libraries) libs[id] = std::string(to_string(space));
  J& ceilings = j["ceilings"] = J::array();
  for (const Ceiling& c : m.ceilings) {
    J one = J::object();
    one["kind"] = std::string(to_string(c.kind));
    one["space"] = std::string(to_string(c.space));
    one["source"] = c.source;
    one["precision"] = std::string(to_string(c.precision));
    one["samples"] = c.samples;
    one["method"] = c.method;
    ceilings.push_back(std::move(one));
  }
}

void from_json(const J& j, MachineRecord& m) {
  require_object(j, "the machine record");
  m = {};
  m.measured_at = read_string(required(j, "measured_at"), "measured_at");
  m.cpu = read_string(required(j, "cpu"), "cpu");
  m.threads = int_field(j, "threads", true);
  const J& libs = required(j, "libraries");
  if (!libs.is_object()) bad_field("libraries", "an object of library ids and \"host\" or \"device\"");
  for (const auto& [id, v] : libs.items()) {
    const auto space = parse_memory_space(read_string(v, "libraries"));
    if (!space) bad_field("libraries", "an object of library ids and \"host\" or \"device\"");
    m.libraries.emplace_back(id, *space);
  }
  const J& ceilings = required(j, "ceilings");
  if (!ceilings.is_array()) bad_field("ceilings", "an array");
  for (const J& one : ceilings) {
    require_object(one, "a ceiling");
    Ceiling c;
    const auto kind = parse_ceiling_kind(read_string(required(one, "kind"), "kind"));
    if (!kind) bad_field("kind", "\"compute\" or \"bandwidth\"");
    const auto space = parse_memory_space(read_string(required(one, "space"), "space"));
    if (!space) bad_field("space", "\"host\" or \"device\"");
    c.kind = *kind;
    c.space = *space;
    c.source = read_string(required(one, "source"), "source");
    c.precision = precision_field(one, "precision");
    c.samples = times_field(one, "samples");
    if (c.samples.empty()) bad_field("samples", "a non-empty array of numbers");
    for (double s : c.samples)
      if (!(s > 0)) bad_field("samples", "an array of numbers > 0");
    c.method = string_or(one, "method");
    m.ceilings.push_back(std::move(c));
  }
}

std::string machine_to_json(const MachineRecord& m) { return J(m).dump(2) + "\n"; }

MachineRecord machine_from_json(std::string_view text) {
  const J doc = parse_document<J>(text, "the machine record");
  try {
    return doc.get<MachineRecord>();
  } catch (const runtime_error& e) {
    throw runtime_error(std::string("bad machine record: ") + e.what());
  }
}

}  // namespace cnn
