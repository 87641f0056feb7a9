#include "ui/charts/time_per_image_chart.h"

#include <QChart>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

#include "core/analysis/best_batch.h"
#include "core/analysis/noise.h"
#include "core/analysis/stats.h"
#include "ui/charts/chart_controls.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/model_series_bars.h"

namespace cnn::ui {
namespace {

const QString kBest = QStringLiteral("best");

// Mean ± std ms per image at each pair's best batch (with the published figures) or at one batch.
std::vector<ModelSeriesValue> times_of(const ResultsSnapshot& results, const QString& batch) {
  std::vector<ModelSeriesValue> times;
  if (batch == kBest) {
    for (const analysis::BestBatch& b : analysis::best_batches(results.points))
      times.push_back({b.model, b.series, false, b.per_image.mean, b.per_image.std, b.noise.noisy});
    for (const PublishedFigure& f : shown_published(results))
      times.push_back({f.model, series_of(f), true, f.ms_per_image, kNoValue});
  } else {
    const int size = batch.toInt();
    for (const Point* p : analysis::usable_points(results.points)) {
      const analysis::PointStats s = analysis::point_stats(*p);
      if (s.batch == size && s.per_image.n > 0)
        times.push_back({s.model, s.series, false, s.per_image.mean, s.per_image.std, analysis::noise_of(*p).noisy});
    }
  }
  return times;
}

}  // namespace

TimePerImageChart::TimePerImageChart(QWidget* parent)
    : ChartPanel(tr("Time per image"), QStringLiteral("time-per-image"), parent),
      group_by_(new QComboBox(this)),
      batch_(new QComboBox(this)) {
  group_by_->addItem(tr("Group by model"), QStringLiteral("model"));
  group_by_->addItem(tr("Group by library"), QStringLiteral("library"));
  controls()->addWidget(group_by_);
  controls()->addWidget(new QLabel(tr("Batch size:"), this));
  controls()->addWidget(batch_);
  controls()->addStretch(1);
  set_combo_choices(batch_, {{tr("best per pair"), kBest, {}}});
  connect(group_by_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
  connect(batch_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
}

void TimePerImageChart::update_controls(const ResultsSnapshot& results) {
  std::vector<Choice> choices{{tr("best per pair"), kBest, {}}};
  for (int b : measured_batches(results)) choices.push_back({QString::number(b), QString::number(b), {}});
  set_combo_choices(batch_, choices, kBest);
}

QString TimePerImageChart::rebuild(const ResultsSnapshot& results) {
  const QString batch = combo_id(batch_);
  const std::vector<ModelSeriesValue> times = times_of(results, batch);
  if (times.empty()) return kNoResults;
  const bool by_series = combo_id(group_by_) == QLatin1String("library");
  BarPlotStyle style;
  style.value_title = tr("Time per image (ms/image, mean ± std)");
  style.category_title = by_series ? tr("Library") : tr("Model");
  chart()->setTitle(batch == kBest ? tr("Time per image at each pair's best batch size")
                                   : tr("Time per image at batch size %1").arg(batch));
  draw_bar_plot(chart(), by_series ? bars_by_series(results, times) : bars_by_model(results, times), style);
  return {};
}

}  // namespace cnn::ui
