// Results documents and CSV with a measured top-1: "accuracy" {"dataset", "images", "correct"} written
// only when measured and read back exactly, bad readings refused with one sentence naming the field,
// and the CSV's top1 and accuracy_* columns (empty when not measured).
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "core/bench/results_csv.h"
#include "core/bench/results_json.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {


Point timed_point(const std::string& lib) {
  Point p;
  p.model = "lenet-fashion";
  p.lib = lib;
  p.batch = 100;
  p.threads = 2;
  p.success = true;
  p.time_fw_ms = {2.5, 2.75};
  return p;
}

const char* const kHead = R"({"schema":"cnn-explorer/1","points":[{"model":"a","lib":"b","precision":"fp32",)"
                          R"("batch":1,"threads":1,"success":true)";

// The CSV's cells of row `row` (0: the header), for fields without quotes or newlines.
std::vector<std::string> csv_row(const std::string& text, int row) {
  std::istringstream in(text);
  std::string line;
  for (int i = 0; i <= row; ++i) std::getline(in, line);
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream fields(line);
  while (std::getline(fields, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.push_back({});
  return cells;
}

}  // namespace

TEST_CASE("writtenOnlyWhenMeasured") {
  Point measured = timed_point("openblas");
  measured.accuracy = AccuracyReading{"fashion-mnist-test", 10000, 9083};
  const nlohmann::ordered_json j = measured;
  CHECK(j.at("accuracy").dump() == std::string(R"({"dataset":"fashion-mnist-test","images":10000,"correct":9083})"));
  const nlohmann::ordered_json plain = timed_point("onednn");
  CHECK(!plain.contains("accuracy"));
}

TEST_CASE("roundTrip") {
  Point measured = timed_point("openblas");
  measured.accuracy = AccuracyReading{"fashion \"mnist\", test", 10000, 9083};
  Point none_classified = timed_point("onednn");
  none_classified.accuracy = AccuracyReading{"empty", 0, 0};
  const std::vector<Point> points = {measured, timed_point("reference"), none_classified};
  const ResultsDocument doc = results_from_json(results_to_json({}, points));
  REQUIRE(doc.points.size() == std::size_t(3));
  CHECK(doc.points[0].accuracy == measured.accuracy);
  CHECK((doc.points[0].accuracy->top1()) == test::fuzzy(0.9083));
  CHECK(!doc.points[1].accuracy);
  CHECK(doc.points[2].accuracy == none_classified.accuracy);
  CHECK((doc.points[2].accuracy->top1()) == test::fuzzy(0.0));
  // A document written before accuracy existed reads with none; an explicit null is none too.
  CHECK(!results_from_json(std::string(kHead) + "}]}").points[0].accuracy);
  CHECK(!results_from_json(std::string(kHead) + R"(,"accuracy":null}]})").points[0].accuracy);
}

struct RejectsRow {
  std::string tag;
  std::string accuracy;
  std::string fragment;
};

std::vector<RejectsRow> rejects_rows() {
  std::vector<RejectsRow> rows;
  rows.push_back({"not an object", "0.9", "point 0: 'accuracy' must be a JSON object"});
  rows.push_back({"no dataset", R"({"images":10,"correct":9})", "point 0: accuracy: missing field 'dataset'"});
  rows.push_back({"dataset a number", R"({"dataset":1,"images":10,"correct":9})", "field 'dataset' must be a string"});
  rows.push_back({"no images", R"({"dataset":"d","correct":9})", "accuracy: missing field 'images'"});
  rows.push_back({"negative images", R"({"dataset":"d","images":-1,"correct":0})",
                  "field 'images' must be a whole number >= 0"});
  rows.push_back({"images a fraction", R"({"dataset":"d","images":1.5,"correct":0})", "field 'images'"});
  rows.push_back({"no correct", R"({"dataset":"d","images":10})", "accuracy: missing field 'correct'"});
  rows.push_back({"negative correct", R"({"dataset":"d","images":10,"correct":-1})", "field 'correct'"});
  rows.push_back({"more right than seen", R"({"dataset":"d","images":10,"correct":11})",
                  "accuracy: field 'correct' must be at most 'images'"});
  return rows;
}

TEST_CASE("rejects") {
  auto [tag, accuracy, fragment] = test::pick_row(rejects_rows());
  try {
    results_from_json(std::string(kHead) + ",\"accuracy\":" + accuracy + "}]}");
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    const std::string message = std::string(e.what());
    CHECK_MESSAGE(test::contains(message, fragment), message);
  }
}

// One row per repetition, each carrying the point's reading; empty cells where none was measured.
TEST_CASE("csvColumns") {
  Point measured = timed_point("openblas");
  measured.accuracy = AccuracyReading{"fashion-mnist-test", 10000, 9083};
  std::ostringstream out;
  write_points_csv(out, {measured, timed_point("onednn")});
  const std::vector<std::string> header = csv_row(out.str(), 0);
  const std::size_t n = header.size();
  // The four accuracy columns, where they stand (the schedule's column follows them).
  const std::size_t t = std::size_t(std::find(header.begin(), header.end(), "top1") - header.begin());
  REQUIRE(t + 4 <= n);
  CHECK(header[t + 1] == std::string("accuracy_dataset"));
  CHECK(header[t + 2] == std::string("accuracy_images"));
  CHECK(header[t + 3] == std::string("accuracy_correct"));
  for (int row : {1, 2}) {
    const std::vector<std::string> cells = csv_row(out.str(), row);
    REQUIRE(cells.size() == n);
    CHECK(cells[t] == std::string("0.9083"));
    CHECK(cells[t + 1] == std::string("fashion-mnist-test"));
    CHECK(cells[t + 2] == std::string("10000"));
    CHECK(cells[t + 3] == std::string("9083"));
  }
  for (int row : {3, 4}) {
    const std::vector<std::string> cells = csv_row(out.str(), row);
    REQUIRE(cells.size() == n);
    for (std::size_t c = t; c < t + 4; ++c) CHECK(cells[c] == std::string());
  }
}
