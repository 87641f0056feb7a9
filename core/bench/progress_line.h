#pragma once
// The progress of a sweep on a text stream (stderr): on a terminal one line rewritten in place a few
// times a second; elsewhere (a log, a pipe, CI) one plain line per visit of a point, never the same
// carriage-return line many times. Notes and failed points get lines of their own. Used by cnn-bench
// and by the explorer's headless sweep.
#include <chrono>
#include <iosfwd>
#include <string>

#include "core/bench/sweep.h"

namespace cnn {

class ProgressLine : public SweepObserver {
 public:
  // `prefix`: the program's name for notes ("cnn-bench"); `columns`: the terminal's width (0: unknown).
  ProgressLine(std::ostream& err, bool terminal, std::string prefix, int columns = 0);

  void on_note(const std::string& sentence) override;
  void on_progress(const Progress& progress) override;
  void on_point(const Point& point, int index) override;
  void finish();  // clears the line on a terminal

  int visits() const { return visits_; }

 private:
  using Clock = std::chrono::steady_clock;
  void show(const std::string& text);
  void clear();

  std::ostream& err_;
  bool terminal_;
  std::string prefix_;
  int width_;
  Clock::time_point last_shown_{}, progress_at_{};
  Progress last_{};
  bool line_open_ = false;
  int visits_ = 0;
};

// Whether stderr is a terminal, and its width in columns (80 when unknown).
bool stderr_is_terminal();
int stderr_columns();

// "[round 2/3, point 37/112] alexnet openblas fp32 batch 8" (the visit's place and subject; a point
// of the fused graph: "... openblas fp32 fused batch 8"; scheduled by IOS: "... openblas fp32 ios batch 8").
std::string progress_subject(const Progress& progress);
// The ETA as of `progress` (counted down since it was taken): "3:20", or "?" while unknown.
std::string eta_text(const Progress& progress, double seconds_since_taken);
// "1:05", "1:02:03"; "?" when negative.
std::string clock_text(double seconds);

}  // namespace cnn
