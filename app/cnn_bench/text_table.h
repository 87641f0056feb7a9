#pragma once
// A plain-text table with aligned columns, and the number formats cnn-bench prints.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/analysis/series.h"

namespace cnn::bench_cli {

class TextTable {
 public:
  enum class Align { Left, Right };
  struct Column {
    std::string title;
    Align align = Align::Left;
  };

  explicit TextTable(std::vector<Column> columns) : columns_(std::move(columns)) {}
  void add_row(std::vector<std::string> cells);  // as many cells as columns
  bool empty() const { return rows_.empty(); }
  // Title row, a rule, then the rows; each line starts with `indent`.
  void print(std::ostream& out, const std::string& indent = "") const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

std::string fixed(double v, int decimals);       // "12.35"
std::string scientific(double v);                // "3.1e-06"
std::string percent(double fraction, int decimals = 1);  // 0.123 -> "12.3%"
std::string si_count(std::uint64_t v);           // 724406816 -> "724.4M"
std::string shape_text(int c, int h, int w);     // "3x224x224"
using analysis::precision_text;

}  // namespace cnn::bench_cli
