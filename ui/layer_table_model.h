#pragma once
// LayerTableModel: the per-layer pass of one point, one row per layer in graph order.
// Qt::DisplayRole gives formatted text, Qt::UserRole the raw value to sort by.
#include <QAbstractTableModel>

#include <optional>

#include "core/bench/point.h"

namespace cnn::ui {

class LayerTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Index, Name, Type, MsPerBatch, MsPerImage, Share, MMacs, KParams, ColumnCount };

  using QAbstractTableModel::QAbstractTableModel;

  void set_point(const Point& point);  // the rows become this point's layers
  void clear();
  const std::optional<Point>& point() const { return point_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  std::optional<Point> point_;
  double total_ms_ = 0;  // sum of the layers' mean times (ms, whole batch)
};

}  // namespace cnn::ui
