#include "core/model/prototxt_values.h"

#include <charconv>
#include <system_error>

#include "core/model/net_desc.h"

namespace cnn {

using text_format::Field;
using Kind = Field::Kind;

std::string FieldReader::where(int line, int col) const {
  return source_ + ":" + std::to_string(line) + ":" + std::to_string(col);
}

void FieldReader::fail(int line, int col, const std::string& what) const {
  throw ModelError(where(line, col) + ": " + (context_.empty() ? "" : context_ + ": ") + what);
}

void FieldReader::fail_at_value(const Field& f, const std::string& what) const {
  fail(f.value_line, f.value_col, what);
}

const std::vector<Field>& FieldReader::message(const Field& f) const {
  if (f.kind != Kind::Message)
    fail_at_value(f, "expected a message { ... } for '" + f.name + "', found " + text_format::describe(f));
  return f.children;
}

namespace {

// Parses a whole decimal or 0x-hex integer with an optional sign; false when it is not one.
bool parse_integer(std::string_view s, std::int64_t& out, bool& overflow) {
  overflow = false;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  if (s.empty()) return false;
  std::uint64_t magnitude = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), magnitude, base);
  if (p != s.data() + s.size() || ec == std::errc::invalid_argument) return false;
  if (ec == std::errc::result_out_of_range || magnitude > std::uint64_t(INT64_MAX) + (negative ? 1 : 0)) {
    overflow = true;
    return true;
  }
  out = negative ? std::int64_t(0 - magnitude) : std::int64_t(magnitude);
  return true;
}

}  // namespace

std::int64_t FieldReader::integer(const Field& f, std::int64_t lo, std::int64_t hi) const {
  std::int64_t v = 0;
  bool overflow = false;
  if (f.kind != Kind::Number || !parse_integer(f.text, v, overflow))
    fail_at_value(f, "expected an integer for '" + f.name + "', found " + text_format::describe(f));
  if (overflow || v < lo || v > hi)
    fail_at_value(f, "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) + " for '" +
                         f.name + "', found " + text_format::describe(f));
  return v;
}

float FieldReader::real(const Field& f) const {
  std::string_view s = f.text;
  const bool identifier = f.kind == Kind::Identifier;
  if (f.kind == Kind::Number || identifier) {
    std::int64_t i = 0;
    bool overflow = false;
    if (!identifier && parse_integer(s, i, overflow) && !overflow) return float(i);
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
      negative = s[0] == '-';
      s.remove_prefix(1);
    }
    if (s.size() > 1 && (s.back() == 'f' || s.back() == 'F') && s != "inf" && s != "Inf") s.remove_suffix(1);
    const bool special = s == "inf" || s == "infinity" || s == "nan" || s == "Inf" || s == "Infinity" ||
                         s == "NaN" || s == "nan";
    if (!identifier || special) {
      float v = 0;
      const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (!s.empty() && ec == std::errc() && p == s.data() + s.size()) return negative ? -v : v;
      if (ec == std::errc::result_out_of_range && p == s.data() + s.size())
        fail_at_value(f, "expected a number within the float range for '" + f.name + "', found " +
                             text_format::describe(f));
    }
  }
  fail_at_value(f, "expected a number for '" + f.name + "', found " + text_format::describe(f));
}

bool FieldReader::boolean(const Field& f) const {
  const std::string& s = f.text;
  if (f.kind == Kind::Identifier) {
    if (s == "true" || s == "True" || s == "t") return true;
    if (s == "false" || s == "False" || s == "f") return false;
  }
  if (f.kind == Kind::Number && (s == "1" || s == "0")) return s == "1";
  fail_at_value(f, "expected true or false for '" + f.name + "', found " + text_format::describe(f));
}

std::string FieldReader::string(const Field& f) const {
  if (f.kind != Kind::String)
    fail_at_value(f, "expected a quoted string for '" + f.name + "', found " + text_format::describe(f));
  return f.text;
}

int FieldReader::enumeration(const Field& f, std::initializer_list<std::string_view> names) const {
  int index = 0;
  std::string list;
  for (const auto name : names) {
    if (f.kind == Kind::Identifier && f.text == name) return index;
    if (f.kind == Kind::Number && f.text == std::to_string(index)) return index;
    list += (index == 0 ? "" : index + 1 == int(names.size()) ? " or " : ", ") + std::string(name);
    ++index;
  }
  fail_at_value(f, "expected " + list + " for '" + f.name + "', found " + text_format::describe(f));
}

void OnceChecker::operator()(const Field& f) {
  if (!seen_.insert(f.name).second) r_.fail_at(f, "'" + f.name + "' is given more than once");
}

}  // namespace cnn
