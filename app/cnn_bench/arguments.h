#pragma once
// Command-line options of one cnn-bench command: "--name value", "--name=value" or a "--flag".
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace cnn::bench_cli {

// A mistake on the command line, a missing file or an unwritable path: main prints
// "cnn-bench: <what>" and exits 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OptionSpec {
  std::string name;        // without dashes: "models"
  std::string value_name;  // "LIST"; empty for a flag
  std::string help;        // one line
};

struct CommandSpec {
  std::string name;     // "run"
  std::string summary;  // one line for the top-level help
  std::string usage;    // "cnn-bench run [options]"
  std::vector<OptionSpec> options;  // --help is implied
  std::string notes;    // free text after the options
  // "FILE.json": the command takes one argument that is not an option; "DIR...": one or more.
  std::string positional;
};

class Arguments {
 public:
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  std::optional<std::string> get(const std::string& name) const;
  void set(const std::string& name, std::string value) { values_[name] = std::move(value); }
  // The argument that is not an option (see CommandSpec::positional); nullopt when not given.
  const std::optional<std::string>& positional() const { return positional_; }
  // Every such argument, in order (a command whose positional ends in "..." takes several).
  const std::vector<std::string>& positionals() const { return positionals_; }
  void add_positional(std::string value) {
    if (!positional_) positional_ = value;
    positionals_.push_back(std::move(value));
  }

 private:
  std::map<std::string, std::string> values_;  // flags map to ""
  std::optional<std::string> positional_;
  std::vector<std::string> positionals_;
};

// Parses the arguments after the command name. Throws UsageError naming an unknown option,
// a missing value or a stray argument (one non-option argument is taken when spec.positional is set). "--help" is returned as the flag "help".
Arguments parse_arguments(const CommandSpec& spec, std::span<char* const> args);

std::string help_text(const CommandSpec& spec);

// "a,b,,c" -> {"a","b","c"}; throws UsageError when nothing is left.
std::vector<std::string> split_list(const std::string& text, const std::string& option);

// A whole number >= min for --option; throws UsageError otherwise.
int parse_int(const std::string& text, const std::string& option, int min);

// A finite number >= min for --option; throws UsageError otherwise.
double parse_double(const std::string& text, const std::string& option, double min);

}  // namespace cnn::bench_cli
