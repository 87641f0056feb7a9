#pragma once
// ProgressPanel: the bar under the charts: how many points of the sweep are done, the point in
// flight (model, library, batch, phase, repetition) and the estimated time left.
#include <QWidget>

class QLabel;
class QProgressBar;

namespace cnn {
struct Progress;
}

namespace cnn::ui {

class ProgressPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ProgressPanel(QWidget* parent = nullptr);

  // A sweep of `points` points starts, each with `warmup` + `repetitions` passes per phase.
  void begin(int points, int warmup, int repetitions);
  void show_progress(const Progress& progress);
  void point_done();                    // one more point finished
  void end(const QString& message);     // the sweep ended; the bar shows what finished
  QString current_text() const;         // the point-in-flight line, for tests

 private:
  QProgressBar* bar_;
  QLabel* current_;
  int done_ = 0, points_ = 0, warmup_ = 0, repetitions_ = 0;
};

// 75.4 -> "1:15"; 3725 -> "1:02:05"; negative -> "estimating".
QString eta_text(double seconds);

}  // namespace cnn::ui
