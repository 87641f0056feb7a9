// Results documents: JSON round trip and rejection of bad documents; tidy CSV shape and quoting.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "core/bench/results_csv.h"
#include "core/bench/results_json.h"
#include "core/schedule/schedule_json.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

Platform fixture_platform() {
  Platform p;
  p.cpu = "Intel(R) Xeon(R) Platinum 8480+";
  p.cores = 16;
  p.os = "Debian GNU/Linux 12 (bookworm), kernel 6.1.0 x86_64";
  p.compiler = "GNU 12.2.0";
  p.version = "0.1.0";
  p.started_at = "2026-11-21T14:41:00Z";
  // Not in alphabetical order: the document keeps the order written.
  p.libraries = {{"openblas", "0.3.21"}, {"blas_kernel", "SkylakeX"}, {"cuda", "12.4, driver \"550\""}};
  return p;
}

LayerRecord layer(int index, const std::string& name, const std::string& type, std::vector<double> times) {
  LayerRecord l;
  l.index = index;
  l.name = name;
  l.type = type;
  l.time_ms = std::move(times);
  l.macs = 105415200ull * (index + 1);
  l.params = 34944;
  l.bytes_in = 1236696;
  l.bytes_out = 4 * 290400;
  return l;
}

Point good_point(const std::string& model, int batch) {
  Point p;
  p.model = model;
  p.lib = "openblas";
  p.precision = Precision::FP32;
  p.batch = batch;
  p.threads = 2;
  p.success = true;
  p.time_fw_ms = {12.5, 0.1, 12345.678901234567};
  p.layers = {layer(0, "conv1", "Convolution", {3.25, 3.5, 1e-9}), layer(1, "fc,8 \"x\"", "InnerProduct", {1, 2, 3})};
  p.memory = {243860896ull, 1000, 5000000000ull, 77, 18446744073709551615ull, 253000000ull};
  p.visits = 3;  // how the reading was taken (absent in failed_point: as in an older record)
  p.load_before = 0.75;
  p.load_after = 1.5;
  p.noise_threshold = 0.05;
  return p;
}

Point failed_point() {
  Point p;
  p.model = "googlenet";
  p.lib = "cudnn";
  p.precision = Precision::FP16;
  p.batch = 4;
  p.threads = 1;
  p.success = false;
  p.error = "layer 'norm1' (LRN) is not supported by cudnn in fp16, \"sorry\"\nsecond line";
  return p;
}

// An IOS schedule of three stages (the second of two concurrent groups), timed in two repetitions.
ScheduleRecord fixture_schedule() {
  return {Scheduler::Ios, Schedule{{Stage{{{0}}}, Stage{{{1, 2}, {3}}}, Stage{{{4}}}}}, 1.25, 17,
          {{0.5, 0.25}, {1.5, 1.75}, {0.125, 0.375}}};
}

// Named fixtures: the points, and how many rows their point and layer CSVs have.
struct Fixture {
  std::vector<Point> points;
  int point_rows = 0, layer_rows = 0;
};

Fixture fixture(const std::string& name) {
  if (name == "one point") return {{good_point("alexnet", 2)}, 3, 6};
  if (name == "failed point") return {{failed_point()}, 1, 0};
  if (name == "empty") return {{}, 0, 0};
  Point fast = good_point("my nets/lenet.prototxt", 1);
  fast.time_fw_ms = {0.25, 0.5};
  fast.layers = {layer(0, "conv1", "Convolution", {})};  // a layer without times: one row
  fast.graph = GraphMode::Fused;
  fast.accuracy = AccuracyReading{"fashion-mnist-test", 10000, 9083};
  fast.scheduler = Scheduler::Ios;
  fast.schedule = fixture_schedule();
  return {{good_point("alexnet", 2), failed_point(), fast}, 3 + 1 + 2, 6 + 1};
}

void compare(const Point& a, const Point& b) {
  CHECK(a.model == b.model);
  CHECK(a.lib == b.lib);
  CHECK(a.precision == b.precision);
  CHECK(a.graph == b.graph);
  CHECK(a.scheduler == b.scheduler);
  CHECK(a.schedule == b.schedule);
  CHECK(a.batch == b.batch);
  CHECK(a.threads == b.threads);
  CHECK(a.success == b.success);
  CHECK(a.error == b.error);
  CHECK(a.time_fw_ms == b.time_fw_ms);
  REQUIRE(a.layers.size() == b.layers.size());
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    const LayerRecord &x = a.layers[i], &y = b.layers[i];
    CHECK(x.index == y.index);
    CHECK(x.name == y.name);
    CHECK(x.type == y.type);
    CHECK(x.time_ms == y.time_ms);
    CHECK(x.macs == y.macs);
    CHECK(x.params == y.params);
    CHECK(x.bytes_in == y.bytes_in);
    CHECK(x.bytes_out == y.bytes_out);
  }
  CHECK(a.memory.weights_bytes == b.memory.weights_bytes);
  CHECK(a.memory.activations_bytes == b.memory.activations_bytes);
  CHECK(a.memory.activations_total_bytes == b.memory.activations_total_bytes);
  CHECK(a.memory.workspace_bytes == b.memory.workspace_bytes);
  CHECK(a.memory.measured_bytes == b.memory.measured_bytes);
  CHECK(a.memory.tracked_bytes == b.memory.tracked_bytes);
  CHECK(a.visits == b.visits);
  CHECK(a.provisional == b.provisional);
  CHECK(a.load_before == b.load_before);
  CHECK(a.load_after == b.load_after);
  CHECK(a.noise_threshold == b.noise_threshold);
  CHECK(a.accuracy == b.accuracy);
}

// RFC 4180 records: fields split on commas outside quotes, "" inside quotes is one quote.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field += c;
    }
  }
  return rows;
}

}  // namespace

struct RoundTripRow {
  std::string tag;
  std::string name;
};

std::vector<RoundTripRow> round_trip_rows() {
  std::vector<RoundTripRow> rows;
  rows.push_back({"one point", "one point"});
  rows.push_back({"failed point", "failed point"});
  rows.push_back({"mixed", "mixed"});
  rows.push_back({"empty", "empty"});
  return rows;
}

TEST_CASE("roundTrip") {
  auto [tag, name] = test::pick_row(round_trip_rows());
  const Fixture f = fixture(name);
  const Platform platform = fixture_platform();
  const std::string text = results_to_json(platform, f.points);
  const ResultsDocument doc = results_from_json(text);

  CHECK(doc.platform.cpu == platform.cpu);
  CHECK(doc.platform.cores == platform.cores);
  CHECK(doc.platform.os == platform.os);
  CHECK(doc.platform.compiler == platform.compiler);
  CHECK(doc.platform.version == platform.version);
  CHECK(doc.platform.started_at == platform.started_at);
  CHECK(doc.platform.libraries == platform.libraries);
  REQUIRE(doc.points.size() == f.points.size());
  for (std::size_t i = 0; i < f.points.size(); ++i) {
    INFO("point " << i);
    compare(doc.points[i], f.points[i]);
  }
  // Writing what was read gives the same text.
  CHECK(results_to_json(doc.platform, doc.points) == text);
}

TEST_CASE("adlConversions") {
  const Point p = good_point("alexnet", 8);
  const nlohmann::ordered_json j = p;
  CHECK(j.at("layers").at(1).at("name").get<std::string>() == p.layers[1].name);
  CHECK((j.at("memory").at("measured_bytes").get<std::uint64_t>()) == p.memory.measured_bytes);
  compare(j.get<Point>(), p);
  const nlohmann::ordered_json pj = fixture_platform();
  CHECK(pj.at("libraries").is_object());
  CHECK(pj.get<Platform>().cpu == fixture_platform().cpu);
}

// Every point names its graph mode; a record made before graph modes (no "graph") ran the Caffe graph.
TEST_CASE("graphField") {
  Point fused = good_point("resnet-50", 2);
  fused.graph = GraphMode::Fused;
  const nlohmann::ordered_json j = fused;
  CHECK(j.at("graph").get<std::string>() == std::string("fused"));
  CHECK(nlohmann::ordered_json(good_point("a", 1)).at("graph").get<std::string>() == std::string("caffe"));
  const std::string older = R"({"schema":"cnn-explorer/1","points":[{"model":"a","lib":"b","precision":"fp32",)"
                            R"("batch":1,"threads":1,"success":true},)"
                            R"({"model":"a","lib":"b","precision":"fp32","graph":"fused","batch":1,"success":true}]})";
  const ResultsDocument doc = results_from_json(older);
  REQUIRE(doc.points.size() == std::size_t(2));
  CHECK(doc.points[0].graph == GraphMode::Caffe);
  CHECK(doc.points[1].graph == GraphMode::Fused);
}

struct RejectsRow {
  std::string tag;
  std::string document;
  std::string fragment;
};

std::vector<RejectsRow> rejects_rows() {
  std::vector<RejectsRow> rows;
  const std::string ok_point = R"({"model":"a","lib":"b","precision":"fp32","batch":1,"threads":1,"success":true)";
  rows.push_back({"not json", "{\"schema\": ", "not valid JSON"});
  rows.push_back({"empty text", "", "not valid JSON"});
  rows.push_back({"an array", "[1, 2]", "not a JSON object"});
  rows.push_back({"no schema", R"({"points": []})", "no \"schema\""});
  rows.push_back({"other schema", R"({"schema": "cnn-explorer/2", "points": []})", "cnn-explorer/2"});
  rows.push_back({"schema a number", R"({"schema": 1, "points": []})", "schema"});
  rows.push_back({"no points", R"({"schema": "cnn-explorer/1"})", "points"});
  rows.push_back({"points an object", R"({"schema": "cnn-explorer/1", "points": {}})", "points"});
  rows.push_back(
      {"missing model",
       R"({"schema": "cnn-explorer/1", "points": [{"lib":"b","precision":"fp32","batch":1,"success":true}]})",
       "point 0: missing field 'model'"});
  rows.push_back({"batch a string",
                  R"({"schema":"cnn-explorer/1","points":[)" + ok_point +
                      R"(}, {"model":"a","lib":"b","precision":"fp32","batch":"2","success":true}]})",
                  "point 1: field 'batch'"});
  rows.push_back({"time a string",
                  R"({"schema":"cnn-explorer/1","points":[)" + ok_point + R"(,"time_fw_ms":[1,"x"]}]})", "time_fw_ms"});
  rows.push_back({"negative macs",
                  R"({"schema":"cnn-explorer/1","points":[)" + ok_point +
                      R"(,"layers":[{"index":0,"name":"c","type":"ReLU","macs":-1}]}]})",
                  "layer 0: field 'macs'"});
  rows.push_back({"unknown graph mode",
                  R"({"schema":"cnn-explorer/1","points":[)" + ok_point + R"(,"graph":"folded"}]})",
                  "point 0: field 'graph' is \"folded\"; it must be \"caffe\" or \"fused\""});
  rows.push_back({"graph mode a number", R"({"schema":"cnn-explorer/1","points":[)" + ok_point + R"(,"graph":1}]})",
                  "point 0: field 'graph' must be a string"});
  rows.push_back({"library a number", R"({"schema":"cnn-explorer/1","platform":{"libraries":{"x":1}},"points":[]})",
                  "platform"});
  return rows;
}

TEST_CASE("rejects") {
  auto [tag, document, fragment] = test::pick_row(rejects_rows());
  const std::string text = document;
  try {
    results_from_json(text);
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    const std::string message = std::string(e.what());
    CHECK_MESSAGE(test::contains(message, fragment), message);
    CHECK_MESSAGE(!test::contains(message, '\n'), message);
  }
}

struct CsvShapeRow {
  std::string tag;
  std::string name;
};

std::vector<CsvShapeRow> csv_shape_rows() {
  std::vector<CsvShapeRow> rows;
  rows.push_back({"one point", "one point"});
  rows.push_back({"failed point", "failed point"});
  rows.push_back({"mixed", "mixed"});
  rows.push_back({"empty", "empty"});
  return rows;
}

TEST_CASE("csvShape") {
  auto [tag, name] = test::pick_row(csv_shape_rows());
  const Fixture f = fixture(name);
  std::ostringstream points_out, layers_out;
  write_points_csv(points_out, f.points);
  write_layers_csv(layers_out, f.points);
  const auto points = parse_csv(points_out.str());
  const auto layers = parse_csv(layers_out.str());

  REQUIRE(points.size() == std::size_t(1 + f.point_rows));
  REQUIRE(layers.size() == std::size_t(1 + f.layer_rows));
  const std::vector<std::string> point_header = {
      "model", "lib", "precision", "graph", "scheduler", "batch", "threads", "success", "error", "repetition", "time_fw_ms",
      "time_per_image_ms", "weights_bytes", "activations_bytes", "activations_total_bytes", "workspace_bytes",
      "measured_bytes", "tracked_bytes", "visits", "provisional", "cov", "median_ms", "p90_ms", "p99_ms",
      "layer_sum_ratio", "noisy", "layer_sum_off", "load_before", "load_after", "noise_threshold", "top1",
      "accuracy_dataset", "accuracy_images", "accuracy_correct", "schedule"};
  const std::vector<std::string> layer_header = {"model", "lib", "precision", "graph", "scheduler", "batch",
                                                 "threads", "index", "name", "type", "repetition", "time_ms",
                                                 "macs", "params", "bytes_in", "bytes_out"};
  CHECK(points.front() == point_header);
  CHECK(layers.front() == layer_header);
  for (const auto& row : points) REQUIRE(row.size() == point_header.size());
  for (const auto& row : layers) REQUIRE(row.size() == layer_header.size());
}

TEST_CASE("csvValues") {
  const Fixture f = fixture("mixed");
  std::ostringstream points_out, layers_out;
  write_points_csv(points_out, f.points);
  write_layers_csv(layers_out, f.points);
  const auto points = parse_csv(points_out.str());
  const auto layers = parse_csv(layers_out.str());
  // Row 1: alexnet batch 2, repetition 0: 12.5 ms, 6.25 ms per image, the Caffe graph.
  CHECK(points[1][0] == std::string("alexnet"));
  CHECK(points[1][3] == std::string("caffe"));
  CHECK(points[1][7] == std::string("true"));
  CHECK(points[1][9] == std::string("0"));
  CHECK(points[1][10] == std::string("12.5"));
  CHECK(points[1][11] == std::string("6.25"));
  CHECK(points[1][16] == std::string("18446744073709551615"));
  // Row 3 holds the full-precision value; it reads back exactly.
  CHECK(std::stod(points[3][10]) == test::fuzzy(12345.678901234567));
  // Row 4: the failed point, its error with comma, quotes and newline intact, times empty.
  CHECK(points[4][7] == std::string("false"));
  CHECK(points[4][8] == failed_point().error);
  CHECK(points[4][9] == std::string());
  CHECK(points[4][10] == std::string());
  // A path with a space as the model name, run in the fused graph; a layer name with a comma and quotes.
  CHECK(points[5][0] == std::string("my nets/lenet.prototxt"));
  CHECK(points[5][3] == std::string("fused"));
  CHECK(layers[4][8] == std::string("fc,8 \"x\""));
  CHECK(layers[7][3] == std::string("fused"));
  CHECK(layers[7][10] == std::string());  // the layer without times
  CHECK((points[1][4] == std::string("sequential") && points[1].back() == std::string()));  // scheduler, no schedule
  CHECK((points[5][4] == std::string("ios") && layers[7][4] == std::string("ios")));
  CHECK(schedule_from_json(points[5].back()) == fixture_schedule());  // the schedule as its JSON, last
}

struct CsvFieldRow {
  std::string tag;
  std::string text;
  std::string field;
};

std::vector<CsvFieldRow> csv_field_rows() {
  std::vector<CsvFieldRow> rows;
  rows.push_back({"plain", "conv1", "conv1"});
  rows.push_back({"empty", "", ""});
  rows.push_back({"comma", "a,b", "\"a,b\""});
  rows.push_back({"quote", "say \"hi\"", "\"say \"\"hi\"\"\""});
  rows.push_back({"newline", "a\nb", "\"a\nb\""});
  rows.push_back({"carriage return", "a\rb", "\"a\rb\""});
  return rows;
}

TEST_CASE("csvField") {
  auto [tag, text, field] = test::pick_row(csv_field_rows());
  CHECK(csv_field(text) == field);
}

struct LayersPathRow {
  std::string tag;
  std::string points;
  std::string layers;
};

std::vector<LayersPathRow> layers_path_rows() {
  std::vector<LayersPathRow> rows;
  rows.push_back({"csv", "results.csv", "results.layers.csv"});
  rows.push_back({"folder", "out/run 1.csv", "out/run 1.layers.csv"});
  rows.push_back({"upper case", "R.CSV", "R.layers.csv"});
  rows.push_back({"no extension", "results", "results.layers.csv"});
  return rows;
}

TEST_CASE("layersPath") {
  auto [tag, points, layers] = test::pick_row(layers_path_rows());
  CHECK(layers_csv_path(points).string() == layers);
}
