#include "ui/progress_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>

#include <cmath>

#include "core/bench/runner.h"

namespace cnn::ui {

QString eta_text(double seconds) {
  if (seconds < 0) return QObject::tr("estimating");
  const long s = std::lround(seconds);
  const QString mm_ss = QString("%1:%2").arg(s / 60 % 60).arg(s % 60, 2, 10, QChar('0'));
  return s >= 3600 ? QString("%1:%2").arg(s / 3600).arg(mm_ss.rightJustified(5, '0')) : mm_ss;
}

ProgressPanel::ProgressPanel(QWidget* parent) : QWidget(parent) {
  bar_ = new QProgressBar(this);
  bar_->setRange(0, 1);
  bar_->setValue(0);
  bar_->setFormat(QString());  // idle: an empty bar
  bar_->setMinimumWidth(200);
  current_ = new QLabel(tr("Idle"), this);
  current_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(4, 2, 4, 2);
  layout->addWidget(bar_, 1);
  layout->addWidget(current_, 3);
}

void ProgressPanel::begin(int points) {
  note_.clear();
  bar_->setRange(0, std::max(points, 1));
  bar_->setValue(0);
  bar_->setFormat(tr("%v of %m visits"));
  current_->setText(tr("Starting %1 points…").arg(points));
}

void ProgressPanel::show_progress(const Progress& p) {
  bar_->setRange(0, std::max(p.visits, 1));
  bar_->setValue(std::min(p.visits_done, std::max(p.visits, 1)));
  const QString rep = p.repetitions > 0 ? QString(" %1/%2").arg(p.repetition + 1).arg(p.repetitions) : QString();
  // ", fused", ", ios", ", fused, greedy": the modes that are not the defaults.
  QString graph = p.graph == GraphMode::Caffe ? QString() : tr(", fused");
  if (p.scheduler != Scheduler::Sequential) graph += ", " + QString::fromStdString(std::string(to_string(p.scheduler)));
  QString text = tr("Round %1/%2 · point %3/%4: %5 · %6/%7%8 · batch %9 · %10%11 · ETA %12")
                     .arg(p.round)
                     .arg(std::max(p.round, p.rounds))
                     .arg(p.point + 1)
                     .arg(p.points)
                     .arg(QString::fromStdString(p.model), QString::fromStdString(p.lib), QString::fromStdString(p.precision), graph)
                     .arg(p.batch)
                     .arg(QString::fromStdString(p.phase), rep, eta_text(p.eta_s));
  if (!note_.isEmpty()) text += " · " + note_;
  current_->setText(text);
}

void ProgressPanel::set_note(const QString& sentence) { note_ = sentence; }

void ProgressPanel::end(const QString& message) { current_->setText(message); }

QString ProgressPanel::current_text() const { return current_->text(); }

}  // namespace cnn::ui
