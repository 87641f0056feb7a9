// cnn-bench run: a sweep of models x libraries x precisions x batch sizes.
#include <algorithm>
#include <atomic>
#include <csignal>
#include <iostream>
#include <map>
#include <optional>

#include "app/cnn_bench/commands.h"
#include "app/cnn_bench/out_file.h"
#include "app/cnn_bench/selection.h"
#include "app/cnn_bench/store_access.h"
#include "app/cnn_bench/stored_plans.h"
#include "core/analysis/adaptive_plans.h"
#include "app/cnn_bench/summary_table.h"
#include "core/bench/progress_line.h"
#include "core/bench/sweep.h"

namespace cnn::bench_cli {
namespace {

// Set by SIGINT; the runner checks it between layers.
std::atomic<bool> g_cancel{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the SIGINT handler needs a lock-free flag");

extern "C" void on_sigint(int) { g_cancel.store(true); }

// Catches the first Ctrl-C (a second one ends the process as usual) while alive.
class SigintGuard {
 public:
  SigintGuard() {
    g_cancel.store(false);
    struct sigaction sa {};
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &sa, &old_);
  }
  ~SigintGuard() { sigaction(SIGINT, &old_, nullptr); }
  SigintGuard(const SigintGuard&) = delete;
  SigintGuard& operator=(const SigintGuard&) = delete;

 private:
  struct sigaction old_ {};
};

// --plan FILE: its plans in the wanted precisions and graph modes (all when --precision or --graph
// is absent).
std::vector<AdaptivePlan> read_plans(const std::string& path, const std::optional<std::string>& precision_list,
                                     const std::optional<std::string>& graph_list) {
  std::vector<AdaptivePlan> plans;
  try {
    plans = load_plans(path);
  } catch (const std::runtime_error& e) {
    throw UsageError(e.what());
  }
  if (precision_list) {
    const std::vector<Precision> wanted = select_precisions(precision_list);
    std::erase_if(plans, [&](const AdaptivePlan& p) {
      return std::find(wanted.begin(), wanted.end(), p.precision) == wanted.end();
    });
    if (plans.empty()) throw UsageError("the plan file '" + path + "' has no plan in the precision asked");
  }
  if (graph_list) {
    const std::vector<GraphMode> wanted = select_graphs(graph_list);
    std::erase_if(plans, [&](const AdaptivePlan& p) {
      return std::find(wanted.begin(), wanted.end(), p.graph) == wanted.end();
    });
    if (plans.empty()) throw UsageError("the plan file '" + path + "' has no plan in the graph mode asked");
  }
  return plans;
}

}  // namespace

const CommandSpec& run_spec() {
  static const CommandSpec spec{
      "run",
      "Measure end-to-end and per-layer forward time for every model x library x precision x batch size.",
      "cnn-bench run [--models LIST] [--libs LIST] [--batch SIZES] [--precision LIST] [--graph MODES]\n"
      "                     [--schedule SCHEDULERS] [--threads N]\n"
      "                     [--reps N] [--min-time SECONDS] [--max-reps M] [--rounds R] [--warmup N]\n"
      "                     [--noise-threshold PERCENT] [--wait-quiet SECONDS] [--quiet-load L]\n"
      "                     [--allow-tf32] [--plan FILE | --plan-run N]\n"
      "                     [--out FILE.json|FILE.csv] [--db FILE | --no-store] [--label TEXT]",
      {{"models", "LIST", "catalog ids or .prototxt / .onnx paths, comma separated (default: every built-in model)"},
       {"libs", "LIST", "library ids, comma separated (default: every available library except the reference oracle)"},
       {"batch", "SIZES", "batch sizes: FROM:TO[:STEP], a list like 1,4,8, or one number (default: 1)"},
       {"precision", "LIST", "fp32 and/or fp16, comma separated (default: fp32)"},
       {"graph", "MODES", "caffe (the model's layers one by one, as the file lists them), fused (BatchNorm/Scale\n"
                          "                    folded into convolutions, activations and sums fused into their producers)\n"
                          "                    or caffe,fused: each point in each mode, stored with the run (default: caffe);\n"
                          "                    with --plan, only the plans of these modes"},
       {"schedule", "SCHEDULERS", "sequential (every layer alone, in order), greedy (every ready layer at once, in\n"
                                  "                    concurrent groups) or ios (the stages IOS's dynamic program finds over measured\n"
                                  "                    stage times), or a list like sequential,ios: each point with each, stored\n"
                                  "                    with the point and its schedule (default: sequential); plans too"},
       {"threads", "N", "CPU threads (default: every core)"},
       {"reps", "N", "at least N timed repetitions per point, each an end-to-end and a per-layer pass (default: 6)"},
       {"min-time", "SECONDS", "and at least this much end-to-end time per point in all (default: 0.5)"},
       {"max-reps", "M", "but at most M repetitions per point, also for noisy points (default: 60)"},
       {"rounds", "R", "spread each point's repetitions over R rounds of the whole sweep, so that a slow\n"
                       "                    minute lands on a share of many points rather than on a few (default: 3)"},
       {"warmup", "N", "untimed forward passes at the start of every visit of a point (default: 1)"},
       {"noise-threshold", "PERCENT", "flag a point as noisy when the coefficient of variation of its end-to-end\n"
                                      "                    repetitions stays above this once its repetitions are spent (default: 5)"},
       {"wait-quiet", "SECONDS", "before the first point, wait up to this long for the machine's load to fall\n"
                                 "                    below --quiet-load (default: 0, start at once)"},
       {"quiet-load", "L", "the 1-minute load average that counts as quiet (default: half the cores)"},
       {"allow-tf32", "", "let GPU libraries use TF32 tensor-op math in fp32 (default: off, full fp32 FMA); stored\n"
                          "                    with the run's settings"},
       {"plan", "FILE", "the plans that library 'adaptive' runs (from 'cnn-bench plan --out'); alone, --libs\n"
                        "                    defaults to adaptive, --models to the plans' models, and each plan runs at its\n"
                        "                    own batch size unless --batch is given"},
       {"plan-run", "N", "like --plan, with the plans made now from stored run N over all its libraries (as\n"
                         "                    'cnn-bench plan --run N' makes them): a sweep, then this one command"},
       {"out", "FILE", "write the results: FILE.json, or FILE.csv plus FILE.layers.csv beside it"},
       db_option(),
       {"no-store", "", "do not keep the run in the results store"},
       {"label", "TEXT", "a note stored with the run, shown by 'cnn-bench runs'"}},
      "A library that is unavailable, or lacks a precision, is skipped with a note on stderr.\n"
      "Progress goes to stderr (one line per visit of a point when stderr is not a terminal), the summary to\n"
      "stdout. Every point is committed to the results store after each of its visits; Ctrl-C stops after\n"
      "the current layer and keeps what was measured. A busy machine (load above the core count) is named\n"
      "on stderr; noisy points are flagged in the summary, 'report', the JSON/CSV and the explorer.\n"
      "Exit status: 0 when the sweep finished (failed points are reported, not fatal), 1 when a point\n"
      "could not be stored, 2 on a usage error, 130 when interrupted.",
      ""};
  return spec;
}

int run_command(const Context& context, std::span<char* const> args) {
  const Arguments a = parse_arguments(run_spec(), args);
  if (a.has("help")) {
    std::cout << help_text(run_spec());
    return 0;
  }
  // "adaptive" among --libs (or --plan alone) runs the plans of --plan FILE.
  std::optional<std::string> lib_list = a.get("libs");
  const bool planned = a.has("plan") || a.has("plan-run");
  if (a.has("plan") && a.has("plan-run")) throw UsageError("give '--plan FILE' or '--plan-run N', not both");
  bool adaptive = planned && !lib_list;
  if (lib_list) {
    std::vector<std::string> ids = split_list(*lib_list, "libs");
    adaptive = std::erase(ids, std::string(kAdaptiveLib)) > 0;
    lib_list.reset();
    for (const auto& id : ids) lib_list = lib_list ? *lib_list + "," + id : id;
  }
  if (adaptive && !planned)
    throw UsageError("library 'adaptive' needs '--plan FILE' (from 'cnn-bench plan --out FILE') or '--plan-run N'");
  if (!adaptive && planned) throw UsageError("options '--plan' and '--plan-run' need 'adaptive' among '--libs'");
  std::vector<AdaptivePlan> adaptive_plans;
  if (adaptive && a.has("plan")) adaptive_plans = read_plans(*a.get("plan"), a.get("precision"), a.get("graph"));
  if (adaptive && a.has("plan-run")) {
    const ResultsStore source = open_existing_store(store_path(a));
    const StoredRun run = load_stored_run(source, chosen_run(source, a.get("plan-run")));
    for (Precision p : select_precisions(a.get("precision")))
      for (AdaptivePlan& plan : plans_from_run(run, std::nullopt, p, graphs_asked(run, a.get("graph")), a.get("models"),
                                               analysis::kDefaultMinGainPercent, std::cerr))
        adaptive_plans.push_back(std::move(plan));
  }
  std::optional<std::string> model_list = a.get("models");
  if (!model_list && adaptive) {
    for (const auto& p : adaptive_plans)
      if (!model_list || (',' + *model_list + ',').find(',' + p.model + ',') == std::string::npos)
        model_list = model_list ? *model_list + "," + p.model : p.model;
  }
  const std::vector<ModelInfo> models = select_models(context.models, model_list);
  const std::vector<Precision> precisions = select_precisions(a.get("precision"));
  const std::vector<GraphMode> graphs = select_graphs(a.get("graph"));
  const std::vector<Scheduler> schedulers = select_schedulers(a.get("schedule"));
  std::optional<std::vector<int>> batch_option;
  if (const auto b = a.get("batch")) {
    try {
      batch_option = parse_batches(*b);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }
  const std::vector<int> batches = batch_option.value_or(std::vector<int>{1});
  RunConfig config;
  if (const auto v = a.get("reps")) config.reps.min_reps = parse_int(*v, "reps", 1);
  if (const auto v = a.get("min-time")) config.reps.min_time_s = parse_double(*v, "min-time", 0);
  config.reps.max_reps = std::max(config.reps.max_reps, config.reps.min_reps);
  if (const auto v = a.get("max-reps")) config.reps.max_reps = parse_int(*v, "max-reps", 1);
  if (config.reps.max_reps < config.reps.min_reps)
    throw UsageError("'--max-reps' (" + std::to_string(config.reps.max_reps) + ") is below '--reps' (" +
                     std::to_string(config.reps.min_reps) + ")");
  if (const auto v = a.get("rounds")) config.reps.rounds = parse_int(*v, "rounds", 1);
  if (const auto v = a.get("noise-threshold")) config.reps.noise_threshold = parse_double(*v, "noise-threshold", 0) / 100;
  if (const auto v = a.get("warmup")) config.warmup = parse_int(*v, "warmup", 0);
  if (const auto v = a.get("threads")) config.threads = parse_int(*v, "threads", 1);
  config.allow_tf32 = a.has("allow-tf32");
  SweepOptions options;
  if (const auto v = a.get("wait-quiet")) options.wait_quiet_s = parse_double(*v, "wait-quiet", 0);
  if (const auto v = a.get("quiet-load")) options.quiet_load = parse_double(*v, "quiet-load", 0);
  std::optional<OutTarget> out;
  if (const auto v = a.get("out")) out = check_out_path(*v);
  if (a.has("no-store") && (a.has("db") || a.has("label")))
    throw UsageError("option '--no-store' cannot go with '--db' or '--label'");
  std::optional<ResultsStore> store;
  if (!a.has("no-store")) store = open_store(store_path(a));  // refuses a corrupt file before running

  const bool only_adaptive = adaptive && !lib_list;
  Selection selection;
  for (const ModelInfo& m : models) selection.models.push_back(m.id);
  selection.batches = batches;
  selection.graphs = graphs;
  selection.schedulers = schedulers;
  selection.config = config;
  if (!only_adaptive) selection.libs = select_libs(context.backends, lib_list, precisions, "", std::cerr);
  if (selection.libs.empty() && !adaptive)
    throw UsageError("nothing to run: no selected library is available in the selected precisions");
  if (models.empty()) throw UsageError("nothing to run: no model selected");
  selection.adaptive = adaptive_plans;  // those of the selected models
  std::erase_if(selection.adaptive, [&](const AdaptivePlan& p) {
    return std::none_of(models.begin(), models.end(), [&](const ModelInfo& m) { return m.id == p.model; });
  });
  selection.adaptive_at_batches = batch_option.has_value();
  if (adaptive && selection.adaptive.empty()) {
    std::string planned_models;
    for (const auto& p : adaptive_plans) planned_models += (planned_models.empty() ? "" : ", ") + p.model;
    throw UsageError("the plans have none for the selected models (they plan " + planned_models + ")");
  }

  if (store) options.store = &*store;
  options.label = a.get("label").value_or("");
  Sweep sweep(context.models, context.backends, std::move(selection), options);
  const RepetitionRule& rule = config.reps;
  std::cerr << "cnn-bench: " << sweep.points() << " point" << (sweep.points() == 1 ? "" : "s") << " in "
            << rule.rounds << " round" << (rule.rounds == 1 ? "" : "s") << ": each " << rule.min_reps << " to "
            << rule.max_reps << " repetitions and at least " << rule.min_time_s << " s, " << config.warmup
            << " warm-up per visit, noisy above " << rule.noise_threshold * 100 << " % CoV, "
            << config.resolved_threads() << " thread" << (config.resolved_threads() == 1 ? "" : "s")
            << (config.allow_tf32 ? ", TF32 allowed in fp32 on GPUs" : "") << "\n";

  const bool terminal = stderr_is_terminal();
  ProgressLine progress(std::cerr, terminal, "cnn-bench", terminal ? stderr_columns() : 0);
  SweepResult result;
  {
    SigintGuard guard;
    result = sweep.run(progress, &g_cancel);
  }
  progress.finish();
  if (result.status == RunStatus::Cancelled) std::cerr << "cnn-bench: interrupted. " << result.message << "\n";

  print_summary(std::cout, result.points);
  std::cout.flush();
  if (store && result.status != RunStatus::Cancelled) std::cerr << "cnn-bench: " << result.message << "\n";
  if (out) {
    write_results(*out, result.platform, result.points);
    std::cerr << "cnn-bench: wrote " << result.points.size() << " point" << (result.points.size() == 1 ? "" : "s") << " to ";
    const auto files = out->files();
    for (std::size_t i = 0; i < files.size(); ++i) std::cerr << (i ? " and " : "") << files[i].string();
    std::cerr << "\n";
  }
  if (result.status == RunStatus::Cancelled) return 130;
  return result.status == RunStatus::Failed ? 1 : 0;
}

}  // namespace cnn::bench_cli
