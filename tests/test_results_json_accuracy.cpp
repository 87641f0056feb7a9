// Results documents and CSV with a measured top-1: "accuracy" {"dataset", "images", "correct"} written
// only when measured and read back exactly, bad readings refused with one sentence naming the field,
// and the CSV's top1 and accuracy_* columns (empty when not measured).
#include <QtTest>

#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "core/bench/results_csv.h"
#include "core/bench/results_json.h"

using namespace cnn;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

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

class TestResultsJsonAccuracy : public QObject {
  Q_OBJECT

 private slots:
  void writtenOnlyWhenMeasured() {
    Point measured = timed_point("openblas");
    measured.accuracy = AccuracyReading{"fashion-mnist-test", 10000, 9083};
    const nlohmann::ordered_json j = measured;
    QCOMPARE(q(j.at("accuracy").dump()), QString(R"({"dataset":"fashion-mnist-test","images":10000,"correct":9083})"));
    const nlohmann::ordered_json plain = timed_point("onednn");
    QVERIFY(!plain.contains("accuracy"));
  }

  void roundTrip() {
    Point measured = timed_point("openblas");
    measured.accuracy = AccuracyReading{"fashion \"mnist\", test", 10000, 9083};
    Point none_classified = timed_point("onednn");
    none_classified.accuracy = AccuracyReading{"empty", 0, 0};
    const std::vector<Point> points = {measured, timed_point("reference"), none_classified};
    const ResultsDocument doc = results_from_json(results_to_json({}, points));
    QCOMPARE(doc.points.size(), std::size_t(3));
    QVERIFY(doc.points[0].accuracy == measured.accuracy);
    QCOMPARE(doc.points[0].accuracy->top1(), 0.9083);
    QVERIFY(!doc.points[1].accuracy);
    QVERIFY(doc.points[2].accuracy == none_classified.accuracy);
    QCOMPARE(doc.points[2].accuracy->top1(), 0.0);
    // A document written before accuracy existed reads with none; an explicit null is none too.
    QVERIFY(!results_from_json(std::string(kHead) + "}]}").points[0].accuracy);
    QVERIFY(!results_from_json(std::string(kHead) + R"(,"accuracy":null}]})").points[0].accuracy);
  }

  void rejects_data() {
    QTest::addColumn<QString>("accuracy");
    QTest::addColumn<QString>("fragment");  // the message names this
    QTest::newRow("not an object") << "0.9" << "point 0: 'accuracy' must be a JSON object";
    QTest::newRow("no dataset") << R"({"images":10,"correct":9})" << "point 0: accuracy: missing field 'dataset'";
    QTest::newRow("dataset a number") << R"({"dataset":1,"images":10,"correct":9})" << "field 'dataset' must be a string";
    QTest::newRow("no images") << R"({"dataset":"d","correct":9})" << "accuracy: missing field 'images'";
    QTest::newRow("negative images") << R"({"dataset":"d","images":-1,"correct":0})" << "field 'images' must be a whole number >= 0";
    QTest::newRow("images a fraction") << R"({"dataset":"d","images":1.5,"correct":0})" << "field 'images'";
    QTest::newRow("no correct") << R"({"dataset":"d","images":10})" << "accuracy: missing field 'correct'";
    QTest::newRow("negative correct") << R"({"dataset":"d","images":10,"correct":-1})" << "field 'correct'";
    QTest::newRow("more right than seen") << R"({"dataset":"d","images":10,"correct":11})"
                                          << "accuracy: field 'correct' must be at most 'images'";
  }
  void rejects() {
    QFETCH(QString, accuracy);
    QFETCH(QString, fragment);
    try {
      results_from_json(std::string(kHead) + ",\"accuracy\":" + accuracy.toStdString() + "}]}");
      QFAIL("no exception");
    } catch (const std::runtime_error& e) {
      const QString message = QString::fromUtf8(e.what());
      QVERIFY2(message.contains(fragment), qPrintable(message));
    }
  }

  // One row per repetition, each carrying the point's reading; empty cells where none was measured.
  void csvColumns() {
    Point measured = timed_point("openblas");
    measured.accuracy = AccuracyReading{"fashion-mnist-test", 10000, 9083};
    std::ostringstream out;
    write_points_csv(out, {measured, timed_point("onednn")});
    const std::vector<std::string> header = csv_row(out.str(), 0);
    const std::size_t n = header.size();
    QVERIFY(n > 4);
    QCOMPARE(q(header[n - 4]), QString("top1"));
    QCOMPARE(q(header[n - 3]), QString("accuracy_dataset"));
    QCOMPARE(q(header[n - 2]), QString("accuracy_images"));
    QCOMPARE(q(header[n - 1]), QString("accuracy_correct"));
    for (int row : {1, 2}) {
      const std::vector<std::string> cells = csv_row(out.str(), row);
      QCOMPARE(cells.size(), n);
      QCOMPARE(q(cells[n - 4]), QString("0.9083"));
      QCOMPARE(q(cells[n - 3]), QString("fashion-mnist-test"));
      QCOMPARE(q(cells[n - 2]), QString("10000"));
      QCOMPARE(q(cells[n - 1]), QString("9083"));
    }
    for (int row : {3, 4}) {
      const std::vector<std::string> cells = csv_row(out.str(), row);
      QCOMPARE(cells.size(), n);
      for (std::size_t c = n - 4; c < n; ++c) QCOMPARE(q(cells[c]), QString());
    }
  }
};

QTEST_GUILESS_MAIN(TestResultsJsonAccuracy)
#include "test_results_json_accuracy.moc"
