#include "app/cnn_bench/store_access.h"

#include <cctype>
#include <regex>
#include <stdexcept>
#include <system_error>

namespace cnn::bench_cli {
namespace fs = std::filesystem;

OptionSpec db_option() {
  return {"db", "FILE", "the results store (default: " + default_store_path().string() + ")"};
}

fs::path store_path(const Arguments& args) {
  if (const auto v = args.get("db")) {
    if (v->empty()) throw UsageError("option '--db' needs a file name");
    return *v;
  }
  return default_store_path();
}

std::string as_message(const std::string& sentence) {
  std::string s = sentence;
  if (s.size() > 1 && std::isupper(static_cast<unsigned char>(s[0])) &&
      std::islower(static_cast<unsigned char>(s[1])))
    s[0] = char(std::tolower(static_cast<unsigned char>(s[0])));
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

ResultsStore open_store(const fs::path& path) {
  try {
    return ResultsStore(path);
  } catch (const std::runtime_error& e) {
    throw UsageError(as_message(e.what()));
  }
}

ResultsStore open_existing_store(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw UsageError("no results store at '" + path.string() + "' (measure with 'cnn-bench run' or use --db)");
  return open_store(path);
}

std::int64_t chosen_run(const ResultsStore& store, const std::optional<std::string>& run) {
  const std::vector<RunSummary> runs = store.list_runs();
  if (!run) {
    if (runs.empty()) throw UsageError("the results store '" + store.path().string() + "' holds no runs yet");
    return runs.front().id;
  }
  const std::int64_t id = parse_int(*run, "run", 1);
  for (const auto& r : runs)
    if (r.id == id) return id;
  throw UsageError("the results store '" + store.path().string() + "' has no run " + std::to_string(id) +
                   " (see 'cnn-bench runs')");
}

StoredRun load_stored_run(const ResultsStore& store, std::int64_t run_id) {
  try {
    return store.load_run(run_id);
  } catch (const std::runtime_error& e) {
    throw UsageError(as_message(e.what()));
  }
}

std::string short_cpu(const std::string& cpu) {
  static const std::regex noise(R"(\((R|TM|tm)\)|\bCPU\b|\bProcessor\b|\b\d+-Core\b|@.*$|\bwith .*$)");
  std::string s = std::regex_replace(cpu, noise, " ");
  for (const char* vendor : {"Intel ", "AMD ", "Genuine "})
    if (s.rfind(vendor, 0) == 0 && s.size() > std::string(vendor).size() + 4) s.erase(0, std::string(vendor).size());
  std::string out;
  for (char c : s) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.empty() ? (cpu.empty() ? "-" : cpu) : out;
}

std::string short_time(const std::string& iso) {
  if (iso.size() >= 16 && iso[10] == 'T') return iso.substr(0, 10) + " " + iso.substr(11, 5);
  return iso;
}

std::string short_list(const std::vector<std::string>& items, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < max; ++i) out += (i ? "," : "") + items[i];
  if (items.size() > max) out += ",+" + std::to_string(items.size() - max);
  return out.empty() ? "-" : out;
}

}  // namespace cnn::bench_cli
