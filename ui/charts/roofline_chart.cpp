#include "ui/charts/roofline_chart.h"

#include <QChart>
#include <QComboBox>
#include <QCursor>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QScatterSeries>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/analysis/roofline.h"
#include "ui/charts/chart_controls.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/library_colors.h"

namespace cnn::ui {
namespace {

using analysis::RooflinePoint;

const char* const kTips = "cnn_tips";        // a layer series' property: one tool tip per point, in order
const char* const kIndices = "cnn_indices";  // ... and each point's layer index
const QColor kRoofColor(0x33, 0x33, 0x33);
const QColor kKeyColor(0x66, 0x66, 0x66);
constexpr double kMarker = 13;  // at 1600x900

// The shapes of layer types: convolutions circles, inner products squares, pooling triangles,
// everything else (element-wise, LRN, softmax) diamonds.
enum class Shape { Conv, Fc, Pool, Other };
Shape shape_of(const std::string& type) {
  if (type == "Convolution") return Shape::Conv;
  if (type == "InnerProduct") return Shape::Fc;
  if (type == "Pooling") return Shape::Pool;
  return Shape::Other;
}
QScatterSeries::MarkerShape marker_of(Shape s) {
  switch (s) {
    case Shape::Conv: return QScatterSeries::MarkerShapeCircle;
    case Shape::Fc: return QScatterSeries::MarkerShapeRectangle;
    case Shape::Pool: return QScatterSeries::MarkerShapeTriangle;
    case Shape::Other: return QScatterSeries::MarkerShapeRotatedRectangle;
  }
  return QScatterSeries::MarkerShapeCircle;
}
QString shape_name(Shape s) {
  switch (s) {
    case Shape::Conv: return RooflineChart::tr("conv");
    case Shape::Fc: return RooflineChart::tr("FC");
    case Shape::Pool: return RooflineChart::tr("pool");
    case Shape::Other: return RooflineChart::tr("other");
  }
  return {};
}

QScatterSeries* marker_series(const QColor& color, Shape shape) {
  auto* s = new QScatterSeries;
  s->setMarkerShape(marker_of(shape));
  s->setMarkerSize(shape == Shape::Conv || shape == Shape::Fc ? kMarker : kMarker - 2);
  s->setBrush(color);
  s->setPen(QPen(color.darker(160), 1.2));
  return s;
}

QString tip_of(const RooflinePoint& r) {
  return RooflineChart::tr("%1 (%2), %3\nIntensity %4 FLOP/byte\n%5 GFLOP/s (%6 to %7 over the repetitions)\n"
                           "%8 % of the %9 GFLOP/s attainable there (%10 bound)\n%11 % of the per-layer pass")
      .arg(QString::fromStdString(r.name), QString::fromStdString(r.type), LibraryColors::series_name(r.series))
      .arg(r.cost.intensity(), 0, 'g', 3)
      .arg(r.gflops, 0, 'f', 1)
      .arg(r.gflops_low, 0, 'f', 1)
      .arg(r.gflops_high, 0, 'f', 1)
      .arg(100 * r.efficiency, 0, 'f', 1)
      .arg(r.attainable, 0, 'f', 1)
      .arg(r.memory_bound ? RooflineChart::tr("memory") : RooflineChart::tr("compute"))
      .arg(100 * r.share, 0, 'f', 1);
}

// `minor`: minor ticks per decade (none where many decades share little room).
QLogValueAxis* log_axis(double lo, double hi, const QString& title, int minor) {
  auto* axis = new QLogValueAxis;
  axis->setBase(10);
  axis->setRange(std::pow(10, std::floor(std::log10(lo))), std::pow(10, std::ceil(std::log10(hi))));
  axis->setMinorTickCount(minor);
  axis->setLabelFormat(QStringLiteral("%g"));
  axis->setTitleText(title);
  return axis;
}

QString space_text(MemorySpace s, Precision p) {
  return QStringLiteral("%1 %2").arg(s == MemorySpace::Host ? RooflineChart::tr("CPU") : RooflineChart::tr("GPU"),
                                     QString::fromStdString(std::string(to_string(p))));
}

}  // namespace

RooflineChart::RooflineChart(QWidget* parent)
    : ChartPanel(tr("Roofline"), QStringLiteral("roofline"), parent), model_(new QComboBox(this)), batch_(new QComboBox(this)) {
  controls()->addWidget(new QLabel(tr("Model:"), this));
  controls()->addWidget(model_);
  controls()->addWidget(new QLabel(tr("Batch size:"), this));
  controls()->addWidget(batch_);
  controls()->addWidget(new QLabel(tr("Ceilings measured by Sweep > Measure this machine (cnn-bench machine). "
                                      "Click a point to select its layer in the results table."), this));
  controls()->addStretch(1);
  connect(model_, &QComboBox::currentIndexChanged, this, [this] {
    update_controls(results());
    redraw();
  });
  connect(batch_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
}

void RooflineChart::update_controls(const ResultsSnapshot& results) {
  std::vector<Choice> models;
  for (const std::string& m : layered_models(results)) models.push_back({model_name(results, m), QString::fromStdString(m), {}});
  set_combo_choices(model_, models, QStringLiteral("alexnet"));
  std::vector<Choice> batches;
  for (int b : measured_batches(results, combo_id(model_).toStdString()))
    batches.push_back({QString::number(b), QString::number(b), {}});
  set_combo_choices(batch_, batches, QStringLiteral("1"));
}

QString RooflineChart::rebuild(const ResultsSnapshot& results) {
  if (layered_models(results).empty()) return kNoResults;
  if (!results.machine)
    return tr("No ceilings measured for this machine yet: use Sweep > Measure this machine (or cnn-bench machine)");
  const std::string model = combo_id(model_).toStdString();
  const int batch = combo_id(batch_).toInt();
  const std::vector<RooflinePoint> points = analysis::roofline(results.points, model, batch, *results.machine);
  if (points.empty())
    return tr("No layer of %1 at batch size %2 has a roof: its libraries' memory and compute ceilings were not measured")
        .arg(model_name(results, model))
        .arg(batch);

  // The roofs the drawn series stand under, and the axes' ranges over points and ridges.
  std::map<std::pair<MemorySpace, Precision>, analysis::Roof> roofs;
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = 0, y_lo = x_lo, y_hi = 0;
  for (const RooflinePoint& r : points) {
    const Point* p = nullptr;
    for (const Point& q : results.points)
      if (q.success && q.model == model && q.batch == batch && analysis::series_of(q) == r.series) p = &q;
    if (p) {
      const MemorySpace space = analysis::space_of(*results.machine, *p);
      if (const auto roof = analysis::roof_for(*results.machine, space, p->precision))
        roofs.emplace(std::pair{space, p->precision}, *roof);
    }
    x_lo = std::min(x_lo, r.cost.intensity());
    x_hi = std::max(x_hi, r.cost.intensity());
    y_lo = std::min(y_lo, r.gflops_low);
    y_hi = std::max(y_hi, r.gflops_high);
  }
  for (const auto& [key, roof] : roofs) {
    x_lo = std::min(x_lo, roof.ridge() / 4), x_hi = std::max(x_hi, roof.ridge() * 4);
    y_hi = std::max(y_hi, roof.theoretical_gflops.value_or(roof.peak_gflops));
  }
  QLogValueAxis* x = log_axis(x_lo / 1.5, x_hi * 1.5, tr("Arithmetic intensity (FLOP/byte: FLOPs over inputs, weights and outputs moved once)"), 8);
  QLogValueAxis* y = log_axis(std::max(y_lo / 1.5, 1e-6), y_hi * 1.5, tr("Performance (GFLOP/s, at the median per-layer time)"), 0);
  chart()->addAxis(x, Qt::AlignBottom);
  chart()->addAxis(y, Qt::AlignLeft);
  chart()->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);

  // The roofs: a bandwidth slope up to the ridge, the compute ceiling from there, the ridge ringed,
  // and a dotted theoretical peak where one is known.
  auto* ridges = new QScatterSeries;
  ridges->setObjectName(QLatin1String(kRidge));
  ridges->setMarkerSize(kMarker + 6);
  ridges->setBrush(Qt::transparent);
  ridges->setPen(QPen(kRoofColor, 2));
  int nth = 0;
  QStringList ridge_text;
  for (const auto& [key, roof] : roofs) {
    const Qt::PenStyle style = nth++ == 0 ? Qt::SolidLine : Qt::DashLine;
    const double start = std::max(x->min(), y->min() / roof.bandwidth_gbs);
    auto* memory = new QLineSeries;
    memory->setObjectName(QLatin1String(kMemory));
    // The space and precision name a line only where roofs of several are drawn.
    const QString prefix = roofs.size() > 1 ? space_text(key.first, key.second) + QLatin1Char(' ') : QString();
    memory->setName(tr("%1memory %2 ± %3 GB/s")
                        .arg(roofs.size() > 1 ? space_text(key.first, key.second).section(' ', 0, 0) + QLatin1Char(' ') : QString())
                        .arg(roof.bandwidth_gbs, 0, 'f', 1)
                        .arg(roof.bandwidth.std, 0, 'f', 1));
    memory->setPen(QPen(kRoofColor.lighter(130), 3, style));
    memory->append({{start, start * roof.bandwidth_gbs}, {roof.ridge(), roof.peak_gflops}});
    add_series(chart(), memory, x, y, true);
    auto* compute = new QLineSeries;
    compute->setObjectName(QLatin1String(kCompute));
    compute->setName(tr("%1peak %2 ± %3 GFLOP/s%4")
                         .arg(prefix)
                         .arg(roof.peak_gflops, 0, 'f', 0)
                         .arg(roof.peak.std, 0, 'f', 0)
                         .arg(roof.peak_source == "fma" ? QString() : tr(" (%1)").arg(LibraryColors::library_name(roof.peak_source))));
    ridge_text << tr("%1 ridge %2 FLOP/byte").arg(space_text(key.first, key.second)).arg(roof.ridge(), 0, 'f', 1);
    compute->setPen(QPen(kRoofColor, 3, style));
    compute->append({{roof.ridge(), roof.peak_gflops}, {x->max(), roof.peak_gflops}});
    add_series(chart(), compute, x, y, true);
    ridges->append(roof.ridge(), roof.peak_gflops);
    for (const auto& [source, gflops] : roof.lower) {  // each library's own GEMM peak, under the roof
      auto* line = new QLineSeries;
      line->setObjectName(QLatin1String(kLibraryPeak));
      line->setName(tr("%1 GEMM %2").arg(LibraryColors::library_name(source)).arg(gflops, 0, 'f', 0));
      line->setPen(QPen(LibraryColors::color(source), 1.5, Qt::DashLine));
      line->append({{std::max(x->min(), gflops / roof.bandwidth_gbs), gflops}, {x->max(), gflops}});
      add_series(chart(), line, x, y, true);
    }
    if (roof.theoretical_gflops) {
      auto* theory = new QLineSeries;
      theory->setName(tr("%1theoretical %2 (%3)")
                          .arg(prefix)
                          .arg(*roof.theoretical_gflops, 0, 'f', 0)
                          .arg(*roof.theoretical_gflops < roof.peak_gflops ? tr("doubtful") : tr("assumed")));
      theory->setObjectName(QLatin1String(kTheoretical));
      theory->setPen(QPen(kRoofColor.lighter(160), 2, Qt::DotLine));
      theory->append({{x->min(), *roof.theoretical_gflops}, {x->max(), *roof.theoretical_gflops}});
      add_series(chart(), theory, x, y, true);
    }
  }
  add_series(chart(), ridges, x, y, false);

  // The layers: one series per (series, shape), keyed in the legend once per series and per shape.
  std::vector<analysis::Series> order;
  for (const RooflinePoint& r : points) order.push_back(r.series);
  std::sort(order.begin(), order.end(), LibraryColors::before);
  order.erase(std::unique(order.begin(), order.end()), order.end());
  for (const analysis::Series& s : order) {
    const QColor color = LibraryColors::color(s);
    auto* key = marker_series(color, Shape::Conv);
    key->setName(LibraryColors::series_name(s));
    add_series(chart(), key, x, y, true);
    for (QLegendMarker* m : chart()->legend()->markers(key)) m->setShape(QLegend::MarkerShapeRectangle);
    for (Shape shape : {Shape::Conv, Shape::Fc, Shape::Pool, Shape::Other}) {
      QScatterSeries* layer = marker_series(color, shape);
      layer->setObjectName(QLatin1String(kLayers));
      layer->setName(LibraryColors::series_name(s));
      QStringList tips;
      QVariantList indices;
      for (const RooflinePoint& r : points) {
        if (r.series != s || shape_of(r.type) != shape) continue;
        layer->append(r.cost.intensity(), r.gflops);
        tips << tip_of(r);
        indices << r.index;
      }
      if (layer->count() == 0) {
        delete layer;
        continue;
      }
      layer->setProperty(kTips, tips);
      layer->setProperty(kIndices, indices);
      add_series(chart(), layer, x, y, false);
      const QString series_label = QString::fromStdString(s.label()), model_id = QString::fromStdString(model);
      connect(layer, &QScatterSeries::hovered, this, [layer](const QPointF& at, bool on) {
        const QStringList tips = layer->property(kTips).toStringList();
        const qsizetype i = layer->points().indexOf(at);
        if (on && i >= 0 && i < tips.size()) QToolTip::showText(QCursor::pos(), tips[i]);
        else QToolTip::hideText();
      });
      connect(layer, &QScatterSeries::clicked, this, [this, layer, series_label, model_id, batch](const QPointF& at) {
        const QVariantList indices = layer->property(kIndices).toList();
        const qsizetype i = layer->points().indexOf(at);
        if (i >= 0 && i < indices.size()) emit layerClicked(model_id, series_label, batch, indices[i].toInt());
      });
    }
  }
  for (Shape shape : {Shape::Conv, Shape::Fc, Shape::Pool, Shape::Other}) {
    auto* key = marker_series(kKeyColor, shape);
    key->setName(shape_name(shape));
    add_series(chart(), key, x, y, true);
  }
  chart()->setTitle(tr("Roofline: %1 at batch size %2 (%3)")
                        .arg(model_name(results, model))
                        .arg(batch)
                        .arg(ridge_text.join(QStringLiteral("; "))));
  return {};
}

}  // namespace cnn::ui
