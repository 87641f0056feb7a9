#include "core/analysis/series.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>

namespace cnn::analysis {

std::string Series::label() const {
  std::string out = lib + "/" + std::string(to_string(precision));
  if (graph != GraphMode::Caffe) out.append("/").append(to_string(graph));
  return out;
}

Series series_of(const Point& point) { return {point.lib, point.precision, point.graph}; }

std::string precision_text(Precision precision, GraphMode graph) {
  std::string out(to_string(precision));
  if (graph != GraphMode::Caffe) out.append(", ").append(to_string(graph));
  return out;
}

std::optional<Series> parse_series(std::string_view label) {
  const auto slash = label.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  std::string_view rest = label.substr(slash + 1);
  GraphMode graph = GraphMode::Caffe;
  if (const auto second = rest.find('/'); second != std::string_view::npos) {
    const std::optional<GraphMode> g = parse_graph_mode(rest.substr(second + 1));
    if (!g) return std::nullopt;
    graph = *g;
    rest = rest.substr(0, second);
  }
  const std::optional<Precision> precision = parse_precision(rest);
  if (!precision) return std::nullopt;
  return Series{std::string(label.substr(0, slash)), *precision, graph};
}

std::vector<const Point*> usable_points(std::span<const Point> points) {
  using Key = std::tuple<std::string, Series, int>;
  std::map<Key, const Point*> latest;  // later points overwrite earlier ones
  for (const Point& p : points)
    if (p.success && p.batch > 0) latest[Key{p.model, series_of(p), p.batch}] = &p;
  std::vector<const Point*> out;
  out.reserve(latest.size());
  for (const auto& [key, p] : latest) out.push_back(p);
  return out;
}

std::vector<std::string> models_of(std::span<const Point> points) {
  std::vector<std::string> models;
  for (const Point& p : points)
    if (p.success && p.batch > 0) models.push_back(p.model);
  std::sort(models.begin(), models.end());
  models.erase(std::unique(models.begin(), models.end()), models.end());
  return models;
}

double mean_of(std::span<const double> values) {
  if (values.empty()) return 0;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double layer_pass_ms(const Point& point) {
  double total = 0;
  for (const LayerRecord& layer : point.layers) total += mean_of(layer.time_ms);
  return total;
}

}  // namespace cnn::analysis
