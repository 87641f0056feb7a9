#pragma once
// ResultsTableModel: one row per point, in measurement order. Qt::DisplayRole gives formatted text,
// Qt::UserRole the raw value to sort by (numbers as doubles), Qt::ToolTipRole a failed point's error or
// why a reading is flagged. A noisy point, or one whose per-layer pass departs from its end-to-end
// time, is flagged in its Status ("noisy", "per-layer sum off") and drawn in the warning colour.
// Top1 shows what analysis::shown_accuracy says for the point's model and series, worded as
// analysis::accuracy_text: a measured top-1 in bold, a published one in grey italics.
#include <QAbstractTableModel>

#include <vector>

#include "core/analysis/accuracy.h"
#include "core/analysis/noise.h"
#include "core/bench/point.h"

namespace cnn::ui {

class ResultsTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Model, Lib, Precision, Graph, Schedule, Batch, MsPerBatch, MsPerImage, StdPerImage, ImagesPerS, CovPercent, LayerRatio,
                MemoryMB, Top1, Status, ColumnCount };

  using QAbstractTableModel::QAbstractTableModel;

  void append(const Point& point);              // one new row at the end
  void replace(int row, const Point& point);    // a later record of the point in `row` (more repetitions)
  void reset(const std::vector<Point>& points);  // every row replaced
  // The models' published top-1, shown where a series has no measured one.
  void set_published_top1(analysis::PublishedTop1 published);
  const Point& point(int row) const { return points_.at(std::size_t(row)); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  // The measured top-1 of every (model, series) of the rows, worked out again when a row with one is set.
  // `changed`: a row with a reading was set or replaced (else nothing to do); emits the column's change.
  void update_measured(bool changed);
  QVariant top1_data(const Point& point, int role) const;

  std::vector<Point> points_;
  std::vector<analysis::Noise> noise_;  // of each row, worked out when the row is set, not per paint
  analysis::PublishedTop1 published_;
  analysis::MeasuredAccuracy measured_;
};

// The memory a point needs (MB = 10^6 bytes): what core tracked its session and libraries
// allocating when known, else the modelled account (weights + peak activations + workspace).
double memory_mb(const Point& point);

}  // namespace cnn::ui
