#include "core/analysis/ratios.h"

#include <map>
#include <tuple>
#include <utility>

#include "core/analysis/best_batch.h"

namespace cnn::analysis {

namespace {

using Best = std::map<std::pair<std::string, Series>, const BestBatch*>;  // (model, series) -> best

Best index_best(const std::vector<BestBatch>& best) {
  Best index;
  for (const BestBatch& b : best) index[{b.model, b.series}] = &b;
  return index;
}

// Appends the ratio num / den for `model` when both were measured and den is not 0.
void add_ratio(const Best& best, const std::string& model, const Series& num, const Series& den,
               std::vector<Ratio>& out) {
  const auto n = best.find({model, num});
  const auto d = best.find({model, den});
  if (n == best.end() || d == best.end() || d->second->ms_per_image <= 0) return;
  out.push_back({model, num, den, n->second->batch, d->second->batch, n->second->ms_per_image,
                 d->second->ms_per_image, n->second->ms_per_image / d->second->ms_per_image});
}

// Each best batch of a series `pick` takes over that of its sibling `sibling_of(series)` (fp16 over
// fp32, fused over caffe); best is ordered by (model, lib, precision, graph), and so is the result.
template <class Pick, class Sibling>
std::vector<Ratio> sibling_ratios(std::span<const Point> points, Pick pick, Sibling sibling_of) {
  const std::vector<BestBatch> best = best_batches(points);
  const Best index = index_best(best);
  std::vector<Ratio> out;
  for (const BestBatch& b : best)
    if (pick(b.series)) add_ratio(index, b.model, b.series, sibling_of(b.series), out);
  return out;
}

}  // namespace

std::vector<Ratio> ratios(std::span<const Point> points, const Series& numerator, const Series& denominator) {
  const std::vector<BestBatch> best = best_batches(points);
  const Best index = index_best(best);
  std::vector<Ratio> out;
  for (const std::string& model : models_of(points)) add_ratio(index, model, numerator, denominator, out);
  return out;
}

std::vector<Ratio> precision_ratios(std::span<const Point> points) {
  return sibling_ratios(points, [](const Series& s) { return s.precision == Precision::FP16; },
                        [](const Series& s) { return Series{s.lib, Precision::FP32, s.graph, s.scheduler}; });
}

std::vector<Ratio> graph_ratios(std::span<const Point> points) {
  return sibling_ratios(points, [](const Series& s) { return s.graph == GraphMode::Fused; },
                        [](const Series& s) { return Series{s.lib, s.precision, GraphMode::Caffe, s.scheduler}; });
}

std::vector<Ratio> scheduler_ratios(std::span<const Point> points) {
  return sibling_ratios(points, [](const Series& s) { return s.scheduler != Scheduler::Sequential; },
                        [](const Series& s) { return Series{s.lib, s.precision, s.graph, Scheduler::Sequential}; });
}

std::vector<Ratio> lib_ratios(std::span<const Point> points, std::string_view lib_a, std::string_view lib_b) {
  const std::vector<BestBatch> best = best_batches(points);
  const Best index = index_best(best);
  std::vector<Ratio> out;
  // best is ordered by (model, lib, precision, graph, scheduler); collect lib_a's entries in (model,
  // precision, graph, scheduler) order.
  std::map<std::tuple<std::string, Precision, GraphMode, Scheduler>, Series> wanted;
  for (const BestBatch& b : best)
    if (b.series.lib == lib_a) wanted[{b.model, b.series.precision, b.series.graph, b.series.scheduler}] = b.series;
  for (const auto& [key, series] : wanted)
    add_ratio(index, std::get<0>(key), series,
              {std::string(lib_b), series.precision, series.graph, series.scheduler}, out);
  return out;
}

}  // namespace cnn::analysis
