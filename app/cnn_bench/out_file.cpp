#include "app/cnn_bench/out_file.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <system_error>

#include "app/cnn_bench/arguments.h"
#include "core/bench/results_csv.h"
#include "core/bench/results_json.h"

namespace cnn::bench_cli {
namespace fs = std::filesystem;
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The reason the last failed open / write gave, for the message.
std::string reason() { return errno != 0 ? std::strerror(errno) : "write failed"; }

void check_writable(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw UsageError("cannot write '" + path.string() + "': it is a directory");
  const bool existed = fs::exists(path, ec);
  errno = 0;
  { std::ofstream probe(path, std::ios::app | std::ios::binary);
    if (!probe) throw UsageError("cannot write '" + path.string() + "': " + reason());
  }
  if (!existed) fs::remove(path, ec);
}

void write_file(const fs::path& path, const std::function<void(std::ostream&)>& body) {
  errno = 0;
  std::ofstream out(path, std::ios::trunc | std::ios::binary);
  if (!out) throw UsageError("cannot write '" + path.string() + "': " + reason());
  body(out);
  out.close();
  if (!out) throw UsageError("cannot write '" + path.string() + "': " + reason());
}

}  // namespace

std::vector<fs::path> OutTarget::files() const {
  if (format == Format::Json) return {path};
  return {path, layers_csv_path(path)};
}

OutTarget check_out_path(const std::string& text) {
  if (text.empty()) throw UsageError("option '--out' needs a file name ending in .json or .csv");
  OutTarget target;
  target.path = text;
  const std::string ext = lower(target.path.extension().string());
  if (ext == ".json") target.format = OutTarget::Format::Json;
  else if (ext == ".csv") target.format = OutTarget::Format::Csv;
  else throw UsageError("cannot tell the format of '--out " + text + "': use a name ending in .json or .csv");
  for (const auto& f : target.files()) check_writable(f);
  return target;
}

void write_results(const OutTarget& target, const Platform& platform, const std::vector<Point>& points,
                   const MachineRecord* machine) {
  if (target.format == OutTarget::Format::Json) {
    const std::string doc = results_to_json(platform, points, machine);
    write_file(target.path, [&](std::ostream& out) { out << doc; });
    return;
  }
  write_file(target.path, [&](std::ostream& out) { write_points_csv(out, points); });
  write_file(layers_csv_path(target.path), [&](std::ostream& out) { write_layers_csv(out, points); });
}

}  // namespace cnn::bench_cli
