#include "ui/charts/all_charts.h"

#include "ui/charts/accuracy_speed_chart.h"
#include "ui/charts/adaptive_chart.h"
#include "ui/charts/batch_tradeoff_chart.h"
#include "ui/charts/efficiency_chart.h"
#include "ui/charts/images_per_second_chart.h"
#include "ui/charts/latency_distribution_chart.h"
#include "ui/charts/layer_breakdown_chart.h"
#include "ui/charts/memory_chart.h"
#include "ui/charts/roofline_chart.h"
#include "ui/charts/schedule_bars_chart.h"
#include "ui/charts/schedule_timeline_chart.h"
#include "ui/charts/speedup_chart.h"
#include "ui/charts/time_per_image_chart.h"

namespace cnn::ui {

std::vector<ResultsChart*> create_all_charts(QWidget* parent) {
  return {new TimePerImageChart(parent),  new ImagesPerSecondChart(parent), new SpeedupChart(parent),
          new BatchTradeoffChart(parent), new LayerBreakdownChart(parent),  new AdaptiveChart(parent),
          new MemoryChart(parent),        new LatencyDistributionChart(parent), new AccuracySpeedChart(parent),
          new RooflineChart(parent),      new EfficiencyChart(parent),  new ScheduleTimelineChart(parent),
          new ScheduleBarsChart(parent)};
}

}  // namespace cnn::ui
