#include "app/cnn_bench/text_table.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <ostream>

namespace cnn::bench_cli {
namespace {

// Display width of UTF-8 text: code points, not bytes.
std::size_t width_of(const std::string& s) {
  std::size_t n = 0;
  for (const unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

void TextTable::add_row(std::vector<std::string> cells) {
  assert(cells.size() == columns_.size());
  rows_.push_back(std::move(cells));
}

void TextTable::print(std::ostream& out, const std::string& indent) const {
  std::vector<std::size_t> widths;
  for (const auto& c : columns_) widths.push_back(width_of(c.title));
  for (const auto& row : rows_)
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width_of(row[i]));

  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text = indent;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string pad(widths[i] - width_of(cells[i]), ' ');
      const bool last = i + 1 == cells.size();
      if (columns_[i].align == Align::Right) text += pad + cells[i];
      else text += cells[i] + (last ? "" : pad);
      if (!last) text += "  ";
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << '\n';
  };
  std::vector<std::string> titles;
  std::vector<std::string> rules;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    titles.push_back(columns_[i].title);
    rules.push_back(std::string(widths[i], '-'));
  }
  line(titles);
  line(rules);
  for (const auto& row : rows_) line(row);
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string scientific(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2e", v);
  return buf;
}

std::string percent(double fraction, int decimals) { return fixed(fraction * 100.0, decimals) + "%"; }

std::string si_count(std::uint64_t v) {
  const char* units[] = {"", "K", "M", "G", "T", "P"};
  double x = double(v);
  int u = 0;
  while (x >= 1000.0 && u < 5) {
    x /= 1000.0;
    ++u;
  }
  if (u == 0) return std::to_string(v);
  return fixed(x, x < 10 ? 2 : 1) + units[u];
}

std::string shape_text(int c, int h, int w) {
  return std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w);
}

}  // namespace cnn::bench_cli
