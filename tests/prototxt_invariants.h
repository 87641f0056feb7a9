#pragma once
// What a parsed prototxt and its Graph must satisfy, and what the parser's and the Graph's
// ModelError messages look like: the checks test_prototxt's garbled inputs are held to. QVERIFY
// inside: after a call, QTest::currentTestFailed() says whether a check failed.
#include <QRegularExpression>
#include <QtTest>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/model/graph.h"
#include "core/model/net_desc.h"

namespace prototxt_invariants {

using namespace cnn;

// A parse error: "SOURCE:LINE:COL: what" on one line, LINE and COL inside `text` (COL may be
// one past a line's end, LINE one past the last line), and a non-empty `what`.
inline void check_parse_error(const std::string& text, const std::string& source, const std::string& message) {
  const QRegularExpression where("^" + QRegularExpression::escape(QString::fromStdString(source)) +
                                 ":(\\d+):(\\d+): (\\S.*)$");
  const QRegularExpressionMatch m = where.match(QString::fromStdString(message));
  QVERIFY2(m.hasMatch(), ("not 'file:line:col: what' on one line: " + message).c_str());
  const int line = m.captured(1).toInt(), col = m.captured(2).toInt();
  std::vector<std::size_t> line_lengths{0};
  for (char c : text) {
    if (c == '\n') line_lengths.push_back(0);
    else ++line_lengths.back();
  }
  QVERIFY2(line >= 1 && line <= int(line_lengths.size()), message.c_str());
  QVERIFY2(col >= 1 && col <= int(line_lengths[std::size_t(line - 1)]) + 1, message.c_str());
}

// A parsed net: every layer from a 'layer' block of `text`, named, one top, the bottoms its type
// needs, its line inside the text; inputs with distinct names and positive dims.
inline void check_net(const std::string& text, const NetDesc& net) {
  std::size_t blocks = 0;
  for (std::size_t at = text.find("layer"); at != std::string::npos; at = text.find("layer", at + 1)) ++blocks;
  QVERIFY(net.layers.size() <= blocks);
  const int lines = 1 + int(std::count(text.begin(), text.end(), '\n'));
  std::set<std::string> inputs;
  for (const InputDesc& in : net.inputs) {
    QVERIFY2(inputs.insert(in.name).second, in.name.c_str());
    QVERIFY2(in.shape.n > 0 && in.shape.c > 0 && in.shape.h > 0 && in.shape.w > 0, in.shape.str().c_str());
  }
  for (const LayerDesc& l : net.layers) {
    QVERIFY(!l.name.empty());
    QVERIFY2(l.line >= 1 && l.line <= lines, l.name.c_str());
    QCOMPARE(l.tops.size(), std::size_t(1));
    if (l.type == LayerType::Eltwise) QVERIFY2(l.bottoms.size() >= 2, l.name.c_str());
    else if (l.type == LayerType::Concat) QVERIFY2(!l.bottoms.empty(), l.name.c_str());
    else QVERIFY2(l.bottoms.size() == 1, l.name.c_str());
  }
}

// A Graph of `net` at `batch`: one node per layer in order, one value per input and per top, every
// inferred shape positive with N = batch, the last layer's top among the outputs.
inline void check_graph(const NetDesc& net, const Graph& g, int batch) {
  QCOMPARE(g.nodes().size(), net.layers.size());
  QCOMPARE(g.inputs().size(), net.inputs.size());
  QCOMPARE(g.values().size(), net.inputs.size() + net.layers.size());
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    const LayerDesc& d = g.nodes()[i].desc;
    QCOMPARE(d.name, net.layers[i].name);
    QCOMPARE(d.type, net.layers[i].type);
    QCOMPARE(d.in_shapes.size(), d.bottoms.size());
    QCOMPARE(d.out_shapes.size(), std::size_t(1));
    for (const Shape& s : d.in_shapes) QVERIFY2(s.n == batch && s.c > 0 && s.h > 0 && s.w > 0, d.name.c_str());
    const Shape& out = d.out_shapes.front();
    QVERIFY2(out.n == batch && out.c > 0 && out.h > 0 && out.w > 0, (d.name + " " + out.str()).c_str());
    QCOMPARE(g.nodes()[i].stats.bytes_out, std::uint64_t(out.count()) * sizeof(float));
  }
  if (!net.layers.empty()) {
    const int last = g.nodes().back().outputs.front();
    QVERIFY(std::find(g.outputs().begin(), g.outputs().end(), last) != g.outputs().end());
  }
}

// A shape error names one layer of `net` as "layer 'name' (Type): what", or an input, on one line.
inline void check_graph_error(const NetDesc& net, const std::string& message) {
  QVERIFY2(message.find('\n') == std::string::npos, message.c_str());
  bool names_a_layer = false;
  for (const LayerDesc& l : net.layers) {
    const std::string label = "layer '" + l.name + "' (" + std::string(to_string(l.type)) + "): ";
    names_a_layer |= message.rfind(label, 0) == 0 && message.size() > label.size();
  }
  QVERIFY2(names_a_layer || message.rfind("input '", 0) == 0, message.c_str());
}

}  // namespace prototxt_invariants
