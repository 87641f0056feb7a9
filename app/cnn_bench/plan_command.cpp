// cnn-bench plan: the ideal adaptive solution of a stored run, as plans that 'run --libs adaptive' executes.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/cnn_bench/commands.h"
#include "app/cnn_bench/selection.h"
#include "app/cnn_bench/store_access.h"
#include "app/cnn_bench/stored_plans.h"
#include "app/cnn_bench/text_table.h"
#include "core/analysis/adaptive_plans.h"

namespace cnn::bench_cli {
namespace {

// "onednn 14, openblas 8": how many layers each library runs.
std::string layers_per_lib(const AdaptivePlan& plan) {
  std::string out;
  for (const std::string& lib : plan.libs()) {
    const auto n = std::count_if(plan.layers.begin(), plan.layers.end(), [&](const PlannedLayer& l) { return l.lib == lib; });
    out += (out.empty() ? "" : ", ") + lib + " " + std::to_string(n);
  }
  return out;
}

// A file name for the model: its id, or a user file's stem.
std::string file_stem(const std::string& model) {
  const std::filesystem::path p(model);
  return p.extension() == ".prototxt" || model.find('/') != std::string::npos ? p.stem().string() : model;
}

}  // namespace

const CommandSpec& plan_spec() {
  static const CommandSpec spec{
      "plan",
      "Make the adaptive plan (each layer on its fastest library) of every model in a stored run.",
      "cnn-bench plan [--run N] [--libs LIST] [--precision P] [--graph MODES] [--models LIST] [--min-gain P]\n"
      "                      [--out FILE.json] [--prototxt DIR] [--db FILE]",
      {{"run", "N", "the stored run whose per-layer times choose the libraries (default: the newest run)"},
       {"libs", "LIST", "the libraries to choose among (default: every library the run measured)"},
       {"precision", "P", "fp32 or fp16 (default: fp32)"},
       {"graph", "MODES", "caffe, fused or caffe,fused: a plan per model in each mode, made from the points of\n"
                          "                  that mode only (default: every mode the run measured)"},
       {"models", "LIST", "only these models of the run (default: all)"},
       {"min-gain", "P", "a layer leaves the best single library only when another runs it P% faster (default: 5;\n"
                         "                  0: the ideal adaptive solution exactly)"},
       {"out", "FILE", "save the plans as JSON, for 'cnn-bench run --libs adaptive --plan FILE'"},
       {"prototxt", "DIR", "also write DIR/<model>.adaptive.prototxt with an engine: field per layer"},
       db_option()},
      "Each model gets the batch size at which its adaptive total is least; a layer's time includes the\n"
      "reorders its library timed beside it. Models the analysis cannot plan are named on stderr.\n"
      "A plan of the fused graph runs fused layer groups, which a prototxt cannot name: --prototxt skips it.",
      ""};
  return spec;
}

int plan_command(const Context& context, std::span<char* const> args) {
  const Arguments a = parse_arguments(plan_spec(), args);
  if (a.has("help")) {
    std::cout << help_text(plan_spec());
    return 0;
  }
  const std::vector<Precision> precisions = select_precisions(a.get("precision"));
  if (precisions.size() != 1) throw UsageError("a plan runs in one precision: give one value to '--precision'");
  const std::string precision(to_string(precisions.front()));
  const double min_gain = a.get("min-gain") ? parse_double(*a.get("min-gain"), "min-gain", 0)
                                            : analysis::kDefaultMinGainPercent;

  const ResultsStore store = open_existing_store(store_path(a));
  const std::int64_t run_id = chosen_run(store, a.get("run"));
  const StoredRun run = load_stored_run(store, run_id);
  const std::vector<AdaptivePlan> plans =
      plans_from_run(run, a.get("libs"), precisions.front(), graphs_asked(run, a.get("graph")), a.get("models"),
                     min_gain, std::cerr);
  using Align = TextTable::Align;
  TextTable table({{"model"}, {"graph"}, {"batch", Align::Right}, {"predicted ms/img", Align::Right}, {"best single"},
                   {"ms/img", Align::Right}, {"saving", Align::Right}, {"layers per library"}});
  for (const AdaptivePlan& p : plans)
    table.add_row({p.model, std::string(to_string(p.graph)), std::to_string(p.batch), fixed(p.predicted_ms_per_image, 3),
                   p.best_single.lib + " @ " + std::to_string(p.best_single.batch), fixed(p.best_single.ms_per_image, 3),
                   fixed(p.saving_percent(), 1) + "%", layers_per_lib(p)});
  std::cout << "Adaptive plans from run " << run_id << " (" << precision << "), per-layer pass per image:\n";
  table.print(std::cout);

  if (const auto out = a.get("out")) {
    try {
      save_plans(*out, plans);
    } catch (const std::runtime_error& e) {
      throw UsageError(e.what());
    }
    std::cerr << "cnn-bench: wrote " << plans.size() << " plan" << (plans.size() == 1 ? "" : "s") << " to " << *out
              << "; run them with: cnn-bench run --libs adaptive --plan " << *out << "\n";
  }
  if (const auto dir = a.get("prototxt")) {
    std::error_code ec;
    std::filesystem::create_directories(*dir, ec);
    for (const AdaptivePlan& p : plans) {
      if (p.graph != GraphMode::Caffe) {
        std::cerr << "cnn-bench: no prototxt for the fused plan of " << p.model
                  << ": its layers are fused groups, which the model file does not have\n";
        continue;
      }
      const ModelInfo model = context.models.resolve(p.model);
      if (model.prototxt.empty()) {
        std::cerr << "cnn-bench: no prototxt for the plan of " << p.model << ": the model is not a prototxt\n";
        continue;
      }
      const std::filesystem::path path = std::filesystem::path(*dir) / (file_stem(p.model) + ".adaptive.prototxt");
      std::ofstream f(path, std::ios::binary | std::ios::trunc);
      f << prototxt_with_engines(p, model.prototxt, model.id);
      f.close();
      if (!f) throw UsageError("cannot write '" + path.string() + "'");
      std::cerr << "cnn-bench: wrote " << path.string() << "\n";
    }
  }
  return 0;
}

}  // namespace cnn::bench_cli
