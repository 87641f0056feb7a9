// The roofline and efficiency charts and the per-layer table's roofline columns, from the chart
// fixture's run (FLOPs and bytes per layer, a machine record: peak 100 GFLOP/s, 10 GB/s):
// the roofs where analysis puts them, one point per layer with FLOPs at its intensity and GFLOP/s,
// a click that names the layer, the predicted and measured bars, and charts that render at slide and
// strip sizes. Without a machine record, each chart says how to measure one.
#include <QtTest>

#include <QBarSet>
#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSignalSpy>

#include "core/analysis/roofline.h"
#include "ui/charts/chart_image.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/efficiency_chart.h"
#include "ui/charts/roofline_chart.h"
#include "ui/layer_table_model.h"
#include "ui_charts_fixture.h"

using namespace cnn;
using namespace cnn::ui;

namespace {

// The chart fixture's run, whose layers carry FLOPs and bytes (convolutions at intensity 1000, inner
// products 1, the rest 0.1) and whose machine record has a 100 GFLOP/s peak and 10 GB/s.
ResultsSnapshot fixture(bool with_machine = true) {
  ResultsSnapshot results = ui_fixture::snapshot();
  if (!with_machine) results.machine.reset();
  return results;
}

QList<QXYSeries*> named(QChart* chart, const char* object_name) {
  QList<QXYSeries*> out;
  for (QAbstractSeries* s : chart->series())
    if (s->objectName() == QLatin1String(object_name)) out << static_cast<QXYSeries*>(s);
  return out;
}

// The fraction of an image's pixels that are not (nearly) white: something was drawn.
double drawn(const QImage& image) {
  qint64 inked = 0;
  for (int y = 0; y < image.height(); y += 2)
    for (int x = 0; x < image.width(); x += 2)
      if (qGray(image.pixel(x, y)) < 200) ++inked;
  return double(inked) / (double(image.width() / 2) * (image.height() / 2));
}

}  // namespace

class TestUiRooflineChart : public QObject {
  Q_OBJECT

 private slots:
  void withoutCeilingsSaysHowToMeasure() {
    RooflineChart roofline;
    EfficiencyChart efficiency;
    roofline.refresh(fixture(false));
    efficiency.refresh(fixture(false));
    QVERIFY(chart_message(roofline.chart()).contains("Measure this machine"));
    QVERIFY(chart_message(efficiency.chart()).contains("Measure this machine"));
  }

  void roofsLayersAndClicks() {
    RooflineChart chart;
    const ResultsSnapshot results = fixture();
    chart.refresh(results);
    QVERIFY2(chart_message(chart.chart()).isEmpty(), qPrintable(chart_message(chart.chart())));
    // AlexNet (preferred) at its smallest batch, 2 (1 is preferred but not measured): its roof from OpenBLAS's median 100 and the triad's 10.
    const auto compute = named(chart.chart(), RooflineChart::kCompute);
    const auto memory = named(chart.chart(), RooflineChart::kMemory);
    const auto ridge = named(chart.chart(), RooflineChart::kRidge);
    QCOMPARE(compute.size(), 1);
    QCOMPARE(memory.size(), 1);
    QCOMPARE(compute[0]->at(0), QPointF(10, 100));  // from the ridge (100 / 10 FLOP/byte) ...
    QCOMPARE(compute[0]->at(1).y(), 100.0);          // ... flat to the right
    QCOMPARE(memory[0]->at(1), QPointF(10, 100));
    QCOMPARE(memory[0]->at(0).y(), memory[0]->at(0).x() * 10);  // the slope is the bandwidth
    QCOMPARE(ridge[0]->count(), 1);
    QCOMPARE(compute[0]->name(), QString("peak 100 ± 5 GFLOP/s (OpenBLAS)"));

    // One point per layer with FLOPs of both series (5 AlexNet layers each), where analysis puts it.
    const auto expected = analysis::roofline(results.points, "alexnet", 2, *results.machine);
    QCOMPARE(int(expected.size()), 10);
    int points = 0;
    for (QXYSeries* s : named(chart.chart(), RooflineChart::kLayers)) {
      for (const QPointF& at : s->points()) {
        ++points;
        const bool found = std::any_of(expected.begin(), expected.end(), [&](const analysis::RooflinePoint& r) {
          return qFuzzyCompare(r.cost.intensity(), at.x()) && qFuzzyCompare(r.gflops, at.y());
        });
        QVERIFY2(found, qPrintable(QString("(%1, %2)").arg(at.x()).arg(at.y())));
      }
    }
    QCOMPARE(points, 10);

    // A click on conv2 of OpenBLAS names it: model, series, batch 2, graph index 2.
    QSignalSpy clicked(&chart, &RooflineChart::layerClicked);
    const analysis::RooflinePoint* conv2 = nullptr;
    for (const auto& r : expected)
      if (r.name == "conv2" && r.series.lib == "openblas") conv2 = &r;
    QVERIFY(conv2);
    for (QXYSeries* s : named(chart.chart(), RooflineChart::kLayers))
      for (const QPointF& at : s->points())
        if (qFuzzyCompare(at.x(), conv2->cost.intensity()) && qFuzzyCompare(at.y(), conv2->gflops))
          emit static_cast<QScatterSeries*>(s)->clicked(at);
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(clicked[0][0].toString(), QString("alexnet"));
    QCOMPARE(clicked[0][1].toString(), QString("openblas/fp32"));
    QCOMPARE(clicked[0][2].toInt(), 2);
    QCOMPARE(clicked[0][3].toInt(), 2);
  }

  void efficiencyBars() {
    EfficiencyChart chart;
    const ResultsSnapshot results = fixture();
    chart.refresh(results);
    QVERIFY2(chart_message(chart.chart()).isEmpty(), qPrintable(chart_message(chart.chart())));
    const auto expected = analysis::network_efficiency(results.points, *results.machine);
    QCOMPARE(int(expected.size()), 4);  // 2 models x 2 libraries
    const QList<QBarSet*> sets = ui_fixture::bar_sets(chart.chart());
    QBarSet* predicted = nullptr;
    QBarSet* measured = nullptr;
    for (QBarSet* s : sets) {
      if (s->label() == "OpenBLAS fp32 predicted") predicted = s;
      if (s->label() == "OpenBLAS fp32 measured") measured = s;
    }
    QVERIFY(predicted && measured);
    for (const auto& e : expected) {
      if (e.series.lib != "openblas") continue;
      const int at = e.model == "alexnet" ? 0 : 1;  // categories sorted by model id
      QCOMPARE(predicted->at(at), e.predicted_images_per_s);
      QCOMPARE(measured->at(at), e.measured_images_per_s);
    }
    QVERIFY(ui_fixture::categories(chart.chart()).at(0).contains("OpenBLAS fp32"));
  }

  void layerTableColumns() {
    const ResultsSnapshot results = fixture();
    LayerTableModel model;
    Point p = results.points.front();
    model.set_point(p);
    QCOMPARE(model.data(model.index(0, LayerTableModel::OfAttainable)).toString(), QString("-"));  // no machine yet
    model.set_machine(results.machine);
    const LayerRecord& l = p.layers.front();
    const auto cost = *analysis::layer_cost(l, p.precision);
    QCOMPARE(model.data(model.index(0, LayerTableModel::Intensity), Qt::UserRole).toDouble(), cost.intensity());
    std::vector<double> t = l.time_ms;
    std::sort(t.begin(), t.end());
    const double gflops = cost.flops / (t[1] * 1e6);
    QCOMPARE(model.data(model.index(0, LayerTableModel::GFlops), Qt::UserRole).toDouble(), gflops);
    const double attainable = std::min(100.0, cost.intensity() * 10);
    QCOMPARE(model.data(model.index(0, LayerTableModel::OfAttainable), Qt::UserRole).toDouble(), gflops / attainable);
    QVERIFY(model.data(model.index(0, LayerTableModel::GFlops)).toString().contains("–"));  // with its spread
  }

  void legibleAtSlideAndStripSizes() {
    const ResultsSnapshot results = fixture();
    RooflineChart roofline;
    EfficiencyChart efficiency;
    for (ResultsChart* chart : std::initializer_list<ResultsChart*>{&roofline, &efficiency}) {
      chart->refresh(results);
      for (const QSize size : {QSize(1920, 1080), QSize(1000, 200)}) {
        const QImage image = render_chart(chart->chart(), size);
        QCOMPARE(image.size(), size);
        QVERIFY2(drawn(image) > 0.01, qPrintable(chart->title()));
        QVERIFY(chart_message(chart->chart()).isEmpty());
      }
    }
  }
};

QTEST_MAIN(TestUiRooflineChart)
#include "test_ui_roofline_chart.moc"
