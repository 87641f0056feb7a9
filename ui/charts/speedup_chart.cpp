#include "ui/charts/speedup_chart.h"

#include <QChart>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

#include "core/analysis/best_batch.h"
#include "ui/charts/chart_controls.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/library_colors.h"
#include "ui/charts/model_series_bars.h"

namespace cnn::ui {
namespace {

// Published speedups: each published figure of a model over that model's published baseline.
void add_published(const ResultsSnapshot& results, const analysis::Series& baseline,
                   std::vector<ModelSeriesValue>& out) {
  const std::vector<PublishedFigure> figures = shown_published(results);
  for (const PublishedFigure& base : figures) {
    if (series_of(base) != baseline || base.ms_per_image <= 0) continue;
    for (const PublishedFigure& f : figures)
      if (f.model == base.model && f.ms_per_image > 0)
        out.push_back({f.model, series_of(f), true, base.ms_per_image / f.ms_per_image});
  }
}

}  // namespace

SpeedupChart::SpeedupChart(QWidget* parent)
    : ChartPanel(tr("Speedup"), QStringLiteral("speedup"), parent), baseline_(new QComboBox(this)) {
  controls()->addWidget(new QLabel(tr("Baseline:"), this));
  controls()->addWidget(baseline_);
  controls()->addStretch(1);
  connect(baseline_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
}

void SpeedupChart::update_controls(const ResultsSnapshot& results) {
  std::vector<Choice> choices;
  for (const analysis::Series& s : measured_series(results))
    choices.push_back({LibraryColors::series_name(s), QString::fromStdString(s.label()), LibraryColors::color(s)});
  set_combo_choices(baseline_, choices, QStringLiteral("openblas/fp32"));
}

QString SpeedupChart::rebuild(const ResultsSnapshot& results) {
  const auto baseline = analysis::parse_series(combo_id(baseline_).toStdString());
  if (!baseline) return kNoResults;
  std::vector<ModelSeriesValue> speedups;
  for (const analysis::Speedup& s : analysis::speedups(results.points, *baseline))
    speedups.push_back({s.model, s.series, false, s.speedup, kNoValue, s.noisy});
  add_published(results, *baseline, speedups);
  if (speedups.empty()) return kNoResults;
  BarPlotStyle style;
  style.value_title = tr("Speedup over %1 (×)").arg(LibraryColors::series_name(*baseline));
  style.category_title = tr("Model");
  style.label_format = QStringLiteral("@value×");
  style.reference = 1.0;
  chart()->setTitle(tr("Speedup over %1, each at its best batch size").arg(LibraryColors::series_name(*baseline)));
  draw_bar_plot(chart(), bars_by_model(results, speedups), style);
  return {};
}

}  // namespace cnn::ui
