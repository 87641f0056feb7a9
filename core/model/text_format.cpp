#include "core/model/text_format.h"

#include <cctype>
#include <cstdio>

#include "core/model/net_desc.h"

namespace cnn::text_format {
namespace {

constexpr int kMaxDepth = 64;  // deeper nesting is rejected rather than risking the stack

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

struct Token {
  enum class Kind { End, Identifier, Number, String, Symbol } kind = Kind::End;
  std::string text;  // strings unescaped; symbols are one character
  int line = 1, col = 1;
};

std::string quote_short(const std::string& s, char q) {
  std::string out(1, q);
  for (char c : s.substr(0, 40)) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += '?';
    else out += c;
  }
  if (s.size() > 40) out += "...";
  return out + q;
}

std::string describe(const Token& t) {
  switch (t.kind) {
    case Token::Kind::End: return "end of input";
    case Token::Kind::Identifier: return quote_short(t.text, '\'');
    case Token::Kind::Number: return "number " + quote_short(t.text, '\'');
    case Token::Kind::String: return "string " + quote_short(t.text, '"');
    case Token::Kind::Symbol: {
      const auto c = static_cast<unsigned char>(t.text[0]);
      if (c < 0x21 || c >= 0x7f) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
        return buf;
      }
      return "'" + t.text + "'";
    }
  }
  return "?";
}

class Lexer {
 public:
  Lexer(std::string_view text, const std::string& source) : s_(text), source_(source) {}

  [[noreturn]] void fail(int line, int col, const std::string& what) const {
    throw ModelError(source_ + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + what);
  }

  Token next() {
    skip_space();
    Token t;
    t.line = line_;
    t.col = col_;
    if (pos_ >= s_.size()) return t;
    const char c = s_[pos_];
    const char c1 = pos_ + 1 < s_.size() ? s_[pos_ + 1] : '\0';
    if (is_alpha(c)) {
      t.kind = Token::Kind::Identifier;
      while (pos_ < s_.size() && is_alnum(s_[pos_])) t.text += take();
    } else if (is_digit(c) || (c == '.' && is_digit(c1)) ||
               ((c == '-' || c == '+') && (is_alnum(c1) || c1 == '.'))) {
      t.kind = Token::Kind::Number;
      read_number(t.text);
    } else if (c == '"' || c == '\'') {
      t.kind = Token::Kind::String;
      read_string(t);
    } else {
      t.kind = Token::Kind::Symbol;
      t.text = std::string(1, take());
    }
    return t;
  }

 private:
  char take() {
    const char c = s_[pos_++];
    if (c == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    return c;
  }

  void skip_space() {
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == '#') {
        while (pos_ < s_.size() && s_[pos_] != '\n') take();
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        take();
      } else {
        return;
      }
    }
  }

  // Sign, then letters, digits, '.', and an exponent sign after e/E (decimal only); checked later.
  void read_number(std::string& out) {
    if (s_[pos_] == '-' || s_[pos_] == '+') out += take();
    const bool hex = pos_ + 1 < s_.size() && s_[pos_] == '0' && (s_[pos_ + 1] == 'x' || s_[pos_ + 1] == 'X');
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      const char prev = out.empty() ? '\0' : out.back();
      if (is_alnum(c) || c == '.' || (!hex && (c == '+' || c == '-') && (prev == 'e' || prev == 'E')))
        out += take();
      else
        break;
    }
  }

  void read_string(Token& t) {
    const char quote = take();
    for (;;) {
      if (pos_ >= s_.size() || s_[pos_] == '\n')
        fail(line_, col_, std::string("expected a closing ") + quote + " for the string started at " +
                              std::to_string(t.line) + ":" + std::to_string(t.col) + ", found " +
                              (pos_ >= s_.size() ? "end of input" : "end of line"));
      const char c = take();
      if (c == quote) return;
      if (c != '\\') {
        t.text += c;
        continue;
      }
      if (pos_ >= s_.size()) continue;  // reported as unterminated on the next turn
      const int eline = line_, ecol = col_ - 1;
      const char e = take();
      switch (e) {
        case 'n': t.text += '\n'; break;
        case 't': t.text += '\t'; break;
        case 'r': t.text += '\r'; break;
        case 'a': t.text += '\a'; break;
        case 'b': t.text += '\b'; break;
        case 'f': t.text += '\f'; break;
        case 'v': t.text += '\v'; break;
        case '\\': case '\'': case '"': case '?': t.text += e; break;
        case 'x': case 'X': {
          int v = 0, n = 0;
          while (n < 2 && pos_ < s_.size() && std::isxdigit(static_cast<unsigned char>(s_[pos_]))) {
            const char h = take();
            v = v * 16 + (is_digit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
            ++n;
          }
          if (n == 0) fail(eline, ecol, "expected hex digits after '\\x', found " + next_desc());
          t.text += static_cast<char>(v);
          break;
        }
        default:
          if (e >= '0' && e <= '7') {
            int v = e - '0', n = 1;
            while (n < 3 && pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '7') {
              v = v * 8 + (take() - '0');
              ++n;
            }
            t.text += static_cast<char>(v & 0xff);
          } else {
            fail(eline, ecol, "expected a string escape (\\n, \\t, \\\\, \\\", \\x41, ...), found '\\" +
                                  std::string(1, e) + "'");
          }
      }
    }
  }

  std::string next_desc() const {
    if (pos_ >= s_.size()) return "end of input";
    return "'" + std::string(1, s_[pos_]) + "'";
  }

  std::string_view s_;
  const std::string& source_;
  std::size_t pos_ = 0;
  int line_ = 1, col_ = 1;
};

class Parser {
 public:
  Parser(std::string_view text, const std::string& source) : lex_(text, source) { advance(); }

  std::vector<Field> document() {
    std::vector<Field> fields;
    read_fields(fields, '\0', 0);
    return fields;
  }

 private:
  void advance() { tok_ = lex_.next(); }
  bool at_symbol(char c) const { return tok_.kind == Token::Kind::Symbol && tok_.text[0] == c; }

  [[noreturn]] void expected(const std::string& what) const {
    lex_.fail(tok_.line, tok_.col, "expected " + what + ", found " + describe(tok_));
  }

  // Reads fields until `close` ('\0' = end of input), consuming the closing symbol.
  void read_fields(std::vector<Field>& out, char close, int depth) {
    for (;;) {
      if (close == '\0' && tok_.kind == Token::Kind::End) return;
      if (close != '\0' && at_symbol(close)) {
        advance();
        return;
      }
      if (tok_.kind != Token::Kind::Identifier) {
        if (close != '\0' && tok_.kind == Token::Kind::End) expected(std::string("'") + close + "'");
        expected(close == '\0' ? "a field name" : std::string("a field name or '") + close + "'");
      }
      Field f;
      f.name = tok_.text;
      f.line = tok_.line;
      f.col = tok_.col;
      advance();
      if (at_symbol(':')) {
        advance();
        if (at_symbol('[')) {
          read_list(out, f, depth);
        } else if (at_symbol('{') || at_symbol('<')) {
          read_message(f, depth);
          out.push_back(std::move(f));
        } else {
          read_scalar(f);
          out.push_back(std::move(f));
        }
      } else if (at_symbol('{') || at_symbol('<')) {
        read_message(f, depth);
        out.push_back(std::move(f));
      } else {
        expected("':' or '{' after '" + f.name + "'");
      }
      if (at_symbol(',') || at_symbol(';')) advance();
    }
  }

  void read_message(Field& f, int depth) {
    if (depth + 1 > kMaxDepth)
      lex_.fail(tok_.line, tok_.col, "messages are nested deeper than " + std::to_string(kMaxDepth) + " levels");
    const char close = at_symbol('{') ? '}' : '>';
    f.kind = Field::Kind::Message;
    f.value_line = tok_.line;
    f.value_col = tok_.col;
    advance();
    read_fields(f.children, close, depth + 1);
  }

  void read_scalar(Field& f) {
    f.value_line = tok_.line;
    f.value_col = tok_.col;
    switch (tok_.kind) {
      case Token::Kind::Number: f.kind = Field::Kind::Number; break;
      case Token::Kind::Identifier: f.kind = Field::Kind::Identifier; break;
      case Token::Kind::String: f.kind = Field::Kind::String; break;
      default: expected("a value for '" + f.name + "'");
    }
    f.text = tok_.text;
    advance();
    if (f.kind == Field::Kind::String) {  // adjacent strings concatenate
      while (tok_.kind == Token::Kind::String) {
        f.text += tok_.text;
        advance();
      }
    }
  }

  // `name: [v1, v2, ...]`: one field per element.
  void read_list(std::vector<Field>& out, const Field& head, int depth) {
    advance();  // '['
    if (at_symbol(']')) {
      advance();
      return;
    }
    for (;;) {
      Field f = head;
      if (at_symbol('{') || at_symbol('<')) read_message(f, depth);
      else read_scalar(f);
      out.push_back(std::move(f));
      if (at_symbol(']')) {
        advance();
        return;
      }
      if (!at_symbol(',')) expected("',' or ']' in the list '" + head.name + "'");
      advance();
    }
  }

  Lexer lex_;
  Token tok_;
};

}  // namespace

std::vector<Field> parse(std::string_view text, const std::string& source) {
  return Parser(text, source).document();
}

std::string describe(const Field& f) {
  switch (f.kind) {
    case Field::Kind::Number: return "number " + quote_short(f.text, '\'');
    case Field::Kind::Identifier: return "identifier " + quote_short(f.text, '\'');
    case Field::Kind::String: return "string " + quote_short(f.text, '"');
    case Field::Kind::Message: return "a message { ... }";
  }
  return "?";
}

}  // namespace cnn::text_format
