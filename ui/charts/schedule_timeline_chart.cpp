#include "ui/charts/schedule_timeline_chart.h"

#include <QAreaSeries>
#include <QChart>
#include <QComboBox>
#include <QCursor>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <set>

#include "core/analysis/schedules.h"
#include "ui/charts/chart_controls.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/library_colors.h"

namespace cnn::ui {
namespace {

using analysis::Timeline;
using analysis::TimelineLayer;

constexpr double kPad = 0.05;   // of the height, above and below the groups
constexpr double kGap = 0.08;   // of a group's band, between groups

// The successful points with a schedule record, each once (a later record of a point replaces it).
std::vector<const Point*> scheduled(const ResultsSnapshot& results) {
  std::vector<const Point*> out;
  for (const Point* p : analysis::usable_points(results.points))
    if (p->schedule) out.push_back(p);
  return out;
}

// A filled rectangle from (x0, y0) to (x1, y1) in the axes' values, in the legend when named.
QAreaSeries* rectangle(QChart* chart, QValueAxis* x, QValueAxis* y, QRectF r, const QString& name = {}) {
  auto* upper = new QLineSeries;
  upper->append({{r.left(), r.bottom()}, {r.right(), r.bottom()}});
  auto* lower = new QLineSeries;
  lower->append({{r.left(), r.top()}, {r.right(), r.top()}});
  auto* area = new QAreaSeries(upper, lower);
  area->setName(name);
  add_series(chart, area, x, y, !name.isEmpty());
  upper->setParent(area);  // the chart owns the area; the area its lines
  lower->setParent(area);
  return area;
}

QString ms_text(double ms) { return QString::number(ms, 'g', 3); }

QString tip_of(const TimelineLayer& l) {
  return ScheduleTimelineChart::tr("%1 (%2) on %3\nmedian %4 ms (%5 to %6 over the repetitions, whole batch)")
      .arg(QString::fromStdString(l.name), QString::fromStdString(l.type), LibraryColors::library_name(l.lib),
           ms_text(l.median_ms), ms_text(l.min_ms), ms_text(l.max_ms));
}

// "OpenBLAS fp32, fused graph, IOS schedule": the point's library and every mode, named.
QString series_text(const Point& p) {
  return ScheduleTimelineChart::tr("%1 %2, %3 graph, %4 schedule")
      .arg(LibraryColors::library_name(p.lib), QString::fromStdString(std::string(to_string(p.precision))),
           p.graph == GraphMode::Caffe ? QStringLiteral("Caffe") : QString::fromStdString(std::string(to_string(p.graph))),
           p.scheduler == Scheduler::Ios ? QStringLiteral("IOS") : QString::fromStdString(std::string(to_string(p.scheduler))));
}

}  // namespace

ScheduleTimelineChart::ScheduleTimelineChart(QWidget* parent)
    : ChartPanel(tr("Schedule timeline"), QStringLiteral("schedule-timeline"), parent),
      model_(new QComboBox(this)),
      series_(new QComboBox(this)),
      batch_(new QComboBox(this)) {
  controls()->addWidget(new QLabel(tr("Model:"), this));
  controls()->addWidget(model_);
  controls()->addWidget(new QLabel(tr("Series:"), this));
  controls()->addWidget(series_);
  controls()->addWidget(new QLabel(tr("Batch size:"), this));
  controls()->addWidget(batch_);
  controls()->addStretch(1);
  for (QComboBox* combo : {model_, series_, batch_}) {
    combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);  // names whole, not cut to a few letters
    connect(combo, &QComboBox::currentIndexChanged, this, [this] {
      update_controls(results());  // the series and batches offered follow the model
      redraw();
    });
  }
}

QString ScheduleTimelineChart::tab_title() const { return tr("Schedule"); }

bool ScheduleTimelineChart::show_point(const QString& model, const QString& series, int batch) {
  for (const Point* p : scheduled(results()))
    if (QString::fromStdString(p->model) == model && QString::fromStdString(analysis::series_of(*p).label()) == series &&
        p->batch == batch) {
      {
        const QSignalBlocker a(model_), b(series_), c(batch_);
        model_->setCurrentIndex(model_->findData(model));
        update_controls(results());
        series_->setCurrentIndex(series_->findData(series));
        update_controls(results());
        batch_->setCurrentIndex(batch_->findData(QString::number(batch)));
      }
      redraw();
      return true;
    }
  return false;
}

void ScheduleTimelineChart::update_controls(const ResultsSnapshot& results) {
  const QSignalBlocker a(model_), b(series_), c(batch_);
  const std::vector<const Point*> points = scheduled(results);
  std::vector<Choice> models, series, batches;
  std::set<std::string> seen_models;
  for (const Point* p : points)
    if (seen_models.insert(p->model).second)
      models.push_back({model_name(results, p->model), QString::fromStdString(p->model), {}});
  set_combo_choices(model_, models);
  const std::string model = combo_id(model_).toStdString();
  std::vector<analysis::Series> of_model;
  for (const Point* p : points)
    if (p->model == model) index_in(of_model, analysis::series_of(*p));
  std::sort(of_model.begin(), of_model.end(), LibraryColors::before);
  // The schedule worth looking at first: the series whose schedules run the most stages at once or
  // merged, IOS before greedy on a tie (an IOS that kept sequential everywhere shows the greedy one it beat).
  QString preferred;
  int best_rank = -1;
  for (const analysis::Series& s : of_model) {
    series.push_back({LibraryColors::series_name(s), QString::fromStdString(s.label()), LibraryColors::color(s)});
    int concurrent = 0;
    for (const Point* p : points)
      if (p->model == model && analysis::series_of(*p) == s)
        concurrent = std::max(concurrent, p->schedule->schedule.concurrent_stages() + p->schedule->schedule.merged_stages());
    const int rank = 2 * concurrent + (s.scheduler == Scheduler::Ios ? 1 : 0);
    if (rank > best_rank) {
      best_rank = rank;
      preferred = series.back().id;
    }
  }
  set_combo_choices(series_, series, preferred);
  const std::string label = combo_id(series_).toStdString();
  for (const Point* p : points)
    if (p->model == model && analysis::series_of(*p).label() == label)
      batches.push_back({QString::number(p->batch), QString::number(p->batch), {}});
  set_combo_choices(batch_, batches);
}

QString ScheduleTimelineChart::rebuild(const ResultsSnapshot& results) {
  const Point* point = nullptr;
  for (const Point* p : scheduled(results))
    if (QString::fromStdString(p->model) == combo_id(model_) &&
        QString::fromStdString(analysis::series_of(*p).label()) == combo_id(series_) &&
        QString::number(p->batch) == combo_id(batch_))
      point = p;
  if (!point)
    return results.points.empty() ? kNoResults
                                  : tr("No point has a schedule yet: run a sweep with Schedule: Greedy or IOS "
                                       "(cnn-bench run --schedule ios)");
  const std::optional<Timeline> timeline = analysis::schedule_timeline(*point);
  if (!timeline || timeline->stages.empty() || timeline->total_ms <= 0)
    return tr("The schedule of this point has no stage with a time");

  auto* x = new QValueAxis;
  x->setRange(0, timeline->total_ms);
  x->setTitleText(tr("Time (ms, whole batch of %1; stages at their median time)").arg(point->batch));
  auto* y = new QValueAxis;
  y->setRange(0, 1);
  y->setLabelsVisible(false);
  y->setGridLineVisible(false);
  y->setTickCount(2);
  chart()->addAxis(x, Qt::AlignBottom);
  chart()->addAxis(y, Qt::AlignLeft);

  std::set<std::string> in_legend;  // one entry per library: its first layer
  for (std::size_t s = 0; s < timeline->stages.size(); ++s) {
    const analysis::TimelineStage& stage = timeline->stages[s];
    QAreaSeries* box = rectangle(chart(), x, y, QRectF(QPointF(stage.start_ms, 0), QPointF(stage.start_ms + stage.ms, 1)));
    box->setObjectName(QLatin1String(kStage));
    box->setProperty(kStageIndex, int(s));
    box->setBrush(s % 2 ? QColor(0xEC, 0xEC, 0xEC) : QColor(0xF6, 0xF6, 0xF6));
    // A merged stage is framed dark: its groups' first layers ran as one convolution.
    box->setPen(QPen(stage.merged ? QColor(0x40, 0x40, 0x40) : QColor(0xB0, 0xB0, 0xB0), stage.merged ? 2 : 1,
                     stage.estimated ? Qt::DashLine : Qt::SolidLine));
    box->setProperty(kMerged, stage.merged);
    const double band = (1 - 2 * kPad) / double(stage.groups.size());
    for (std::size_t g = 0; g < stage.groups.size(); ++g) {
      const double top = 1 - kPad - band * double(g), bottom = top - band;
      const double y0 = bottom + band * kGap / 2, y1 = top - band * kGap / 2;
      for (const TimelineLayer& l : stage.groups[g]) {
        const bool first_of_lib = in_legend.insert(l.lib).second;
        QAreaSeries* layer = rectangle(chart(), x, y, QRectF(QPointF(l.start_ms, y0), QPointF(l.start_ms + l.width_ms, y1)),
                                       first_of_lib ? LibraryColors::library_name(l.lib) : QString());
        layer->setObjectName(QLatin1String(kLayer));
        layer->setProperty(kStageIndex, int(s));
        layer->setProperty(kGroupIndex, int(g));
        layer->setProperty(kTip, stage.merged && &l == &stage.groups[g].front()
                                     ? tip_of(l) + tr("\nMerged with the stage's other first layers into one convolution "
                                                      "(its time: theirs together)")
                                     : tip_of(l));
        layer->setBrush(LibraryColors::color(l.lib));
        layer->setPen(QPen(Qt::white, 1));
        connect(layer, &QAreaSeries::hovered, this, [layer](const QPointF&, bool on) {
          if (on) QToolTip::showText(QCursor::pos(), layer->property(kTip).toString());
          else QToolTip::hideText();
        });
        auto* label = new QScatterSeries;  // the name over the middle of its layer (Qt puts it above)
        label->setObjectName(QLatin1String(kLabel));
        label->setMarkerSize(1);
        label->setBrush(Qt::transparent);
        label->setPen(Qt::NoPen);
        label->append(l.start_ms + l.width_ms / 2, y0 + (y1 - y0) * 0.3);
        label->setPointLabelsFormat(QString::fromStdString(l.name).replace(QLatin1Char('@'), QStringLiteral("(at)")));
        label->setPointLabelsClipping(false);
        label->setPointLabelsColor(Qt::black);
        mark_fitted_labels(label, l.width_ms / timeline->total_ms, int(l.name.size()), (y1 - y0));
        add_series(chart(), label, x, y, false);
      }
    }
  }
  // "...: 61 stages, 36 of them concurrent", "...: 64 stages, 9 merged" (both when both).
  QString stages = tr("%1 stages").arg(timeline->stages.size());
  if (timeline->concurrent_stages > 0 || timeline->merged_stages == 0)
    stages += tr(", %1 of them concurrent").arg(timeline->concurrent_stages);
  if (timeline->merged_stages > 0) stages += tr(", %1 merged").arg(timeline->merged_stages);
  chart()->setTitle(tr("%1 on %2, batch %3: %4")
                        .arg(model_name(results, point->model), series_text(*point))
                        .arg(point->batch)
                        .arg(stages));
  return {};
}

}  // namespace cnn::ui
