#include "ui/results_tab.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

#include "core/analysis/noise.h"
#include "core/analysis/series.h"
#include "ui/layer_table_model.h"
#include "ui/results_table_model.h"

namespace cnn::ui {
namespace {

QTableView* make_view(QAbstractItemModel* model, QWidget* parent) {
  auto* view = new QTableView(parent);
  view->setModel(model);
  view->setSortingEnabled(true);
  view->setSelectionBehavior(QAbstractItemView::SelectRows);
  view->setSelectionMode(QAbstractItemView::SingleSelection);
  view->setAlternatingRowColors(true);
  view->verticalHeader()->setVisible(false);
  view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
  view->horizontalHeader()->setStretchLastSection(true);
  view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);  // headers never cut
  return view;
}

}  // namespace

ResultsTab::ResultsTab(ResultsTableModel* results, QWidget* parent)
    : QWidget(parent), results_(results), proxy_(new QSortFilterProxyModel(this)), layers_(new LayerTableModel(this)) {
  proxy_->setSourceModel(results_);
  proxy_->setSortRole(Qt::UserRole);
  proxy_->setFilterKeyColumn(-1);
  proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
  proxy_->setDynamicSortFilter(true);
  auto* layer_proxy = new QSortFilterProxyModel(this);
  layer_proxy->setSourceModel(layers_);
  layer_proxy->setSortRole(Qt::UserRole);

  filter_ = new QLineEdit(this);
  filter_->setPlaceholderText(tr("Filter rows: model, library, precision, status…"));
  filter_->setClearButtonEnabled(true);
  connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);

  results_view_ = make_view(proxy_, this);
  results_view_->sortByColumn(-1, Qt::AscendingOrder);  // measurement order until a header is clicked
  layer_view_ = make_view(layer_proxy, this);
  layer_view_->sortByColumn(LayerTableModel::Index, Qt::AscendingOrder);
  layer_title_ = new QLabel(tr("Select a row to see its layers."), this);

  auto* bottom = new QWidget(this);
  auto* bottom_layout = new QVBoxLayout(bottom);
  bottom_layout->setContentsMargins(0, 0, 0, 0);
  bottom_layout->addWidget(layer_title_);
  bottom_layout->addWidget(layer_view_);

  splitter_ = new QSplitter(Qt::Vertical, this);
  splitter_->addWidget(results_view_);
  splitter_->addWidget(bottom);
  splitter_->setStretchFactor(0, 3);
  splitter_->setStretchFactor(1, 2);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(filter_);
  layout->addWidget(splitter_);

  connect(results_view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) { show_layers_of(current); });
  connect(results_, &QAbstractItemModel::modelReset, this, [this] {
    layers_->clear();
    layer_title_->setText(tr("Select a row to see its layers."));
  });
}

void ResultsTab::show_layers_of(const QModelIndex& proxy_index) {
  const QModelIndex source = proxy_->mapToSource(proxy_index);
  if (!source.isValid()) return;
  const Point& p = results_->point(source.row());
  layers_->set_point(p);
  emit pointChosen(QString::fromStdString(p.model), QString::fromStdString(analysis::series_of(p).label()), p.batch);
  const QString what = QString("%1 · %2 · batch %3")
                           .arg(QString::fromStdString(p.model), QString::fromStdString(analysis::series_of(p).label()))
                           .arg(p.batch);
  QString title = p.success ? tr("Layers of %1 (per-layer pass, mean over repetitions)").arg(what)
                            : tr("%1 failed: %2").arg(what, QString::fromStdString(p.error));
  const analysis::Noise noise = analysis::noise_of(p);
  if (noise.layer_ratio) {
    title += tr(" · the layers sum to %1 % of the end-to-end median").arg(std::lround(100 * *noise.layer_ratio));
    if (noise.layers_off) title += tr(" (more than %1 % apart: per-layer times do not add up here)")
                                       .arg(std::lround(100 * analysis::kLayerSumTolerance));
  }
  layer_title_->setText(title);
}

void ResultsTab::set_machine(const std::optional<MachineRecord>& machine) { layers_->set_machine(machine); }

bool ResultsTab::select_layer(const std::string& model, const std::string& series, int batch, int index) {
  int row = -1;
  for (int r = 0; r < results_->rowCount(); ++r) {
    const Point& p = results_->point(r);
    if (p.success && p.model == model && p.batch == batch && analysis::series_of(p).label() == series) row = r;
  }
  if (row < 0) return false;
  QModelIndex at = proxy_->mapFromSource(results_->index(row, 0));
  if (!at.isValid()) {
    filter_->clear();
    at = proxy_->mapFromSource(results_->index(row, 0));
  }
  results_view_->setCurrentIndex(at);  // shows its layers
  auto* layer_proxy = static_cast<QSortFilterProxyModel*>(layer_view_->model());
  for (int r = 0; r < layers_->rowCount(); ++r) {
    if (layers_->point()->layers[std::size_t(r)].index != index || is_stage(layers_->point()->layers[std::size_t(r)])) continue;
    const QModelIndex layer = layer_proxy->mapFromSource(layers_->index(r, 0));
    layer_view_->setCurrentIndex(layer);
    layer_view_->scrollTo(layer);
    return true;
  }
  return false;
}

}  // namespace cnn::ui
