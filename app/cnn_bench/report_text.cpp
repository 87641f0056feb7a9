// cnn-bench report as text: four tables and their notes.
#include <algorithm>
#include <map>
#include <ostream>

#include "app/cnn_bench/report_output.h"
#include "app/cnn_bench/store_access.h"
#include "app/cnn_bench/text_table.h"

namespace cnn::bench_cli {
namespace {

using Align = TextTable::Align;
using analysis::Report;

std::string ms(double v) { return fixed(v, v < 1 ? 4 : 3); }

// "noisy", "layers off", "noisy, layers off", or "" for a reading that can be trusted.
std::string reading_flags(const analysis::Noise& n) {
  std::string out;
  if (n.noisy) out = "noisy";
  if (n.layers_off) out += (out.empty() ? "" : ", ") + std::string("layers off");
  return out;
}

// The footnote of (a): what the flags mean, and how the run's readings fared.
void print_readings(std::ostream& out, const analysis::NoiseSummary& s) {
  if (s.points == 0) return;
  const std::string threshold = s.threshold ? percent(*s.threshold, 0) : "its threshold";
  out << "  CoV: coefficient of variation (std / mean) of the point's end-to-end repetitions; layers/e2e: its\n"
      << "  per-layer pass summed over layers over the end-to-end median. noisy: CoV above " << threshold
      << " once the\n  point's repetitions were spent; layers off: per-layer sum more than "
      << percent(analysis::kLayerSumTolerance, 0) << " from end to end.\n"
      << "  Readings of this run: " << s.points << " points, " << s.noisy << " noisy, " << s.layers_off
      << " with layers off, median CoV " << percent(s.median_cov);
  if (s.max_load) out << ", highest load average " << fixed(*s.max_load, 2);
  if (s.provisional > 0) out << "; " << s.provisional << " not complete (the sweep was stopped)";
  out << ".\n";
}
std::string times(double v) { return fixed(v, 2) + "x"; }
std::string mb(double bytes) { return bytes > 0 ? fixed(bytes / 1e6, 2) : "-"; }
// 3.14 -> "+3.1%"
std::string signed_percent(double v) {
  std::string text = fixed(v, 1) + "%";
  if (v > 0) text.insert(text.begin(), '+');
  return text;
}
double modelled(const analysis::MemoryPerImage& m) { return m.weights + m.activations + m.workspace; }

void print_heading(std::ostream& out, const Report& report, const ReportContext& c) {
  const RunSummary& r = c.run;
  out << "Run " << r.id << ", started " << short_time(r.started_at) << " UTC, " << to_string(r.status);
  if (!r.label.empty()) out << ", label \"" << r.label << "\"";
  out << "\nPlatform: " << (r.cpu.empty() ? "unknown CPU" : r.cpu);
  if (r.cores > 0) out << ", " << r.cores << " cores";
  out << "\nLibraries: ";
  for (std::size_t i = 0; i < report.libs.size(); ++i) out << (i ? ", " : "") << report.libs[i];
  if (report.libs.empty()) out << "none with a successful point";
  out << "; speedups over " << report.options.baseline.label() << "\n";
}

// (a), with the published rows beside the measured ones of the same model and series.
void print_best(std::ostream& out, const Report& report, const ReportContext& c) {
  out << "\n(a) Best time per image (end-to-end pass, mean over repetitions, at each series' best batch)\n";
  struct Row {
    const analysis::BestRow* ours = nullptr;
    const analysis::PublishedRow* published = nullptr;
  };
  std::map<std::pair<std::string, analysis::Series>, Row> rows;
  for (const auto& b : report.best) rows[{b.best.model, b.best.series}].ours = &b;
  for (const auto& p : report.published) rows[{p.result.model, p.result.series}].published = &p;
  std::vector<TextTable::Column> columns = {{"model"},  {"lib"}, {"precision"}, {"ms/image", Align::Right},
                                            {"batch", Align::Right}, {"images/s", Align::Right},
                                            {"speedup", Align::Right}, {"CoV", Align::Right},
                                            {"layers/e2e", Align::Right}, {"reading"}, {"top-1"}};
  if (c.reference)
    for (const char* t : {"published ms/image", "batch", "images/s", "speedup"}) columns.push_back({t, Align::Right});
  TextTable table(columns);
  for (const auto& [key, row] : rows) {
    std::vector<std::string> cells = {key.first, key.second.lib, precision_text(key.second)};
    if (const auto* b = row.ours)
      cells.insert(cells.end(), {ms(b->best.ms_per_image), std::to_string(b->best.batch), fixed(b->best.images_per_s, 1),
                                 b->speedup ? times(*b->speedup) : "-", percent(b->best.noise.cov),
                                 b->best.noise.layer_ratio ? fixed(*b->best.noise.layer_ratio, 2) : "-",
                                 reading_flags(b->best.noise), analysis::accuracy_text(b->accuracy)});
    else
      cells.insert(cells.end(), {"-", "-", "-", "-", "-", "-", "", "-"});
    if (c.reference) {
      if (const auto* p = row.published)
        cells.insert(cells.end(), {ms(p->result.ms_per_image), std::to_string(p->result.batch),
                                   fixed(p->images_per_s, 1), p->speedup ? times(*p->speedup) : "-"});
      else
        cells.insert(cells.end(), {"-", "-", "-", "-"});
    }
    table.add_row(std::move(cells));
  }
  if (table.empty()) out << "  no successful point\n";
  else table.print(out, "  ");
  out << "  speedup: " << report.options.baseline.label() << " ms/image divided by the series' ms/image, each at its"
      << " own best batch";
  if (!report.baseline_measured) out << " (this run has no " << report.options.baseline.label() << " points)";
  out << "\n";
  print_readings(out, report.readings);
  if (std::any_of(report.best.begin(), report.best.end(), [](const analysis::BestRow& b) { return b.accuracy.has_value(); }))
    out << "  top-1: measured with the series on the dataset named (cnn-bench accuracy), or the model's published\n"
        << "  ImageNet top-1 ('published': the same for every library; - when neither is known).\n";
  if (const auto* ref = c.reference) {
    out << "  published columns: " << ref->title << ", measured on another machine: " << ref->platform << "\n"
        << "    Only the best time per image at the best batch was published (" << ref->repetitions
        << " repetitions per point); source: " << ref->source << ".\n";
    if (!ref->accuracy.empty()) {
      out << "    Published ImageNet top-1 / top-5:";
      for (std::size_t i = 0; i < ref->accuracy.size(); ++i)
        out << (i ? ";" : "") << " " << ref->accuracy[i].name << " " << percent(ref->accuracy[i].top1) << " / "
            << percent(ref->accuracy[i].top5);
      out << "\n";
    }
  }
}

void print_adaptive(std::ostream& out, const Report& report) {
  out << "\n(b) Ideal adaptive solution (each layer on its fastest library, all layers at one batch size;"
         " per-layer pass)\n";
  if (report.adaptive.empty()) out << "  no point with per-layer times\n";
  for (const auto& row : report.adaptive) {
    const analysis::AdaptiveResult& r = row.result;
    const std::string precision = precision_text(row.precision, r.graph, Scheduler::Sequential);
    out << "  " << r.model << ", " << precision << ": ";
    if (!r.ok()) {
      out << as_message(r.error) << "\n";
      continue;
    }
    out << "batch " << r.batch << ", " << ms(r.ms_per_image) << " ms/image in total\n";
    TextTable table({{"lib"}, {"layers", Align::Right}, {"ms/image", Align::Right}, {"share", Align::Right}});
    for (const auto& s : r.per_series) {
      int layers = 0;
      for (const auto& l : r.layers) layers += l.series == s.series ? 1 : 0;
      table.add_row({s.series.lib, std::to_string(layers), ms(s.ms_per_image),
                     percent(r.ms_per_image > 0 ? s.ms_per_image / r.ms_per_image : 0)});
    }
    table.print(out, "    ");
    const auto& single = r.best_single;
    out << "    best single library: " << single.series.lib << " at batch " << single.batch << ", "
        << ms(single.ms_per_image) << " ms/image; saving " << fixed(r.saving_percent, 1) << "%";
    if (r.best_single_same_batch.series != single.series || r.best_single_same_batch.batch != single.batch)
      out << " (against " << r.best_single_same_batch.series.lib << " at batch " << r.batch << ": "
          << fixed(r.saving_same_batch_percent, 1) << "%)";
    out << "\n";
    if (row.libraries == 1)
      out << "    note: only one library (" << single.series.lib << ") has per-layer times in " << precision
          << ": there is nothing to choose between\n";
    else if (r.saving_percent < 0)
      out << "    note: the saving is negative: with all layers at batch " << r.batch << ", the fastest library per"
          << " layer is still slower than " << single.series.lib << " alone at its own best batch " << single.batch
          << "\n";
  }
}

void print_executed(std::ostream& out, const Report& report) {
  if (report.executed.empty()) return;
  out << "\n(b') Executed adaptive plans (per-layer pass per image: the plan's prediction, the measured run, and\n"
         "     the best single library it was planned against; transfers: copies between libraries' memories)\n";
  TextTable table({{"model"}, {"precision"}, {"batch", Align::Right}, {"predicted", Align::Right},
                   {"transfers", Align::Right}, {"measured", Align::Right}, {"vs predicted", Align::Right},
                   {"best single"}, {"ms/image", Align::Right}, {"vs best", Align::Right},
                   {"end-to-end", Align::Right}});
  for (const auto& e : report.executed)
    table.add_row({e.model, precision_text(e.precision, e.graph, e.scheduler), std::to_string(e.batch), ms(e.predicted_ms_per_image),
                   ms(e.transfer_ms_per_image), ms(e.measured_ms_per_image), signed_percent(e.vs_predicted_percent()),
                   e.best_single.lib + " @ " + std::to_string(e.best_single.batch), ms(e.best_single.ms_per_image),
                   signed_percent(e.vs_best_single_percent()), ms(e.end_to_end_ms_per_image)});
  table.print(out, "  ");
  out << "  vs predicted: measured against predicted + transfers; vs best: against the best single library's"
         " per-layer pass (+: the adaptive run is slower)\n";
}

void print_memory(std::ostream& out, const Report& report) {
  out << "\n(c) Memory per image at the best batch and at the good-enough batch (the smallest batch within "
      << fixed(report.options.good_enough_percent, 1) << "% of the best time per image)\n";
  TextTable table({{"model"}, {"lib"}, {"precision"}, {"best", Align::Right}, {"ms/image", Align::Right},
                   {"MB/image", Align::Right}, {"measured", Align::Right}, {"good", Align::Right},
                   {"ms/image", Align::Right}, {"MB/image", Align::Right}, {"measured", Align::Right}});
  for (const auto& m : report.memory)
    table.add_row({m.model, m.series.lib, precision_text(m.series), std::to_string(m.best_batch), ms(m.best_ms_per_image),
                   mb(modelled(m.at_best)), mb(m.at_best.measured), std::to_string(m.good_batch),
                   ms(m.good_ms_per_image), mb(modelled(m.at_good)), mb(m.at_good.measured)});
  if (table.empty()) {
    out << "  no successful point\n";
    return;
  }
  table.print(out, "  ");
  out << "  MB/image: (weights + peak activations + workspace) / batch; measured: the process's measured growth /"
         " batch (- when not measured)\n";
}

// What a ratio compares: "openblas / reference (fp32)", "fp16 / fp32 (cudnn)",
// "fused / caffe (onednn fp32)", "ios / sequential (onednn fp32)"; the fused graph and a scheduler
// are named in the first two ("(fp32, fused, ios)").
std::string ratio_text(const analysis::Ratio& r) {
  const analysis::Series& n = r.numerator;
  const analysis::Series& d = r.denominator;
  if (n.scheduler != d.scheduler)
    return std::string(to_string(n.scheduler)) + " / " + std::string(to_string(d.scheduler)) + " (" + n.lib + " " +
           precision_text(n.precision, n.graph, Scheduler::Sequential) + ")";
  if (n.graph != d.graph)
    return std::string(to_string(n.graph)) + " / " + std::string(to_string(d.graph)) + " (" + n.lib + " " +
           std::string(to_string(n.precision)) + ")";
  if (n.precision != d.precision) {
    // The precision's place names the graph mode and scheduler instead: "(cudnn, fused, ios)".
    const std::string modes = precision_text(n).substr(to_string(n.precision).size());
    return std::string(to_string(n.precision)) + " / " + std::string(to_string(d.precision)) + " (" + n.lib + modes + ")";
  }
  return n.lib + " / " + d.lib + " (" + precision_text(n) + ")";
}

void print_ratios(std::ostream& out, const Report& report) {
  out << "\n(d) Time ratios (each series at its own best batch; below 1: the first is faster)\n";
  TextTable table({{"model"}, {"ratio"}, {"ms/image", Align::Right}, {"batch", Align::Right},
                   {"ms/image", Align::Right}, {"batch", Align::Right}, {"ratio", Align::Right}});
  for (const auto& r : report.ratios) {
    table.add_row({r.model, ratio_text(r), ms(r.numerator_ms), std::to_string(r.numerator_batch), ms(r.denominator_ms),
                   std::to_string(r.denominator_batch), fixed(r.ratio, 3)});
  }
  if (table.empty()) out << "  none: no model has two series\n";
  else table.print(out, "  ");
}

}  // namespace

void print_report(std::ostream& out, const Report& report, const ReportContext& context) {
  print_heading(out, report, context);
  print_best(out, report, context);
  print_adaptive(out, report);
  print_executed(out, report);
  print_memory(out, report);
  print_ratios(out, report);
}

}  // namespace cnn::bench_cli
