#include "ui/charts/schedule_bars_chart.h"

#include <QChart>
#include <QComboBox>
#include <QHBoxLayout>
#include <QAbstractBarSeries>
#include <QBarSet>
#include <QCursor>
#include <QLabel>
#include <QToolTip>

#include <algorithm>
#include <array>
#include <map>

#include "core/analysis/schedules.h"
#include "ui/charts/bar_plot.h"
#include "ui/charts/chart_controls.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/library_colors.h"

namespace cnn::ui {
namespace {

const char* const kTips = "cnn_tips";  // a bar set's property: its tool tip in each group

constexpr std::array kSchedulers = {Scheduler::Sequential, Scheduler::Greedy, Scheduler::Ios};

QString scheduler_name(Scheduler s) {
  return s == Scheduler::Ios ? QStringLiteral("IOS") : QString::fromStdString(std::string(to_string(s)));
}

// The series without its scheduler: what the chooser offers.
analysis::Series without_scheduler(analysis::Series s) {
  s.scheduler = Scheduler::Sequential;
  return s;
}

}  // namespace

ScheduleBarsChart::ScheduleBarsChart(QWidget* parent)
    : ChartPanel(tr("Schedulers"), QStringLiteral("schedule-bars"), parent), series_(new QComboBox(this)) {
  controls()->addWidget(new QLabel(tr("Library:"), this));
  controls()->addWidget(series_);
  controls()->addStretch(1);
  series_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  connect(series_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
}

QString ScheduleBarsChart::tab_title() const { return tr("Schedule"); }

void ScheduleBarsChart::update_controls(const ResultsSnapshot& results) {
  std::vector<analysis::Series> all, scheduled;
  for (const analysis::Series& s : measured_series(results)) {
    index_in(all, without_scheduler(s));
    if (s.scheduler != Scheduler::Sequential) index_in(scheduled, without_scheduler(s));
  }
  std::vector<Choice> choices;
  for (const analysis::Series& s : all)
    choices.push_back({LibraryColors::series_name(s), QString::fromStdString(s.label()), LibraryColors::color(s)});
  // The first series measured with another scheduler than sequential, when there is one.
  set_combo_choices(series_, choices, scheduled.empty() ? QString() : QString::fromStdString(scheduled.front().label()));
}

QString ScheduleBarsChart::rebuild(const ResultsSnapshot& results) {
  const auto series = analysis::parse_series(combo_id(series_).toStdString());
  if (!series) return kNoResults;
  const std::vector<analysis::SchedulerTime> times = analysis::scheduler_times(results.points, *series);
  if (times.empty()) return kNoResults;
  std::vector<std::pair<std::string, int>> groups;  // (model, batch), ordered as the times are
  for (const analysis::SchedulerTime& t : times) index_in(groups, std::pair{t.model, t.batch});

  BarTable table;
  std::map<QString, QStringList> tips;  // bar set -> a tool tip per group
  std::vector<std::pair<double, QString>> best(groups.size());  // the best speedup of each group, named
  for (Scheduler scheduler : kSchedulers) {
    analysis::Series s = *series;
    s.scheduler = scheduler;
    BarSetData set{scheduler_name(scheduler), LibraryColors::brush(s), LibraryColors::color(s).darker(140),
                   std::vector<double>(groups.size(), kNoValue), std::vector<double>(groups.size(), kNoValue),
                   std::vector<bool>(groups.size(), false)};
    QStringList& set_tips = tips[set.name];
    set_tips.resize(qsizetype(groups.size()));
    bool any = false;
    for (const analysis::SchedulerTime& t : times) {
      if (t.scheduler != scheduler) continue;
      const int g = index_in(groups, std::pair{t.model, t.batch});
      set.values[std::size_t(g)] = t.per_image.median;
      set.errors[std::size_t(g)] = t.per_image.std;
      set.flagged[std::size_t(g)] = t.noisy;
      QString& tip = set_tips[g];
      tip = tr("%1 b%2, %3: %4 ms/image (median; std %5)%6")
                .arg(model_name(results, t.model)).arg(t.batch).arg(set.name)
                .arg(t.per_image.median, 0, 'g', 3).arg(t.per_image.std, 0, 'g', 2)
                .arg(t.noisy ? tr(", noisy") : QString());
      if (t.speedup && scheduler != Scheduler::Sequential) {
        tip += tr("\n%1× over sequential").arg(*t.speedup, 0, 'f', 2);
        if (*t.speedup > best[std::size_t(g)].first)
          best[std::size_t(g)] = {*t.speedup, tr("%1 %2×").arg(set.name).arg(*t.speedup, 0, 'f', 2)};
      }
      any = true;
    }
    if (any) table.sets.push_back(std::move(set));
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {  // "GoogLeNet b1 · IOS 1.27×": the best speedup
    QString name = tr("%1 b%2").arg(model_name(results, groups[g].first)).arg(groups[g].second);
    if (!best[g].second.isEmpty()) name += QStringLiteral(" · ") + best[g].second;
    table.categories << name;
  }
  BarPlotStyle style;
  style.value_title = tr("Time per image (ms/image, median ± std)");
  style.category_title = tr("Model and batch size (the best speedup over sequential)");
  style.label_format = QStringLiteral("@value");
  // Slanted rather than cut short, once the labels side by side pass about 100 characters.
  qsizetype longest = 0;
  for (const QString& c : table.categories) longest = std::max(longest, c.size());
  style.category_label_angle = table.categories.size() * longest > 100 ? -45 : 0;
  draw_bar_plot(chart(), table, style);
  for (QAbstractSeries* s : chart()->series())
    if (auto* bars = qobject_cast<QAbstractBarSeries*>(s)) {
      for (QBarSet* set : bars->barSets()) set->setProperty(kTips, tips[set->label()]);
      connect(bars, &QAbstractBarSeries::hovered, this, [](bool on, int index, QBarSet* set) {
        const QStringList tips = set->property(kTips).toStringList();
        if (on && index >= 0 && index < tips.size() && !tips[index].isEmpty()) QToolTip::showText(QCursor::pos(), tips[index]);
        else QToolTip::hideText();
      });
    }
  chart()->setTitle(tr("Sequential, greedy and IOS schedules on %1").arg(LibraryColors::series_name(*series)));
  return {};
}

}  // namespace cnn::ui
