#include "core/analysis/report.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <set>
#include <tuple>

namespace cnn::analysis {
namespace {

bool has(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::vector<Point> of_libs(std::span<const Point> points, const std::vector<std::string>& libs) {
  std::vector<Point> out;
  for (const Point& p : points)
    if (has(libs, p.lib)) out.push_back(p);
  return out;
}

std::vector<BestRow> best_rows(std::span<const Point> all, std::span<const Point> chosen, const Series& baseline,
                               bool& baseline_measured) {
  std::map<std::pair<std::string, Series>, double> speedup;
  for (const Speedup& s : speedups(all, baseline)) speedup[{s.model, s.series}] = s.speedup;
  baseline_measured = !speedup.empty();
  std::vector<BestRow> rows;
  for (BestBatch& b : best_batches(chosen)) {
    BestRow row{std::move(b), std::nullopt, std::nullopt};
    if (const auto it = speedup.find({row.best.model, row.best.series}); it != speedup.end()) row.speedup = it->second;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<PublishedRow> published_rows(const PublishedRun& reference, const ReportOptions& options) {
  std::vector<PublishedRow> rows;
  for (const PublishedResult& r : reference.results) {
    if (!options.libs.empty() && !has(options.libs, r.series.lib)) continue;
    PublishedRow row{r, 1000.0 / r.ms_per_image, std::nullopt};
    if (const auto base = reference.find(r.model, options.baseline)) row.speedup = base->ms_per_image / r.ms_per_image;
    rows.push_back(std::move(row));
  }
  return rows;
}

// Per model, precision and graph mode: the adaptive solution among the single-library series of that
// model with per-layer times (an executed plan is not a library to choose). The per-layer pass times
// each layer alone whatever the scheduler, so the sequential series are the ones to choose among.
std::vector<AdaptiveRow> adaptive_rows(std::span<const Point> points) {
  using Key = std::tuple<std::string, Precision, GraphMode>;
  std::map<Key, std::set<Series>> chosen;  // (model, precision, graph) -> series
  for (const Point* p : usable_points(points))
    if (!p->layers.empty() && p->lib != kAdaptiveLib && p->scheduler == Scheduler::Sequential)
      chosen[{p->model, p->precision, p->graph}].insert(series_of(*p));
  std::vector<AdaptiveRow> rows;
  for (const auto& [key, set] : chosen) {
    std::vector<Point> of_model;
    for (const Point& p : points)
      if (p.model == std::get<0>(key)) of_model.push_back(p);
    const std::vector<Series> series(set.begin(), set.end());
    for (AdaptiveResult& r : ideal_adaptive(of_model, series))  // one result: the model in that graph mode
      rows.push_back({std::get<1>(key), std::move(r), int(series.size())});
  }
  return rows;
}

std::vector<MemoryReportRow> memory_rows(std::span<const Point> points, double percent) {
  std::map<std::tuple<std::string, Series, int>, const Point*> by_key;
  for (const Point* p : usable_points(points)) by_key[{p->model, series_of(*p), p->batch}] = p;
  std::vector<MemoryReportRow> rows;
  for (const GoodEnoughBatch& g : good_enough_batches(points, percent)) {
    const Point* best = by_key.at({g.model, g.series, g.best_batch});
    rows.push_back({g.model, g.series, g.best_batch, g.best_ms_per_image, memory_per_image(*best), g.batch,
                    g.ms_per_image, g.memory});
  }
  return rows;
}

std::vector<Ratio> ratio_rows(std::span<const Point> points, const std::vector<std::string>& libs) {
  std::vector<Ratio> rows;
  for (std::size_t a = 0; a < libs.size(); ++a)
    for (std::size_t b = a + 1; b < libs.size(); ++b)
      for (Ratio& r : lib_ratios(points, libs[a], libs[b])) rows.push_back(std::move(r));
  std::stable_sort(rows.begin(), rows.end(), [](const Ratio& x, const Ratio& y) { return x.model < y.model; });
  for (Ratio& r : precision_ratios(points)) rows.push_back(std::move(r));
  for (Ratio& r : graph_ratios(points)) rows.push_back(std::move(r));
  for (Ratio& r : scheduler_ratios(points)) rows.push_back(std::move(r));
  return rows;
}

}  // namespace

std::vector<std::string> libs_of(std::span<const Point> points) {
  std::set<std::string> libs;
  for (const Point* p : usable_points(points)) libs.insert(p->lib);
  return {libs.begin(), libs.end()};
}

Report build_report(std::span<const Point> points, const ReportOptions& options, const PublishedRun* reference,
                    const PublishedTop1& published) {
  assert(options.good_enough_percent >= 0);
  Report report;
  report.options = options;
  const std::vector<Point> chosen = options.libs.empty() ? std::vector<Point>(points.begin(), points.end())
                                                         : of_libs(points, options.libs);
  report.libs = libs_of(chosen);
  report.best = best_rows(points, chosen, options.baseline, report.baseline_measured);
  const MeasuredAccuracy measured = measured_accuracy(points);
  for (BestRow& row : report.best)
    row.accuracy = shown_accuracy(measured, published, row.best.model, row.best.series);
  if (reference) report.published = published_rows(*reference, options);
  report.adaptive = adaptive_rows(chosen);
  report.executed = executed_adaptive(points);
  report.memory = memory_rows(chosen, options.good_enough_percent);
  report.ratios = ratio_rows(chosen, report.libs);
  report.readings = summarize_noise(chosen);
  return report;
}

}  // namespace cnn::analysis
