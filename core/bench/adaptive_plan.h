#pragma once
// AdaptivePlan: which library runs each layer of one model; the "ideal adaptive" solution made
// executable. Saved as JSON ({"schema": "cnn-explorer-plan/1", "plans": [...]}) and stored with
// the point that ran it (lib "adaptive").
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/run_config.h"

namespace cnn {

class Backend;
class BackendRegistry;
class Graph;

inline constexpr std::string_view kPlanSchema = "cnn-explorer-plan/1";
inline constexpr std::string_view kAdaptiveLib = "adaptive";  // Point::lib of a point that ran a plan

struct PlannedLayer {
  int index = 0;           // graph node index
  std::string name, type;  // as the graph names them (Caffe type name)
  std::string lib;         // backend id that runs it
  bool operator==(const PlannedLayer&) const = default;
};

// The best single library the plan was compared with when it was made.
struct PlanBaseline {
  std::string lib;
  int batch = 0;
  double ms_per_image = 0;  // its per-layer pass, layers and their reorders (ms per image)
  bool operator==(const PlanBaseline&) const = default;
};

struct AdaptivePlan {
  std::string model;                 // catalog id or prototxt path
  Precision precision = Precision::FP32;
  GraphMode graph = GraphMode::Caffe;  // the graph its layers are nodes of ("graph"; absent: caffe)
  int batch = 0;                     // the batch size it was chosen at; runs at any
  std::vector<PlannedLayer> layers;  // one per graph node, in node order
  double predicted_ms_per_image = 0; // the analysis's sum of the chosen layers' times at `batch`
  PlanBaseline best_single;          // the fastest single library, at its own best batch
  std::int64_t source_run = 0;       // the stored run it was made from; 0 when not from the store
  double min_gain_percent = 0;       // what a layer had to gain to leave the best single library (%)

  std::vector<std::string> libs() const;  // distinct libraries, in order of first use
  // Predicted against the best single library (%; > 0: the plan is predicted to be faster).
  double saving_percent() const;
  bool operator==(const AdaptivePlan&) const = default;
};

// JSON of one plan (found by ADL); reading throws std::runtime_error naming the bad field.
void to_json(nlohmann::ordered_json& j, const AdaptivePlan& plan);
void from_json(const nlohmann::ordered_json& j, AdaptivePlan& plan);

// A plan file: the whole document, pretty-printed, and back. Reading throws std::runtime_error
// with one sentence on malformed JSON, another schema, or a bad field (naming the plan).
std::string plans_to_json(std::span<const AdaptivePlan> plans);
std::vector<AdaptivePlan> plans_from_json(std::string_view text);
// The same from and to files; failures name the file.
std::vector<AdaptivePlan> load_plans(const std::string& path);
void save_plans(const std::string& path, std::span<const AdaptivePlan> plans);

// The backend of every graph node. Throws std::runtime_error with one sentence when the plan does
// not fit the graph (another layer count or name at some index) or names an unknown library.
std::vector<Backend*> resolve_plan(const AdaptivePlan& plan, const Graph& graph, const BackendRegistry& backends);

// The model's prototxt with `engine: "<lib>"` on each planned layer (the layer-level field that
// Intel Caffe reads; an existing one is replaced). Throws ModelError when the text does not parse.
std::string prototxt_with_engines(const AdaptivePlan& plan, std::string_view prototxt, const std::string& source);

}  // namespace cnn
