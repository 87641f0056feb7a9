#include "core/bench/progress_line.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "core/analysis/noise.h"

namespace cnn {
namespace {

double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// " fused" for a point of the fused graph, " ios" for one scheduled by IOS (" fused greedy" for both);
// nothing for the defaults, the Caffe graph run sequentially.
std::string mode_words(GraphMode g, Scheduler s) {
  std::string out;
  if (g != GraphMode::Caffe) out.append(" ").append(to_string(g));
  if (s != Scheduler::Sequential) out.append(" ").append(to_string(s));
  return out;
}

}  // namespace

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

int stderr_columns() {
  winsize ws{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

std::string clock_text(double s) {
  if (s < 0 || !std::isfinite(s)) return "?";
  const long total = std::lround(s);
  const long h = total / 3600, m = total / 60 % 60, sec = total % 60;
  char buf[32];
  if (h > 0) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", h, m, sec);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", m, sec);
  return buf;
}

std::string progress_subject(const Progress& p) {
  return "[round " + std::to_string(p.round) + "/" + std::to_string(std::max(p.round, p.rounds)) + ", point " +
         std::to_string(p.point + 1) + "/" + std::to_string(p.points) + "] " + p.model + " " + p.lib + " " +
         p.precision + mode_words(p.graph, p.scheduler) + " batch " + std::to_string(p.batch);
}

std::string eta_text(const Progress& p, double seconds_since_taken) {
  return clock_text(p.eta_s < 0 ? -1 : std::max(0.0, p.eta_s - seconds_since_taken));
}

ProgressLine::ProgressLine(std::ostream& err, bool terminal, std::string prefix, int columns)
    : err_(err), terminal_(terminal), prefix_(std::move(prefix)), width_(columns) {}

void ProgressLine::on_note(const std::string& sentence) {
  clear();
  err_ << prefix_ << ": " << sentence << "\n";
  err_.flush();
}

void ProgressLine::on_progress(const Progress& p) {
  const auto now = Clock::now();
  last_ = p;
  progress_at_ = now;
  if (!terminal_) return;  // a line per visit, from on_point
  if (seconds(now - last_shown_) < 0.2) return;
  last_shown_ = now;
  show(progress_subject(p) + "  " + p.phase + " " + std::to_string(p.repetition + 1) + "/" +
       std::to_string(p.repetitions) + "  elapsed " + clock_text(p.elapsed_s) + "  ETA " + eta_text(p, 0));
}

void ProgressLine::on_point(const Point& point, int /*index*/) {
  ++visits_;
  const double since = seconds(Clock::now() - progress_at_);
  if (!point.success) {
    clear();
    err_ << prefix_ << ": " << point.model << " on " << point.lib << " " << to_string(point.precision)
         << mode_words(point.graph, point.scheduler) << " batch "
         << point.batch << " failed: " << point.error << "\n";
    err_.flush();
    return;
  }
  if (terminal_) return;
  const analysis::Noise n = analysis::noise_of(point);
  std::string text = progress_subject(last_) + ": " + fixed(n.median_ms / std::max(point.batch, 1), 3) +
                     " ms/image, median of " + std::to_string(n.n);
  if (n.n > 1) text += ", CoV " + fixed(100 * n.cov, 1) + " %";
  if (n.noisy) text += " (noisy)";
  text += point.provisional ? "" : ", done";
  text += "  ETA " + eta_text(last_, since);
  show(text);
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

}  // namespace cnn
