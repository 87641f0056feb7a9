#include "ui/charts/adaptive_bars.h"

#include <QObject>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <utility>

#include "core/analysis/adaptive.h"
#include "core/analysis/noise.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/library_colors.h"

namespace cnn::ui {
namespace {

struct SeriesBest {
  analysis::Series series;
  int batch = 0;
  double ms_per_image = 0;
};

// Each chosen series' least per-layer pass per image of `model` over its batch sizes, in `chosen`
// order (the smaller batch on a tie); series without per-layer times are left out.
std::vector<SeriesBest> series_bests(const ResultsSnapshot& results, const std::string& model,
                                     const std::vector<analysis::Series>& chosen) {
  std::vector<std::optional<SeriesBest>> best(chosen.size());
  for (const Point* p : analysis::usable_points(results.points)) {  // ordered by batch within a series
    if (p->model != model || p->layers.empty()) continue;
    const auto it = std::find(chosen.begin(), chosen.end(), analysis::series_of(*p));
    if (it == chosen.end()) continue;
    const double ms = analysis::layer_pass_ms(*p) / p->batch;
    auto& b = best[std::size_t(it - chosen.begin())];
    if (!b || ms < b->ms_per_image) b = SeriesBest{*it, p->batch, ms};
  }
  std::vector<SeriesBest> out;
  for (const auto& b : best)
    if (b) out.push_back(*b);
  return out;
}

// Whether `a` is the solution `plan` was made from: same batch, same library per layer, same total.
bool same_solution(const analysis::AdaptiveResult& a, const AdaptivePlan& plan) {
  if (!a.ok() || a.graph != plan.graph || a.batch != plan.batch || a.layers.size() != plan.layers.size()) return false;
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    const analysis::AdaptiveLayer& l = a.layers[i];
    const PlannedLayer& p = plan.layers[i];
    if (l.index != p.index || l.name != p.name || l.series.lib != p.lib || l.series.precision != plan.precision)
      return false;
  }
  return std::abs(a.ms_per_image - plan.predicted_ms_per_image) <= 1e-9 * std::max(1.0, plan.predicted_ms_per_image);
}

std::vector<AdaptiveSegment> by_library(const analysis::AdaptiveResult& a) {
  std::vector<AdaptiveSegment> out;
  for (const analysis::SeriesTime& t : a.per_series)
    if (t.ms_per_image > 0) out.push_back({AdaptiveSegment::Kind::Library, t.series, t.ms_per_image});
  return out;
}

// The measured point's per-layer pass per image by the library each layer ran on (per its plan),
// with its reorder/transfer records as one Steps segment.
std::vector<AdaptiveSegment> measured_segments(const Point& point) {
  std::map<std::pair<int, std::string>, std::string> lib_of;
  std::map<int, std::string> lib_at;
  for (const PlannedLayer& l : point.plan->layers) {
    lib_of[{l.index, l.name}] = l.lib;
    lib_at.emplace(l.index, l.lib);
  }
  std::map<analysis::Series, double> per_series;
  double steps = 0;
  for (const LayerRecord& record : point.layers) {
    const double ms = analysis::mean_of(record.time_ms) / point.batch;
    if (is_stage(record)) {
      steps += ms;
      continue;
    }
    std::string lib = point.lib;  // a layer the plan does not name: shown as "adaptive"
    if (const auto it = lib_of.find({record.index, record.name}); it != lib_of.end())
      lib = it->second;
    else if (const auto at = lib_at.find(record.index); at != lib_at.end())
      lib = at->second;
    per_series[{lib, point.precision, point.graph}] += ms;
  }
  std::vector<AdaptiveSegment> out;
  for (const auto& [series, ms] : per_series) out.push_back({AdaptiveSegment::Kind::Library, series, ms});
  if (steps > 0) out.push_back({AdaptiveSegment::Kind::Steps, {}, steps});
  return out;
}

AdaptiveBar single_bar(const std::string& model, const QString& name, const SeriesBest& s, bool best) {
  return {AdaptiveBar::Kind::Single, model, s.batch, single_label(name, s.series, s.batch, best),
          {{AdaptiveSegment::Kind::Single, s.series, s.ms_per_image}}};
}

// "<head>: +3.1% vs best single", or `head` alone without a best single time.
QString versus(const QString& head, double ms, double best_ms) {
  const QString percent = percent_vs_best(ms, best_ms);
  return percent.isEmpty() ? head : QObject::tr("%1: %2 vs best single").arg(head, percent);
}

}  // namespace

double AdaptiveBar::total() const {
  double sum = 0;
  for (const AdaptiveSegment& s : segments) sum += s.ms_per_image;
  return sum;
}

const Point* measured_adaptive(const std::vector<Point>& points, const std::string& model, Precision precision,
                               GraphMode graph) {
  for (auto p = points.rbegin(); p != points.rend(); ++p)
    if (p->success && p->lib == kAdaptiveLib && p->model == model && p->precision == precision && p->graph == graph && p->plan &&
        p->scheduler == Scheduler::Sequential && p->batch > 0 && !p->layers.empty())
      return &*p;
  return nullptr;
}

AdaptiveBars adaptive_bars(const ResultsSnapshot& results, const AdaptiveChoice& choice) {
  std::vector<analysis::Series> chosen;
  for (const analysis::Series& s : choice.chosen)
    if (s.lib != kAdaptiveLib && s.precision == choice.precision && s.graph == choice.graph &&
        s.scheduler == Scheduler::Sequential)
      chosen.push_back(s);
  std::map<std::string, analysis::AdaptiveResult> analysed;
  for (analysis::AdaptiveResult& a : analysis::ideal_adaptive(results.points, chosen)) analysed[a.model] = std::move(a);

  AdaptiveBars out;
  for (const std::string& model : choice.models) {
    const QString name = model_name(results, model);
    const auto found = analysed.find(model);
    const analysis::AdaptiveResult* a = found == analysed.end() ? nullptr : &found->second;
    const Point* measured = measured_adaptive(results.points, model, choice.precision, choice.graph);
    SeriesBest best;
    if (measured) {
      const AdaptivePlan& plan = *measured->plan;
      const PlanBaseline& single = plan.best_single;
      best = {{single.lib, plan.precision, plan.graph}, single.batch, single.ms_per_image};
      // Split by library only when the sweep points shown give this very plan.
      std::vector<AdaptiveSegment> predicted{{AdaptiveSegment::Kind::PlanTotal, {}, plan.predicted_ms_per_image}};
      if (a && same_solution(*a, plan)) predicted = by_library(*a);
      out.bars.push_back({AdaptiveBar::Kind::Predicted, model, plan.batch,
                          predicted_label(name, plan.batch, plan.predicted_ms_per_image, single.ms_per_image),
                          std::move(predicted)});
      AdaptiveBar bar{AdaptiveBar::Kind::Measured, model, measured->batch, {}, measured_segments(*measured)};
      bar.label = measured_label(name, measured->batch, bar.total(), single.ms_per_image);
      if (analysis::noise_of(*measured).noisy) bar.label += QObject::tr(" ⚠ noisy");  // a reading we doubt
      out.bars.push_back(std::move(bar));
    } else if (a && a->ok() && !a->layers.empty()) {
      best = {a->best_single.series, a->best_single.batch, a->best_single.ms_per_image};
      out.bars.push_back({AdaptiveBar::Kind::Predicted, model, a->batch,
                          predicted_label(name, a->batch, a->ms_per_image, best.ms_per_image), by_library(*a)});
    } else {
      if (a && out.first_error.isEmpty()) out.first_error = QString::fromStdString(a->error);
      continue;
    }
    out.bars.push_back(single_bar(model, name, best, true));
    if (choice.every)
      for (const SeriesBest& s : series_bests(results, model, chosen))
        if (s.series != best.series) out.bars.push_back(single_bar(model, name, s, false));
  }
  return out;
}

QString percent_vs_best(double ms, double best_ms) {
  if (best_ms <= 0) return {};
  double percent = std::round(1000.0 * (ms - best_ms) / best_ms) / 10.0;
  if (percent == 0) percent = 0;  // no "-0.0"
  const QString number = QString::number(percent, 'f', 1);
  return (percent >= 0 ? QStringLiteral("+%1%") : QStringLiteral("%1%")).arg(number);
}

QString predicted_label(const QString& model, int batch, double ms, double best_ms) {
  return versus(QObject::tr("%1 predicted (batch %2)").arg(model).arg(batch), ms, best_ms);
}

QString measured_label(const QString& model, int batch, double ms, double best_ms) {
  return versus(QObject::tr("%1 measured (batch %2)").arg(model).arg(batch), ms, best_ms);
}

QString single_label(const QString& model, const analysis::Series& series, int batch, bool best) {
  const QString lib = LibraryColors::series_name(series);
  return best ? QObject::tr("%1 best single: %2 (batch %3)").arg(model, lib).arg(batch)
              : QObject::tr("%1 %2 alone (batch %3)").arg(model, lib).arg(batch);
}

}  // namespace cnn::ui
