#pragma once
// ResultsTableModel: one row per point, in measurement order. Qt::DisplayRole gives formatted text,
// Qt::UserRole the raw value to sort by (numbers as doubles), Qt::ToolTipRole a failed point's error or
// why a reading is flagged. A noisy point, or one whose per-layer pass departs from its end-to-end
// time, is flagged in its Status ("noisy", "per-layer sum off") and drawn in the warning colour.
#include <QAbstractTableModel>

#include <vector>

#include "core/analysis/noise.h"
#include "core/bench/point.h"

namespace cnn::ui {

class ResultsTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Model, Lib, Precision, Graph, Batch, MsPerBatch, MsPerImage, StdPerImage, ImagesPerS, CovPercent, LayerRatio,
                MemoryMB, Status, ColumnCount };

  using QAbstractTableModel::QAbstractTableModel;

  void append(const Point& point);              // one new row at the end
  void replace(int row, const Point& point);    // a later record of the point in `row` (more repetitions)
  void reset(const std::vector<Point>& points);  // every row replaced
  const Point& point(int row) const { return points_.at(std::size_t(row)); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  std::vector<Point> points_;
  std::vector<analysis::Noise> noise_;  // of each row, worked out when the row is set, not per paint
};

// The memory a point needs (MB = 10^6 bytes): what core tracked its session and libraries
// allocating when known, else the modelled account (weights + peak activations + workspace).
double memory_mb(const Point& point);

}  // namespace cnn::ui
