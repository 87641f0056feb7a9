#include "ui/charts/latency_distribution_chart.h"

#include <QBarCategoryAxis>
#include <QBoxPlotSeries>
#include <QBoxSet>
#include <QChart>
#include <QComboBox>
#include <QCoreApplication>
#include <QCursor>
#include <QHBoxLayout>
#include <QLabel>
#include <QPen>
#include <QScatterSeries>
#include <QSignalBlocker>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <limits>

#include "core/analysis/distribution.h"
#include "ui/charts/bar_plot.h"
#include "ui/charts/chart_controls.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/library_colors.h"

namespace cnn::ui {
namespace {

const QString kAllModels = QStringLiteral("*all models*");  // no model id has spaces and stars
const char* const kTip = "cnn_tip";                          // a box set property: its hover text
constexpr double kBoxWidth = 0.55;                          // fraction of its column a box fills

QString ms(double v) { return QString::number(v, 'g', 4); }

QString tr_(const char* text) { return QCoreApplication::translate("LatencyDistributionChart", text); }

// "1 repetition", "5 repetitions".
QString count_of(long long n, const char* one, const char* many) {
  return (n == 1 ? tr_(one) : tr_(many)).arg(n);
}

QString box_tip(const QString& series, const QString& model, const analysis::LatencyBox& box) {
  const analysis::BoxStats& b = box.per_image;
  return tr_("%1 on %2, batch %3: median %4 ms/image, quartiles %5–%6, whiskers %7–%8; %9 over %10")
      .arg(series, model)
      .arg(box.batch)
      .arg(ms(b.median), ms(b.q1), ms(b.q3), ms(b.lower_whisker), ms(b.upper_whisker))
      .arg(count_of(static_cast<long long>(b.outliers.size()), "%1 outlier", "%1 outliers"),
           count_of(b.n, "%1 repetition", "%1 repetitions"));
}

// Where Qt Charts centres the box of series `s` (of `count`) in category `c`, in category units.
double box_centre(int c, int s, int count) { return c - 0.5 + (s + 0.5) / count; }

}  // namespace

LatencyDistributionChart::LatencyDistributionChart(QWidget* parent)
    : ChartPanel(tr("Latency distribution"), QStringLiteral("latency-distribution"), parent),
      model_(new QComboBox(this)),
      batch_(new QComboBox(this)) {
  controls()->addWidget(new QLabel(tr("Model:"), this));
  controls()->addWidget(model_);
  controls()->addWidget(new QLabel(tr("Batch size:"), this));
  controls()->addWidget(batch_);
  controls()->addStretch(1);
  set_combo_choices(model_, {{tr("All models"), kAllModels, {}}});
  connect(model_, &QComboBox::currentIndexChanged, this, [this] {
    update_controls(results());
    redraw();
  });
  connect(batch_, &QComboBox::activated, this, [this] { batch_chosen_ = true; });
  connect(batch_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
}

std::string LatencyDistributionChart::chosen_model() const {
  const QString id = combo_id(model_);
  return id == kAllModels ? std::string() : id.toStdString();
}

void LatencyDistributionChart::update_controls(const ResultsSnapshot& results) {
  std::vector<Choice> models{{tr("All models"), kAllModels, {}}};
  for (const std::string& m : analysis::models_of(results.points))
    models.push_back({model_name(results, m), QString::fromStdString(m), {}});
  set_combo_choices(model_, models, kAllModels);
  const std::string model = chosen_model();
  std::vector<Choice> batches;
  for (int b : analysis::box_batches(results.points, model))
    batches.push_back({QString::number(b), QString::number(b), {}});
  // By default the largest batch every library measured (boxes side by side compare like with like).
  const int preferred = analysis::default_box_batch(results.points, model);
  if (!batch_chosen_) {
    const QSignalBlocker block(batch_);
    batch_->setCurrentIndex(-1);  // the default, not the last shown, wins
  }
  set_combo_choices(batch_, batches, preferred > 0 ? QString::number(preferred) : QString());
}

QString LatencyDistributionChart::rebuild(const ResultsSnapshot& results) {
  const QString batch_id = combo_id(batch_);
  if (batch_id.isEmpty()) return kNoResults;
  const int batch = batch_id.toInt();
  const std::string model = chosen_model();
  const std::vector<analysis::LatencyBox> boxes = analysis::latency_boxes(results.points, batch, model);
  if (boxes.empty()) return tr("No repetitions at batch size %1").arg(batch);

  std::vector<std::string> models;  // categories, sorted (the boxes are ordered by model)
  std::vector<analysis::Series> series;
  for (const analysis::LatencyBox& b : boxes) {
    index_in(models, b.model);
    index_in(series, b.series);
  }
  std::sort(series.begin(), series.end(), LibraryColors::before);
  QStringList categories;
  for (const std::string& m : models) categories << model_name(results, m);

  auto* x = new QBarCategoryAxis;
  x->append(categories);
  x->setTitleText(tr("Model"));
  x->setGridLineVisible(false);
  auto* y = new QValueAxis;
  y->setTitleText(tr("ms per image"));
  auto* overlay = new QValueAxis;  // hidden, in category units: where the outlier markers go
  overlay->setRange(-0.5, static_cast<double>(models.size()) - 0.5);
  overlay->setVisible(false);
  chart()->addAxis(x, Qt::AlignBottom);
  chart()->addAxis(y, Qt::AlignLeft);
  chart()->addAxis(overlay, Qt::AlignBottom);

  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  std::vector<QPointF> noisy;  // above each noisy box's upper whisker or highest outlier
  int repetitions = boxes.front().per_image.n;  // the same for every box, else -1
  const int count = static_cast<int>(series.size());
  for (int s = 0; s < count; ++s) {
    const QString name = LibraryColors::series_name(series[s]);
    const QColor color = LibraryColors::color(series[s]);
    auto* box_series = new QBoxPlotSeries;
    box_series->setName(name);
    box_series->setBrush(color);
    box_series->setPen(QPen(color.darker(190), 2));
    box_series->setBoxWidth(kBoxWidth);
    auto* outliers = new QScatterSeries;
    outliers->setName(tr("%1 outliers").arg(name));
    outliers->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    outliers->setMarkerSize(11);
    outliers->setColor(color);
    outliers->setBorderColor(color.darker(190));
    for (int c = 0; c < static_cast<int>(models.size()); ++c) {
      const auto it = std::find_if(boxes.begin(), boxes.end(), [&](const analysis::LatencyBox& b) {
        return b.model == models[std::size_t(c)] && b.series == series[std::size_t(s)];
      });
      if (it == boxes.end()) {  // not measured: an invisible box keeps the others in their columns
        auto* gap = new QBoxSet;
        gap->setBrush(Qt::transparent);
        gap->setPen(QPen(Qt::transparent));
        box_series->append(gap);
        continue;
      }
      const analysis::BoxStats& b = it->per_image;
      auto* set = new QBoxSet(b.lower_whisker, b.q1, b.median, b.q3, b.upper_whisker, categories[c]);
      set->setProperty(kTip, box_tip(name, categories[c], *it));
      box_series->append(set);
      lo = std::min(lo, b.lower_whisker);
      hi = std::max(hi, b.upper_whisker);
      for (double o : b.outliers) {
        outliers->append(box_centre(c, s, count), o);
        lo = std::min(lo, o);
        hi = std::max(hi, o);
      }
      if (b.n != repetitions) repetitions = -1;
      if (it->noisy)
        noisy.emplace_back(box_centre(c, s, count), b.outliers.empty() ? b.upper_whisker : b.outliers.back());
    }
    chart()->addSeries(box_series);
    box_series->attachAxis(x);
    box_series->attachAxis(y);
    connect(box_series, &QBoxPlotSeries::hovered, this, [](bool on, QBoxSet* set) {
      if (on && set->property(kTip).isValid())
        QToolTip::showText(QCursor::pos(), set->property(kTip).toString());
      else
        QToolTip::hideText();
    });
    if (outliers->count() == 0) {
      delete outliers;
      continue;
    }
    chart()->addSeries(outliers);
    outliers->attachAxis(overlay);
    outliers->attachAxis(y);
    hide_from_legend(chart(), outliers);
  }
  // The data's range with some room (not from 0: the spread is the point of this chart).
  const double pad = std::max((hi - lo) * 0.08, hi * 0.02);
  y->setRange(std::max(0.0, lo - pad), hi + pad > 0 ? hi + pad : 1);
  if (!noisy.empty()) y->setMax(y->max() + pad * 2);  // room for the marks
  y->applyNiceNumbers();
  y->setLabelFormat(QStringLiteral("%g"));
  if (!noisy.empty()) {  // the warning mark of a doubtful reading, as on the bar charts
    QScatterSeries* marks = new_flag_marks();
    for (const QPointF& at : noisy) marks->append(at.x(), at.y() + pad);
    chart()->addSeries(marks);
    marks->attachAxis(overlay);
    marks->attachAxis(y);
  }

  const QString over = repetitions > 0 ? count_of(repetitions, "over %1 repetition", "over %1 repetitions each")
                                       : tr("over the repetitions");
  chart()->setTitle(model.empty() ? tr("Latency distribution at batch size %1, %2").arg(batch).arg(over)
                                  : tr("%1: latency distribution at batch size %2, %3")
                                        .arg(model_name(results, model))
                                        .arg(batch)
                                        .arg(over));
  return {};
}

}  // namespace cnn::ui
