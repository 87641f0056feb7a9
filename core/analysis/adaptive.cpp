#include "core/analysis/adaptive.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>
#include <map>
#include <optional>
#include <utility>

namespace cnn::analysis {

namespace {

using LayerKey = std::pair<int, std::string>;  // (index, name)
struct LayerCost {
  const LayerRecord* record = nullptr;
  double ms = 0;  // mean time of the layer and of its reorder/transfer steps (whole batch)
};
using LayerIndex = std::map<LayerKey, LayerCost>;

// The layers of a point, each charged with the steps recorded under its index.
LayerIndex index_layers(const Point& point) {
  LayerIndex index;
  std::map<int, double> stage_ms;
  for (const LayerRecord& layer : point.layers) {
    if (is_stage(layer))
      stage_ms[layer.index] += mean_of(layer.time_ms);
    else
      index.emplace(LayerKey{layer.index, layer.name}, LayerCost{&layer, mean_of(layer.time_ms)});
  }
  for (auto& [key, cost] : index)
    if (const auto it = stage_ms.find(key.first); it != stage_ms.end()) cost.ms += it->second;
  return index;
}

std::string join_labels(const std::vector<Series>& series) {
  std::string text;
  for (const Series& s : series) text += (text.empty() ? "" : ", ") + s.label();
  return text;
}

// An error sentence when some layer of one series is missing in another; nullopt when they agree.
std::optional<std::string> mismatch(const std::string& model, int batch, const std::vector<Series>& chosen,
                                    const std::vector<LayerIndex>& layers) {
  for (std::size_t a = 0; a < layers.size(); ++a)
    for (std::size_t b = 0; b < layers.size(); ++b)
      for (const auto& [key, cost] : layers[a])
        if (!layers[b].contains(key))
          return "Layer '" + key.second + "' (index " + std::to_string(key.first) + ") of model '" + model +
                 "' at batch " + std::to_string(batch) + " is measured by " + chosen[a].label() +
                 " but not by " + chosen[b].label() + ".";
  return std::nullopt;
}

double layer_pass_per_image(const Point& point) { return layer_pass_ms(point) / point.batch; }

double saving(double single, double adaptive) {
  return single > 0 ? 100.0 * (single - adaptive) / single : 0.0;
}

// The adaptive solution of one model at one batch (layers, per series, total); error on mismatch.
std::optional<std::string> solve_batch(const std::string& model, int batch, const std::vector<Series>& chosen,
                                       const std::vector<const Point*>& at_batch, AdaptiveResult& out) {
  std::vector<LayerIndex> layers;
  for (const Point* p : at_batch) layers.push_back(index_layers(*p));
  if (auto error = mismatch(model, batch, chosen, layers)) return error;
  out.batch = batch;
  out.layers.clear();
  out.per_series.clear();
  for (const Series& s : chosen) out.per_series.push_back({s, batch, 0});
  out.ms_per_image = 0;
  for (const auto& [key, first] : layers.front()) {
    std::size_t best = 0;
    double best_ms = 0;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      const double ms = layers[i].at(key).ms / batch;
      if (i == 0 || ms < best_ms) {
        best = i;
        best_ms = ms;
      }
    }
    out.layers.push_back({key.first, key.second, first.record->type, chosen[best], best_ms});
    out.per_series[best].ms_per_image += best_ms;
    out.ms_per_image += best_ms;
  }
  return std::nullopt;
}

AdaptiveResult solve_model(const std::string& model, const std::vector<Series>& chosen,
                           const std::vector<std::map<int, const Point*>>& by_series) {
  AdaptiveResult result;
  result.model = model;
  std::vector<int> common;
  for (const auto& [batch, point] : by_series.front())
    if (std::all_of(by_series.begin(), by_series.end(), [b = batch](const auto& m) { return m.contains(b); }))
      common.push_back(batch);
  if (common.empty()) {
    result.error = "Model '" + model + "' has no batch size with per-layer times from every chosen series (" +
                   join_labels(chosen) + ").";
    return result;
  }

  bool found = false;
  for (int batch : common) {
    std::vector<const Point*> at_batch;
    for (const auto& m : by_series) at_batch.push_back(m.at(batch));
    AdaptiveResult candidate;
    if (auto error = solve_batch(model, batch, chosen, at_batch, candidate)) {
      AdaptiveResult failed;
      failed.model = model;
      failed.error = *error;
      return failed;
    }
    if (!found || candidate.ms_per_image < result.ms_per_image) {
      candidate.model = model;
      result = std::move(candidate);
      found = true;
    }
  }

  bool any_single = false, any_same = false;
  for (std::size_t i = 0; i < chosen.size(); ++i)
    for (const auto& [batch, point] : by_series[i]) {
      const SeriesTime single{chosen[i], batch, layer_pass_per_image(*point)};
      if (!any_single || single.ms_per_image < result.best_single.ms_per_image) {
        result.best_single = single;
        any_single = true;
      }
      if (batch == result.batch &&
          (!any_same || single.ms_per_image < result.best_single_same_batch.ms_per_image)) {
        result.best_single_same_batch = single;
        any_same = true;
      }
    }
  result.saving_percent = saving(result.best_single.ms_per_image, result.ms_per_image);
  result.saving_same_batch_percent = saving(result.best_single_same_batch.ms_per_image, result.ms_per_image);
  return result;
}

// The results over `chosen` (sorted, each once, all of one graph mode), one per model with points.
std::vector<AdaptiveResult> solve_graph(std::span<const Point> points, const std::vector<Series>& chosen) {
  // model -> per chosen series (same order) -> batch -> point with per-layer times
  std::map<std::string, std::vector<std::map<int, const Point*>>> by_model;
  for (const Point* p : usable_points(points)) {
    const auto it = std::lower_bound(chosen.begin(), chosen.end(), series_of(*p));
    if (p->layers.empty() || it == chosen.end() || *it != series_of(*p)) continue;
    auto& by_series = by_model[p->model];
    by_series.resize(chosen.size());
    by_series[std::size_t(it - chosen.begin())][p->batch] = p;
  }

  std::vector<AdaptiveResult> results;
  for (const auto& [model, by_series] : by_model) {
    results.push_back(solve_model(model, chosen, by_series));
    results.back().graph = chosen.front().graph;
  }
  return results;
}

}  // namespace

std::vector<AdaptiveResult> ideal_adaptive(std::span<const Point> points, std::span<const Series> chosen_in) {
  std::vector<AdaptiveResult> results;
  for (const GraphMode graph : {GraphMode::Caffe, GraphMode::Fused}) {
    std::vector<Series> chosen;
    for (const Series& s : chosen_in)
      if (s.graph == graph) chosen.push_back(s);
    std::sort(chosen.begin(), chosen.end());
    chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
    if (chosen.empty()) continue;
    for (AdaptiveResult& r : solve_graph(points, chosen)) results.push_back(std::move(r));
  }
  std::stable_sort(results.begin(), results.end(),
                   [](const AdaptiveResult& a, const AdaptiveResult& b) { return a.model < b.model; });
  return results;
}

}  // namespace cnn::analysis
