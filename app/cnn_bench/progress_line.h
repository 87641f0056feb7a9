#pragma once
// The one-line progress of a sweep on stderr: rewritten in place on a terminal, plain lines otherwise.
#include <chrono>
#include <iosfwd>
#include <string>

#include "core/bench/runner.h"

namespace cnn::bench_cli {

class ProgressLine : public RunObserver {
 public:
  // `total_points`: the whole sweep, possibly spread over several plans (see begin_plan).
  ProgressLine(std::ostream& err, bool terminal, const RunConfig& config, int total_points);

  // The next Runner::run covers points [first_point, first_point + points) of the sweep.
  void begin_plan(int first_point, int points);
  void on_progress(const Progress& progress) override;
  void on_point(const Point& point) override;  // a failed point gets a line of its own
  void finish();                               // clears the line on a terminal

  int finished_points() const { return finished_; }

 private:
  using Clock = std::chrono::steady_clock;
  void show(const std::string& text);
  void clear();

  std::ostream& err_;
  bool terminal_;
  int width_;  // terminal columns; lines are cut to fit so \r can overwrite them
  int warmup_, repetitions_;
  int total_, first_ = 0, plan_points_ = 0, finished_ = 0;
  Clock::time_point start_, plan_start_, last_shown_{};
  std::string last_key_;  // point + phase of the last plain line
  bool line_open_ = false;
};

// Whether stderr is a terminal.
bool stderr_is_terminal();

// "1:05", "1:02:03"; "?" when negative.
std::string clock_text(double seconds);

}  // namespace cnn::bench_cli
