#pragma once
// cnn-bench report: an analysis::Report of one stored run, as text tables or as one JSON object.
#include <iosfwd>
#include <nlohmann/json_fwd.hpp>

#include "core/analysis/report.h"
#include "core/store/results_store.h"

namespace cnn::bench_cli {

// What the report is about, for its heading.
struct ReportContext {
  RunSummary run;
  const analysis::PublishedRun* reference = nullptr;  // --reference; null otherwise
};

// (a) best time per image with speedups (and the published rows beside), (b) the ideal adaptive
// solution, (c) memory at the best and the good-enough batch, (d) time ratios; then notes.
void print_report(std::ostream& out, const analysis::Report& report, const ReportContext& context);

// The same as one JSON object: "run", "options", "best", "reference" (with --reference),
// "adaptive", "memory", "ratios". Times in ms per image, memory in bytes per image; each best row's
// "accuracy": {"top1", "source" ("measured" / "published"), "dataset", "text", and when measured
// "images", "standard_error"}, or null.
nlohmann::ordered_json report_json(const analysis::Report& report, const ReportContext& context);

}  // namespace cnn::bench_cli
