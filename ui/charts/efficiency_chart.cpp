#include "ui/charts/efficiency_chart.h"

#include <QChart>
#include <QHBoxLayout>
#include <QLabel>

#include <algorithm>
#include <map>

#include "core/analysis/roofline.h"
#include "ui/charts/bar_plot.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/library_colors.h"

namespace cnn::ui {

EfficiencyChart::EfficiencyChart(QWidget* parent)
    : ChartPanel(tr("Efficiency"), QStringLiteral("efficiency"), parent) {
  controls()->addWidget(new QLabel(tr("Each pair at its best batch size. Predicted: the machine's measured compute "
                                      "peak over the model's FLOPs per image (QuTiBench); hatched."),
                                   this));
  controls()->addStretch(1);
}

QString EfficiencyChart::rebuild(const ResultsSnapshot& results) {
  if (layered_models(results).empty()) return kNoResults;
  if (!results.machine)
    return tr("No ceilings measured for this machine yet: use Sweep > Measure this machine (or cnn-bench machine)");
  const std::vector<analysis::NetworkEfficiency> all = analysis::network_efficiency(results.points, *results.machine);
  if (all.empty()) return tr("No measured series has a roof: its library's compute ceiling was not measured");

  std::vector<std::string> models;
  std::vector<analysis::Series> order;
  for (const auto& e : all) models.push_back(e.model), order.push_back(e.series);
  std::sort(models.begin(), models.end());
  models.erase(std::unique(models.begin(), models.end()), models.end());
  std::sort(order.begin(), order.end(), LibraryColors::before);
  order.erase(std::unique(order.begin(), order.end()), order.end());

  BarTable table;
  std::map<std::string, QStringList> percents;  // model -> "OpenBLAS 23 %", in legend order
  for (const analysis::Series& s : order) {
    BarSetData predicted{tr("%1 predicted").arg(LibraryColors::series_name(s)), LibraryColors::published_brush(s),
                         LibraryColors::color(s).darker(140), {}, {}, {}};
    BarSetData measured{tr("%1 measured").arg(LibraryColors::series_name(s)), LibraryColors::brush(s),
                        LibraryColors::color(s).darker(140), {}, {}, {}};
    for (const std::string& m : models) {
      const auto it = std::find_if(all.begin(), all.end(), [&](const auto& e) { return e.model == m && e.series == s; });
      const bool has = it != all.end();
      predicted.values.push_back(has ? it->predicted_images_per_s : kNoValue);
      predicted.errors.push_back(kNoValue);
      predicted.flagged.push_back(false);
      measured.values.push_back(has ? it->measured_images_per_s : kNoValue);
      measured.errors.push_back(has ? it->measured.std : kNoValue);
      measured.flagged.push_back(has && it->noisy);
      if (has)
        percents[m] << tr("%1 %2 %").arg(LibraryColors::series_name(s)).arg(100 * it->efficiency, 0, 'f', 0);
    }
    table.sets.push_back(std::move(predicted));
    table.sets.push_back(std::move(measured));
  }
  for (const std::string& m : models) table.categories << model_name(results, m) + "\n" + percents[m].join(QStringLiteral(", "));
  BarPlotStyle style;
  style.value_title = tr("Throughput (images/s, at the best batch size)");
  style.category_title = tr("Model (measured / predicted)");
  style.label_format = QStringLiteral("@value");
  style.label_precision = 3;
  draw_bar_plot(chart(), table, style);
  chart()->setTitle(tr("Predicted from the measured peak vs measured throughput, each pair at its best batch size"));
  return {};
}

}  // namespace cnn::ui
