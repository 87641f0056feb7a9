// cnn-bench runs: the runs kept in the results store, newest first.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <system_error>

#include "app/cnn_bench/commands.h"
#include "app/cnn_bench/store_access.h"
#include "app/cnn_bench/text_table.h"

namespace cnn::bench_cli {
namespace {

void print_json(const std::vector<RunSummary>& runs, const std::filesystem::path& path) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  doc["store"] = path.string();
  auto& list = doc["runs"] = nlohmann::ordered_json::array();
  for (const auto& r : runs)
    list.push_back({{"id", r.id},
                    {"started_at", r.started_at},
                    {"finished_at", r.finished_at},
                    {"status", std::string(to_string(r.status))},
                    {"label", r.label},
                    {"cpu", r.cpu},
                    {"cores", r.cores},
                    {"models", r.models},
                    {"libs", r.libs},
                    {"points", r.points}});
  std::cout << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

void print_text(const std::vector<RunSummary>& runs, const std::filesystem::path& path) {
  if (runs.empty()) {
    std::cout << "No runs stored in " << path.string() << "\n";
    return;
  }
  using Align = TextTable::Align;
  std::cout << "Runs in " << path.string() << " (newest first; times in UTC)\n";
  TextTable table({{"id", Align::Right}, {"started"}, {"platform"}, {"models"}, {"libs"}, {"points", Align::Right},
                   {"status"}, {"label"}});
  for (const auto& r : runs) {
    std::string platform = short_cpu(r.cpu);
    if (r.cores > 0) platform += ", " + std::to_string(r.cores) + " cores";
    std::string label = r.label;
    for (char& c : label)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    table.add_row({std::to_string(r.id), short_time(r.started_at), platform, short_list(r.models),
                   short_list(r.libs, 4), std::to_string(r.points), std::string(to_string(r.status)), label});
  }
  table.print(std::cout, "  ");
}

}  // namespace

const CommandSpec& runs_spec() {
  static const CommandSpec spec{
      "runs",
      "List the runs kept in the results store: id, date, platform, models, libraries, points, status.",
      "cnn-bench runs [--db FILE] [--json]",
      {db_option(), {"json", "", "print JSON instead of a table"}},
      "A run that still shows 'running' is being measured now, or its process was killed; the points\n"
      "committed before that are kept. Use the id with 'cnn-bench report --run N' or 'export --run N'.",
      ""};
  return spec;
}

int runs_command(const Context&, std::span<char* const> args) {
  const Arguments a = parse_arguments(runs_spec(), args);
  if (a.has("help")) {
    std::cout << help_text(runs_spec());
    return 0;
  }
  const std::filesystem::path path = store_path(a);
  std::error_code ec;
  std::vector<RunSummary> runs;
  if (std::filesystem::exists(path, ec)) runs = open_store(path).list_runs();  // nothing to create for a list
  if (a.has("json")) print_json(runs, path);
  else print_text(runs, path);
  return 0;
}

}  // namespace cnn::bench_cli
