#pragma once
// ResultsTableModel: one row per point, in measurement order. Qt::DisplayRole gives formatted text,
// Qt::UserRole the raw value to sort by (numbers as doubles), Qt::ToolTipRole a failed point's error.
#include <QAbstractTableModel>

#include <vector>

#include "core/bench/point.h"

namespace cnn::ui {

class ResultsTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Model, Lib, Precision, Batch, MsPerBatch, MsPerImage, StdPerImage, ImagesPerS, MemoryMB, Status,
                ColumnCount };

  using QAbstractTableModel::QAbstractTableModel;

  void append(const Point& point);              // one new row at the end
  void reset(const std::vector<Point>& points);  // every row replaced
  const Point& point(int row) const { return points_.at(std::size_t(row)); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  std::vector<Point> points_;
};

// The memory a point needs (MB = 10^6 bytes): the measured process growth when known, else the
// backend's own account (weights + peak activations + workspace).
double memory_mb(const Point& point);

}  // namespace cnn::ui
