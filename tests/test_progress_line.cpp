// ProgressLine: what cnn-bench and the headless explorer print while a sweep runs. Off a terminal
// (a log, CI) one plain line per visit of a point and none per repetition; on a terminal one line
// rewritten in place; notes and failures on lines of their own; the ETA and clock texts.
#include <doctest/doctest.h>

#include <sstream>

#include "core/bench/progress_line.h"
#include "tests/test_support.h"

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

TEST_CASE("plainLinePerVisitOffATerminal") {
  std::ostringstream err;
  ProgressLine line(err, false, "cnn-bench");
  for (int r = 0; r < 50; ++r) line.on_progress(progress_at(1, 2, 600));
  CHECK(err.str() == std::string());  // no line per repetition
  line.on_point(measured({80, 80, 88}, true), 1);
  line.on_progress(progress_at(2, 3, 30));
  line.on_point(measured({80, 80, 80, 80}, false), 2);
  line.finish();
  const std::string text = err.str();
  CHECK(lines(text) == 2);
  CHECK(text.find('\r') == std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);
  std::istringstream in(text);
  std::string first, second;
  std::getline(in, first);
  std::getline(in, second);
  CHECK_MESSAGE(
      first.rfind("[round 2/3, point 2/4] alexnet openblas fp32 batch 8: 10.000 ms/image, median of 3, CoV 5.6 %", 0) ==
          0,
      first);
  CHECK_MESSAGE(first.find("done") == std::string::npos, first);
  CHECK_MESSAGE((second.find("point 3/4") != std::string::npos && second.find(", done") != std::string::npos), second);
  CHECK_MESSAGE((second.find("ETA 0:30") != std::string::npos || second.find("ETA 0:29") != std::string::npos), second);
  CHECK(line.visits() == 2);
}

TEST_CASE("noisyAndFailedPoints") {
  std::ostringstream err;
  ProgressLine line(err, false, "cnn-bench");
  line.on_progress(progress_at(0, 3, -1));
  Point noisy = measured({80, 120, 80, 120}, false);
  noisy.noise_threshold = 0.05;
  line.on_point(noisy, 0);
  line.on_point(measured({}, false, false), 0);
  line.on_note("The machine is busy (load average 3.00 on 2 cores): readings may be noisy.");
  const std::string text = err.str();
  CHECK(lines(text) == 3);
  CHECK_MESSAGE(text.find("(noisy), done  ETA ?") != std::string::npos, text);
  CHECK_MESSAGE(text.find("cnn-bench: alexnet on openblas fp32 batch 8 failed: out of memory\n") != std::string::npos,
                text);
  CHECK_MESSAGE(text.find("cnn-bench: The machine is busy") != std::string::npos, text);
}

TEST_CASE("modesNamedWhenNotTheDefault") {
  Progress p = progress_at(0, 1, -1);
  CHECK(progress_subject(p) == std::string("[round 1/3, point 1/4] alexnet openblas fp32 batch 8"));
  p.scheduler = Scheduler::Ios;
  CHECK(progress_subject(p) == std::string("[round 1/3, point 1/4] alexnet openblas fp32 ios batch 8"));
  p.graph = GraphMode::Fused;
  p.scheduler = Scheduler::Greedy;
  CHECK(progress_subject(p) == std::string("[round 1/3, point 1/4] alexnet openblas fp32 fused greedy batch 8"));
  std::ostringstream err;
  ProgressLine line(err, false, "cnn-bench");
  Point failed = measured({}, false, false);
  failed.scheduler = Scheduler::Ios;
  line.on_point(failed, 0);
  CHECK(err.str() == std::string("cnn-bench: alexnet on openblas fp32 ios batch 8 failed: out of memory\n"));
}

TEST_CASE("rewrittenInPlaceOnATerminal") {
  std::ostringstream err;
  ProgressLine line(err, true, "cnn-bench", 40);
  line.on_progress(progress_at(0, 1, 5));
  line.on_point(measured({80, 80}, true), 0);  // no line of its own on a terminal
  line.finish();
  const std::string text = err.str();
  CHECK_MESSAGE(text.rfind("\r[round 1/3, point 1/4] alexnet openblas\x1b[K", 0) == 0, text);  // cut to 39 columns
  CHECK((text.size() >= 4 && text.substr(text.size() - 4) == "\r\x1b[K"));        // cleared at the end
  CHECK(lines(text) == 0);
}

struct ClockTextRow {
  std::string tag;
  double seconds;
  std::string text;
};

std::vector<ClockTextRow> clock_text_rows() {
  std::vector<ClockTextRow> rows;
  rows.push_back({"unknown", -1.0, "?"});
  rows.push_back({"seconds", 5.4, "0:05"});
  rows.push_back({"minutes", 75.0, "1:15"});
  rows.push_back({"hours", 3723.0, "1:02:03"});
  return rows;
}

TEST_CASE("clockText") {
  auto [tag, seconds, text] = test::pick_row(clock_text_rows());
  CHECK(std::string(clock_text(seconds)) == text);
}

TEST_CASE("etaCountsDown") {
  CHECK(eta_text(progress_at(0, 1, 100), 40) == std::string("1:00"));
  CHECK(eta_text(progress_at(0, 1, 10), 40) == std::string("0:00"));
  CHECK(eta_text(progress_at(0, 1, -1), 0) == std::string("?"));
}
