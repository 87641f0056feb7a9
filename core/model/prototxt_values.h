#pragma once
// Typed reads of text-format fields with "source:line:col: expected X, found Y" errors
// (internal to the prototxt parser).
#include <cstdint>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model/text_format.h"

namespace cnn {

class FieldReader {
 public:
  using Field = text_format::Field;
  // `context` ("layer 'conv1' (Convolution)") goes between the position and the message when not empty.
  explicit FieldReader(const std::string& source, std::string context = {})
      : source_(source), context_(std::move(context)) {}

  const std::string& source() const { return source_; }
  std::string where(int line, int col) const;  // "source:line:col"
  [[noreturn]] void fail(int line, int col, const std::string& what) const;
  [[noreturn]] void fail_at(const Field& f, const std::string& what) const { fail(f.line, f.col, what); }
  [[noreturn]] void fail_at_value(const Field& f, const std::string& what) const;

  const std::vector<Field>& message(const Field& f) const;      // the children of a message field
  std::int64_t integer(const Field& f, std::int64_t lo, std::int64_t hi) const;
  int uint32(const Field& f) const { return int(integer(f, 0, INT32_MAX)); }  // stored as int
  int int32(const Field& f) const { return int(integer(f, INT32_MIN, INT32_MAX)); }
  float real(const Field& f) const;
  bool boolean(const Field& f) const;
  std::string string(const Field& f) const;                    // a "quoted" value
  // The index of the enum name (or its number) in `names`, which lists values 0, 1, 2, ...
  int enumeration(const Field& f, std::initializer_list<std::string_view> names) const;

 private:
  const std::string& source_;
  std::string context_;
};

// Rejects a second occurrence of a non-repeated field within one message.
class OnceChecker {
 public:
  explicit OnceChecker(const FieldReader& r) : r_(r) {}
  void operator()(const text_format::Field& f);

 private:
  const FieldReader& r_;
  std::set<std::string> seen_;
};

}  // namespace cnn
