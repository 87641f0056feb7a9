#include "ui/results_table_model.h"

#include <QColor>
#include <QFont>

#include "core/analysis/stats.h"


namespace cnn::ui {
namespace {

QString fixed(double v, int decimals) { return QString::number(v, 'f', decimals); }

// Enough significant digits for times from microseconds to seconds.
QString ms_text(double ms) { return ms >= 100 ? fixed(ms, 1) : ms >= 1 ? fixed(ms, 2) : fixed(ms, 4); }

QString status_text(const Point& p, const analysis::Noise& noise) {
  if (!p.success) return QString::fromStdString("failed: " + p.error);
  QStringList flags;
  if (p.provisional) flags << QObject::tr("measuring (%1 of its rounds)").arg(p.visits);
  if (noise.noisy) flags << QObject::tr("noisy");
  if (noise.layers_off) flags << QObject::tr("per-layer sum off");
  return flags.isEmpty() ? QString("ok") : flags.join(", ");
}

}  // namespace

double memory_mb(const Point& p) {
  const auto& m = p.memory;
  const double bytes = m.tracked_bytes ? double(*m.tracked_bytes)
                                       : double(m.weights_bytes + m.activations_bytes + m.workspace_bytes);
  return bytes / 1e6;
}

void ResultsTableModel::append(const Point& point) {
  const int row = int(points_.size());
  beginInsertRows({}, row, row);
  points_.push_back(point);
  noise_.push_back(analysis::noise_of(point));
  endInsertRows();
  update_measured(point.accuracy.has_value());
}

void ResultsTableModel::replace(int row, const Point& point) {
  const bool had_reading = points_.at(std::size_t(row)).accuracy.has_value();
  points_.at(std::size_t(row)) = point;
  noise_.at(std::size_t(row)) = analysis::noise_of(point);
  emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
  update_measured(had_reading || point.accuracy.has_value());
}

void ResultsTableModel::reset(const std::vector<Point>& points) {
  beginResetModel();
  points_ = points;
  noise_.clear();
  for (const Point& p : points_) noise_.push_back(analysis::noise_of(p));
  measured_ = analysis::measured_accuracy(points_);
  endResetModel();
}

void ResultsTableModel::set_published_top1(analysis::PublishedTop1 published) {
  published_ = std::move(published);
  if (!points_.empty()) emit dataChanged(index(0, Top1), index(rowCount() - 1, Top1));
}

void ResultsTableModel::update_measured(bool changed) {
  if (!changed) return;
  measured_ = analysis::measured_accuracy(points_);
  emit dataChanged(index(0, Top1), index(rowCount() - 1, Top1));  // another row of its series may show it
}

QVariant ResultsTableModel::top1_data(const Point& p, int role) const {
  const auto shown = analysis::shown_accuracy(measured_, published_, p.model, analysis::series_of(p));
  switch (role) {
    case Qt::DisplayRole: return QString::fromStdString(analysis::accuracy_text(shown));
    case Qt::UserRole: return shown ? shown->top1 : -1.0;
    case Qt::TextAlignmentRole: return int(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole: return shown && !shown->measured() ? QVariant(QColor(0x70, 0x70, 0x70)) : QVariant();
    case Qt::FontRole: {
      if (!shown) return {};
      QFont font;
      font.setBold(shown->measured());
      font.setItalic(!shown->measured());
      return font;
    }
    case Qt::ToolTipRole:
      if (!shown) return tr("No top-1 known: not measured with this library (cnn-bench accuracy), none published.");
      if (!shown->measured())
        return tr("The model's published ImageNet top-1, the same for every library; not measured here.");
      return tr("Top-1 measured with this library, precision and graph mode on %1: %2 of %3 images right "
                "(± %4 %, binomial standard error).")
          .arg(QString::fromStdString(shown->dataset))
          .arg(qRound(shown->top1 * shown->images))
          .arg(shown->images)
          .arg(fixed(100 * shown->standard_error().value_or(0), 2));
    default: return {};
  }
}

int ResultsTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(points_.size()); }

int ResultsTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ResultsTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= int(points_.size())) return {};
  const Point& p = points_[std::size_t(index.row())];
  if (index.column() == Top1) return top1_data(p, role);
  const bool timed = p.success && !p.time_fw_ms.empty() && p.batch > 0;
  const analysis::PointStats s = analysis::point_stats(p);
  const double images_per_s = timed && s.per_image.mean > 0 ? 1000.0 / s.per_image.mean : 0;
  const analysis::Noise& noise = noise_[std::size_t(index.row())];
  if (role == Qt::ToolTipRole) {
    if (!p.success) return QString::fromStdString(p.error);
    QStringList why;
    if (noise.noisy)
      why << tr("Noisy: the coefficient of variation of its %1 end-to-end repetitions is %2 %, above %3 %.")
                 .arg(noise.n).arg(fixed(100 * noise.cov, 1), fixed(100 * noise.threshold, 1));
    if (noise.layers_off)
      why << tr("The per-layer pass sums to %1 % of the end-to-end median: per-layer times do not add up here.")
                 .arg(fixed(100 * noise.layer_ratio.value_or(0), 0));
    if (p.load_before || p.load_after)
      why << tr("Load average %1 before, %2 after.")
                 .arg(p.load_before ? fixed(*p.load_before, 2) : QString("?"), p.load_after ? fixed(*p.load_after, 2) : QString("?"));
    if (p.memory.measured_bytes > 0) why << tr("Process RSS growth: %1 MB.").arg(fixed(p.memory.measured_bytes / 1e6, 1));
    return why.isEmpty() ? QVariant() : QVariant(why.join('\n'));
  }
  if (role == Qt::ForegroundRole)
    return noise.noisy || noise.layers_off ? QVariant(QColor(176, 80, 0)) : QVariant();
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
    case Precision: return QString::fromStdString(std::string(to_string(p.precision)));
    case Graph: return QString::fromStdString(std::string(to_string(p.graph)));
    case Schedule: return QString::fromStdString(std::string(to_string(p.scheduler)));
    case Batch: return raw ? QVariant(double(p.batch)) : QVariant(p.batch);
    case MsPerBatch: return number(s.per_batch.mean, -1);
    case MsPerImage: return number(s.per_image.mean, -1);
    case StdPerImage: return number(s.per_image.std, -1);
    case ImagesPerS: return number(images_per_s, 1);
    case MemoryMB:
      if (!p.success) return raw ? QVariant(-1.0) : QVariant(QString());
      return raw ? QVariant(memory_mb(p)) : QVariant(fixed(memory_mb(p), 1));
    case CovPercent: return number(100 * noise.cov, 1);
    case LayerRatio:
      if (!noise.layer_ratio) return raw ? QVariant(-1.0) : QVariant(QString());
      return raw ? QVariant(*noise.layer_ratio) : QVariant(fixed(*noise.layer_ratio, 2));
    case Status: return status_text(p, noise);
    default: return {};
  }
}

QVariant ResultsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case Model: return tr("Model");
    case Lib: return tr("Library");
    case Precision: return tr("Precision");
    case Graph: return tr("Graph");
    case Schedule: return tr("Schedule");
    case Batch: return tr("Batch");
    case MsPerBatch: return tr("Mean (ms/batch)");
    case MsPerImage: return tr("ms/image");
    case StdPerImage: return tr("Std (ms/image)");
    case ImagesPerS: return tr("Images/s");
    case MemoryMB: return tr("Memory (MB)");
    case Top1: return tr("Top-1");
    case CovPercent: return tr("CoV (%)");
    case LayerRatio: return tr("Layers / end-to-end");
    case Status: return tr("Status");
    default: return {};
  }
}

}  // namespace cnn::ui
