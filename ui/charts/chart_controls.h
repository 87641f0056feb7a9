#pragma once
// Small controls for a chart's control row: combo boxes refilled without losing the user's choice,
// and CheckList, a drop-down button of checkable items (libraries, batch sizes).
#include <QColor>
#include <QComboBox>
#include <QMap>
#include <QStringList>
#include <QToolButton>

#include <functional>
#include <vector>

class QMenu;

namespace cnn::ui {

struct Choice {
  QString text;  // shown
  QString id;    // kept as the item's data; what the chart reads back
  QColor color;  // a colour swatch beside the text; invalid: none
};

// Refills `combo` with `choices`, keeping the current id when it is still offered, else
// `preferred` when offered, else the first. Emits no signal; returns whether the current id changed.
bool set_combo_choices(QComboBox* combo, const std::vector<Choice>& choices, const QString& preferred = {});
// The current item's id; empty when the combo is empty.
QString combo_id(const QComboBox* combo);

// A drop-down of checkable items that stays open while the user ticks several.
class CheckList : public QToolButton {
  Q_OBJECT
 public:
  explicit CheckList(const QString& caption, QWidget* parent = nullptr);
  // Offers `choices`. Items the user has already ticked or unticked keep that state; new ones are
  // checked when `check_new` says so. Emits nothing.
  void set_choices(const std::vector<Choice>& choices, const std::function<bool(const QString& id)>& check_new);
  QStringList checked_ids() const;  // in the offered order
  void set_checked(const QString& id, bool checked);  // as if the user clicked; emits changed()

 signals:
  void changed();

 private:
  void update_caption();
  QString caption_;
  QMenu* menu_;
  QMap<QString, bool> remembered_;  // id -> the state the user (or the default) gave it
};

}  // namespace cnn::ui
