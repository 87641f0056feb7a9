#pragma once
// RunListDialog: the runs kept in the results store, newest first (date, platform, label, points,
// status); the user picks one to open.
#include <QDialog>

#include <cstdint>
#include <vector>

#include "core/store/results_store.h"

class QTableWidget;

namespace cnn::ui {

class RunListDialog : public QDialog {
  Q_OBJECT
 public:
  RunListDialog(const std::vector<RunSummary>& runs, const QString& store_path, QWidget* parent = nullptr);

  std::int64_t selected_run() const;  // 0 when none is selected
  QTableWidget* table() const { return table_; }

 private:
  std::vector<RunSummary> runs_;
  QTableWidget* table_;
};

// "2026-11-21T14:41:07Z" -> the local date and time, "2026-11-21 15:41"; other text as is.
QString local_time_text(const std::string& iso_utc);

}  // namespace cnn::ui
