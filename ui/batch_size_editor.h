#pragma once
// BatchSizeEditor: batch sizes as a range (from, to, step) or as a list ("1,4,8" or "2:16:2").
#include <QString>
#include <QWidget>

#include <vector>

class QLineEdit;
class QRadioButton;
class QSettings;
class QSpinBox;

namespace cnn::ui {

class BatchSizeEditor : public QWidget {
  Q_OBJECT
 public:
  explicit BatchSizeEditor(QWidget* parent = nullptr);

  // The sizes asked for; empty with `problem` set to one sentence when the text does not parse.
  std::vector<int> batches(QString* problem = nullptr) const;
  void set_range(int from, int to, int step);
  void set_list(const QString& text);  // switches to the list form

  void save(QSettings& settings) const;  // under "selection/batch_*"
  void restore(const QSettings& settings);

 private:
  QRadioButton* range_mode_;
  QRadioButton* list_mode_;
  QSpinBox* from_;
  QSpinBox* to_;
  QSpinBox* step_;
  QLineEdit* list_;
};

}  // namespace cnn::ui
