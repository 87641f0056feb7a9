// Results documents: JSON round trip and rejection of bad documents; tidy CSV shape and quoting.
#include <QtTest>

#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "core/bench/results_csv.h"
#include "core/bench/results_json.h"

using namespace cnn;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }
QList<double> list(const std::vector<double>& v) { return QList<double>(v.begin(), v.end()); }

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

// Named fixtures: the points, and how many rows their point and layer CSVs have.
struct Fixture {
  std::vector<Point> points;
  int point_rows = 0, layer_rows = 0;
};

Fixture fixture(const QString& name) {
  if (name == "one point") return {{good_point("alexnet", 2)}, 3, 6};
  if (name == "failed point") return {{failed_point()}, 1, 0};
  if (name == "empty") return {{}, 0, 0};
  Point fast = good_point("my nets/lenet.prototxt", 1);
  fast.time_fw_ms = {0.25, 0.5};
  fast.layers = {layer(0, "conv1", "Convolution", {})};  // a layer without times: one row
  fast.graph = GraphMode::Fused;
  fast.accuracy = AccuracyReading{"fashion-mnist-test", 10000, 9083};
  return {{good_point("alexnet", 2), failed_point(), fast}, 3 + 1 + 2, 6 + 1};
}

void compare(const Point& a, const Point& b) {
  QCOMPARE(q(a.model), q(b.model));
  QCOMPARE(q(a.lib), q(b.lib));
  QCOMPARE(a.precision, b.precision);
  QCOMPARE(a.graph, b.graph);
  QCOMPARE(a.batch, b.batch);
  QCOMPARE(a.threads, b.threads);
  QCOMPARE(a.success, b.success);
  QCOMPARE(q(a.error), q(b.error));
  QCOMPARE(list(a.time_fw_ms), list(b.time_fw_ms));
  QCOMPARE(a.layers.size(), b.layers.size());
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    const LayerRecord &x = a.layers[i], &y = b.layers[i];
    QCOMPARE(x.index, y.index);
    QCOMPARE(q(x.name), q(y.name));
    QCOMPARE(q(x.type), q(y.type));
    QCOMPARE(list(x.time_ms), list(y.time_ms));
    QCOMPARE(x.macs, y.macs);
    QCOMPARE(x.params, y.params);
    QCOMPARE(x.bytes_in, y.bytes_in);
    QCOMPARE(x.bytes_out, y.bytes_out);
  }
  QCOMPARE(a.memory.weights_bytes, b.memory.weights_bytes);
  QCOMPARE(a.memory.activations_bytes, b.memory.activations_bytes);
  QCOMPARE(a.memory.activations_total_bytes, b.memory.activations_total_bytes);
  QCOMPARE(a.memory.workspace_bytes, b.memory.workspace_bytes);
  QCOMPARE(a.memory.measured_bytes, b.memory.measured_bytes);
  QCOMPARE(a.memory.tracked_bytes, b.memory.tracked_bytes);
  QCOMPARE(a.visits, b.visits);
  QCOMPARE(a.provisional, b.provisional);
  QCOMPARE(a.load_before, b.load_before);
  QCOMPARE(a.load_after, b.load_after);
  QCOMPARE(a.noise_threshold, b.noise_threshold);
  QVERIFY(a.accuracy == b.accuracy);
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

class TestResultsJson : public QObject {
  Q_OBJECT

 private slots:
  void roundTrip_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("one point") << "one point";
    QTest::newRow("failed point") << "failed point";
    QTest::newRow("mixed") << "mixed";
    QTest::newRow("empty") << "empty";
  }
  void roundTrip() {
    QFETCH(QString, name);
    const Fixture f = fixture(name);
    const Platform platform = fixture_platform();
    const std::string text = results_to_json(platform, f.points);
    const ResultsDocument doc = results_from_json(text);

    QCOMPARE(q(doc.platform.cpu), q(platform.cpu));
    QCOMPARE(doc.platform.cores, platform.cores);
    QCOMPARE(q(doc.platform.os), q(platform.os));
    QCOMPARE(q(doc.platform.compiler), q(platform.compiler));
    QCOMPARE(q(doc.platform.version), q(platform.version));
    QCOMPARE(q(doc.platform.started_at), q(platform.started_at));
    QVERIFY(doc.platform.libraries == platform.libraries);
    QCOMPARE(doc.points.size(), f.points.size());
    for (std::size_t i = 0; i < f.points.size(); ++i) {
      compare(doc.points[i], f.points[i]);
      if (QTest::currentTestFailed()) return;
    }
    // Writing what was read gives the same text.
    QCOMPARE(q(results_to_json(doc.platform, doc.points)), q(text));
  }

  void adlConversions() {
    const Point p = good_point("alexnet", 8);
    const nlohmann::ordered_json j = p;
    QCOMPARE(q(j.at("layers").at(1).at("name").get<std::string>()), q(p.layers[1].name));
    QCOMPARE(j.at("memory").at("measured_bytes").get<std::uint64_t>(), p.memory.measured_bytes);
    compare(j.get<Point>(), p);
    const nlohmann::ordered_json pj = fixture_platform();
    QVERIFY(pj.at("libraries").is_object());
    QCOMPARE(q(pj.get<Platform>().cpu), q(fixture_platform().cpu));
  }

  // Every point names its graph mode; a record made before graph modes (no "graph") ran the Caffe graph.
  void graphField() {
    Point fused = good_point("resnet-50", 2);
    fused.graph = GraphMode::Fused;
    const nlohmann::ordered_json j = fused;
    QCOMPARE(q(j.at("graph").get<std::string>()), QString("fused"));
    QCOMPARE(q(nlohmann::ordered_json(good_point("a", 1)).at("graph").get<std::string>()), QString("caffe"));
    const std::string older = R"({"schema":"cnn-explorer/1","points":[{"model":"a","lib":"b","precision":"fp32",)"
                              R"("batch":1,"threads":1,"success":true},)"
                              R"({"model":"a","lib":"b","precision":"fp32","graph":"fused","batch":1,"success":true}]})";
    const ResultsDocument doc = results_from_json(older);
    QCOMPARE(doc.points.size(), std::size_t(2));
    QCOMPARE(doc.points[0].graph, GraphMode::Caffe);
    QCOMPARE(doc.points[1].graph, GraphMode::Fused);
  }

  void rejects_data() {
    QTest::addColumn<QString>("document");
    QTest::addColumn<QString>("fragment");  // the message names this
    const QString ok_point = R"({"model":"a","lib":"b","precision":"fp32","batch":1,"threads":1,"success":true)";
    QTest::newRow("not json") << "{\"schema\": " << "not valid JSON";
    QTest::newRow("empty text") << "" << "not valid JSON";
    QTest::newRow("an array") << "[1, 2]" << "not a JSON object";
    QTest::newRow("no schema") << R"({"points": []})" << "no \"schema\"";
    QTest::newRow("other schema") << R"({"schema": "cnn-explorer/2", "points": []})" << "cnn-explorer/2";
    QTest::newRow("schema a number") << R"({"schema": 1, "points": []})" << "schema";
    QTest::newRow("no points") << R"({"schema": "cnn-explorer/1"})" << "points";
    QTest::newRow("points an object") << R"({"schema": "cnn-explorer/1", "points": {}})" << "points";
    QTest::newRow("missing model")
        << R"({"schema": "cnn-explorer/1", "points": [{"lib":"b","precision":"fp32","batch":1,"success":true}]})"
        << "point 0: missing field 'model'";
    QTest::newRow("batch a string") << R"({"schema":"cnn-explorer/1","points":[)" + ok_point + R"(},
        {"model":"a","lib":"b","precision":"fp32","batch":"2","success":true}]})"
                                    << "point 1: field 'batch'";
    QTest::newRow("time a string") << R"({"schema":"cnn-explorer/1","points":[)" + ok_point +
                                          R"(,"time_fw_ms":[1,"x"]}]})"
                                   << "time_fw_ms";
    QTest::newRow("negative macs") << R"({"schema":"cnn-explorer/1","points":[)" + ok_point +
                                          R"(,"layers":[{"index":0,"name":"c","type":"ReLU","macs":-1}]}]})"
                                   << "layer 0: field 'macs'";
    QTest::newRow("unknown graph mode") << R"({"schema":"cnn-explorer/1","points":[)" + ok_point +
                                               R"(,"graph":"folded"}]})"
                                        << "point 0: field 'graph' is \"folded\"; it must be \"caffe\" or \"fused\"";
    QTest::newRow("graph mode a number") << R"({"schema":"cnn-explorer/1","points":[)" + ok_point + R"(,"graph":1}]})"
                                         << "point 0: field 'graph' must be a string";
    QTest::newRow("library a number") << R"({"schema":"cnn-explorer/1","platform":{"libraries":{"x":1}},"points":[]})"
                                      << "platform";
  }
  void rejects() {
    QFETCH(QString, document);
    QFETCH(QString, fragment);
    const std::string text = document.toStdString();
    try {
      results_from_json(text);
      QFAIL("no exception");
    } catch (const std::runtime_error& e) {
      const QString message = QString::fromUtf8(e.what());
      QVERIFY2(message.contains(fragment), qPrintable(message));
      QVERIFY2(!message.contains('\n'), qPrintable(message));
    }
  }

  void csvShape_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("one point") << "one point";
    QTest::newRow("failed point") << "failed point";
    QTest::newRow("mixed") << "mixed";
    QTest::newRow("empty") << "empty";
  }
  void csvShape() {
    QFETCH(QString, name);
    const Fixture f = fixture(name);
    std::ostringstream points_out, layers_out;
    write_points_csv(points_out, f.points);
    write_layers_csv(layers_out, f.points);
    const auto points = parse_csv(points_out.str());
    const auto layers = parse_csv(layers_out.str());

    QCOMPARE(points.size(), std::size_t(1 + f.point_rows));
    QCOMPARE(layers.size(), std::size_t(1 + f.layer_rows));
    const std::vector<std::string> point_header = {
        "model", "lib", "precision", "graph", "batch", "threads", "success", "error", "repetition", "time_fw_ms",
        "time_per_image_ms", "weights_bytes", "activations_bytes", "activations_total_bytes", "workspace_bytes",
        "measured_bytes", "tracked_bytes", "visits", "provisional", "cov", "median_ms", "p90_ms", "p99_ms",
        "layer_sum_ratio", "noisy", "layer_sum_off", "load_before", "load_after", "noise_threshold", "top1",
        "accuracy_dataset", "accuracy_images", "accuracy_correct"};
    const std::vector<std::string> layer_header = {"model", "lib", "precision", "graph", "batch", "threads",
                                                   "index", "name", "type", "repetition", "time_ms",
                                                   "macs", "params", "bytes_in", "bytes_out"};
    QVERIFY(points.front() == point_header);
    QVERIFY(layers.front() == layer_header);
    for (const auto& row : points) QCOMPARE(row.size(), point_header.size());
    for (const auto& row : layers) QCOMPARE(row.size(), layer_header.size());
  }

  void csvValues() {
    const Fixture f = fixture("mixed");
    std::ostringstream points_out, layers_out;
    write_points_csv(points_out, f.points);
    write_layers_csv(layers_out, f.points);
    const auto points = parse_csv(points_out.str());
    const auto layers = parse_csv(layers_out.str());
    // Row 1: alexnet batch 2, repetition 0: 12.5 ms, 6.25 ms per image, the Caffe graph.
    QCOMPARE(q(points[1][0]), QString("alexnet"));
    QCOMPARE(q(points[1][3]), QString("caffe"));
    QCOMPARE(q(points[1][6]), QString("true"));
    QCOMPARE(q(points[1][8]), QString("0"));
    QCOMPARE(q(points[1][9]), QString("12.5"));
    QCOMPARE(q(points[1][10]), QString("6.25"));
    QCOMPARE(q(points[1][15]), QString("18446744073709551615"));
    // Row 3 holds the full-precision value; it reads back exactly.
    QCOMPARE(std::stod(points[3][9]), 12345.678901234567);
    // Row 4: the failed point, its error with comma, quotes and newline intact, times empty.
    QCOMPARE(q(points[4][6]), QString("false"));
    QCOMPARE(q(points[4][7]), q(failed_point().error));
    QCOMPARE(q(points[4][8]), QString());
    QCOMPARE(q(points[4][9]), QString());
    // A path with a space as the model name, run in the fused graph; a layer name with a comma and quotes.
    QCOMPARE(q(points[5][0]), QString("my nets/lenet.prototxt"));
    QCOMPARE(q(points[5][3]), QString("fused"));
    QCOMPARE(q(layers[4][7]), QString("fc,8 \"x\""));
    QCOMPARE(q(layers[7][3]), QString("fused"));
    QCOMPARE(q(layers[7][9]), QString());  // the layer without times
  }

  void csvField_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("field");
    QTest::newRow("plain") << "conv1" << "conv1";
    QTest::newRow("empty") << "" << "";
    QTest::newRow("comma") << "a,b" << "\"a,b\"";
    QTest::newRow("quote") << "say \"hi\"" << "\"say \"\"hi\"\"\"";
    QTest::newRow("newline") << "a\nb" << "\"a\nb\"";
    QTest::newRow("carriage return") << "a\rb" << "\"a\rb\"";
  }
  void csvField() {
    QFETCH(QString, text);
    QFETCH(QString, field);
    QCOMPARE(q(csv_field(text.toStdString())), field);
  }

  void layersPath_data() {
    QTest::addColumn<QString>("points");
    QTest::addColumn<QString>("layers");
    QTest::newRow("csv") << "results.csv" << "results.layers.csv";
    QTest::newRow("folder") << "out/run 1.csv" << "out/run 1.layers.csv";
    QTest::newRow("upper case") << "R.CSV" << "R.layers.csv";
    QTest::newRow("no extension") << "results" << "results.layers.csv";
  }
  void layersPath() {
    QFETCH(QString, points);
    QFETCH(QString, layers);
    QCOMPARE(q(layers_csv_path(points.toStdString()).string()), layers);
  }
};

QTEST_GUILESS_MAIN(TestResultsJson)
#include "test_results_json.moc"
