#include "app/cnn_bench/progress_line.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace cnn::bench_cli {
namespace {

int terminal_columns() {
  winsize ws{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

std::string clock_text(double s) {
  if (s < 0 || !std::isfinite(s)) return "?";
  const long total = std::lround(s);
  const long h = total / 3600, m = total / 60 % 60, sec = total % 60;
  char buf[32];
  if (h > 0) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", h, m, sec);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", m, sec);
  return buf;
}

ProgressLine::ProgressLine(std::ostream& err, bool terminal, const RunConfig& config, int total_points)
    : err_(err),
      terminal_(terminal),
      width_(terminal ? terminal_columns() : 0),
      warmup_(config.warmup),
      repetitions_(config.repetitions),
      total_(total_points),
      start_(Clock::now()),
      plan_start_(start_) {}

void ProgressLine::begin_plan(int first_point, int points) {
  first_ = first_point;
  plan_points_ = points;
  plan_start_ = Clock::now();
}

void ProgressLine::on_progress(const Progress& p) {
  const auto now = Clock::now();
  const std::string key = std::to_string(p.point) + "/" + std::to_string(first_) + p.phase;
  // At most five redraws a second on a terminal; elsewhere a line per new phase, at most one a second.
  if (terminal_ && seconds(now - last_shown_) < 0.2) return;
  if (!terminal_ && (key == last_key_ || seconds(now - last_shown_) < 1.0)) return;
  last_shown_ = now;
  last_key_ = key;

  // The runner's ETA was taken when this point started; count down from there and add the
  // plans still to come at the average time per finished point.
  double eta = -1;
  if (p.eta_s >= 0) eta = std::max(0.0, p.eta_s - (seconds(now - plan_start_) - p.elapsed_s));
  const int later = total_ - (first_ + plan_points_);
  if (later > 0) eta = finished_ > 0 && eta >= 0 ? eta + seconds(now - start_) / finished_ * later : -1;

  const int reps = p.phase == "warm-up" ? warmup_ : repetitions_;
  std::string text = "[";
  text += std::to_string(first_ + p.point + 1) + "/" + std::to_string(total_) + "] " + p.model + " " + p.lib + " " +
          p.precision + " batch " + std::to_string(p.batch) + "  " + p.phase + " " + std::to_string(p.repetition + 1) +
          "/" + std::to_string(reps) + "  elapsed " + clock_text(seconds(now - start_)) + "  ETA " + clock_text(eta);
  show(text);
}

void ProgressLine::on_point(const Point& point) {
  ++finished_;
  if (point.success) return;
  clear();
  err_ << "cnn-bench: " << point.model << " on " << point.lib << " " << point.precision << " batch "
       << point.batch << " failed: " << point.error << "\n";
  err_.flush();
}

void ProgressLine::finish() { clear(); }

void ProgressLine::show(const std::string& text) {
  if (!terminal_) {
    err_ << text << "\n";
    err_.flush();
    return;
  }
  std::string cut = text;
  if (width_ > 1 && int(cut.size()) > width_ - 1) cut.resize(std::size_t(width_ - 1));
  err_ << "\r" << cut << "\x1b[K";
  err_.flush();
  line_open_ = true;
}

void ProgressLine::clear() {
  if (terminal_ && line_open_) {
    err_ << "\r\x1b[K";
    err_.flush();
  }
  line_open_ = false;
}

}  // namespace cnn::bench_cli
