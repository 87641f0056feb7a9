#include "core/bench/adaptive_plan.h"

#include <algorithm>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "core/backend_registry.h"
#include "core/bench/json_fields.h"
#include "core/model/graph.h"
#include "core/model/prototxt_engines.h"

namespace cnn {
namespace {

using Json = nlohmann::ordered_json;
using std::runtime_error;
using namespace json_fields;

std::string string_field(const Json& j, const char* key) { return read_string(required(j, key), key); }

int whole_field(const Json& j, const char* key, int lo) {
  return int(read_integer(required(j, key), key, lo, std::numeric_limits<int>::max()));
}

double number_field(const Json& j, const char* key) { return non_negative(required(j, key), key); }

}  // namespace

std::vector<std::string> AdaptivePlan::libs() const {
  std::vector<std::string> out;
  for (const auto& layer : layers)
    if (std::find(out.begin(), out.end(), layer.lib) == out.end()) out.push_back(layer.lib);
  return out;
}

double AdaptivePlan::saving_percent() const {
  const double single = best_single.ms_per_image;
  return single > 0 ? 100.0 * (single - predicted_ms_per_image) / single : 0.0;
}

void to_json(Json& j, const AdaptivePlan& plan) {
  j = Json::object();
  j["model"] = plan.model;
  j["precision"] = std::string(to_string(plan.precision));
  j["graph"] = std::string(to_string(plan.graph));
  j["batch"] = plan.batch;
  j["source_run"] = plan.source_run;
  j["predicted_ms_per_image"] = plan.predicted_ms_per_image;
  j["min_gain_percent"] = plan.min_gain_percent;
  j["best_single"] = {{"lib", plan.best_single.lib},
                      {"batch", plan.best_single.batch},
                      {"ms_per_image", plan.best_single.ms_per_image}};
  Json& layers = j["layers"] = Json::array();
  for (const auto& l : plan.layers)
    layers.push_back({{"index", l.index}, {"name", l.name}, {"type", l.type}, {"lib", l.lib}});
}

void from_json(const Json& j, AdaptivePlan& plan) {
  if (!j.is_object()) throw runtime_error("a plan must be a JSON object");
  plan = {};
  plan.model = string_field(j, "model");
  plan.precision = precision_field(j, "precision");
  plan.graph = graph_field(j, "graph");
  plan.batch = whole_field(j, "batch", 1);
  plan.source_run = member(j, "source_run") ? whole_field(j, "source_run", 0) : 0;
  plan.predicted_ms_per_image = number_field(j, "predicted_ms_per_image");
  plan.min_gain_percent = member(j, "min_gain_percent") ? number_field(j, "min_gain_percent") : 0;
  const Json& best = required(j, "best_single");
  require_object(best, "field 'best_single'");
  plan.best_single.lib = string_field(best, "lib");
  plan.best_single.batch = whole_field(best, "batch", 0);
  plan.best_single.ms_per_image = number_field(best, "ms_per_image");
  const Json& layers = required(j, "layers");
  if (!layers.is_array() || layers.empty()) throw runtime_error("field 'layers' must be a non-empty array");
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Json& l = layers[i];
    try {
      require_object(l, "a layer");
      plan.layers.push_back({whole_field(l, "index", 0), string_field(l, "name"), string_field(l, "type"),
                             string_field(l, "lib")});
    } catch (const runtime_error& e) {
      throw runtime_error("layer " + std::to_string(i) + ": " + e.what());
    }
  }
}

std::string plans_to_json(std::span<const AdaptivePlan> plans) {
  Json doc = Json::object();
  doc["schema"] = std::string(kPlanSchema);
  Json& out = doc["plans"] = Json::array();
  for (const auto& plan : plans) out.push_back(plan);
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::vector<AdaptivePlan> plans_from_json(std::string_view text) {
  Json doc = json_fields::parse_document<Json>(text, "the plan file");
  if (!doc.is_object() || !doc.contains("schema") || doc["schema"] != std::string(kPlanSchema))
    throw runtime_error("the plan file has no \"schema\": \"" + std::string(kPlanSchema) + "\" field");
  if (!doc.contains("plans") || !doc["plans"].is_array() || doc["plans"].empty())
    throw runtime_error("the plan file has no plans (\"plans\" must be a non-empty array)");
  std::vector<AdaptivePlan> plans;
  for (std::size_t i = 0; i < doc["plans"].size(); ++i) {
    try {
      plans.push_back(doc["plans"][i].get<AdaptivePlan>());
    } catch (const runtime_error& e) {
      throw runtime_error("bad plan " + std::to_string(i) + " in the plan file: " + e.what());
    }
  }
  return plans;
}

std::vector<AdaptivePlan> load_plans(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw runtime_error("cannot read plan file '" + path + "': it does not exist or is not readable");
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return plans_from_json(text.str());
  } catch (const runtime_error& e) {
    throw runtime_error(std::string(e.what()) + " ('" + path + "')");
  }
}

void save_plans(const std::string& path, std::span<const AdaptivePlan> plans) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << plans_to_json(plans);
  out.close();
  if (!out) throw runtime_error("cannot write plan file '" + path + "'");
}

std::vector<Backend*> resolve_plan(const AdaptivePlan& plan, const Graph& graph, const BackendRegistry& backends) {
  const auto& nodes = graph.nodes();
  if (plan.layers.size() != nodes.size())
    throw runtime_error("the plan for '" + plan.model + "' has " + std::to_string(plan.layers.size()) +
                        " layers but the model has " + std::to_string(nodes.size()));
  std::vector<Backend*> out;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const PlannedLayer& l = plan.layers[i];
    if (l.index != int(i) || l.name != nodes[i].desc.name)
      throw runtime_error("the plan for '" + plan.model + "' names layer '" + l.name + "' at index " +
                          std::to_string(l.index) + " where the model has '" + nodes[i].desc.name + "' at " +
                          std::to_string(i));
    Backend* b = backends.find(l.lib);
    if (!b) throw runtime_error("the plan for '" + plan.model + "' runs layer '" + l.name + "' on unknown library '" +
                                l.lib + "'");
    out.push_back(b);
  }
  return out;
}

std::string prototxt_with_engines(const AdaptivePlan& plan, std::string_view prototxt, const std::string& source) {
  std::map<std::string, std::string> engines;
  for (const auto& l : plan.layers) engines[l.name] = l.lib;
  return with_layer_engines(prototxt, source, engines);
}

}  // namespace cnn
