// ProgressLine: what cnn-bench and the headless explorer print while a sweep runs. Off a terminal
// (a log, CI) one plain line per visit of a point and none per repetition; on a terminal one line
// rewritten in place; notes and failures on lines of their own; the ETA and clock texts.
#include <QtTest>

#include <sstream>

#include "core/bench/progress_line.h"

using namespace cnn;

namespace {

Progress progress_at(int point, int round, double eta_s) {
  Progress p;
  p.point = point;
  p.points = 4;
  p.round = round;
  p.rounds = 3;
  p.model = "alexnet";
  p.lib = "openblas";
  p.precision = "fp32";
  p.batch = 8;
  p.phase = "measuring";
  p.repetition = 0;
  p.repetitions = 2;
  p.eta_s = eta_s;
  return p;
}

Point measured(std::vector<double> fw, bool provisional, bool success = true) {
  Point p;
  p.model = "alexnet";
  p.lib = "openblas";
  p.batch = 8;
  p.success = success;
  p.error = success ? "" : "out of memory";
  p.time_fw_ms = std::move(fw);
  p.provisional = provisional;
  return p;
}

int lines(const std::string& text) { return int(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

class TestProgressLine : public QObject {
  Q_OBJECT
 private slots:
  void plainLinePerVisitOffATerminal() {
    std::ostringstream err;
    ProgressLine line(err, false, "cnn-bench");
    for (int r = 0; r < 50; ++r) line.on_progress(progress_at(1, 2, 600));
    QCOMPARE(err.str(), std::string());  // no line per repetition
    line.on_point(measured({80, 80, 88}, true), 1);
    line.on_progress(progress_at(2, 3, 30));
    line.on_point(measured({80, 80, 80, 80}, false), 2);
    line.finish();
    const std::string text = err.str();
    QCOMPARE(lines(text), 2);
    QVERIFY(text.find('\r') == std::string::npos);
    QVERIFY(text.find('\x1b') == std::string::npos);
    std::istringstream in(text);
    std::string first, second;
    std::getline(in, first);
    std::getline(in, second);
    QVERIFY2(first.rfind("[round 2/3, point 2/4] alexnet openblas fp32 batch 8: 10.000 ms/image, median of 3, CoV 5.6 %", 0) == 0,
             first.c_str());
    QVERIFY2(first.find("done") == std::string::npos, first.c_str());
    QVERIFY2(second.find("point 3/4") != std::string::npos && second.find(", done") != std::string::npos, second.c_str());
    QVERIFY2(second.find("ETA 0:30") != std::string::npos || second.find("ETA 0:29") != std::string::npos, second.c_str());
    QCOMPARE(line.visits(), 2);
  }

  void noisyAndFailedPoints() {
    std::ostringstream err;
    ProgressLine line(err, false, "cnn-bench");
    line.on_progress(progress_at(0, 3, -1));
    Point noisy = measured({80, 120, 80, 120}, false);
    noisy.noise_threshold = 0.05;
    line.on_point(noisy, 0);
    line.on_point(measured({}, false, false), 0);
    line.on_note("The machine is busy (load average 3.00 on 2 cores): readings may be noisy.");
    const std::string text = err.str();
    QCOMPARE(lines(text), 3);
    QVERIFY2(text.find("(noisy), done  ETA ?") != std::string::npos, text.c_str());
    QVERIFY2(text.find("cnn-bench: alexnet on openblas fp32 batch 8 failed: out of memory\n") != std::string::npos, text.c_str());
    QVERIFY2(text.find("cnn-bench: The machine is busy") != std::string::npos, text.c_str());
  }

  void rewrittenInPlaceOnATerminal() {
    std::ostringstream err;
    ProgressLine line(err, true, "cnn-bench", 40);
    line.on_progress(progress_at(0, 1, 5));
    line.on_point(measured({80, 80}, true), 0);  // no line of its own on a terminal
    line.finish();
    const std::string text = err.str();
    QVERIFY2(text.rfind("\r[round 1/3, point 1/4] alexnet openblas\x1b[K", 0) == 0, text.c_str());  // cut to 39 columns
    QVERIFY(text.size() >= 4 && text.substr(text.size() - 4) == "\r\x1b[K");        // cleared at the end
    QCOMPARE(lines(text), 0);
  }

  void clockText_data() {
    QTest::addColumn<double>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("unknown") << -1.0 << "?";
    QTest::newRow("seconds") << 5.4 << "0:05";
    QTest::newRow("minutes") << 75.0 << "1:15";
    QTest::newRow("hours") << 3723.0 << "1:02:03";
  }
  void clockText() {
    QFETCH(double, seconds);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(clock_text(seconds)), text);
  }

  void etaCountsDown() {
    QCOMPARE(eta_text(progress_at(0, 1, 100), 40), std::string("1:00"));
    QCOMPARE(eta_text(progress_at(0, 1, 10), 40), std::string("0:00"));
    QCOMPARE(eta_text(progress_at(0, 1, -1), 0), std::string("?"));
  }
};

QTEST_APPLESS_MAIN(TestProgressLine)
#include "test_progress_line.moc"
