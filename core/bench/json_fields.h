#pragma once
// Reading fields of a JSON object with one-sentence errors that name the field; shared by the
// results and plan documents. Every function throws std::runtime_error ("field 'batch' must be ...",
// "missing field 'model'"); callers prefix where it happened.
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/run_config.h"
#include "core/schedule/schedule.h"

namespace cnn::json_fields {

using std::runtime_error;

[[noreturn]] inline void bad_field(const char* key, const char* expected) {
  throw runtime_error(std::string("field '") + key + "' must be " + expected);
}

template <class J>
void require_object(const J& j, const char* what) {
  if (!j.is_object()) throw runtime_error(std::string(what) + " must be a JSON object");
}

// Null when the key is absent (or explicitly null).
template <class J>
const J* member(const J& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return nullptr;
  return &*it;
}

template <class J>
const J& required(const J& j, const char* key) {
  const J* v = member(j, key);
  if (!v) throw runtime_error(std::string("missing field '") + key + "'");
  return *v;
}

template <class J>
std::string read_string(const J& v, const char* key) {
  if (!v.is_string()) bad_field(key, "a string");
  return v.template get<std::string>();
}

template <class J>
std::string string_or(const J& j, const char* key, std::string fallback = {}) {
  const J* v = member(j, key);
  return v ? read_string(*v, key) : fallback;
}

template <class J>
std::int64_t read_integer(const J& v, const char* key, std::int64_t lo, std::int64_t hi) {
  if (!v.is_number_integer()) bad_field(key, "a whole number");
  if (v.is_number_unsigned() && v.template get<std::uint64_t>() > std::uint64_t(hi)) bad_field(key, "in range");
  const auto x = v.template get<std::int64_t>();
  if (x < lo || x > hi) {
    const std::string at_least = "a whole number >= " + std::to_string(lo);
    bad_field(key, lo >= 0 && lo <= 1 ? at_least.c_str() : "a whole number in range");
  }
  return x;
}

// A finite number >= 0 (a time, a share).
template <class J>
double non_negative(const J& v, const char* key) {
  if (!v.is_number() || !(v.template get<double>() >= 0)) bad_field(key, "a number >= 0");
  return v.template get<double>();
}

template <class J>
int int_field(const J& j, const char* key, bool is_required, int fallback = 0) {
  const J* v = is_required ? &required(j, key) : member(j, key);
  if (!v) return fallback;
  return int(read_integer(*v, key, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

template <class J>
std::uint64_t uint_field(const J& j, const char* key) {
  const J* v = member(j, key);
  if (!v) return 0;
  if (!v->is_number_integer() || (!v->is_number_unsigned() && v->template get<std::int64_t>() < 0))
    bad_field(key, "a whole number >= 0");
  return v->template get<std::uint64_t>();
}

template <class J>
bool bool_field(const J& j, const char* key) {
  const J& v = required(j, key);
  if (!v.is_boolean()) bad_field(key, "true or false");
  return v.template get<bool>();
}

// "fp32" or "fp16", parsed once here at the edge.
template <class J>
Precision precision_field(const J& j, const char* key) {
  const std::optional<Precision> p = parse_precision(read_string(required(j, key), key));
  if (!p) bad_field(key, "\"fp32\" or \"fp16\"");
  return *p;
}

// A mode named by a string, parsed once here at the edge with `parse`; `absent` when the key is
// (a record made before the mode existed). An unknown name throws, listing the `valid` ones.
template <class J, class T>
T mode_field(const J& j, const char* key, std::optional<T> (*parse)(std::string_view), T absent, const char* valid) {
  const J* v = member(j, key);
  if (!v) return absent;
  const std::string name = read_string(*v, key);
  const std::optional<T> mode = parse(name);
  if (!mode) throw runtime_error(std::string("field '") + key + "' is \"" + name + "\"; it must be " + valid);
  return *mode;
}

// "caffe" or "fused"; absent (a record made before graph modes): caffe.
template <class J>
GraphMode graph_field(const J& j, const char* key) {
  return mode_field(j, key, &parse_graph_mode, GraphMode::Caffe, "\"caffe\" or \"fused\"");
}

// "sequential", "greedy" or "ios"; absent (a record made before schedulers): sequential.
template <class J>
Scheduler scheduler_field(const J& j, const char* key) {
  return mode_field(j, key, &parse_scheduler, Scheduler::Sequential, "\"sequential\", \"greedy\" or \"ios\"");
}

// A number, or nullopt when the key is absent (a field added after older documents were written).
template <class J>
std::optional<double> optional_number(const J& j, const char* key) {
  const J* v = member(j, key);
  if (!v) return std::nullopt;
  if (!v->is_number()) bad_field(key, "a number");
  return v->template get<double>();
}

template <class J>
std::vector<double> times_field(const J& j, const char* key) {
  std::vector<double> out;
  const J* v = member(j, key);
  if (!v) return out;
  if (!v->is_array()) bad_field(key, "an array of numbers");
  for (const auto& x : *v) {
    if (!x.is_number()) bad_field(key, "an array of numbers");
    out.push_back(x.template get<double>());
  }
  return out;
}

// Parses a whole document; `what` names it ("the results document"). Throws std::runtime_error with
// one sentence on anything nlohmann rejects: a syntax error (with its byte), and a number beyond a
// double's range ("1e999"), which nlohmann reports as out_of_range rather than parse_error.
template <class J>
J parse_document(std::string_view text, const std::string& what) {
  try {
    return J::parse(text.begin(), text.end());
  } catch (const typename J::parse_error& e) {
    // e.byte is the 1-based offset of the problem.
    throw runtime_error(what + " is not valid JSON (error near byte " + std::to_string(e.byte) + ")");
  } catch (const typename J::exception&) {
    throw runtime_error(what + " is not valid JSON (a number out of range)");
  }
}

}  // namespace cnn::json_fields
