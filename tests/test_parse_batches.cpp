// cnn::parse_batches: ranges, lists and single sizes to batch sizes; bad text to a
// std::invalid_argument whose one sentence quotes the text; ranges near INT_MAX and very long
// ranges refused (or made) without overflowing or filling memory.
#include <doctest/doctest.h>

#include <climits>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/bench/selection.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

std::vector<int> parse(const std::string& text) {
  const std::vector<int> sizes = parse_batches(text);
  return std::vector<int>(sizes.begin(), sizes.end());
}

std::vector<int> range(int from, int to, int step = 1) {
  std::vector<int> out;
  for (long long b = from; b <= to; b += step) out.push_back(int(b));
  return out;
}

}  // namespace

struct GoodRow {
  std::string tag;
  std::string text;
  std::vector<int> expected;
};

std::vector<GoodRow> good_rows() {
  std::vector<GoodRow> rows;
  rows.push_back({"range with step", "2:16:2", {2, 4, 6, 8, 10, 12, 14, 16}});
  rows.push_back({"step past TO", "1:10:4", {1, 5, 9}});
  rows.push_back({"step larger than the range", "3:5:100", {3}});
  rows.push_back({"list", "1,4,8", {1, 4, 8}});
  rows.push_back({"list kept as written", "8,1,8", {8, 1, 8}});
  rows.push_back({"one size", "8", {8}});
  rows.push_back({"range", "1:3", {1, 2, 3}});
  rows.push_back({"empty range", "16:16", {16}});
  rows.push_back({"leading zeros", "007", {7}});
  rows.push_back({"4096 sizes", "1:4096", range(1, 4096)});
  rows.push_back({"at INT_MAX", "2147483647:2147483647", {INT_MAX}});
  rows.push_back({"up to INT_MAX", "2147483640:2147483647", range(2147483640, INT_MAX)});
  rows.push_back({"steps past INT_MAX", "2147483000:2147483647:500", {2147483000, 2147483500}});
  rows.push_back({"INT_MAX step", "1:2147483647:2147483647", {1}});
  rows.push_back({"INT_MAX in a list", "1,2147483647", {1, INT_MAX}});
  return rows;
}

TEST_CASE("good") {
  auto [tag, text, expected] = test::pick_row(good_rows());
  CHECK(parse(text) == expected);
}

struct BadRow {
  std::string tag;
  std::string text;
  std::string named;
};

std::vector<BadRow> bad_rows() {
  std::vector<BadRow> rows;
  rows.push_back({"empty", "", "empty"});
  rows.push_back({"zero", "0", "'0'"});
  rows.push_back({"negative", "-1", "'-1'"});
  rows.push_back({"letter", "a", "'a'"});
  rows.push_back({"plus sign", "+4", "'+4'"});
  rows.push_back({"spaces", "1, 4", "' 4'"});
  rows.push_back({"fraction", "2.5", "'2.5'"});
  rows.push_back({"TO below FROM", "4:2", "'4:2'"});
  rows.push_back({"four parts", "1:2:3:4", "'1:2:3:4'"});
  rows.push_back({"empty list item", "1,,2", "'1,,2'"});
  rows.push_back({"trailing comma", "1,2,", "'1,2,'"});
  rows.push_back({"step 0", "1:0:1", "'1:0:1'"});
  rows.push_back({"zero step", "1:4:0", "'0'"});
  rows.push_back({"negative step", "1:4:-1", "'-1'"});
  rows.push_back({"no TO", "1:", "'1:'"});
  rows.push_back({"no FROM", ":4", "':4'"});
  rows.push_back({"range and list", "1:4,8", "'4,8'"});
  rows.push_back({"past INT_MAX", "2147483648", "'2147483648'"});
  rows.push_back({"4097 sizes", "1:4097", "'1:4097'"});
  rows.push_back({"a range to INT_MAX", "1:2147483647", "'1:2147483647'"});
  std::string ones = "1";
  for (int i = 1; i < 4097; ++i) ones += ",1";
  rows.push_back({"4097 listed", ones, "more than 4096 sizes"});
  return rows;
}

TEST_CASE("bad") {
  auto [tag, text, named] = test::pick_row(bad_rows());
  try {
    const std::vector<int> sizes = parse(text);
    FAIL("accepted, " << sizes.size() << " sizes");
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    CHECK_MESSAGE(message.starts_with("bad batch "), message);
    CHECK_MESSAGE(test::contains(message, named), (message + " does not name " + named));
    CHECK_MESSAGE(!test::contains(message, '\n'), message);
  }
}
