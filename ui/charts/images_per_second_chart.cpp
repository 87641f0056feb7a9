#include "ui/charts/images_per_second_chart.h"

#include <QChart>
#include <QHBoxLayout>
#include <QLabel>

#include "core/analysis/best_batch.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/model_series_bars.h"

namespace cnn::ui {

ImagesPerSecondChart::ImagesPerSecondChart(QWidget* parent)
    : ChartPanel(tr("Images per second"), QStringLiteral("images-per-second"), parent) {
  controls()->addWidget(new QLabel(tr("Each bar at its pair's best batch size."), this));
  controls()->addStretch(1);
}

QString ImagesPerSecondChart::rebuild(const ResultsSnapshot& results) {
  std::vector<ModelSeriesValue> rates;
  for (const analysis::BestBatch& b : analysis::best_batches(results.points))
    if (b.ms_per_image > 0) rates.push_back({b.model, b.series, false, b.images_per_s, kNoValue, b.noise.noisy});
  for (const PublishedFigure& f : shown_published(results))
    if (f.ms_per_image > 0) rates.push_back({f.model, series_of(f), true, 1000.0 / f.ms_per_image});
  if (rates.empty()) return kNoResults;
  BarPlotStyle style;
  style.value_title = tr("Throughput (images/s)");
  style.category_title = tr("Model");
  style.label_format = QStringLiteral("@value");
  chart()->setTitle(tr("Images per second at each pair's best batch size"));
  draw_bar_plot(chart(), bars_by_model(results, rates), style);
  return {};
}

}  // namespace cnn::ui
