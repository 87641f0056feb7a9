#include "ui/charts/library_colors.h"

#include <QPainter>
#include <QPixmap>

#include <array>
#include <functional>
#include <string_view>
#include <tuple>

namespace cnn::ui {
namespace {

struct KnownLibrary {
  std::string_view id;
  const char* name;
  QRgb rgb;  // Okabe-Ito (reference: neutral grey)
};

constexpr std::array<KnownLibrary, 7> kKnown{{
    {"reference", "Reference", 0x8c8c8c},
    {"openblas", "OpenBLAS", 0x0072b2},  // blue
    {"onednn", "oneDNN", 0x56b4e9},      // sky blue
    {"cublas", "cuBLAS", 0x009e73},      // bluish green
    {"cudnn", "cuDNN", 0xd55e00},        // vermillion
    {"libdnn", "libDNN", 0xcc79a7},      // reddish purple
    {"adaptive", "Adaptive", 0xe69f00},  // orange
}};

// For libraries not listed above: the Okabe-Ito colours the known ones leave (yellow, black) and
// darker variants of the rest, picked by a stable hash of the id.
constexpr std::array<QRgb, 6> kOthers{0xb8a600, 0x222222, 0x7a3d00, 0x004d40, 0x8e3a6d, 0x1f4e79};

constexpr std::array<QRgb, 9> kModels{0x332288, 0x44aa99, 0xcc6677, 0xddcc77, 0x88ccee,
                                      0x117733, 0x882255, 0x999933, 0xaa4499};

const KnownLibrary* find_known(const std::string& lib) {
  for (const KnownLibrary& k : kKnown)
    if (k.id == lib) return &k;
  return nullptr;
}

}  // namespace

QColor LibraryColors::color(const std::string& lib) {
  if (const KnownLibrary* k = find_known(lib)) return QColor(k->rgb);
  std::size_t h = 0;
  for (char c : lib) h = h * 131 + static_cast<unsigned char>(c);  // stable across runs and builds
  return QColor(kOthers[h % kOthers.size()]);
}

QColor LibraryColors::color(const analysis::Series& series) {
  QColor c = color(series.lib);
  if (series.precision != Precision::FP32) c = c.darker(150);
  if (series.graph == GraphMode::Fused) {  // 45% of the way to white: the same hue, clearly paler
    const auto pale = [](int v) { return v + (255 - v) * 45 / 100; };
    c = QColor(pale(c.red()), pale(c.green()), pale(c.blue()));
  }
  return c;
}

QBrush LibraryColors::brush(const analysis::Series& series) {
  const QColor fill = color(series);
  const bool fused = series.graph == GraphMode::Fused, scheduled = series.scheduler != Scheduler::Sequential;
  if (!fused && !scheduled) return QBrush(fill);
  QPixmap tile(8, 8);
  tile.fill(fill);
  QPainter painter(&tile);
  if (fused) {
    // Pale, striped with the Caffe series' colour: a paler blue alone read as the next library's.
    analysis::Series caffe = series;
    caffe.graph = GraphMode::Caffe;
    painter.setPen(QPen(color(caffe), 2));
    painter.drawLine(-1, 9, 9, -1);  // corner to corner, and the neighbours' ends, so tiles join
    painter.drawLine(-1, 1, 1, -1);
    painter.drawLine(7, 9, 9, 7);
  }
  if (scheduled) {  // a darker dot: greedy one per tile, IOS two, so the three schedulers read apart
    painter.setPen(Qt::NoPen);
    painter.setBrush(fill.darker(170));
    painter.drawEllipse(QRectF(1, 1, 3, 3));
    if (series.scheduler == Scheduler::Ios) painter.drawEllipse(QRectF(5, 5, 3, 3));
  }
  painter.end();
  QBrush brush(tile);
  brush.setColor(fill);
  return brush;
}

QBrush LibraryColors::published_brush(const analysis::Series& series) {
  return QBrush(color(series), Qt::BDiagPattern);
}

QColor LibraryColors::model_color(int index) {
  return QColor(kModels[static_cast<std::size_t>(index < 0 ? 0 : index) % kModels.size()]);
}

bool LibraryColors::before(const analysis::Series& a, const analysis::Series& b) {
  auto rank = [](const std::string& lib) {
    for (std::size_t i = 0; i < kKnown.size(); ++i)
      if (kKnown[i].id == lib) return static_cast<int>(i);
    return static_cast<int>(kKnown.size());
  };
  return std::tuple(rank(a.lib), a.lib, a.precision, a.graph, a.scheduler) <
         std::tuple(rank(b.lib), b.lib, b.precision, b.graph, b.scheduler);
}

QString LibraryColors::library_name(const std::string& lib) {
  if (const KnownLibrary* k = find_known(lib)) return QString::fromUtf8(k->name);
  return QString::fromStdString(lib);
}

QString LibraryColors::series_name(const analysis::Series& series) {
  return library_name(series.lib) + QLatin1Char(' ') +
         QString::fromStdString(analysis::precision_text(series));
}

}  // namespace cnn::ui
