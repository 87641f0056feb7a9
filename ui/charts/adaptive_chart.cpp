#include "ui/charts/adaptive_chart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QValueAxis>

#include <algorithm>
#include <tuple>

#include "ui/charts/adaptive_bars.h"
#include "ui/charts/chart_controls.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/library_colors.h"

namespace cnn::ui {
namespace {

using Kind = AdaptiveSegment::Kind;

// The precision chooser's id of a series' precision and graph mode: its label without the library
// ("fp32", "fp32/fused"), read back by parse_mode (fp32, Caffe for an empty or unknown id).
QString mode_id(const analysis::Series& s) {
  return QString::fromStdString(analysis::Series{{}, s.precision, s.graph}.label().substr(1));
}
analysis::Series parse_mode(const QString& id) {
  return analysis::parse_series("-/" + id.toStdString()).value_or(analysis::Series{});
}
// What the chooser shows: "fp32", "fp32, fused".
QString mode_text(const analysis::Series& s) {
  return QString::fromStdString(analysis::precision_text(s.precision, s.graph, Scheduler::Sequential));
}

// One bar set: a kind of segment (and its series), drawn across every bar.
struct SetKey {
  Kind kind;
  analysis::Series series;
};

// Legend order: libraries (solid), reorders/transfers, a plan's total, libraries alone (hatched).
bool before(const SetKey& a, const SetKey& b) {
  if (a.kind != b.kind) return a.kind < b.kind;
  return LibraryColors::before(a.series, b.series);
}

QBarSet* make_set(const SetKey& key) {
  QString label;
  QBrush brush;
  switch (key.kind) {
    case Kind::Library:
      label = LibraryColors::series_name(key.series);
      brush = LibraryColors::brush(key.series);
      break;
    case Kind::Steps:
      label = QObject::tr("Reorders/transfers");
      brush = QBrush(QColor(0x33, 0x33, 0x33), Qt::BDiagPattern);
      break;
    case Kind::PlanTotal:
      label = QObject::tr("Predicted (plan total)");
      brush = QBrush(LibraryColors::color(std::string(kAdaptiveLib)));
      break;
    case Kind::Single:
      label = QObject::tr("%1 only").arg(LibraryColors::series_name(key.series));
      brush = QBrush(LibraryColors::color(key.series), Qt::DiagCrossPattern);
      break;
  }
  auto* set = new QBarSet(label);
  set->setBrush(brush);
  set->setPen(QPen(brush.color().darker(115), 1.2));
  return set;
}

}  // namespace

AdaptiveChart::AdaptiveChart(QWidget* parent)
    : ChartPanel(tr("Ideal adaptive"), QStringLiteral("adaptive"), parent),
      precision_(new QComboBox(this)),
      series_(new CheckList(tr("Libraries"), this)),
      models_(new CheckList(tr("Models"), this)),
      compare_(new QComboBox(this)),
      run_(new QPushButton(tr("Run adaptive plan"), this)) {
  precision_->setToolTip(tr("The precision and graph mode of the libraries offered (a plan runs in one of each)"));
  series_->setToolTip(tr("The libraries each layer may run on"));
  compare_->addItem(tr("Beside the best single library"), QStringLiteral("fastest"));
  compare_->addItem(tr("Beside every ticked library"), QStringLiteral("every"));
  run_->setToolTip(tr("For every model of the results: build the plan from the ticked libraries (each layer on "
                      "its fastest) and measure it at the plan's batch size with the run's settings"));
  controls()->addWidget(precision_);
  controls()->addWidget(series_);
  controls()->addWidget(models_);
  controls()->addWidget(compare_);
  controls()->addStretch(1);
  controls()->addWidget(run_);
  connect(precision_, &QComboBox::currentIndexChanged, this, [this] {
    update_controls(results());
    redraw();
  });
  connect(series_, &CheckList::changed, this, [this] { redraw(); });
  connect(models_, &CheckList::changed, this, [this] { redraw(); });
  connect(compare_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
  connect(run_, &QPushButton::clicked, this, &AdaptiveChart::runPlanRequested);
}

std::vector<analysis::Series> AdaptiveChart::chosen_series() const {
  std::vector<analysis::Series> chosen;
  for (const QString& id : series_->checked_ids())
    if (auto s = analysis::parse_series(id.toStdString()); s && s->lib != kAdaptiveLib) chosen.push_back(*s);
  return chosen;
}

QString AdaptiveChart::precision() const { return combo_id(precision_); }

void AdaptiveChart::set_run_enabled(bool enabled) { run_->setEnabled(enabled); }

void AdaptiveChart::update_controls(const ResultsSnapshot& results) {
  std::vector<Choice> precisions;  // each (precision, graph mode) measured: "fp32", "fp32, fused", ...
  for (const analysis::Series& s : layered_series(results)) {
    const QString id = mode_id(s);
    if (std::none_of(precisions.begin(), precisions.end(), [&](const Choice& c) { return c.id == id; }))
      precisions.push_back({mode_text(s), id, {}});
  }
  std::sort(precisions.begin(), precisions.end(), [](const Choice& a, const Choice& b) {
    return std::tuple(!a.id.startsWith(QLatin1String("fp32")), a.id) < std::tuple(!b.id.startsWith(QLatin1String("fp32")), b.id);
  });
  {
    const QSignalBlocker block(precision_);
    set_combo_choices(precision_, precisions, QStringLiteral("fp32"));
  }
  precision_->setVisible(precisions.size() > 1);
  const analysis::Series mode = parse_mode(combo_id(precision_));
  std::vector<Choice> series, models;
  for (const analysis::Series& s : layered_series(results))
    if (s.lib != kAdaptiveLib && s.precision == mode.precision && s.graph == mode.graph &&
        s.scheduler == Scheduler::Sequential)  // the per-layer pass times layers alone whatever the scheduler
      series.push_back({LibraryColors::series_name(s), QString::fromStdString(s.label()), LibraryColors::color(s)});
  for (const std::string& m : layered_models(results))
    models.push_back({model_name(results, m), QString::fromStdString(m), {}});
  series_->set_choices(series, [](const QString&) { return true; });
  models_->set_choices(models, [](const QString&) { return true; });
}

QString AdaptiveChart::rebuild(const ResultsSnapshot& results) {
  if (analysis::usable_points(results.points).empty()) return kNoResults;
  if (layered_series(results).empty()) return tr("No per-layer times yet");
  AdaptiveChoice choice;
  const analysis::Series mode = parse_mode(precision());  // fp32, Caffe before any results
  choice.precision = mode.precision;
  choice.graph = mode.graph;
  choice.chosen = chosen_series();
  for (const QString& id : models_->checked_ids()) choice.models.push_back(id.toStdString());
  choice.every = combo_id(compare_) == QLatin1String("every");
  if (choice.models.empty()) return tr("Tick at least one model");
  const AdaptiveBars data = adaptive_bars(results, choice);
  if (data.bars.empty()) {
    if (choice.chosen.empty()) return tr("Tick at least one library");
    return data.first_error.isEmpty() ? tr("No per-layer times yet") : data.first_error;
  }

  // One stacked series, one bar per category (top-down in data order), one set per segment kind.
  std::vector<SetKey> keys;
  for (const AdaptiveBar& bar : data.bars)
    for (const AdaptiveSegment& s : bar.segments)
      if (std::none_of(keys.begin(), keys.end(), [&](const SetKey& k) { return k.kind == s.kind && k.series == s.series; }))
        keys.push_back({s.kind, s.series});
  std::sort(keys.begin(), keys.end(), before);
  auto* series = new QHorizontalStackedBarSeries;
  double top = 0;
  for (const SetKey& key : keys) {
    QBarSet* set = make_set(key);
    for (auto bar = data.bars.rbegin(); bar != data.bars.rend(); ++bar) {
      double value = 0;
      for (const AdaptiveSegment& s : bar->segments)
        if (s.kind == key.kind && s.series == key.series) value += s.ms_per_image;
      set->append(value);
    }
    series->append(set);
  }
  series->setBarWidth(0.75);
  chart()->addSeries(series);
  auto* rows = new QBarCategoryAxis;
  for (auto bar = data.bars.rbegin(); bar != data.bars.rend(); ++bar) {
    rows->append(bar->label);
    top = std::max(top, bar->total());
  }
  rows->setGridLineVisible(false);
  auto* time = new QValueAxis;
  time->setTitleText(tr("Per-layer pass, time per image (ms/image)"));
  time->setRange(0, top > 0 ? top * 1.05 : 1);
  time->applyNiceNumbers();
  time->setLabelFormat(QStringLiteral("%g"));
  chart()->addAxis(rows, Qt::AlignLeft);
  chart()->addAxis(time, Qt::AlignBottom);
  series->attachAxis(rows);
  series->attachAxis(time);
  QString title = tr("Adaptive plan vs the best single library, %1 (+%: slower, -%: faster)").arg(mode_text(mode));
  // A number we doubt is flagged where it is shown: in the fused graph a library keeps its own layout
  // only within a run of its groups, so a plan that switches pays reorders its prediction leaves out.
  if (mode.graph == GraphMode::Fused)
    title += tr("<br>⚠ fused graph: the prediction leaves out the reorders where the plan switches library");
  chart()->setTitle(title);
  return {};
}

}  // namespace cnn::ui
