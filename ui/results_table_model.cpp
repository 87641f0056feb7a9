#include "ui/results_table_model.h"

#include "core/analysis/stats.h"

namespace cnn::ui {
namespace {

QString fixed(double v, int decimals) { return QString::number(v, 'f', decimals); }

// Enough significant digits for times from microseconds to seconds.
QString ms_text(double ms) { return ms >= 100 ? fixed(ms, 1) : ms >= 1 ? fixed(ms, 2) : fixed(ms, 4); }

}  // namespace

double memory_mb(const Point& p) {
  const auto& m = p.memory;
  const double bytes = m.measured_bytes > 0 ? double(m.measured_bytes)
                                            : double(m.weights_bytes + m.activations_bytes + m.workspace_bytes);
  return bytes / 1e6;
}

void ResultsTableModel::append(const Point& point) {
  const int row = int(points_.size());
  beginInsertRows({}, row, row);
  points_.push_back(point);
  endInsertRows();
}

void ResultsTableModel::reset(const std::vector<Point>& points) {
  beginResetModel();
  points_ = points;
  endResetModel();
}

int ResultsTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(points_.size()); }

int ResultsTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ResultsTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= int(points_.size())) return {};
  const Point& p = points_[std::size_t(index.row())];
  const bool timed = p.success && !p.time_fw_ms.empty() && p.batch > 0;
  const analysis::PointStats s = analysis::point_stats(p);
  const double images_per_s = timed && s.per_image.mean > 0 ? 1000.0 / s.per_image.mean : 0;
  if (role == Qt::ToolTipRole) return p.success ? QVariant() : QString::fromStdString(p.error);
  if (role == Qt::TextAlignmentRole)
    return index.column() >= Batch && index.column() <= MemoryMB ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                                                  : QVariant();
  if (role != Qt::DisplayRole && role != Qt::UserRole) return {};
  const bool raw = role == Qt::UserRole;
  const auto number = [&](double v, int decimals) -> QVariant {
    if (!timed) return raw ? QVariant(-1.0) : QVariant(QString());
    return raw ? QVariant(v) : QVariant(decimals < 0 ? ms_text(v) : fixed(v, decimals));
  };
  switch (index.column()) {
    case Model: return QString::fromStdString(p.model);
    case Lib: return QString::fromStdString(p.lib);
    case Precision: return QString::fromStdString(p.precision);
    case Batch: return raw ? QVariant(double(p.batch)) : QVariant(p.batch);
    case MsPerBatch: return number(s.per_batch.mean, -1);
    case MsPerImage: return number(s.per_image.mean, -1);
    case StdPerImage: return number(s.per_image.std, -1);
    case ImagesPerS: return number(images_per_s, 1);
    case MemoryMB:
      if (!p.success) return raw ? QVariant(-1.0) : QVariant(QString());
      return raw ? QVariant(memory_mb(p)) : QVariant(fixed(memory_mb(p), 1));
    case Status: return p.success ? QString("ok") : QString::fromStdString("failed: " + p.error);
    default: return {};
  }
}

QVariant ResultsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case Model: return tr("Model");
    case Lib: return tr("Library");
    case Precision: return tr("Precision");
    case Batch: return tr("Batch");
    case MsPerBatch: return tr("Mean (ms/batch)");
    case MsPerImage: return tr("ms/image");
    case StdPerImage: return tr("Std (ms/image)");
    case ImagesPerS: return tr("Images/s");
    case MemoryMB: return tr("Memory (MB)");
    case Status: return tr("Status");
    default: return {};
  }
}

}  // namespace cnn::ui
