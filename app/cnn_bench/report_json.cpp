// cnn-bench report --json: the report as one JSON object.
#include <nlohmann/json.hpp>

#include "app/cnn_bench/report_output.h"

namespace cnn::bench_cli {
namespace {

using nlohmann::ordered_json;
using analysis::Report;

ordered_json optional_number(const std::optional<double>& v) { return v ? ordered_json(*v) : ordered_json(nullptr); }

ordered_json memory_json(const analysis::MemoryPerImage& m) {
  return {{"weights", m.weights},     {"activations", m.activations}, {"activations_total", m.activations_total},
          {"workspace", m.workspace}, {"measured", m.measured}};
}

ordered_json series_time_json(const analysis::SeriesTime& s) {
  return {{"lib", s.series.lib},       {"precision", s.series.precision}, {"graph", s.series.graph},
          {"scheduler", s.series.scheduler}, {"batch", s.batch},            {"ms_per_image", s.ms_per_image}};
}

// The top-1 a best row shows; null when none is known.
ordered_json accuracy_json(const std::optional<analysis::ShownAccuracy>& a) {
  if (!a) return nullptr;
  ordered_json j = {{"top1", a->top1},
                    {"source", a->measured() ? "measured" : "published"},
                    {"dataset", a->dataset},
                    {"text", analysis::accuracy_text(a)}};
  if (a->measured()) {
    j["images"] = a->images;
    j["standard_error"] = optional_number(a->standard_error());
  }
  return j;
}

ordered_json run_json(const RunSummary& r) {
  return {{"id", r.id},         {"started_at", r.started_at}, {"finished_at", r.finished_at},
          {"status", std::string(to_string(r.status))},       {"label", r.label},
          {"cpu", r.cpu},       {"cores", r.cores},           {"points", r.points}};
}

ordered_json reference_json(const Report& report, const analysis::PublishedRun& ref) {
  ordered_json rows = ordered_json::array();
  for (const auto& p : report.published)
    rows.push_back({{"model", p.result.model},
                    {"lib", p.result.series.lib},
                    {"precision", p.result.series.precision},
                    {"tag", p.result.tag},
                    {"batch", p.result.batch},
                    {"ms_per_image", p.result.ms_per_image},
                    {"images_per_s", p.images_per_s},
                    {"speedup", optional_number(p.speedup)}});
  ordered_json accuracy = ordered_json::array();
  for (const auto& a : ref.accuracy)
    accuracy.push_back({{"model", a.model}, {"name", a.name}, {"top1", a.top1}, {"top5", a.top5}});
  return {{"id", ref.id},         {"title", ref.title},   {"published", true},      {"source", ref.source},
          {"platform", ref.platform}, {"method", ref.method}, {"rows", std::move(rows)}, {"accuracy", std::move(accuracy)}};
}

ordered_json adaptive_json(const analysis::AdaptiveRow& row) {
  const analysis::AdaptiveResult& r = row.result;
  ordered_json j = {{"model", r.model}, {"precision", row.precision}, {"graph", r.graph}, {"libraries", row.libraries}};
  if (!r.ok()) {
    j["error"] = r.error;
    return j;
  }
  j["batch"] = r.batch;
  j["ms_per_image"] = r.ms_per_image;
  ordered_json per_lib = ordered_json::array();
  for (const auto& s : r.per_series) per_lib.push_back(series_time_json(s));
  j["per_library"] = std::move(per_lib);
  j["best_single"] = series_time_json(r.best_single);
  j["saving_percent"] = r.saving_percent;
  j["best_single_same_batch"] = series_time_json(r.best_single_same_batch);
  j["saving_same_batch_percent"] = r.saving_same_batch_percent;
  ordered_json layers = ordered_json::array();
  for (const auto& l : r.layers)
    layers.push_back({{"index", l.index}, {"name", l.name}, {"type", l.type}, {"lib", l.series.lib},
                      {"ms_per_image", l.ms_per_image}});
  j["layers"] = std::move(layers);
  return j;
}

}  // namespace

ordered_json report_json(const Report& report, const ReportContext& context) {
  ordered_json doc = ordered_json::object();
  doc["run"] = run_json(context.run);
  doc["options"] = {{"baseline", report.options.baseline.label()},
                    {"libs", report.libs},
                    {"good_enough_percent", report.options.good_enough_percent}};

  ordered_json best = ordered_json::array();
  for (const auto& b : report.best)
    best.push_back({{"model", b.best.model},
                    {"lib", b.best.series.lib},
                    {"precision", b.best.series.precision},
                    {"graph", b.best.series.graph},
                    {"scheduler", b.best.series.scheduler},
                    {"batch", b.best.batch},
                    {"ms_per_image", b.best.ms_per_image},
                    {"std_ms_per_image", b.best.per_image.std},
                    {"repetitions", b.best.per_image.n},
                    {"images_per_s", b.best.images_per_s},
                    {"speedup", optional_number(b.speedup)},
                    {"cov", b.best.noise.cov},
                    {"layer_sum_ratio", optional_number(b.best.noise.layer_ratio)},
                    {"noisy", b.best.noise.noisy},
                    {"layer_sum_off", b.best.noise.layers_off},
                    {"accuracy", accuracy_json(b.accuracy)}});
  doc["best"] = std::move(best);
  const analysis::NoiseSummary& r = report.readings;
  doc["readings"] = {{"points", r.points},
                     {"noisy", r.noisy},
                     {"layer_sum_off", r.layers_off},
                     {"provisional", r.provisional},
                     {"median_cov", r.median_cov},
                     {"max_load", optional_number(r.max_load)},
                     {"noise_threshold", optional_number(r.threshold)}};
  if (context.reference) doc["reference"] = reference_json(report, *context.reference);

  ordered_json adaptive = ordered_json::array();
  for (const auto& row : report.adaptive) adaptive.push_back(adaptive_json(row));
  doc["adaptive"] = std::move(adaptive);

  ordered_json executed = ordered_json::array();
  for (const auto& e : report.executed) {
    ordered_json per_lib = ordered_json::object();
    for (const auto& [lib, ms] : e.per_lib_ms_per_image) per_lib[lib] = ms;
    executed.push_back({{"model", e.model},
                        {"precision", e.precision},
                        {"graph", e.graph},
                        {"scheduler", e.scheduler},
                        {"batch", e.batch},
                        {"plan_batch", e.plan_batch},
                        {"predicted_ms_per_image", e.predicted_ms_per_image},
                        {"measured_ms_per_image", e.measured_ms_per_image},
                        {"transfer_ms_per_image", e.transfer_ms_per_image},
                        {"reorder_ms_per_image", e.reorder_ms_per_image},
                        {"per_library_ms_per_image", std::move(per_lib)},
                        {"end_to_end_ms_per_image", e.end_to_end_ms_per_image},
                        {"best_single", {{"lib", e.best_single.lib}, {"batch", e.best_single.batch},
                                         {"ms_per_image", e.best_single.ms_per_image},
                                         {"end_to_end_ms_per_image", e.best_single_end_to_end_ms_per_image}}},
                        {"vs_predicted_percent", e.vs_predicted_percent()},
                        {"vs_best_single_percent", e.vs_best_single_percent()}});
  }
  doc["executed_adaptive"] = std::move(executed);

  ordered_json memory = ordered_json::array();
  for (const auto& m : report.memory)
    memory.push_back({{"model", m.model},
                      {"lib", m.series.lib},
                      {"precision", m.series.precision},
                      {"graph", m.series.graph},
                      {"scheduler", m.series.scheduler},
                      {"best", {{"batch", m.best_batch}, {"ms_per_image", m.best_ms_per_image},
                                {"bytes_per_image", memory_json(m.at_best)}}},
                      {"good_enough", {{"batch", m.good_batch}, {"ms_per_image", m.good_ms_per_image},
                                       {"bytes_per_image", memory_json(m.at_good)}}}});
  doc["memory"] = std::move(memory);

  ordered_json ratios = ordered_json::array();
  for (const auto& r : report.ratios)
    ratios.push_back({{"model", r.model},
                      {"numerator", r.numerator.label()},
                      {"denominator", r.denominator.label()},
                      {"numerator_batch", r.numerator_batch},
                      {"numerator_ms_per_image", r.numerator_ms},
                      {"denominator_batch", r.denominator_batch},
                      {"denominator_ms_per_image", r.denominator_ms},
                      {"ratio", r.ratio}});
  doc["ratios"] = std::move(ratios);
  return doc;
}

}  // namespace cnn::bench_cli
