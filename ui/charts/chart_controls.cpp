#include "ui/charts/chart_controls.h"

#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QPixmap>
#include <QSignalBlocker>

namespace cnn::ui {
namespace {

QIcon swatch(const QColor& color) {
  if (!color.isValid()) return {};
  QPixmap pixmap(14, 14);
  pixmap.fill(color);
  return QIcon(pixmap);
}

// A menu whose checkable items toggle without closing it.
class StayOpenMenu : public QMenu {
 public:
  using QMenu::QMenu;

 protected:
  void mouseReleaseEvent(QMouseEvent* event) override {
    QAction* action = activeAction();
    if (action && action->isEnabled() && action->isCheckable()) {
      action->trigger();
      return;
    }
    QMenu::mouseReleaseEvent(event);
  }
};

}  // namespace

bool set_combo_choices(QComboBox* combo, const std::vector<Choice>& choices, const QString& preferred) {
  const QString before = combo_id(combo);
  QString keep = before;
  auto offered = [&](const QString& id) {
    for (const Choice& c : choices)
      if (c.id == id) return true;
    return false;
  };
  if (keep.isEmpty() || !offered(keep)) keep = offered(preferred) ? preferred : QString();
  const QSignalBlocker block(combo);
  bool same = combo->count() == static_cast<int>(choices.size());
  for (int i = 0; same && i < combo->count(); ++i)
    same = combo->itemData(i).toString() == choices[i].id && combo->itemText(i) == choices[i].text;
  if (!same) {
    combo->clear();
    for (const Choice& c : choices) combo->addItem(swatch(c.color), c.text, c.id);
  }
  const int index = keep.isEmpty() ? (choices.empty() ? -1 : 0) : combo->findData(keep);
  combo->setCurrentIndex(index);
  return combo_id(combo) != before;
}

QString combo_id(const QComboBox* combo) {
  return combo->currentIndex() < 0 ? QString() : combo->currentData().toString();
}

CheckList::CheckList(const QString& caption, QWidget* parent)
    : QToolButton(parent), caption_(caption), menu_(new StayOpenMenu(this)) {
  setMenu(menu_);
  setPopupMode(QToolButton::InstantPopup);
  setToolButtonStyle(Qt::ToolButtonTextOnly);
  update_caption();
}

void CheckList::set_choices(const std::vector<Choice>& choices,
                            const std::function<bool(const QString& id)>& check_new) {
  menu_->clear();
  for (const Choice& c : choices) {
    QAction* action = menu_->addAction(swatch(c.color), c.text);
    action->setCheckable(true);
    action->setData(c.id);
    if (!remembered_.contains(c.id)) remembered_[c.id] = check_new(c.id);
    action->setChecked(remembered_[c.id]);
    connect(action, &QAction::toggled, this, [this, id = c.id](bool on) {
      remembered_[id] = on;
      update_caption();
      emit changed();
    });
  }
  update_caption();
}

QStringList CheckList::checked_ids() const {
  QStringList ids;
  for (const QAction* action : menu_->actions())
    if (action->isChecked()) ids << action->data().toString();
  return ids;
}

void CheckList::set_checked(const QString& id, bool checked) {
  for (QAction* action : menu_->actions())
    if (action->data().toString() == id) action->setChecked(checked);  // toggled -> changed()
}

void CheckList::update_caption() {
  QStringList names;
  for (const QAction* action : menu_->actions())
    if (action->isChecked()) names << action->text();
  const QString shown = names.isEmpty() ? tr("none") : names.size() <= 3 ? names.join(QStringLiteral(", "))
                                                                       : tr("%1 chosen").arg(names.size());
  setText(caption_ + QStringLiteral(": ") + shown);
  setToolTip(names.join(QLatin1Char('\n')));
}

}  // namespace cnn::ui
