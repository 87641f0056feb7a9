#pragma once
// Protobuf text format, read into a schema-free tree (internal to the prototxt parser).
#include <string>
#include <string_view>
#include <vector>

namespace cnn::text_format {

// One `name: value` or `name { ... }` entry; a list `name: [a, b]` becomes one Field per element.
struct Field {
  enum class Kind { Number, Identifier, String, Message };
  std::string name;
  Kind kind = Kind::Number;
  std::string text;             // scalars: the token (numbers as written, strings unescaped)
  std::vector<Field> children;  // Message only, in file order
  int line = 0, col = 0;        // 1-based position of the field name
  int value_line = 0, value_col = 0;  // 1-based position of the value
};

// Parses a whole document as the fields of one top-level message.
// Throws ModelError "source:line:col: expected X, found Y" on a syntax error.
std::vector<Field> parse(std::string_view text, const std::string& source);

// "number '3'", "identifier 'MAX'", "string \"abc\"", "a message": for messages about a value.
std::string describe(const Field& f);

}  // namespace cnn::text_format
