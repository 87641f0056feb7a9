#pragma once
// ProgressPanel: the bar under the charts: how many visits of the sweep's points are done (each
// point is visited once per round), the point in flight (round, model, library, batch, phase,
// repetition), the estimated time left, and the sweep's latest note (e.g. the machine is busy).
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

  void begin(int points);               // a sweep of `points` points starts
  void show_progress(const Progress& progress);
  void set_note(const QString& sentence);  // shown after the point in flight until the sweep ends
  void end(const QString& message);     // the sweep ended; the bar shows what finished
  QString current_text() const;         // the point-in-flight line, for tests

 private:
  QProgressBar* bar_;
  QLabel* current_;
  QString note_;
};

// 75.4 -> "1:15"; 3725 -> "1:02:05"; negative -> "estimating".
QString eta_text(double seconds);

}  // namespace cnn::ui
