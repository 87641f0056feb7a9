#include "ui/run_list_dialog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cnn::ui {
namespace {

QString join(const std::vector<std::string>& items) {
  QStringList out;
  for (const auto& s : items) out << QString::fromStdString(s);
  return out.join(", ");
}

}  // namespace

QString local_time_text(const std::string& iso_utc) {
  const QString text = QString::fromStdString(iso_utc);
  const QDateTime t = QDateTime::fromString(text, Qt::ISODate);
  return t.isValid() ? t.toLocalTime().toString("yyyy-MM-dd HH:mm") : text;
}

RunListDialog::RunListDialog(const std::vector<RunSummary>& runs, const QString& store_path, QWidget* parent)
    : QDialog(parent), runs_(runs) {
  setWindowTitle(tr("Open a stored run"));
  const QStringList headers = {tr("Run"), tr("Started"), tr("Label"), tr("Points"), tr("Status"),
                               tr("Platform"), tr("Models"), tr("Libraries")};
  table_ = new QTableWidget(int(runs_.size()), int(headers.size()), this);
  table_->setHorizontalHeaderLabels(headers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->setVisible(false);
  table_->horizontalHeader()->setStretchLastSection(true);
  for (int r = 0; r < int(runs_.size()); ++r) {
    const RunSummary& s = runs_[std::size_t(r)];
    const QString platform = QString("%1 (%2 cores)").arg(QString::fromStdString(s.cpu).simplified()).arg(s.cores);
    const QStringList cells = {QString::number(s.id), local_time_text(s.started_at), QString::fromStdString(s.label),
                               QString::number(s.points), QString::fromStdString(std::string(to_string(s.status))),
                               platform, join(s.models), join(s.libs)};
    for (int c = 0; c < cells.size(); ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      item->setToolTip(cells[c]);
      table_->setItem(r, c, item);
    }
  }
  table_->resizeColumnsToContents();
  if (!runs_.empty()) table_->selectRow(0);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Open)->setEnabled(!runs_.empty());
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(table_, &QTableWidget::cellDoubleClicked, this, &QDialog::accept);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(runs_.empty() ? tr("No runs stored yet in %1.").arg(store_path)
                                             : tr("Runs stored in %1:").arg(store_path),
                               this));
  layout->addWidget(table_);
  layout->addWidget(buttons);
  resize(1100, 420);
}

std::int64_t RunListDialog::selected_run() const {
  const int row = table_->currentRow();
  return row >= 0 && row < int(runs_.size()) ? runs_[std::size_t(row)].id : 0;
}

}  // namespace cnn::ui
