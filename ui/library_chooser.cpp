#include "ui/library_chooser.h"

#include <algorithm>

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>

#include "core/backend_registry.h"

namespace cnn::ui {
namespace {

QString label_of(const std::string& lib, Precision p) {
  return QString::fromStdString(lib + "/" + std::string(to_string(p)));
}

}  // namespace

LibraryChooser::LibraryChooser(const BackendRegistry& backends, QWidget* parent) : QWidget(parent) {
  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(0, 0, 0, 0);
  int r = 0;
  const std::vector<Backend*> defaults = backends.default_selection();
  for (Backend* backend : backends.all()) {
    const BackendInfo info = backend->info();
    Row row;
    row.id = info.id;
    row.available = info.available && !info.precisions.empty();
    row.checked_by_default = std::find(defaults.begin(), defaults.end(), backend) != defaults.end();
    row.lib = new QCheckBox(QString::fromStdString(info.id), this);
    QString tip = QString::fromStdString(info.name);
    if (!info.available) {
      tip += "\n" + tr("Unavailable: %1").arg(QString::fromStdString(info.why_not));
      row.lib->setText(row.lib->text() + " " + tr("(unavailable)"));
    }
    row.lib->setToolTip(tip);
    row.lib->setEnabled(row.available);
    grid->addWidget(row.lib, r, 0);
    connect(row.lib, &QCheckBox::toggled, this, &LibraryChooser::changed);
    if (info.precisions.size() > 1) {
      auto* box = new QHBoxLayout;
      for (Precision p : info.precisions) {
        auto* check = new QCheckBox(QString::fromStdString(std::string(to_string(p))), this);
        check->setToolTip(tr("Measure %1 in %2").arg(QString::fromStdString(info.id),
                                                     QString::fromStdString(std::string(to_string(p)))));
        check->setEnabled(false);
        connect(row.lib, &QCheckBox::toggled, check, &QCheckBox::setEnabled);
        connect(check, &QCheckBox::toggled, this, &LibraryChooser::changed);
        box->addWidget(check);
        row.precisions.emplace_back(p, check);
      }
      box->addStretch();
      grid->addLayout(box, r, 1);
    } else if (!info.precisions.empty()) {
      row.only = info.precisions.front();
    }
    rows_.push_back(std::move(row));
    ++r;
  }
  grid->setColumnStretch(1, 1);
}

std::vector<LibraryChoice> LibraryChooser::choices() const {
  std::vector<LibraryChoice> out;
  for (const Row& row : rows_) {
    if (!row.available || !row.lib->isChecked()) continue;
    LibraryChoice c{row.id, {}};
    if (row.precisions.empty()) c.precisions.push_back(row.only);
    for (const auto& [p, check] : row.precisions)
      if (check->isChecked()) c.precisions.push_back(p);
    if (!c.precisions.empty()) out.push_back(std::move(c));
  }
  return out;
}

QStringList LibraryChooser::checked() const {
  QStringList out;
  for (const LibraryChoice& c : choices())
    for (Precision p : c.precisions) out << label_of(c.lib, p);
  return out;
}

void LibraryChooser::set_checked(const QStringList& series) {
  for (Row& row : rows_) {
    bool any = false;
    if (row.precisions.empty()) {
      any = series.contains(label_of(row.id, row.only));
    } else {
      for (auto& [p, check] : row.precisions) {
        check->setChecked(series.contains(label_of(row.id, p)));
        any = any || check->isChecked();
      }
    }
    row.lib->setChecked(row.available && any);
  }
}

void LibraryChooser::check_all_available() {
  for (Row& row : rows_) {
    row.lib->setChecked(row.available && row.checked_by_default);
    for (std::size_t i = 0; i < row.precisions.size(); ++i) row.precisions[i].second->setChecked(i == 0);
  }
}

QStringList LibraryChooser::available_ids() const {
  QStringList out;
  for (const Row& row : rows_)
    if (row.available) out << QString::fromStdString(row.id);
  return out;
}

}  // namespace cnn::ui
