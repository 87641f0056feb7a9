#include "ui/layer_table_model.h"

#include <algorithm>
#include <map>

#include "core/analysis/series.h"
#include "core/analysis/stats.h"

namespace cnn::ui {
namespace {

// The library of each record: the point's, or for an adaptive point the plan's library of the
// layer the record belongs to (by index and name, else by index: its reorder/transfer steps).
std::vector<std::string> record_libs(const Point& point) {
  std::map<std::pair<int, std::string>, std::string> by_name;
  std::map<int, std::string> by_index;
  if (point.plan)
    for (const PlannedLayer& l : point.plan->layers) {
      by_name[{l.index, l.name}] = l.lib;
      by_index.emplace(l.index, l.lib);
    }
  std::vector<std::string> libs;
  for (const LayerRecord& r : point.layers) {
    std::string lib = point.lib;
    if (const auto it = by_name.find({r.index, r.name}); it != by_name.end())
      lib = it->second;
    else if (const auto at = by_index.find(r.index); at != by_index.end())
      lib = at->second;
    libs.push_back(std::move(lib));
  }
  return libs;
}

}  // namespace

void LayerTableModel::set_point(const Point& point) {
  beginResetModel();
  point_ = point;
  total_ms_ = analysis::layer_pass_ms(point);
  libs_ = record_libs(point);
  roof_.reset();
  if (machine_) roof_ = analysis::roof_for(*machine_, analysis::space_of(*machine_, point), point.precision);
  endResetModel();
}

void LayerTableModel::set_machine(const std::optional<MachineRecord>& machine) {
  machine_ = machine;
  if (point_) set_point(Point(*point_));
}

void LayerTableModel::clear() {
  beginResetModel();
  point_.reset();
  total_ms_ = 0;
  libs_.clear();
  endResetModel();
}

int LayerTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !point_ ? 0 : int(point_->layers.size());
}

int LayerTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LayerTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || !point_ || index.row() >= rowCount()) return {};
  const LayerRecord& l = point_->layers[std::size_t(index.row())];
  if (role == Qt::TextAlignmentRole)
    return index.column() == Name || index.column() == Type || index.column() == Lib
               ? QVariant()
               : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
  if (role != Qt::DisplayRole && role != Qt::UserRole) return {};
  const bool raw = role == Qt::UserRole;
  const double ms = analysis::mean_of(l.time_ms);
  const double batch = point_->batch > 0 ? point_->batch : 1;
  const auto number = [&](double v, int decimals) { return raw ? QVariant(v) : QVariant(QString::number(v, 'f', decimals)); };
  switch (index.column()) {
    case Index: return raw ? QVariant(double(l.index)) : QVariant(l.index);
    case Name: return QString::fromStdString(l.name);
    case Type: return QString::fromStdString(l.type);
    case Lib: return QString::fromStdString(libs_[std::size_t(index.row())]);
    case MsPerBatch: return number(ms, 4);
    case MsPerImage: return number(ms / batch, 4);
    case Share: return number(total_ms_ > 0 ? 100.0 * ms / total_ms_ : 0, 1);
    case MMacs: return number(double(l.macs) / batch / 1e6, 2);
    case KParams: return number(double(l.params) / 1e3, 1);
    case Intensity: case GFlops: case OfAttainable: return roofline_data(l, index.column(), raw);
    default: return {};
  }
}

QVariant LayerTableModel::roofline_data(const LayerRecord& l, int column, bool raw) const {
  const auto cost = analysis::layer_cost(l, point_->precision);
  const analysis::Stats t = analysis::summarize(l.time_ms);
  if (!cost || cost->flops <= 0 || t.median <= 0) return raw ? QVariant(-1.0) : QVariant(QStringLiteral("-"));
  const double gflops = cost->flops / (t.median * 1e6);
  if (column == Intensity) return raw ? QVariant(cost->intensity()) : QVariant(QString::number(cost->intensity(), 'g', 3));
  if (column == GFlops) {
    if (raw) return gflops;
    const double slowest = *std::max_element(l.time_ms.begin(), l.time_ms.end());
    return QStringLiteral("%1 (%2–%3)")
        .arg(gflops, 0, 'f', 1)
        .arg(cost->flops / (slowest * 1e6), 0, 'f', 1)
        .arg(cost->flops / (t.min * 1e6), 0, 'f', 1);
  }
  if (!roof_) return raw ? QVariant(-1.0) : QVariant(QStringLiteral("-"));
  const double share = analysis::efficiency(gflops, analysis::attainable_gflops(*roof_, cost->intensity()));
  return raw ? QVariant(share) : QVariant(QString::number(100 * share, 'f', 1));
}

QVariant LayerTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case Index: return tr("#");
    case Name: return tr("Layer");
    case Type: return tr("Type");
    case Lib: return tr("Library");
    case MsPerBatch: return tr("Mean (ms/batch)");
    case MsPerImage: return tr("ms/image");
    case Share: return tr("Share (%)");
    case MMacs: return tr("MMACs/image");
    case KParams: return tr("Params (k)");
    case Intensity: return tr("FLOP/byte");
    case GFlops: return tr("GFLOP/s (min–max)");
    case OfAttainable: return tr("% of attainable");
    default: return {};
  }
}

}  // namespace cnn::ui
