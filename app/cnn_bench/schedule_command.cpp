// cnn-bench schedule: searches a point's schedule of concurrent stages alone (IOS, or greedy), saves it
// as a document, and with --compare times it against sequential and greedy end to end.
#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "app/cnn_bench/commands.h"
#include "app/cnn_bench/text_table.h"
#include "core/analysis/stats.h"
#include "core/model/fusion.h"
#include "core/model/graph.h"
#include "core/schedule/schedule_json.h"
#include "core/schedule/schedule_search.h"

namespace cnn::bench_cli {

const CommandSpec& schedule_spec() {
  static const CommandSpec spec{
      "schedule",
      "Search a model's schedule of concurrent stages (IOS) on one library and save it; --compare times it.",
      "cnn-bench schedule --model M --lib L [--batch B] [--precision P] [--graph MODE] [--threads N]\n"
      "                          [--scheduler ios|greedy] [--max-group-ops R] [--max-groups S] [--no-merge]\n"
      "                          [--runs K]"
      " [--compare ROUNDS] [--out FILE.json] [--json]",
      {{"model", "M", "a catalog id or a .prototxt / .onnx path"},
       {"lib", "L", "a library id: a host one (openblas, onednn, reference), or cublas / cudnn (groups on\n                  CUDA streams, no merges)"},
       {"batch", "B", "batch size (default 1)"},
       {"precision", "P", "fp32 or fp16 (default fp32)"},
       {"graph", "MODE", "caffe or fused (default caffe)"},
       {"threads", "N", "CPU threads, split among a stage's concurrent groups (default: every core)"},
       {"scheduler", "NAME", "ios (default) or greedy"},
       {"max-group-ops", "R", "IOS pruning: at most R operators in a group (default 3); an operator is a layer\n                  with the element-wise layers riding along after it"},
       {"max-groups", "S", "IOS pruning: at most S groups in a stage (default 8)"},
       {"no-merge", "", "IOS: never merge convolutions of one input into one wider convolution"},
       {"runs", "K", "timed runs of each candidate stage, their median its latency (default 5)"},
       {"compare", "ROUNDS", "then time sequential, greedy and the chosen schedule end to end, ROUNDS rounds"},
       {"out", "FILE", "save the schedule (node indices and layer names) as JSON"},
       {"json", "", "print the document instead of a summary"}},
      "IOS measures every candidate stage alone on the library at this batch and threads (memoised), and\n"
      "convolutions of one input also merged into one wider convolution (IOS's merge stage); it finds\n"
      "the fastest sequence of stages by dynamic programming within each block of the graph, and keeps\n"
      "sequential unless its schedule is faster end to end. 'run --schedule ios' does the same per point.",
      ""};
  return spec;
}

namespace {

std::string group_text(const Graph& graph, const std::vector<int>& group) {
  std::string out = "[";
  for (int i : group) out += (out.size() > 1 ? " " : "") + graph.nodes()[std::size_t(i)].desc.name;
  return out + "]";
}

}  // namespace

int schedule_command(const Context& context, std::span<char* const> args) {
  const Arguments a = parse_arguments(schedule_spec(), args);
  if (a.has("help")) {
    std::cout << help_text(schedule_spec());
    return 0;
  }
  const auto model_id = a.get("model");
  const auto lib_id = a.get("lib");
  if (!model_id) throw UsageError("schedule needs --model");
  if (!lib_id) throw UsageError("schedule needs --lib");
  Backend* lib = context.backends.find(*lib_id);
  if (!lib) throw UsageError("unknown library '" + *lib_id + "' for --lib (see 'cnn-bench list')");
  if (!lib->info().available) throw UsageError(*lib_id + " is not available: " + lib->info().why_not);
  const int batch = a.get("batch") ? parse_int(*a.get("batch"), "batch", 1) : 1;
  RunConfig config;
  if (const auto v = a.get("precision")) {
    const auto p = parse_precision(*v);
    if (!p) throw UsageError("--precision is '" + *v + "'; use fp32 or fp16");
    config.precision = *p;
  }
  GraphMode mode = GraphMode::Caffe;
  if (const auto v = a.get("graph")) {
    const auto g = parse_graph_mode(*v);
    if (!g) throw UsageError("--graph is '" + *v + "'; use caffe or fused");
    mode = *g;
  }
  if (const auto v = a.get("threads")) config.threads = parse_int(*v, "threads", 1);
  Scheduler scheduler = Scheduler::Ios;
  if (const auto v = a.get("scheduler")) {
    const auto s = parse_scheduler(*v);
    if (!s || *s == Scheduler::Sequential) throw UsageError("--scheduler is '" + *v + "'; use ios or greedy");
    scheduler = *s;
  }
  SearchSettings settings;
  if (const auto v = a.get("max-group-ops")) settings.ios.max_group_ops = parse_int(*v, "max-group-ops", 1);
  if (const auto v = a.get("max-groups")) settings.ios.max_groups = parse_int(*v, "max-groups", 1);
  settings.ios.merge = !a.has("no-merge");
  if (const auto v = a.get("runs")) settings.runs = parse_int(*v, "runs", 1);
  const int rounds = a.get("compare") ? parse_int(*a.get("compare"), "compare", 1) : 0;
  if (lib->memory_space() != MemorySpace::Host && lib->streams() < 2)
    throw UsageError("schedules of concurrent stages run on a device library's streams, and " + *lib_id + " has none");

  const ModelInfo model = context.models.resolve(*model_id);
  const Graph source(context.models.parse(model), batch);
  ModelWeights weights = ModelCatalog::weights(model, source, config.seed);
  std::optional<FusedGraph> fused;
  if (mode == GraphMode::Fused) fused.emplace(fuse(source, weights, fusions_of({lib}, config.precision)));
  const Graph& graph = fused ? fused->graph : source;
  const ModelWeights& w = fused ? fused->weights : weights;
  const std::vector<Backend*> libs(graph.nodes().size(), lib);
  const bool quiet = a.has("json");
  int last_shown = 0;
  const ScheduleRecord record = choose_schedule(scheduler, graph, w, libs, config, settings, nullptr, [&](int measured) {
    if (!quiet && measured >= last_shown + 200) {
      std::cerr << "cnn-bench: " << measured << " stages measured\n";
      last_shown = measured;
    }
  });

  using J = nlohmann::ordered_json;
  J doc = J::object();
  doc["model"] = model.id;
  doc["lib"] = *lib_id;
  doc["precision"] = config.precision;
  doc["graph"] = mode;
  doc["batch"] = batch;
  doc["threads"] = config.resolved_threads();
  J names = J::array();
  for (const auto& n : graph.nodes()) names.push_back(n.desc.name);
  doc["layers"] = names;
  doc["schedule"] = record;
  std::vector<std::pair<std::string, std::vector<double>>> compared;
  if (rounds > 0) {
    const Schedule sequential = sequential_schedule(graph), greedy = greedy_schedule(graph);
    const auto ms = time_schedules(graph, w, libs, config, {&sequential, &greedy, &record.schedule}, rounds);
    compared = {{"sequential", ms[0]}, {"greedy", ms[1]}, {std::string(to_string(scheduler)), ms[2]}};
    J& c = doc["compare_ms"] = J::object();
    for (const auto& [name, times] : compared) c[name] = times;
  }
  if (const auto out = a.get("out")) {
    std::ofstream f(*out);
    if (!f || !(f << doc.dump(2) << "\n")) throw UsageError("cannot write the schedule to '" + *out + "'");
  }
  if (quiet) {
    std::cout << doc.dump(2) << "\n";
    return 0;
  }
  const Schedule& s = record.schedule;
  std::cout << model.id << " on " << *lib_id << " " << to_string(config.precision) << " " << to_string(mode) << ", batch "
            << batch << ", " << config.resolved_threads() << " threads: " << to_string(scheduler) << " schedule of "
            << s.stages.size() << " stages (" << s.concurrent_stages() << " with groups at once, " << s.merged_stages()
            << " merged)";
  if (scheduler == Scheduler::Ios)
    std::cout << ", searched in " << std::fixed << std::setprecision(1) << record.search_s << " s over "
              << record.stages_measured << " stages";
  std::cout << "\n";
  if (s.concurrent_stages() == 0 && s.merged_stages() == 0 && scheduler == Scheduler::Ios)
    std::cout << "No schedule with concurrent or merged stages was faster end to end than sequential here: it stays "
                 "sequential.\n";
  for (std::size_t k = 0; k < s.stages.size(); ++k) {
    if (s.stages[k].groups.size() < 2) continue;
    std::cout << "  stage " << k + 1 << (s.stages[k].merged ? " (merged):" : ":");
    for (const auto& g : s.stages[k].groups) std::cout << " " << group_text(graph, g);
    std::cout << "\n";
  }
  if (!compared.empty()) {
    using Align = TextTable::Align;
    TextTable table({{"schedule"}, {"ms/image (median)", Align::Right}, {"min-max", Align::Right},
                     {"vs sequential", Align::Right}});
    const double base = analysis::summarize(compared[0].second).median;
    for (const auto& [name, times] : compared) {
      const auto st = analysis::summarize(times);
      std::ostringstream med, range, ratio;
      med << std::fixed << std::setprecision(3) << st.median / batch;
      range << std::fixed << std::setprecision(3) << st.min / batch << "-"
            << *std::max_element(times.begin(), times.end()) / batch;
      ratio << std::fixed << std::setprecision(2) << base / st.median << "x";
      table.add_row({name, med.str(), range.str(), ratio.str()});
    }
    table.print(std::cout);
  }
  return 0;
}

}  // namespace cnn::bench_cli
