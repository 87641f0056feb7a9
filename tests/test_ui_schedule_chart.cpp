// The Schedule tab: the timeline of one point's schedule (stages as wide as their median times,
// one bar per concurrent group, layers named and coloured by library) and the bars of each
// scheduler's median time per image, from the chart fixture's branchy model; both render at slide
// and strip sizes with every item inside its axes.
#include <QtTest>

#include <QAreaSeries>
#include <QBarSet>
#include <QChart>
#include <QGraphicsLayout>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <map>
#include <set>

#include "ui/charts/chart_image.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/library_colors.h"
#include "ui/charts/schedule_bars_chart.h"
#include "ui/charts/schedule_timeline_chart.h"
#include "ui_charts_fixture.h"

using namespace cnn;
using namespace cnn::ui;
using Chart = ScheduleTimelineChart;

namespace {

QList<QAbstractSeries*> named(QChart* chart, const char* object_name) {
  QList<QAbstractSeries*> out;
  for (QAbstractSeries* s : chart->series())
    if (s->objectName() == QLatin1String(object_name)) out << s;
  return out;
}

// An area's extent along x: its upper line's first and last x.
std::pair<double, double> x_extent(QAbstractSeries* s) {
  const QList<QPointF> upper = static_cast<QAreaSeries*>(s)->upperSeries()->points();
  return {upper.front().x(), upper.back().x()};
}

// Whether every point of every series lies within the chart's axes' ranges.
bool inside_axes(QChart* chart) {
  for (QAbstractSeries* s : chart->series()) {
    const auto* x = qobject_cast<QValueAxis*>(chart->axes(Qt::Horizontal, s).value(0));
    const auto* y = qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical, s).value(0));
    if (!x || !y) continue;
    QList<QPointF> points;
    if (auto* area = qobject_cast<QAreaSeries*>(s)) points = area->upperSeries()->points() + area->lowerSeries()->points();
    else if (auto* xy = qobject_cast<QXYSeries*>(s)) points = xy->points();
    const double ex = 1e-9 * std::max(1.0, x->max()), ey = 1e-9 * std::max(1.0, y->max());
    for (const QPointF& p : points)
      if (p.x() < x->min() - ex || p.x() > x->max() + ex || p.y() < y->min() - ey || p.y() > y->max() + ey) return false;
  }
  return true;
}

}  // namespace

class TestUiScheduleChart : public QObject {
  Q_OBJECT

 private slots:
  void timelineOfTheIosSchedule_data() {
    QTest::addColumn<int>("batch");
    QTest::addColumn<double>("scale");  // whole batch: per image x batch x (0.75 beyond batch 1)
    QTest::newRow("batch 1") << 1 << 1.0;
    QTest::newRow("batch 4") << 4 << 3.0;
  }
  void timelineOfTheIosSchedule() {
    QFETCH(int, batch);
    QFETCH(double, scale);
    Chart chart;
    chart.refresh(ui_fixture::snapshot_with_schedules());
    QVERIFY(chart.show_point("branchy", "openblas/fp32/ios", batch));
    QVERIFY2(chart_message(chart.chart()).isEmpty(), qPrintable(chart_message(chart.chart())));
    // Stages 4, 3.2 and 1.2 ms per image (medians of their repetitions), end to end.
    const QList<QAbstractSeries*> stages = named(chart.chart(), Chart::kStage);
    QCOMPARE(stages.size(), 3);
    const std::vector<double> ends{4.0, 7.2, 8.4};
    double start = 0;
    for (int s = 0; s < 3; ++s) {
      QCOMPARE(stages[s]->property(Chart::kStageIndex).toInt(), s);
      const auto [x0, x1] = x_extent(stages[s]);
      QVERIFY2(qAbs(x0 - start) < 1e-9 && qAbs(x1 - ends[std::size_t(s)] * scale) < 1e-9,
               qPrintable(QString("stage %1: %2..%3").arg(s).arg(x0).arg(x1)));
      start = x1;
    }
    // One group in the first and last stage, two in the middle one; each layer in OpenBLAS's colour.
    std::map<int, std::set<int>> groups;
    QStringList tips;
    for (QAbstractSeries* layer : named(chart.chart(), Chart::kLayer)) {
      groups[layer->property(Chart::kStageIndex).toInt()].insert(layer->property(Chart::kGroupIndex).toInt());
      QCOMPARE(static_cast<QAreaSeries*>(layer)->brush().color(), LibraryColors::color("openblas"));
      tips << layer->property(Chart::kTip).toString();
    }
    QCOMPARE(groups[0].size(), std::size_t(1));
    QCOMPARE(groups[1].size(), std::size_t(2));
    QCOMPARE(groups[2].size(), std::size_t(1));
    QCOMPARE(tips.size(), 6);
    QVERIFY2(tips[0].startsWith("conv1 (Convolution) on OpenBLAS\nmedian ") && tips[0].contains(" ms ("), qPrintable(tips[0]));
    // The branch b1 -> b1_relu (2 + 0.5 ms alone) fills the 3.2 ms stage: b1 ends at 4 + 3.2 * 2 / 2.5.
    QStringList labels;
    for (QAbstractSeries* s : named(chart.chart(), Chart::kLabel)) labels << static_cast<QScatterSeries*>(s)->pointLabelsFormat();
    QCOMPARE(labels, (QStringList{"conv1", "b1", "b1_relu", "b2", "concat", "fc"}));
    const auto [b1_start, b1_end] = x_extent(named(chart.chart(), Chart::kLayer)[1]);
    QVERIFY(qAbs(b1_start - 4 * scale) < 1e-9);
    QVERIFY(qAbs(b1_end - (4 + 3.2 * 2 / 2.5) * scale) < 1e-9);
    QVERIFY2(chart.chart()->title().contains("OpenBLAS fp32, Caffe graph, IOS schedule, batch " + QString::number(batch)) &&
                 chart.chart()->title().contains("3 stages, 1 of them concurrent"),
             qPrintable(chart.chart()->title()));
  }

  void mergedStageIsFramedAndSaidSo() {
    ResultsSnapshot snapshot = ui_fixture::snapshot_with_schedules();
    for (Point& p : snapshot.points)
      if (p.scheduler == Scheduler::Ios && p.batch == 1) p.schedule->schedule.stages[1].merged = true;
    Chart chart;
    chart.refresh(snapshot);
    QVERIFY(chart.show_point("branchy", "openblas/fp32/ios", 1));
    QVERIFY2(chart.chart()->title().endsWith(": 3 stages, 1 merged"), qPrintable(chart.chart()->title()));
    const QList<QAbstractSeries*> stages = named(chart.chart(), Chart::kStage);
    QCOMPARE(stages.size(), 3);
    QCOMPARE(stages[1]->property(Chart::kMerged).toBool(), true);
    QCOMPARE(stages[0]->property(Chart::kMerged).toBool(), false);
    QCOMPARE(static_cast<QAreaSeries*>(stages[1])->pen().width(), 2);
    int merged_tips = 0;
    for (QAbstractSeries* layer : named(chart.chart(), Chart::kLayer)) {
      const bool merged = layer->property(Chart::kTip).toString().contains("Merged with the stage's other first layers");
      merged_tips += merged;
      if (merged) QCOMPARE(layer->property(Chart::kStageIndex).toInt(), 1);
    }
    QCOMPARE(merged_tips, 2);  // b1 and b2, the first layers of the two groups; not b1_relu
  }

  void timelineOffersOnlyScheduledPoints() {
    Chart chart;
    ResultsSnapshot results = ui_fixture::snapshot();
    chart.refresh(results);
    QVERIFY(chart_message(chart.chart()).startsWith("No point has a schedule yet"));
    QVERIFY(!chart.show_point("alexnet", "openblas/fp32", 2));
    chart.refresh(ui_fixture::snapshot_with_schedules());
    QVERIFY(chart_message(chart.chart()).isEmpty());  // IOS at batch 1 first
    QCOMPARE(named(chart.chart(), Chart::kStage).size(), 3);
    QVERIFY(chart.show_point("branchy", "openblas/fp32/greedy", 1));
    QCOMPARE(named(chart.chart(), Chart::kStage).size(), 5);
  }

  void barsAreEachSchedulersMedianPerImage() {
    ScheduleBarsChart chart;
    chart.refresh(ui_fixture::snapshot_with_schedules());
    QVERIFY2(chart_message(chart.chart()).isEmpty(), qPrintable(chart_message(chart.chart())));
    // The library with schedules is chosen; the groups are the branchy model at batch 1 and 4, and
    // alexnet and squeezenet (sequential only) at their batches.
    const QStringList groups = ui_fixture::categories(chart.chart());
    const auto group = [&](const QString& start) {
      for (qsizetype i = 0; i < groups.size(); ++i)
        if (groups[i].startsWith(start)) return i;
      return qsizetype(-1);
    };
    const qsizetype b1 = group("Branchy b1 "), b4 = group("Branchy b4 ");
    QVERIFY2(b1 >= 0 && b4 >= 0, qPrintable(groups.join(" | ")));
    QCOMPARE(groups[b1], QString("Branchy b1 · IOS 1.27×"));  // 10.7 / 8.4 beats greedy's 10.7 / 9.3
    QCOMPARE(groups[group("AlexNet b2")], QString("AlexNet b2"));  // sequential only: nothing to compare
    std::map<QString, QBarSet*> sets;
    for (QBarSet* set : ui_fixture::bar_sets(chart.chart())) sets[set->label()] = set;
    QCOMPARE(sets.size(), std::size_t(3));
    const std::map<QString, double> per_image{{"sequential", 10.7}, {"greedy", 9.3}, {"IOS", 8.4}};
    for (const auto& [name, ms] : per_image) {
      QVERIFY2(sets.count(name), qPrintable(name));
      QVERIFY2(qAbs(sets[name]->at(int(b1)) - ms) < 1e-9, qPrintable(QString("%1: %2").arg(name).arg(sets[name]->at(int(b1)))));
      QVERIFY(qAbs(sets[name]->at(int(b4)) - ms * 0.75) < 1e-9);
    }
    QVERIFY2(sets["greedy"]->property("cnn_tips").toStringList().value(int(b1)).endsWith("\n1.15× over sequential"),
             qPrintable(sets["greedy"]->property("cnn_tips").toStringList().value(int(b1))));
    // In OpenBLAS's colour, the schedulers told apart by their dots (a plain fill for sequential).
    for (const auto& [name, set] : sets) QCOMPARE(set->brush().color(), LibraryColors::color("openblas"));
    QCOMPARE(sets["sequential"]->brush().style(), Qt::SolidPattern);
    QCOMPARE(sets["IOS"]->brush().style(), Qt::TexturePattern);
  }

  void rendersInsideItsAxes_data() {
    QTest::addColumn<bool>("timeline");
    QTest::addColumn<QSize>("size");
    for (bool timeline : {true, false})
      for (const QSize size : {QSize(1920, 1080), QSize(1000, 200)})
        QTest::addRow("%s at %dx%d", timeline ? "timeline" : "bars", size.width(), size.height()) << timeline << size;
  }
  void rendersInsideItsAxes() {
    QFETCH(bool, timeline);
    QFETCH(QSize, size);
    Chart timeline_chart;
    ScheduleBarsChart bars_chart;
    ChartPanel* c = timeline ? static_cast<ChartPanel*>(&timeline_chart) : &bars_chart;
    c->refresh(ui_fixture::snapshot_with_schedules());
    const QImage image = render_chart(c->chart(), size);
    QCOMPARE(image.size(), size);
    QVERIFY(inside_axes(c->chart()));
    c->chart()->resize(size);
    apply_chart_style(c->chart(), size);
    if (c->chart()->layout()) c->chart()->layout()->activate();
    QVERIFY(QRectF(QPointF(0, 0), QSizeF(size)).contains(c->chart()->plotArea()));
    if (!timeline) return;
    // The names show where they fit: every one on a slide, none squeezed into a strip's short bars.
    int shown = 0;
    for (QAbstractSeries* s : named(c->chart(), Chart::kLabel)) shown += static_cast<QXYSeries*>(s)->pointLabelsVisible();
    if (size.height() >= 1000) QVERIFY2(shown >= 4, qPrintable(QString::number(shown)));  // the narrowest may not fit
    QCOMPARE(named(c->chart(), Chart::kLabel).size(), 6);
  }
};

QTEST_MAIN(TestUiScheduleChart)
#include "test_ui_schedule_chart.moc"
