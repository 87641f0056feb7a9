#pragma once
// ResultsTab: the results table (sortable, filtered by a line of text over every column) above the
// per-layer table of the selected point.
#include <QWidget>

#include <optional>
#include <string>

#include "core/bench/machine.h"

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;

namespace cnn::ui {

class LayerTableModel;
class ResultsTableModel;

class ResultsTab : public QWidget {
  Q_OBJECT
 public:
  explicit ResultsTab(ResultsTableModel* results, QWidget* parent = nullptr);

  QLineEdit* filter_edit() const { return filter_; }
  QTableView* results_view() const { return results_view_; }
  QTableView* layer_view() const { return layer_view_; }
  QSortFilterProxyModel* proxy() const { return proxy_; }
  LayerTableModel* layer_model() const { return layers_; }
  QSplitter* splitter() const { return splitter_; }
  // The ceilings the per-layer table's roofline columns use.
  void set_machine(const std::optional<MachineRecord>& machine);
  // Selects the point of (model, series label, batch) in the results table (clearing a filter that
  // hides it) and the layer with graph index `index` in its per-layer table; false when not found.
  bool select_layer(const std::string& model, const std::string& series, int batch, int index);

 signals:
  // The results table's current row is now this point (the Schedule tab's timeline follows it).
  void pointChosen(const QString& model, const QString& series, int batch);

 private:
  void show_layers_of(const QModelIndex& proxy_index);

  ResultsTableModel* results_;
  QSortFilterProxyModel* proxy_;
  LayerTableModel* layers_;
  QLineEdit* filter_;
  QTableView* results_view_;
  QTableView* layer_view_;
  QLabel* layer_title_;
  QSplitter* splitter_;
};

}  // namespace cnn::ui
