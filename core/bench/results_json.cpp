#include "core/bench/results_json.h"

#include "core/analysis/noise.h"
#include "core/bench/json_fields.h"
#include "core/bench/machine_json.h"
#include "core/schedule/schedule_json.h"

#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace cnn {
namespace {

using std::runtime_error;
using namespace json_fields;

template <class J>
void memory_to(J& j, const MemoryUse& m) {
  j = J::object();
  j["weights_bytes"] = m.weights_bytes;
  j["activations_bytes"] = m.activations_bytes;
  j["activations_total_bytes"] = m.activations_total_bytes;
  j["workspace_bytes"] = m.workspace_bytes;
  j["measured_bytes"] = m.measured_bytes;
  if (m.tracked_bytes) j["tracked_bytes"] = *m.tracked_bytes;
}

template <class J>
void memory_from(const J& j, MemoryUse& m) {
  require_object(j, "'memory'");
  m.weights_bytes = uint_field(j, "weights_bytes");
  m.activations_bytes = uint_field(j, "activations_bytes");
  m.activations_total_bytes = uint_field(j, "activations_total_bytes");
  m.workspace_bytes = uint_field(j, "workspace_bytes");
  m.measured_bytes = uint_field(j, "measured_bytes");
  m.tracked_bytes.reset();
  if (member(j, "tracked_bytes")) m.tracked_bytes = uint_field(j, "tracked_bytes");
}

template <class J>
void layer_to(J& j, const LayerRecord& l) {
  j = J::object();
  j["index"] = l.index;
  j["name"] = l.name;
  j["type"] = l.type;
  j["time_ms"] = l.time_ms;
  j["macs"] = l.macs;
  j["params"] = l.params;
  j["bytes_in"] = l.bytes_in;
  j["bytes_out"] = l.bytes_out;
  if (l.flops) j["flops"] = *l.flops;
}

template <class J>
void layer_from(const J& j, LayerRecord& l) {
  require_object(j, "a layer");
  l.index = int_field(j, "index", true);
  l.name = read_string(required(j, "name"), "name");
  l.type = read_string(required(j, "type"), "type");
  l.time_ms = times_field(j, "time_ms");
  l.macs = uint_field(j, "macs");
  l.params = uint_field(j, "params");
  l.bytes_in = uint_field(j, "bytes_in");
  l.bytes_out = uint_field(j, "bytes_out");
  l.flops.reset();
  if (member(j, "flops")) l.flops = uint_field(j, "flops");
}

template <class J>
void point_to(J& j, const Point& p) {
  j = J::object();
  j["model"] = p.model;
  j["lib"] = p.lib;
  j["precision"] = std::string(to_string(p.precision));
  j["graph"] = std::string(to_string(p.graph));
  j["scheduler"] = p.scheduler;
  j["batch"] = p.batch;
  j["threads"] = p.threads;
  j["success"] = p.success;
  j["error"] = p.error;
  j["time_fw_ms"] = p.time_fw_ms;
  if (!p.transfer_in_ms.empty()) j["transfer_in_ms"] = p.transfer_in_ms;  // device libraries only
  if (!p.transfer_out_ms.empty()) j["transfer_out_ms"] = p.transfer_out_ms;
  J layers = J::array();
  for (const auto& l : p.layers) {
    J one;
    layer_to(one, l);
    layers.push_back(std::move(one));
  }
  j["layers"] = std::move(layers);
  J memory;
  memory_to(memory, p.memory);
  j["memory"] = std::move(memory);
  if (p.plan) j["plan"] = *p.plan;  // lib "adaptive" only
  if (p.schedule) j["schedule"] = *p.schedule;
  if (p.visits > 0) {  // how the reading was taken; absent in records made before
    j["visits"] = p.visits;
    j["provisional"] = p.provisional;
  }
  if (p.load_before) j["load_before"] = *p.load_before;
  if (p.load_after) j["load_after"] = *p.load_after;
  if (p.noise_threshold) j["noise_threshold"] = *p.noise_threshold;
  if (const auto& a = p.accuracy) {  // measured only (cnn-bench accuracy)
    J accuracy = J::object();
    accuracy["dataset"] = a->dataset;
    accuracy["images"] = a->images;
    accuracy["correct"] = a->correct;
    j["accuracy"] = std::move(accuracy);
  }
  // Derived, for scripts (read back from the repetitions, never from here).
  if (p.success && !p.time_fw_ms.empty()) {
    const analysis::Noise n = analysis::noise_of(p);
    J noise = J::object();
    noise["cov"] = n.cov;
    noise["min_ms"] = n.min_ms;
    noise["median_ms"] = n.median_ms;
    noise["p90_ms"] = n.p90_ms;
    noise["p99_ms"] = n.p99_ms;
    if (n.layer_ratio) noise["layer_sum_ratio"] = *n.layer_ratio;
    noise["noisy"] = n.noisy;
    noise["layer_sum_off"] = n.layers_off;
    j["noise"] = std::move(noise);
  }
}

// "accuracy": {"dataset", "images", "correct"}, with 0 <= correct <= images.
template <class J>
AccuracyReading accuracy_from(const J& j) {
  AccuracyReading a;
  a.dataset = read_string(required(j, "dataset"), "dataset");
  a.images = int(read_integer(required(j, "images"), "images", 0, std::numeric_limits<int>::max()));
  a.correct = int(read_integer(required(j, "correct"), "correct", 0, std::numeric_limits<int>::max()));
  if (a.correct > a.images) bad_field("correct", "at most 'images'");
  return a;
}

// A record read with its own from_json ("plan", "schedule"); nullopt when the key is absent. Its
// errors are prefixed with the key.
template <class T, class J>
std::optional<T> record_field(const J& j, const char* key) {
  const J* v = member(j, key);
  if (!v) return std::nullopt;
  try {
    return v->template get<T>();
  } catch (const runtime_error& e) {
    throw runtime_error(std::string(key) + ": " + e.what());
  }
}

template <class J>
void point_from(const J& j, Point& p) {
  require_object(j, "a point");
  p.model = read_string(required(j, "model"), "model");
  p.lib = read_string(required(j, "lib"), "lib");
  p.precision = precision_field(j, "precision");
  p.graph = graph_field(j, "graph");
  p.scheduler = scheduler_field(j, "scheduler");
  p.batch = int_field(j, "batch", true);
  p.threads = int_field(j, "threads", false);
  p.success = bool_field(j, "success");
  p.error = string_or(j, "error");
  p.time_fw_ms = times_field(j, "time_fw_ms");
  p.transfer_in_ms = times_field(j, "transfer_in_ms");
  p.transfer_out_ms = times_field(j, "transfer_out_ms");
  p.layers.clear();
  if (const J* layers = member(j, "layers")) {
    if (!layers->is_array()) bad_field("layers", "an array");
    for (std::size_t i = 0; i < layers->size(); ++i) {
      LayerRecord l;
      try {
        layer_from((*layers)[i], l);
      } catch (const runtime_error& e) {
        throw runtime_error("layer " + std::to_string(i) + ": " + e.what());
      }
      p.layers.push_back(std::move(l));
    }
  }
  p.memory = {};
  if (const J* memory = member(j, "memory")) memory_from(*memory, p.memory);
  p.plan = record_field<AdaptivePlan>(j, "plan");
  p.schedule = record_field<ScheduleRecord>(j, "schedule");
  p.visits = int_field(j, "visits", false);
  p.provisional = member(j, "provisional") ? bool_field(j, "provisional") : false;
  p.load_before = optional_number(j, "load_before");
  p.load_after = optional_number(j, "load_after");
  p.noise_threshold = optional_number(j, "noise_threshold");
  p.accuracy.reset();
  if (const J* accuracy = member(j, "accuracy")) {
    require_object(*accuracy, "'accuracy'");
    try {
      p.accuracy = accuracy_from(*accuracy);
    } catch (const runtime_error& e) {
      throw runtime_error(std::string("accuracy: ") + e.what());
    }
  }
}

template <class J>
void platform_to(J& j, const Platform& p) {
  j = J::object();
  j["cpu"] = p.cpu;
  j["cores"] = p.cores;
  j["os"] = p.os;
  j["compiler"] = p.compiler;
  j["version"] = p.version;
  j["started_at"] = p.started_at;
  J libraries = J::object();
  for (const auto& [name, value] : p.libraries) libraries[name] = value;
  j["libraries"] = std::move(libraries);
}

template <class J>
void platform_from(const J& j, Platform& p) {
  require_object(j, "'platform'");
  p.cpu = string_or(j, "cpu");
  p.cores = int_field(j, "cores", false);
  p.os = string_or(j, "os");
  p.compiler = string_or(j, "compiler");
  p.version = string_or(j, "version");
  p.started_at = string_or(j, "started_at");
  p.libraries.clear();
  if (const J* libraries = member(j, "libraries")) {
    require_object(*libraries, "'libraries'");
    for (const auto& [name, value] : libraries->items()) {
      if (!value.is_string()) throw runtime_error("library entry '" + name + "' must be a string");
      p.libraries.emplace_back(name, value.template get<std::string>());
    }
  }
}

}  // namespace

void to_json(nlohmann::ordered_json& j, const MemoryUse& m) { memory_to(j, m); }
void from_json(const nlohmann::ordered_json& j, MemoryUse& m) { memory_from(j, m); }
void to_json(nlohmann::ordered_json& j, const LayerRecord& l) { layer_to(j, l); }
void from_json(const nlohmann::ordered_json& j, LayerRecord& l) { layer_from(j, l); }
void to_json(nlohmann::ordered_json& j, const Point& p) { point_to(j, p); }
void from_json(const nlohmann::ordered_json& j, Point& p) { point_from(j, p); }
void to_json(nlohmann::ordered_json& j, const Platform& p) { platform_to(j, p); }
void from_json(const nlohmann::ordered_json& j, Platform& p) { platform_from(j, p); }

std::string results_to_json(const Platform& platform, const std::vector<Point>& points,
                            const MachineRecord* machine) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  doc["schema"] = std::string(kResultsSchema);
  platform_to(doc["platform"], platform);
  if (machine) doc["machine"] = *machine;
  auto& out = doc["points"] = nlohmann::ordered_json::array();
  for (const auto& p : points) {
    nlohmann::ordered_json one;
    point_to(one, p);
    out.push_back(std::move(one));
  }
  // Replace invalid UTF-8 (e.g. from a library's error text) rather than throw.
  return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

ResultsDocument results_from_json(std::string_view text) {
  using J = nlohmann::ordered_json;
  const J doc = parse_document<J>(text, "the results document");
  if (!doc.is_object()) throw runtime_error("the results document is not a JSON object");
  const J* schema = member(doc, "schema");
  if (!schema || !schema->is_string())
    throw runtime_error("the results document has no \"schema\" field; expected \"" +
                        std::string(kResultsSchema) + "\"");
  if (schema->get<std::string>() != kResultsSchema)
    throw runtime_error("the results document has schema \"" + schema->get<std::string>() + "\", expected \"" +
                        std::string(kResultsSchema) + "\"");

  ResultsDocument out;
  try {
    if (const J* platform = member(doc, "platform")) platform_from(*platform, out.platform);
  } catch (const runtime_error& e) {
    throw runtime_error(std::string("bad results document: platform: ") + e.what());
  }
  try {
    if (const J* machine = member(doc, "machine")) out.machine = machine->get<MachineRecord>();
  } catch (const runtime_error& e) {
    throw runtime_error(std::string("bad results document: machine: ") + e.what());
  }
  const J* points = member(doc, "points");
  if (!points || !points->is_array())
    throw runtime_error("bad results document: \"points\" must be an array");
  out.points.reserve(points->size());
  for (std::size_t i = 0; i < points->size(); ++i) {
    Point p;
    try {
      point_from((*points)[i], p);
    } catch (const runtime_error& e) {
      throw runtime_error("bad results document: point " + std::to_string(i) + ": " + e.what());
    }
    out.points.push_back(std::move(p));
  }
  return out;
}

}  // namespace cnn
