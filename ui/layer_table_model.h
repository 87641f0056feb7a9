#pragma once
// LayerTableModel: the per-layer pass of one point, one row per record in graph order (a layer's
// reorder/transfer steps follow it as rows of their own), with the library each row ran on (for an
// adaptive point, per its plan). Qt::DisplayRole gives formatted text, Qt::UserRole the raw value.
#include <QAbstractTableModel>

#include <optional>
#include <string>
#include <vector>

#include "core/analysis/roofline.h"
#include "core/bench/point.h"

namespace cnn::ui {

class LayerTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  // Intensity (FLOP/byte), GFlops (at the median time, with min..max over repetitions) and
  // OfAttainable (% of the roofline's attainable GFLOP/s there) need the machine's ceilings (set_machine).
  enum Column { Index, Name, Type, Lib, MsPerBatch, MsPerImage, Share, MMacs, KParams, Intensity, GFlops, OfAttainable,
                ColumnCount };

  using QAbstractTableModel::QAbstractTableModel;

  void set_point(const Point& point);  // the rows become this point's layers
  // The ceilings the roofline columns hold the layers against; nullopt: those columns show "-".
  void set_machine(const std::optional<MachineRecord>& machine);
  void clear();
  const std::optional<Point>& point() const { return point_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  QVariant roofline_data(const LayerRecord& l, int column, bool raw) const;
  std::optional<Point> point_;
  double total_ms_ = 0;  // sum of the layers' mean times (ms, whole batch)
  std::vector<std::string> libs_;  // per row: the backend id it ran on
  std::optional<MachineRecord> machine_;
  std::optional<analysis::Roof> roof_;  // of the point's space and precision
};

}  // namespace cnn::ui
