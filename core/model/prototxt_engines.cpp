#include "core/model/prototxt_engines.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/model/text_format.h"

namespace cnn {
namespace {

// Byte offset of 1-based (line, col) in text.
std::size_t offset_of(std::string_view text, int line, int col) {
  std::size_t at = 0;
  for (int l = 1; l < line; ++l) at = text.find('\n', at) + 1;
  return at + std::size_t(col - 1);
}

struct Edit {
  std::size_t from = 0, to = 0;  // replace text[from, to)
  std::string with;
};

std::string quoted(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string with_layer_engines(std::string_view text, const std::string& source,
                               const std::map<std::string, std::string>& engines) {
  using text_format::Field;
  std::vector<Edit> edits;
  for (const Field& layer : text_format::parse(text, source)) {
    if (layer.name != "layer" || layer.kind != Field::Kind::Message) continue;
    const auto name = std::find_if(layer.children.begin(), layer.children.end(), [](const Field& f) {
      return f.name == "name" && f.kind == Field::Kind::String;
    });
    if (name == layer.children.end()) continue;
    const auto engine = engines.find(name->text);
    if (engine == engines.end()) continue;
    const auto existing = std::find_if(layer.children.begin(), layer.children.end(),
                                       [](const Field& f) { return f.name == "engine" && f.kind != Field::Kind::Message; });
    if (existing != layer.children.end()) {  // replace the value token as written
      const std::size_t from = offset_of(text, existing->value_line, existing->value_col);
      std::size_t to = from;
      if (existing->kind == Field::Kind::String) {
        const char quote = text[from];
        for (to = from + 1; to < text.size() && text[to] != quote; ++to)
          if (text[to] == '\\') ++to;
        ++to;
      } else {
        while (to < text.size() && !std::isspace(static_cast<unsigned char>(text[to])) && text[to] != '}') ++to;
      }
      edits.push_back({from, to, quoted(engine->second)});
    } else {  // a new first field, on its own line after the layer's opening brace
      const std::size_t brace = text.find('{', offset_of(text, layer.line, layer.col));
      const std::size_t line_start = text.rfind('\n', offset_of(text, layer.line, layer.col));
      const std::size_t indent_from = line_start == std::string_view::npos ? 0 : line_start + 1;
      std::string indent;
      for (std::size_t i = indent_from; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i) indent += text[i];
      edits.push_back({brace + 1, brace + 1, "\n" + indent + "  engine: " + quoted(engine->second)});
    }
  }
  std::string out(text);
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.from > b.from; });
  for (const Edit& e : edits) out.replace(e.from, e.to - e.from, e.with);
  return out;
}

}  // namespace cnn
