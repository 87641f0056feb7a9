// cnn-bench list: the built-in models and the compiled-in libraries.
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/cnn_bench/commands.h"
#include "app/cnn_bench/text_table.h"
#include "core/model/graph.h"

namespace cnn::bench_cli {
namespace {

struct ModelRow {
  const ModelInfo* info = nullptr;
  std::uint64_t macs = 0, params = 0;  // per image
  std::string error;                   // when the definition does not build
};

std::vector<ModelRow> model_rows(const ModelCatalog& catalog) {
  std::vector<ModelRow> rows;
  for (const auto& m : catalog.all()) {
    ModelRow row;
    row.info = &m;
    try {
      const Graph graph(catalog.parse(m), 1);
      row.macs = graph.total_macs();
      row.params = graph.total_params();
    } catch (const ModelError& e) {
      row.error = e.what();
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string precision_list(const BackendInfo& info) {
  std::string out;
  for (Precision p : info.precisions) {
    if (!out.empty()) out += ',';
    out += to_string(p);
  }
  return out;
}

std::string accuracy(double fraction) { return fraction > 0 ? percent(fraction) : "-"; }

void print_json(const std::vector<ModelRow>& models, const BackendRegistry& backends) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  auto& ms = doc["models"] = nlohmann::ordered_json::array();
  for (const auto& r : models) {
    const ModelInfo& m = *r.info;
    nlohmann::ordered_json j = {{"id", m.id},
                                {"name", m.name},
                                {"input", {{"c", m.input.c}, {"h", m.input.h}, {"w", m.input.w}}},
                                {"macs", r.macs},
                                {"params", r.params},
                                {"top1", m.top1},
                                {"top5", m.top5},
                                {"accuracy_source", m.accuracy_source},
                                {"source", m.source}};
    if (!r.error.empty()) j["error"] = r.error;
    ms.push_back(std::move(j));
  }
  auto& ls = doc["libraries"] = nlohmann::ordered_json::array();
  for (const Backend* b : backends.all()) {
    const BackendInfo info = b->info();
    nlohmann::ordered_json precisions = nlohmann::ordered_json::array();
    for (Precision p : info.precisions) precisions.push_back(std::string(to_string(p)));
    nlohmann::ordered_json details = nlohmann::ordered_json::object();
    for (const auto& [k, v] : info.details) details[k] = v;
    ls.push_back({{"id", info.id},
                  {"name", info.name},
                  {"available", info.available},
                  {"why_not", info.why_not},
                  {"precisions", precisions},
                  {"details", details}});
  }
  std::cout << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

void print_text(const std::vector<ModelRow>& models, const BackendRegistry& backends) {
  using Align = TextTable::Align;
  std::cout << "Models (MACs and parameters per image)\n";
  TextTable mt({{"id"}, {"name"}, {"input"}, {"MACs", Align::Right}, {"params", Align::Right},
                {"top-1", Align::Right}, {"top-5", Align::Right}});
  for (const auto& r : models) {
    const ModelInfo& m = *r.info;
    const bool ok = r.error.empty();
    mt.add_row({m.id, m.name, shape_text(m.input.c, m.input.h, m.input.w), ok ? si_count(r.macs) : "error",
                ok ? si_count(r.params) : "error", accuracy(m.top1), accuracy(m.top5)});
  }
  mt.print(std::cout, "  ");
  for (const auto& r : models)
    if (!r.error.empty()) std::cout << "  " << r.info->id << ": " << r.error << "\n";

  std::cout << "\nLibraries\n";
  TextTable lt({{"id"}, {"name"}, {"precisions"}, {"status"}});
  for (const Backend* b : backends.all()) {
    const BackendInfo info = b->info();
    lt.add_row({info.id, info.name, precision_list(info),
                info.available ? "available" : "unavailable: " + info.why_not});
  }
  lt.print(std::cout, "  ");
}

}  // namespace

const CommandSpec& list_spec() {
  static const CommandSpec spec{
      "list",
      "List the built-in models (input, MACs, parameters, ImageNet accuracy) and the compiled-in libraries.",
      "cnn-bench list [--json]",
      {{"json", "", "print JSON instead of tables"}},
      "Model ids and library ids are what run and verify take in --models and --libs; --models also\n"
      "takes a path to a Caffe deploy .prototxt or an ONNX model (.onnx, run with its own weights).",
      ""};
  return spec;
}

int list_command(const Context& context, std::span<char* const> args) {
  const Arguments a = parse_arguments(list_spec(), args);
  if (a.has("help")) {
    std::cout << help_text(list_spec());
    return 0;
  }
  const std::vector<ModelRow> models = model_rows(context.models);
  if (a.has("json")) print_json(models, context.backends);
  else print_text(models, context.backends);
  return 0;
}

}  // namespace cnn::bench_cli
