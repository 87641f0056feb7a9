// cnn-bench run: a sweep of models x libraries x precisions x batch sizes.
#include <algorithm>
#include <atomic>
#include <csignal>
#include <iostream>
#include <map>
#include <optional>

#include "app/cnn_bench/commands.h"
#include "app/cnn_bench/out_file.h"
#include "app/cnn_bench/progress_line.h"
#include "app/cnn_bench/selection.h"
#include "app/cnn_bench/store_access.h"
#include "app/cnn_bench/store_recorder.h"
#include "app/cnn_bench/stored_plans.h"
#include "core/analysis/adaptive_plans.h"
#include "app/cnn_bench/summary_table.h"
#include "core/bench/plan.h"
#include "core/bench/runner.h"

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

// Libraries that have the same precisions share one Plan (a Plan is a full cross product).
std::vector<Plan> make_plans(const std::vector<ModelInfo>& models, const std::vector<LibChoice>& libs,
                             const std::vector<int>& batches, const RunConfig& config) {
  std::vector<Plan> plans;
  for (const auto& lib : libs) {
    auto it = std::find_if(plans.begin(), plans.end(), [&](const Plan& p) { return p.precisions == lib.precisions; });
    if (it == plans.end()) {
      Plan plan;
      for (const auto& m : models) plan.models.push_back(m.id);
      plan.precisions = lib.precisions;
      plan.batches = batches;
      plan.config = config;
      plans.push_back(std::move(plan));
      it = plans.end() - 1;
    }
    it->libs.push_back(lib.backend->info().id);
  }
  return plans;
}

int plan_size(const Plan& p) {
  return int(p.models.size() * p.libs.size() * p.precisions.size() * p.batches.size());
}

// The whole sweep as one Plan, as the store records it: every library, every precision asked.
Plan sweep_plan(const std::vector<Plan>& plans) {
  Plan all = plans.front();
  all.libs.clear();
  all.precisions.clear();
  all.models.clear();
  all.batches.clear();
  all.adaptive.clear();
  for (const auto& p : plans) {
    for (const auto& m : p.models)
      if (std::find(all.models.begin(), all.models.end(), m) == all.models.end()) all.models.push_back(m);
    for (const auto& lib : p.libs)
      if (std::find(all.libs.begin(), all.libs.end(), lib) == all.libs.end()) all.libs.push_back(lib);
    all.adaptive.insert(all.adaptive.end(), p.adaptive.begin(), p.adaptive.end());
    for (int b : p.batches)
      if (std::find(all.batches.begin(), all.batches.end(), b) == all.batches.end()) all.batches.push_back(b);
    for (Precision x : p.precisions)
      if (std::find(all.precisions.begin(), all.precisions.end(), x) == all.precisions.end())
        all.precisions.push_back(x);
  }
  return all;
}

// The sweeps of lib "adaptive": each plan at its own batch size, or all at `batches` when given.
std::vector<Plan> adaptive_sweeps(const std::vector<AdaptivePlan>& adaptive, const std::optional<std::vector<int>>& batches,
                                  const RunConfig& config) {
  std::vector<Plan> out;
  for (const AdaptivePlan& a : adaptive) {
    const Precision precision = parse_precision(a.precision).value_or(Precision::FP32);
    auto it = std::find_if(out.begin(), out.end(), [&](const Plan& p) {
      return batches && p.precisions.front() == precision;
    });
    if (it == out.end()) {
      Plan plan;
      plan.libs = {std::string(kAdaptiveLib)};
      plan.precisions = {precision};
      plan.batches = batches ? *batches : std::vector<int>{a.batch};
      plan.config = config;
      out.push_back(std::move(plan));
      it = out.end() - 1;
    }
    if (std::find(it->models.begin(), it->models.end(), a.model) == it->models.end()) it->models.push_back(a.model);
    it->adaptive.push_back(a);
  }
  return out;
}

// --plan FILE: its plans in the wanted precisions (all when --precision is absent).
std::vector<AdaptivePlan> read_plans(const std::string& path, const std::optional<std::string>& precision_list) {
  std::vector<AdaptivePlan> plans;
  try {
    plans = load_plans(path);
  } catch (const std::runtime_error& e) {
    throw UsageError(e.what());
  }
  if (precision_list) {
    const std::vector<Precision> wanted = select_precisions(precision_list);
    std::erase_if(plans, [&](const AdaptivePlan& p) {
      const auto x = parse_precision(p.precision);
      return !x || std::find(wanted.begin(), wanted.end(), *x) == wanted.end();
    });
    if (plans.empty()) throw UsageError("the plan file '" + path + "' has no plan in the precision asked");
  }
  return plans;
}

}  // namespace

const CommandSpec& run_spec() {
  static const CommandSpec spec{
      "run",
      "Measure end-to-end and per-layer forward time for every model x library x precision x batch size.",
      "cnn-bench run [--models LIST] [--libs LIST] [--batch SIZES] [--reps N] [--warmup N] [--threads N]\n"
      "                     [--precision LIST] [--allow-tf32] [--plan FILE | --plan-run N]\n"
      "                     [--out FILE.json|FILE.csv] [--db FILE | --no-store] [--label TEXT]",
      {{"models", "LIST", "catalog ids or .prototxt paths, comma separated (default: every built-in model)"},
       {"libs", "LIST", "library ids, comma separated (default: every available library except the reference oracle)"},
       {"batch", "SIZES", "batch sizes: FROM:TO[:STEP], a list like 1,4,8, or one number (default: 1)"},
       {"reps", "N", "timed forward passes per pass, end-to-end and per-layer (default: 5)"},
       {"warmup", "N", "untimed forward passes before the timed ones (default: 2)"},
       {"threads", "N", "CPU threads (default: every core)"},
       {"precision", "LIST", "fp32 and/or fp16, comma separated (default: fp32)"},
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
      "Progress goes to stderr, the summary to stdout. Each point is committed to the results store the\n"
      "moment it is measured; Ctrl-C stops after the current layer and keeps the points that finished.\n"
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
  if (adaptive && a.has("plan")) adaptive_plans = read_plans(*a.get("plan"), a.get("precision"));
  if (adaptive && a.has("plan-run")) {
    const ResultsStore source = open_existing_store(store_path(a));
    const StoredRun run = load_stored_run(source, chosen_run(source, a.get("plan-run")));
    for (Precision p : select_precisions(a.get("precision")))
      for (AdaptivePlan& plan : plans_from_run(run, std::nullopt, p, a.get("models"), analysis::kDefaultMinGainPercent, std::cerr))
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
  if (const auto v = a.get("reps")) config.repetitions = parse_int(*v, "reps", 1);
  if (const auto v = a.get("warmup")) config.warmup = parse_int(*v, "warmup", 0);
  if (const auto v = a.get("threads")) config.threads = parse_int(*v, "threads", 1);
  config.allow_tf32 = a.has("allow-tf32");
  std::optional<OutTarget> out;
  if (const auto v = a.get("out")) out = check_out_path(*v);
  if (a.has("no-store") && (a.has("db") || a.has("label")))
    throw UsageError("option '--no-store' cannot go with '--db' or '--label'");
  std::optional<ResultsStore> store;
  if (!a.has("no-store")) store = open_store(store_path(a));  // refuses a corrupt file before running

  const bool only_adaptive = adaptive && !lib_list;
  const std::vector<LibChoice> libs =
      only_adaptive ? std::vector<LibChoice>{} : select_libs(context.backends, lib_list, precisions, "", std::cerr);
  if (libs.empty() && !adaptive)
    throw UsageError("nothing to run: no selected library is available in the selected precisions");
  if (models.empty()) throw UsageError("nothing to run: no model selected");

  std::vector<Plan> plans = make_plans(models, libs, batches, config);
  std::vector<AdaptivePlan> wanted_plans = adaptive_plans;  // those of the selected models
  std::erase_if(wanted_plans, [&](const AdaptivePlan& p) {
    return std::none_of(models.begin(), models.end(), [&](const ModelInfo& m) { return m.id == p.model; });
  });
  if (adaptive && wanted_plans.empty()) {
    std::string planned_models;
    for (const auto& p : adaptive_plans) planned_models += (planned_models.empty() ? "" : ", ") + p.model;
    throw UsageError("the plans have none for the selected models (they plan " + planned_models + ")");
  }
  for (Plan& p : adaptive_sweeps(wanted_plans, batch_option, config)) plans.push_back(std::move(p));
  int total = 0;
  for (const auto& p : plans) total += plan_size(p);
  std::cerr << "cnn-bench: " << total << " point" << (total == 1 ? "" : "s") << ", " << config.warmup
            << " warm-up + " << config.repetitions << " timed passes each (end-to-end and per-layer), "
            << config.resolved_threads() << " thread" << (config.resolved_threads() == 1 ? "" : "s")
            << (config.allow_tf32 ? ", TF32 allowed in fp32 on GPUs" : "") << "\n";

  const Platform platform = run_platform(context.backends);
  Runner runner(context.models, context.backends);
  ProgressLine progress(std::cerr, stderr_is_terminal(), config, total);
  const std::int64_t run_id = store ? store->begin_run(platform, sweep_plan(plans), a.get("label").value_or("")) : 0;
  StoreRecorder recorder(progress, store ? &*store : nullptr, run_id, std::cerr);
  std::vector<Point> points;
  bool cancelled = false;
  try {
    SigintGuard guard;
    int first = 0;
    for (const auto& plan : plans) {
      progress.begin_plan(first, plan_size(plan));
      std::vector<Point> done = runner.run(plan, recorder, &g_cancel);
      points.insert(points.end(), std::make_move_iterator(done.begin()), std::make_move_iterator(done.end()));
      first += plan_size(plan);
      if (g_cancel.load()) break;
    }
    cancelled = g_cancel.load();
  } catch (...) {
    progress.finish();
    recorder.finish(RunStatus::Failed);
    throw;
  }
  progress.finish();
  recorder.finish(cancelled ? RunStatus::Cancelled : RunStatus::Finished);
  if (cancelled)
    std::cerr << "cnn-bench: interrupted: " << points.size() << " of " << total << " points finished\n";

  print_summary(std::cout, points);
  std::cout.flush();
  if (store) {
    std::cerr << "cnn-bench: ";
    if (recorder.write_failed())
      std::cerr << "only " << recorder.stored_points() << " of " << points.size() << " points were ";
    std::cerr << "stored as run " << run_id << " in " << store->path().string() << "\n";
  }
  if (out) {
    write_results(*out, platform, points);
    std::cerr << "cnn-bench: wrote " << points.size() << " point" << (points.size() == 1 ? "" : "s") << " to ";
    const auto files = out->files();
    for (std::size_t i = 0; i < files.size(); ++i) std::cerr << (i ? " and " : "") << files[i].string();
    std::cerr << "\n";
  }
  if (cancelled) return 130;
  return recorder.write_failed() ? 1 : 0;
}

}  // namespace cnn::bench_cli
