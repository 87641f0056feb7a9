// cnn-bench report: what one stored run says (best batches, adaptive, memory, ratios).
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cnn_bench/commands.h"
#include "app/cnn_bench/report_output.h"
#include "app/cnn_bench/report_roofline.h"
#include "app/cnn_bench/store_access.h"
#include "resources/published_reference.h"

namespace cnn::bench_cli {
namespace {

std::string joined(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "none" : out;
}

// "openblas" -> openblas/fp32; "cudnn/fp16" as given.
analysis::Series parse_baseline(const std::string& text) {
  if (text.find('/') == std::string::npos && !text.empty()) return {text, Precision::FP32};
  const auto series = analysis::parse_series(text);
  if (!series) throw UsageError("bad value '" + text + "' for '--baseline': use a library id or LIB/PRECISION");
  return *series;
}

bool has_series(const std::vector<Point>& points, const analysis::Series& s) {
  return std::any_of(points.begin(), points.end(),
                     [&](const Point& p) { return p.success && analysis::series_of(p) == s; });
}

}  // namespace

const CommandSpec& report_spec() {
  static const CommandSpec spec{
      "report",
      "Analyse one stored run: best batch and speedups, ideal adaptive, memory, time ratios, roofline.",
      "cnn-bench report [--run N] [--baseline LIB] [--libs LIST] [--good-enough P] [--reference] [--json]\n"
      "                        [--db FILE]",
      {{"run", "N", "the run id, as 'cnn-bench runs' lists it (default: the newest run)"},
       {"baseline", "LIB", "speedups are over this library, or LIB/PRECISION (default: openblas, in fp32)"},
       {"libs", "LIST", "report on these libraries of the run only, comma separated (default: all)"},
       {"good-enough", "P", "the good-enough batch is the smallest within P% of the best (default: 5)"},
       {"reference", "", "show the published Jetson TX1 (Caffe, 2016) figures beside table (a)"},
       {"json", "", "print one JSON object instead of tables"},
       db_option()},
      "Times are per image: the mean over repetitions divided by the batch size. The adaptive solution\n"
      "puts each layer on the library that runs it fastest, one precision at a time, with all layers at\n"
      "one batch size; its saving is against the best single library at that library's own best batch.\n"
      "top-1 is the accuracy measured with the series (cnn-bench accuracy) where the run has it, else the\n"
      "model's published ImageNet top-1, marked 'published'. (e) holds each layer against the ceilings\n"
      "'cnn-bench machine' measured on the run's CPU (the newest record).",
      ""};
  return spec;
}

int report_command(const Context& cli, std::span<char* const> args) {
  const Arguments a = parse_arguments(report_spec(), args);
  if (a.has("help")) {
    std::cout << help_text(report_spec());
    return 0;
  }
  analysis::ReportOptions options;
  if (const auto b = a.get("baseline")) options.baseline = parse_baseline(*b);
  if (const auto p = a.get("good-enough")) options.good_enough_percent = parse_double(*p, "good-enough", 0);
  const analysis::PublishedRun* reference = a.has("reference") ? &resources::jetson_tx1_reference() : nullptr;

  const ResultsStore store = open_existing_store(store_path(a));
  const StoredRun run = load_stored_run(store, chosen_run(store, a.get("run")));
  const std::vector<std::string> measured = analysis::libs_of(run.points);
  if (const auto libs = a.get("libs")) {
    for (const std::string& lib : split_list(*libs, "libs")) {
      if (std::find(measured.begin(), measured.end(), lib) == measured.end())
        throw UsageError("run " + std::to_string(run.summary.id) + " has no successful point of library '" + lib +
                         "' (it has: " + joined(measured) + ")");
      if (std::find(options.libs.begin(), options.libs.end(), lib) == options.libs.end()) options.libs.push_back(lib);
    }
  }
  const bool published_baseline =
      reference && std::any_of(reference->results.begin(), reference->results.end(),
                               [&](const analysis::PublishedResult& r) { return r.series == options.baseline; });
  if (a.has("baseline") && !has_series(run.points, options.baseline) && !published_baseline)
    throw UsageError("run " + std::to_string(run.summary.id) + " has no successful point of the baseline '" +
                     options.baseline.label() + "' (it has: " + joined(measured) + ")");

  const analysis::Report report =
      analysis::build_report(run.points, options, reference, analysis::published_top1(cli.models.all()));
  const ReportContext context{run.summary, reference};
  const std::optional<MachineRecord>& machine = run.machine;
  std::vector<Point> reported;  // the libraries reported on
  for (const Point& p : run.points)
    if (std::find(report.libs.begin(), report.libs.end(), p.lib) != report.libs.end()) reported.push_back(p);
  if (a.has("json")) {
    nlohmann::ordered_json j = report_json(report, context);
    j["roofline"] = roofline_json(reported, machine ? &*machine : nullptr);
    std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  } else {
    print_report(std::cout, report, context);
    print_roofline(std::cout, reported, machine ? &*machine : nullptr);
  }
  return 0;
}

}  // namespace cnn::bench_cli
