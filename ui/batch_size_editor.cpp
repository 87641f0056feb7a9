#include "ui/batch_size_editor.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>

#include <stdexcept>

#include "core/bench/selection.h"

namespace cnn::ui {
namespace {

QSpinBox* spin(int value, QWidget* parent) {
  auto* s = new QSpinBox(parent);
  s->setRange(1, 4096);
  s->setValue(value);
  return s;
}

}  // namespace

BatchSizeEditor::BatchSizeEditor(QWidget* parent) : QWidget(parent) {
  range_mode_ = new QRadioButton(tr("From"), this);
  list_mode_ = new QRadioButton(tr("List"), this);
  from_ = spin(2, this);
  to_ = spin(16, this);
  step_ = spin(2, this);
  list_ = new QLineEdit("1,2,4,8", this);
  list_->setToolTip(tr("Batch sizes separated by commas (1,4,8), or FROM:TO:STEP (2:16:2)"));
  range_mode_->setChecked(true);

  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->addWidget(range_mode_, 0, 0);
  grid->addWidget(from_, 0, 1);
  grid->addWidget(new QLabel(tr("to"), this), 0, 2);
  grid->addWidget(to_, 0, 3);
  grid->addWidget(new QLabel(tr("step"), this), 0, 4);
  grid->addWidget(step_, 0, 5);
  grid->addWidget(list_mode_, 1, 0);
  grid->addWidget(list_, 1, 1, 1, 5);

  const auto sync = [this] {
    const bool range = range_mode_->isChecked();
    from_->setEnabled(range);
    to_->setEnabled(range);
    step_->setEnabled(range);
    list_->setEnabled(!range);
  };
  connect(range_mode_, &QRadioButton::toggled, this, sync);
  sync();
}

std::vector<int> BatchSizeEditor::batches(QString* problem) const {
  const QString text = range_mode_->isChecked()
                           ? QString("%1:%2:%3").arg(from_->value()).arg(to_->value()).arg(step_->value())
                           : list_->text().simplified().remove(' ');
  try {
    return parse_batches(text.toStdString());
  } catch (const std::invalid_argument& e) {
    if (problem) *problem = QString::fromStdString(e.what());
    return {};
  }
}

void BatchSizeEditor::set_range(int from, int to, int step) {
  from_->setValue(from);
  to_->setValue(to);
  step_->setValue(step);
  range_mode_->setChecked(true);
}

void BatchSizeEditor::set_list(const QString& text) {
  list_->setText(text);
  list_mode_->setChecked(true);
}

void BatchSizeEditor::save(QSettings& s) const {
  s.setValue("selection/batch_mode", range_mode_->isChecked() ? "range" : "list");
  s.setValue("selection/batch_from", from_->value());
  s.setValue("selection/batch_to", to_->value());
  s.setValue("selection/batch_step", step_->value());
  s.setValue("selection/batch_list", list_->text());
}

void BatchSizeEditor::restore(const QSettings& s) {
  from_->setValue(s.value("selection/batch_from", from_->value()).toInt());
  to_->setValue(s.value("selection/batch_to", to_->value()).toInt());
  step_->setValue(s.value("selection/batch_step", step_->value()).toInt());
  list_->setText(s.value("selection/batch_list", list_->text()).toString());
  if (s.value("selection/batch_mode", "range").toString() == "list") list_mode_->setChecked(true);
  else range_mode_->setChecked(true);
}

}  // namespace cnn::ui
