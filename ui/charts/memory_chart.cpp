#include "ui/charts/memory_chart.h"

#include <QChart>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

#include <cmath>

#include "core/analysis/memory.h"
#include "ui/charts/chart_controls.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/model_series_bars.h"

namespace cnn::ui {
namespace {

// The memory figures offered, their combo ids and how to read them (bytes per image).
struct Figure {
  const char* id;
  const char* text;
  double (*bytes)(const analysis::MemoryPerImage&);
};

const Figure kFigures[] = {
    {"modelled", QT_TRANSLATE_NOOP("MemoryChart", "Modelled: weights + activations + workspace"),
     [](const analysis::MemoryPerImage& m) { return m.weights + m.activations + m.workspace; }},
    {"tracked", QT_TRANSLATE_NOOP("MemoryChart", "Tracked: allocated by the session and its libraries (peak)"),
     [](const analysis::MemoryPerImage& m) { return m.tracked.value_or(kNoValue); }},
    {"measured", QT_TRANSLATE_NOOP("MemoryChart", "Process RSS growth"),
     [](const analysis::MemoryPerImage& m) { return m.measured; }},
    {"weights", QT_TRANSLATE_NOOP("MemoryChart", "Weights"), [](const analysis::MemoryPerImage& m) { return m.weights; }},
    {"activations", QT_TRANSLATE_NOOP("MemoryChart", "Activations (peak, buffers reused)"),
     [](const analysis::MemoryPerImage& m) { return m.activations; }},
    {"activations_total", QT_TRANSLATE_NOOP("MemoryChart", "Activations (every blob, as Caffe)"),
     [](const analysis::MemoryPerImage& m) { return m.activations_total; }},
    {"workspace", QT_TRANSLATE_NOOP("MemoryChart", "Workspace (e.g. im2col)"),
     [](const analysis::MemoryPerImage& m) { return m.workspace; }},
};

const Figure& figure_of(const QString& id) {
  for (const Figure& f : kFigures)
    if (id == QLatin1String(f.id)) return f;
  return kFigures[0];
}

}  // namespace

MemoryChart::MemoryChart(QWidget* parent)
    : ChartPanel(tr("Memory"), QStringLiteral("memory"), parent),
      batch_(new QComboBox(this)),
      figure_(new QComboBox(this)) {
  for (const Figure& f : kFigures) figure_->addItem(tr(f.text), QString::fromLatin1(f.id));
  controls()->addWidget(new QLabel(tr("Batch size:"), this));
  controls()->addWidget(batch_);
  controls()->addWidget(new QLabel(tr("Figure:"), this));
  controls()->addWidget(figure_);
  controls()->addStretch(1);
  connect(batch_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
  connect(figure_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
}

void MemoryChart::update_controls(const ResultsSnapshot& results) {
  std::vector<Choice> choices;
  const std::vector<int> batches = measured_batches(results);
  for (int b : batches) choices.push_back({QString::number(b), QString::number(b), {}});
  // By default the largest batch: where memory matters most.
  set_combo_choices(batch_, choices, batches.empty() ? QString() : QString::number(batches.back()));
}

QString MemoryChart::rebuild(const ResultsSnapshot& results) {
  const QString batch_id = combo_id(batch_);
  if (batch_id.isEmpty()) return kNoResults;
  const int batch = batch_id.toInt();
  const Figure& figure = figure_of(combo_id(figure_));
  std::vector<ModelSeriesValue> memory;
  bool any = false;
  for (const analysis::MemoryRow& row : analysis::memory_per_image(results.points)) {
    if (row.batch != batch) continue;
    const double mb = to_mb(figure.bytes(row.per_image) * batch);
    if (std::isnan(mb)) continue;  // not recorded for this point (an older record)
    any = any || mb > 0;
    memory.push_back({row.model, row.series, false, mb});
  }
  if (memory.empty()) return tr("No point at batch size %1 has this figure (recorded before it existed)").arg(batch);
  if (!any) return tr("Every point at batch size %1 records 0 MB of this figure").arg(batch);
  BarPlotStyle style;
  style.value_title = tr("Memory (MB)");
  style.category_title = tr("Model");
  style.label_format = QStringLiteral("@value");
  chart()->setTitle(tr("Memory at batch size %1 (%2)").arg(batch).arg(tr(figure.text).toLower()));
  draw_bar_plot(chart(), bars_by_model(results, memory), style);
  return {};
}

}  // namespace cnn::ui
