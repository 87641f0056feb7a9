#include "app/cnn_bench/selection.h"

#include <algorithm>
#include <ostream>

#include "app/cnn_bench/arguments.h"

namespace cnn::bench_cli {

std::vector<ModelInfo> select_models(const ModelCatalog& catalog, const std::optional<std::string>& list) {
  if (!list) return catalog.all();
  std::vector<ModelInfo> out;
  for (const auto& name : split_list(*list, "models")) {
    try {
      out.push_back(catalog.resolve(name));
    } catch (const ModelError& e) {
      throw UsageError(e.what());
    }
  }
  return out;
}

namespace {

// The names of `list` (given to --option) parsed once each, in order, repeats dropped; a name
// `parse` does not know throws UsageError naming it, its kind (`what`) and the `valid` names.
template <class T>
std::vector<T> parse_names(const std::string& list, const std::string& option,
                           std::optional<T> (*parse)(std::string_view), const std::string& what,
                           const std::string& valid) {
  std::vector<T> out;
  for (const auto& name : split_list(list, option)) {
    const std::optional<T> value = parse(name);
    if (!value) throw UsageError("unknown " + what + " '" + name + "' for '--" + option + "' (use " + valid + ")");
    if (std::find(out.begin(), out.end(), *value) == out.end()) out.push_back(*value);
  }
  return out;
}

}  // namespace

std::vector<Precision> select_precisions(const std::optional<std::string>& list) {
  if (!list) return {Precision::FP32};
  return parse_names(*list, "precision", &parse_precision, "precision", "fp32 or fp16");
}

std::vector<GraphMode> select_graphs(const std::optional<std::string>& list) {
  if (!list) return {GraphMode::Caffe};
  return parse_names(*list, "graph", &parse_graph_mode, "graph mode", "caffe, fused or caffe,fused");
}

std::vector<Scheduler> select_schedulers(const std::optional<std::string>& list) {
  if (!list) return {Scheduler::Sequential};
  return parse_names(*list, "schedule", &parse_scheduler, "scheduler", "sequential, greedy, ios or a list like sequential,ios");
}

std::vector<LibraryChoice> select_libs(const BackendRegistry& registry, const std::optional<std::string>& list,
                                   const std::vector<Precision>& wanted, const std::string& exclude,
                                   std::ostream& err) {
  std::vector<Backend*> named;
  if (list) {
    for (const auto& id : split_list(*list, "libs")) {
      Backend* b = registry.find(id);
      if (!b) {
        std::string known;
        for (const auto& k : registry.ids()) {
          if (!known.empty()) known += ", ";
          known += k;
        }
        throw UsageError("unknown library '" + id + "' (compiled in: " + known + ")");
      }
      if (std::find(named.begin(), named.end(), b) == named.end()) named.push_back(b);
    }
  } else {
    named = registry.default_selection();
  }

  std::vector<LibraryChoice> out;
  for (Backend* b : named) {
    const BackendInfo info = b->info();
    if (info.id == exclude) continue;
    if (!info.available) {
      err << "cnn-bench: skipping " << info.id << ": " << info.why_not << "\n";
      continue;
    }
    LibraryChoice choice{info.id, {}};
    for (Precision p : wanted) {
      if (std::find(info.precisions.begin(), info.precisions.end(), p) != info.precisions.end())
        choice.precisions.push_back(p);
      else
        err << "cnn-bench: skipping " << info.id << " in " << to_string(p) << ": the library has no "
            << to_string(p) << " mode\n";
    }
    if (!choice.precisions.empty()) out.push_back(std::move(choice));
  }
  return out;
}

}  // namespace cnn::bench_cli
