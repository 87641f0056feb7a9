#pragma once
// What a parsed prototxt and its Graph must satisfy, and what the parser's and the Graph's
// ModelError messages look like: the checks test_prototxt's garbled inputs are held to. REQUIREs
// inside: the first broken invariant ends the test case (an INFO before the call names the input).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/graph.h"
#include "core/model/net_desc.h"

namespace prototxt_invariants {

using namespace cnn;

// A parse error: "SOURCE:LINE:COL: what" on one line, LINE and COL inside `text` (COL may be
// one past a line's end, LINE one past the last line), and a non-empty `what`.
inline void check_parse_error(const std::string& text, const std::string& source, const std::string& message) {
  std::string escaped;  // the source name as a literal
  for (char c : source) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) escaped += '\\';
    escaped += c;
  }
  const std::regex where("^" + escaped + ":(\\d+):(\\d+): (\\S[^\\n]*)$");  // one line: no newline (a \r may be)
  std::smatch m;
  REQUIRE_MESSAGE(std::regex_match(message, m, where), "not 'file:line:col: what' on one line: " << message);
  const int line = std::stoi(m[1].str()), col = std::stoi(m[2].str());
  std::vector<std::size_t> line_lengths{0};
  for (char c : text) {
    if (c == '\n') line_lengths.push_back(0);
    else ++line_lengths.back();
  }
  REQUIRE_MESSAGE((line >= 1 && line <= int(line_lengths.size())), message);
  REQUIRE_MESSAGE((col >= 1 && col <= int(line_lengths[std::size_t(line - 1)]) + 1), message);
}

// A parsed net: every layer from a 'layer' block of `text`, named, one top, the bottoms its type
// needs, its line inside the text; inputs with distinct names and positive dims.
inline void check_net(const std::string& text, const NetDesc& net) {
  std::size_t blocks = 0;
  for (std::size_t at = text.find("layer"); at != std::string::npos; at = text.find("layer", at + 1)) ++blocks;
  REQUIRE(net.layers.size() <= blocks);
  const int lines = 1 + int(std::count(text.begin(), text.end(), '\n'));
  std::set<std::string> inputs;
  for (const InputDesc& in : net.inputs) {
    REQUIRE_MESSAGE(inputs.insert(in.name).second, in.name);
    REQUIRE_MESSAGE((in.shape.n > 0 && in.shape.c > 0 && in.shape.h > 0 && in.shape.w > 0), in.shape.str());
  }
  for (const LayerDesc& l : net.layers) {
    REQUIRE(!l.name.empty());
    REQUIRE_MESSAGE((l.line >= 1 && l.line <= lines), l.name);
    REQUIRE(l.tops.size() == std::size_t(1));
    if (l.type == LayerType::Eltwise) REQUIRE_MESSAGE(l.bottoms.size() >= 2, l.name);
    else if (l.type == LayerType::Concat) REQUIRE_MESSAGE(!l.bottoms.empty(), l.name);
    else REQUIRE_MESSAGE(l.bottoms.size() == 1, l.name);
  }
}

// A Graph of `net` at `batch`: one node per layer in order, one value per input and per top, every
// inferred shape positive with N = batch, the last layer's top among the outputs.
inline void check_graph(const NetDesc& net, const Graph& g, int batch) {
  REQUIRE(g.nodes().size() == net.layers.size());
  REQUIRE(g.inputs().size() == net.inputs.size());
  REQUIRE(g.values().size() == net.inputs.size() + net.layers.size());
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    const LayerDesc& d = g.nodes()[i].desc;
    REQUIRE(d.name == net.layers[i].name);
    REQUIRE(d.type == net.layers[i].type);
    REQUIRE(d.in_shapes.size() == d.bottoms.size());
    REQUIRE(d.out_shapes.size() == std::size_t(1));
    for (const Shape& s : d.in_shapes) REQUIRE_MESSAGE((s.n == batch && s.c > 0 && s.h > 0 && s.w > 0), d.name);
    const Shape& out = d.out_shapes.front();
    REQUIRE_MESSAGE((out.n == batch && out.c > 0 && out.h > 0 && out.w > 0), (d.name + " " + out.str()).c_str());
    REQUIRE(g.nodes()[i].stats.bytes_out == std::uint64_t(out.count()) * sizeof(float));
  }
  if (!net.layers.empty()) {
    const int last = g.nodes().back().outputs.front();
    REQUIRE(std::find(g.outputs().begin(), g.outputs().end(), last) != g.outputs().end());
  }
}

// A shape error names one layer of `net` as "layer 'name' (Type): what", or an input, on one line.
inline void check_graph_error(const NetDesc& net, const std::string& message) {
  REQUIRE_MESSAGE(message.find('\n') == std::string::npos, message);
  bool names_a_layer = false;
  for (const LayerDesc& l : net.layers) {
    const std::string label = "layer '" + l.name + "' (" + std::string(to_string(l.type)) + "): ";
    names_a_layer |= message.rfind(label, 0) == 0 && message.size() > label.size();
  }
  REQUIRE_MESSAGE((names_a_layer || message.rfind("input '", 0) == 0), message);
}

}  // namespace prototxt_invariants
