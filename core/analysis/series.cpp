#include "core/analysis/series.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>

namespace cnn::analysis {

namespace {

// The precision, then the graph mode and the scheduler where they are not the defaults, joined by `sep`.
std::string mode_text(Precision precision, GraphMode graph, Scheduler scheduler, std::string_view sep) {
  std::string out(to_string(precision));
  if (graph != GraphMode::Caffe) out.append(sep).append(to_string(graph));
  if (scheduler != Scheduler::Sequential) out.append(sep).append(to_string(scheduler));
  return out;
}

}  // namespace

std::string Series::label() const { return lib + "/" + mode_text(precision, graph, scheduler, "/"); }

Series series_of(const Point& point) { return {point.lib, point.precision, point.graph, point.scheduler}; }

std::string precision_text(Precision precision, GraphMode graph, Scheduler scheduler) {
  return mode_text(precision, graph, scheduler, ", ");
}

std::string precision_text(const Series& series) {
  return precision_text(series.precision, series.graph, series.scheduler);
}

std::optional<Series> parse_series(std::string_view label) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const auto slash = label.find('/', start);
    parts.push_back(label.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.size() < 2 || parts.size() > 4 || parts[0].empty()) return std::nullopt;
  const std::optional<Precision> precision = parse_precision(parts[1]);
  if (!precision) return std::nullopt;
  Series out{std::string(parts[0]), *precision};
  std::size_t next = 2;
  if (next < parts.size()) {
    if (const auto g = parse_graph_mode(parts[next])) out.graph = *g, ++next;
  }
  if (next < parts.size()) {
    if (const auto s = parse_scheduler(parts[next])) out.scheduler = *s, ++next;
  }
  if (next != parts.size()) return std::nullopt;
  return out;
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
