#include "core/store/store_settings.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace cnn::store_settings {
namespace {

using Json = nlohmann::ordered_json;

Json precision_names(const std::vector<Precision>& precisions) {
  Json out = Json::array();
  for (Precision p : precisions) out.push_back(std::string(to_string(p)));
  return out;
}

std::vector<Precision> parse_precisions(const nlohmann::json& names) {
  std::vector<Precision> out;
  for (const auto& name : names.get<std::vector<std::string>>()) {
    const auto p = parse_precision(name);
    if (!p) throw std::runtime_error("unknown precision '" + name + "'");
    out.push_back(*p);
  }
  return out;
}

}  // namespace

std::string to_text(const Selection& s) {
  Json j;
  j["models"] = s.models;
  j["libs"] = s.lib_ids();
  j["precisions"] = precision_names(s.precisions());
  j["batches"] = s.all_batches();
  Json& choices = j["library_precisions"] = Json::object();
  for (const LibraryChoice& c : s.libs) choices[c.lib] = precision_names(c.precisions);
  Json& graphs = j["graphs"] = Json::array();
  for (GraphMode g : s.graphs) graphs.push_back(std::string(to_string(g)));
  Json& schedulers = j["schedulers"] = Json::array();
  for (Scheduler sc : s.schedulers) schedulers.push_back(std::string(to_string(sc)));
  if (!s.adaptive.empty()) j["adaptive_at_batches"] = s.adaptive_at_batches;
  const RunConfig& c = s.config;
  j["threads"] = c.threads;
  j["warmup"] = c.warmup;
  j["repetitions"] = c.reps.min_reps;
  j["min_time_s"] = c.reps.min_time_s;
  j["max_reps"] = c.reps.max_reps;
  j["rounds"] = c.reps.rounds;
  j["noise_threshold"] = c.reps.noise_threshold;
  j["allow_tf32"] = c.allow_tf32;
  j["seed"] = c.seed;
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Selection from_text(const std::string& text) {
  const auto j = nlohmann::json::parse(text);
  Selection s;
  s.models = j.at("models").get<std::vector<std::string>>();
  s.batches = j.at("batches").get<std::vector<int>>();
  const std::vector<Precision> all = parse_precisions(j.at("precisions"));
  const auto choices = j.find("library_precisions");
  for (const auto& lib : j.at("libs").get<std::vector<std::string>>()) {
    if (lib == kAdaptiveLib) continue;  // the plans are stored with their points
    const bool own = choices != j.end() && choices->contains(lib);
    s.libs.push_back({lib, own ? parse_precisions(choices->at(lib)) : all});
  }
  if (const auto graphs = j.find("graphs"); graphs != j.end()) {  // runs before graph modes: caffe
    s.graphs.clear();
    for (const auto& name : graphs->get<std::vector<std::string>>()) {
      const auto g = parse_graph_mode(name);
      if (!g) throw std::runtime_error("unknown graph mode '" + name + "'");
      s.graphs.push_back(*g);
    }
  }
  if (const auto schedulers = j.find("schedulers"); schedulers != j.end()) {  // runs before schedulers: sequential
    s.schedulers.clear();
    for (const auto& name : schedulers->get<std::vector<std::string>>()) {
      const auto sc = parse_scheduler(name);
      if (!sc) throw std::runtime_error("unknown scheduler '" + name + "'");
      s.schedulers.push_back(*sc);
    }
  }
  s.adaptive_at_batches = j.value("adaptive_at_batches", false);
  const RunConfig defaults;  // fields added by later versions may be missing in older rows
  RunConfig& c = s.config;
  c.threads = j.value("threads", defaults.threads);
  c.warmup = j.value("warmup", defaults.warmup);
  c.reps.min_reps = j.value("repetitions", defaults.reps.min_reps);
  // Runs before the repetition rule timed exactly `repetitions` passes in one visit.
  const bool ruled = j.contains("rounds");
  c.reps.min_time_s = j.value("min_time_s", ruled ? defaults.reps.min_time_s : 0.0);
  c.reps.max_reps = j.value("max_reps", ruled ? defaults.reps.max_reps : c.reps.min_reps);
  c.reps.rounds = j.value("rounds", 1);
  c.reps.noise_threshold = j.value("noise_threshold", defaults.reps.noise_threshold);
  c.allow_tf32 = j.value("allow_tf32", defaults.allow_tf32);
  c.seed = j.value("seed", defaults.seed);
  return s;
}

}  // namespace cnn::store_settings
