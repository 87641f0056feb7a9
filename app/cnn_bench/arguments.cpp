#include "app/cnn_bench/arguments.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "app/cnn_bench/text_table.h"

namespace cnn::bench_cli {
namespace {

const OptionSpec* find_option(const CommandSpec& spec, const std::string& name) {
  for (const auto& o : spec.options)
    if (o.name == name) return &o;
  return nullptr;
}

}  // namespace

std::optional<std::string> Arguments::get(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

Arguments parse_arguments(const CommandSpec& spec, std::span<char* const> args) {
  Arguments out;
  const std::string see = " (see 'cnn-bench " + spec.name + " --help')";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out.set("help", "");
      continue;
    }
    const bool many = spec.positional.ends_with("...");
    if (!spec.positional.empty() && (many || !out.positional()) && (arg.rfind("-", 0) != 0 || arg == "-")) {
      out.add_positional(arg);
      continue;
    }
    if (arg.rfind("--", 0) != 0 || arg.size() == 2)
      throw UsageError("unexpected argument '" + arg + "' for '" + spec.name + "'" + see);
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    const OptionSpec* option = find_option(spec, name);
    if (!option) throw UsageError("unknown option '--" + name + "' for '" + spec.name + "'" + see);
    if (option->value_name.empty()) {
      if (value) throw UsageError("option '--" + name + "' takes no value");
      out.set(name, "");
      continue;
    }
    if (!value) {
      if (i + 1 >= args.size()) throw UsageError("option '--" + name + "' needs a value " + option->value_name);
      value = args[++i];
    }
    out.set(name, *value);
  }
  return out;
}

std::string help_text(const CommandSpec& spec) {
  std::ostringstream out;
  out << "Usage: " << spec.usage << "\n\n" << spec.summary << "\n\nOptions:\n";
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& o : spec.options)
    rows.emplace_back("--" + o.name + (o.value_name.empty() ? "" : " " + o.value_name), o.help);
  rows.emplace_back("--help", "show this help");
  std::size_t width = 0;
  for (const auto& r : rows) width = std::max(width, r.first.size());
  for (const auto& [left, right] : rows) out << "  " << left << std::string(width - left.size() + 2, ' ') << right << "\n";
  if (!spec.notes.empty()) out << "\n" << spec.notes << "\n";
  return out.str();
}

std::vector<std::string> split_list(const std::string& text, const std::string& option) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto pos = text.find(',', start);
    std::string part = text.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
    const auto first = part.find_first_not_of(" \t");
    const auto last = part.find_last_not_of(" \t");
    if (first != std::string::npos) out.push_back(part.substr(first, last - first + 1));
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  if (out.empty()) throw UsageError("option '--" + option + "' needs at least one name");
  return out;
}

int parse_int(const std::string& text, const std::string& option, int min) {
  int v = 0;
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || p != end || v < min)
    throw UsageError("bad value '" + text + "' for '--" + option + "': expected a whole number >= " +
                     std::to_string(min));
  return v;
}

double parse_double(const std::string& text, const std::string& option, double min) {
  double v = 0;
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || p != end || !std::isfinite(v) || v < min)
    throw UsageError("bad value '" + text + "' for '--" + option + "': expected a number >= " + fixed(min, 0));
  return v;
}

}  // namespace cnn::bench_cli
