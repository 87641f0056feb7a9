#pragma once
// LibraryChooser: one row per compiled-in library: a checkbox (disabled and greyed, with the reason
// in its tooltip, when the library is unavailable) and, for a library with several precisions, one
// checkbox per precision.
#include <QStringList>
#include <QWidget>

#include <vector>

#include "ui/sweep_request.h"

class QCheckBox;

namespace cnn {
class BackendRegistry;
}

namespace cnn::ui {

class LibraryChooser : public QWidget {
  Q_OBJECT
 public:
  explicit LibraryChooser(const BackendRegistry& backends, QWidget* parent = nullptr);

  // The checked available libraries, each with its checked precisions (none: left out).
  std::vector<LibraryChoice> choices() const;
  // As series labels, "openblas/fp32"; set_checked accepts the same and checks only those.
  QStringList checked() const;
  void set_checked(const QStringList& series);
  void check_all_available();  // the registry's default selection, each in its first precision
  QStringList available_ids() const;

 signals:
  void changed();

 private:
  struct Row {
    std::string id;
    bool available = false;
    bool checked_by_default = false;  // BackendRegistry::default_selection()
    QCheckBox* lib = nullptr;
    std::vector<std::pair<Precision, QCheckBox*>> precisions;  // empty for a single-precision library
    Precision only = Precision::FP32;                          // the single precision otherwise
  };
  std::vector<Row> rows_;
};

}  // namespace cnn::ui
