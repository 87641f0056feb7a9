// cnn-bench import / export: results documents (JSON, CSV) in and out of the results store.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "app/cnn_bench/commands.h"
#include "app/cnn_bench/out_file.h"
#include "app/cnn_bench/store_access.h"
#include "core/bench/results_csv.h"
#include "core/bench/results_json.h"

namespace cnn::bench_cli {
namespace {

template <typename T>
void add_once(std::vector<T>& list, const T& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// What the points of a document cover, in order of first appearance: each library in the
// precisions it was measured in, the graph modes and the schedulers. A results document keeps no settings: the threads are the first
// point's and the repetitions the most any point has; the rest keep their defaults.
Selection selection_of(const std::vector<Point>& points) {
  Selection s;
  s.batches.clear();
  s.graphs.clear();
  s.schedulers.clear();
  for (const Point& p : points) {
    add_once(s.models, p.model);
    add_once(s.batches, p.batch);
    add_once(s.schedulers, p.scheduler);  // plans run with schedulers too
    if (p.lib == kAdaptiveLib) continue;  // its plans (and their graph modes) travel with its points
    add_once(s.graphs, p.graph);
    auto it = std::find_if(s.libs.begin(), s.libs.end(), [&](const LibraryChoice& c) { return c.lib == p.lib; });
    if (it == s.libs.end()) it = s.libs.insert(s.libs.end(), LibraryChoice{p.lib, {}});
    add_once(it->precisions, p.precision);
    s.config.reps.min_reps = std::max(s.config.reps.min_reps, int(p.time_fw_ms.size()));
  }
  if (s.graphs.empty()) s.graphs = {GraphMode::Caffe};
  if (s.schedulers.empty()) s.schedulers = {Scheduler::Sequential};
  s.config.reps.max_reps = std::max(s.config.reps.max_reps, s.config.reps.min_reps);
  if (!points.empty()) s.config.threads = points.front().threads;
  return s;
}

std::string read_text_file(const std::string& path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read '" + path + "': " + (errno ? std::strerror(errno) : "cannot open it"));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw UsageError("cannot read '" + path + "'");
  return text.str();
}

}  // namespace

const CommandSpec& import_spec() {
  static const CommandSpec spec{
      "import",
      "Store the results document FILE.json (as 'cnn-bench run --out' or 'export' write it) as a new run.",
      "cnn-bench import FILE.json [--db FILE] [--label TEXT]",
      {db_option(), {"label", "TEXT", "a note stored with the run (default: 'imported from FILE.json')"}},
      "The run keeps the document's platform and start time; it prints the new run's id.",
      "FILE.json"};
  return spec;
}

const CommandSpec& export_spec() {
  static const CommandSpec spec{
      "export",
      "Write one stored run as a results document: JSON, or tidy CSV (points, and layers beside --out).",
      "cnn-bench export [--run N] [--format json|csv] [--out FILE] [--db FILE]",
      {{"run", "N", "the run id, as 'cnn-bench runs' lists it (default: the newest run)"},
       {"format", "FORMAT", "json or csv (default: from the --out name, else json)"},
       {"out", "FILE", "write FILE.json, or FILE.csv plus FILE.layers.csv beside it (default: stdout)"},
       db_option()},
      "Without --out the document goes to stdout; CSV on stdout holds the points only.",
      ""};
  return spec;
}

int import_command(const Context&, std::span<char* const> args) {
  const Arguments a = parse_arguments(import_spec(), args);
  if (a.has("help")) {
    std::cout << help_text(import_spec());
    return 0;
  }
  if (!a.positional()) throw UsageError("import needs a results document: cnn-bench import FILE.json");
  const std::string file = *a.positional();
  ResultsDocument doc;
  try {
    doc = results_from_json(read_text_file(file));
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const UsageError*>(&e)) throw;
    throw UsageError("cannot import '" + file + "': " + as_message(e.what()));
  }
  ResultsStore store = open_store(store_path(a));
  if (doc.machine) store.add_machine(*doc.machine);  // kept once, however often it is imported
  const std::string label = a.get("label").value_or("imported from " + std::filesystem::path(file).filename().string());
  const std::int64_t id = store.begin_run(doc.platform, selection_of(doc.points), label);
  try {
    for (const Point& p : doc.points) store.add_point(id, p);
    store.finish_run(id, RunStatus::Finished);
  } catch (...) {
    try {
      store.delete_run(id);  // no half-imported run is left behind
    } catch (const std::exception&) {
    }
    throw;
  }
  std::cout << "imported " << doc.points.size() << " point" << (doc.points.size() == 1 ? "" : "s") << " from '"
            << file << "': stored as run " << id << " in " << store.path().string() << "\n";
  return 0;
}

int export_command(const Context&, std::span<char* const> args) {
  const Arguments a = parse_arguments(export_spec(), args);
  if (a.has("help")) {
    std::cout << help_text(export_spec());
    return 0;
  }
  std::optional<OutTarget::Format> format;
  if (const auto f = a.get("format")) {
    if (*f == "json") format = OutTarget::Format::Json;
    else if (*f == "csv") format = OutTarget::Format::Csv;
    else throw UsageError("unknown format '" + *f + "' for '--format': use json or csv");
  }
  std::optional<OutTarget> out;
  if (const auto v = a.get("out")) {
    out = check_out_path(*v);
    if (format && *format != out->format)
      throw UsageError("'--out " + *v + "' does not end in ." + (*format == OutTarget::Format::Json ? "json" : "csv") +
                       " as '--format " + *a.get("format") + "' asks");
  }
  const ResultsStore store = open_existing_store(store_path(a));
  const StoredRun run = load_stored_run(store, chosen_run(store, a.get("run")));
  const std::optional<MachineRecord>& machine = run.machine;
  if (out) {
    write_results(*out, run.platform, run.points, machine ? &*machine : nullptr);
    std::cerr << "cnn-bench: wrote run " << run.summary.id << " (" << run.points.size() << " points) to ";
    const auto files = out->files();
    for (std::size_t i = 0; i < files.size(); ++i) std::cerr << (i ? " and " : "") << files[i].string();
    std::cerr << "\n";
    return 0;
  }
  if (format.value_or(OutTarget::Format::Json) == OutTarget::Format::Json) std::cout << results_to_json(run.platform, run.points, machine ? &*machine : nullptr);
  else write_points_csv(std::cout, run.points);
  std::cout.flush();
  if (!std::cout) throw std::runtime_error("cannot write to stdout");
  return 0;
}

}  // namespace cnn::bench_cli
