#pragma once
// What the doctest tests share: data rows run one per pass of a TEST_CASE (QtTest's _data() tables),
// a substring check, QCOMPARE's fuzzy equality of floating-point values, a temporary directory
// removed with its contents, and shapes printed in failed checks.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/tensor.h"

// Shapes print as "2x3x224x224" in failed checks.
template <>
struct doctest::StringMaker<cnn::Shape> {
  static doctest::String convert(const cnn::Shape& s) { return s.str().c_str(); }
};

namespace cnn::test {

// One row of `rows` per run of the enclosing TEST_CASE, entered as a SUBCASE named after the row
// (Row::tag, or the member given): every row runs, a failed REQUIRE ends only its own row, and a
// failure prints the row's name. Call it once, before the checks; the names must be unique.
template <class Row>
Row pick_row(const std::vector<Row>& rows, std::string Row::*tag = &Row::tag) {
  REQUIRE_MESSAGE(!rows.empty(), "the table has no rows");
  std::set<std::string> names;
  for (const Row& r : rows) REQUIRE_MESSAGE(names.insert(r.*tag).second, "two rows are named '" << r.*tag << "'");
  const Row* picked = nullptr;
  for (const Row& r : rows)
    DOCTEST_SUBCASE((r.*tag).c_str()) { picked = &r; }
  REQUIRE(picked);  // false only when a --subcase filter left no row
  return *picked;
}

// Whether `part` occurs in `text` (QString::contains for the checks on messages).
inline bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }
inline bool contains(std::string_view text, char c) { return text.find(c) != std::string_view::npos; }

// QCOMPARE's equality of floating-point values (qFuzzyCompare: 12 significant digits for doubles,
// 5 for floats), for CHECK(a == fuzzy(b)).
inline doctest::Approx fuzzy(double expected) { return doctest::Approx(expected).epsilon(1e-12); }
inline doctest::Approx fuzzy(float expected) { return doctest::Approx(expected).epsilon(1e-5); }

// A new empty directory under the system's temporary one (TMPDIR), removed with its contents.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "cnn-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary directory in " + pattern);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path file(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace cnn::test
