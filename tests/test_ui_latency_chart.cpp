// The latency distribution chart: from a fixture run it draws one Tukey box per library and model at
// the default batch size (the largest every pair measured), with the values analysis computes, the
// outliers as markers centred on their box, one model when chosen, and a gap where a pair is missing.
#include <QtTest>

#include <QBarCategoryAxis>
#include <QBoxPlotSeries>
#include <QBoxSet>
#include <QChart>
#include <QComboBox>
#include <QLegend>
#include <QLegendMarker>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <memory>

#include "ui/charts/bar_plot.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/latency_distribution_chart.h"
#include "ui/charts/library_colors.h"
#include "ui_charts_fixture.h"

using namespace cnn;
using namespace cnn::ui;
using ui_fixture::categories;

namespace {

QList<QBoxPlotSeries*> box_series(QChart* chart) {
  QList<QBoxPlotSeries*> out;
  for (QAbstractSeries* s : chart->series())
    if (auto* b = qobject_cast<QBoxPlotSeries*>(s)) out << b;
  return out;
}

QList<QScatterSeries*> scatters(QChart* chart) {
  QList<QScatterSeries*> out;
  for (QAbstractSeries* s : chart->series())
    if (auto* b = qobject_cast<QScatterSeries*>(s)) out << b;
  return out;
}

// The boxes drawn (an unmeasured pair leaves an unlabelled, invisible gap).
int drawn_boxes(QChart* chart) {
  int n = 0;
  for (QBoxPlotSeries* s : box_series(chart))
    for (QBoxSet* set : s->boxSets()) n += !set->label().isEmpty();
  return n;
}

// The fixture's three repetitions of a pair at batch 8, per image: sorted, the n = 3 quartiles are
// the midpoints (type 7: h = 0.5 and 1.5), the whiskers the extremes.
void compare_fixture_box(QBoxSet* set, const char* model, const char* lib) {
  const Point p = ui_fixture::make_point(model, lib, 8);
  std::vector<double> v;
  for (double ms : p.time_fw_ms) v.push_back(ms / 8);
  std::sort(v.begin(), v.end());
  QCOMPARE(set->at(QBoxSet::LowerExtreme), v[0]);
  QCOMPARE(set->at(QBoxSet::LowerQuartile), (v[0] + v[1]) / 2);
  QCOMPARE(set->at(QBoxSet::Median), v[1]);
  QCOMPARE(set->at(QBoxSet::UpperQuartile), (v[1] + v[2]) / 2);
  QCOMPARE(set->at(QBoxSet::UpperExtreme), v[2]);
}

// The fixture with AlexNet on OpenBLAS at batch 8 measured again, five repetitions, one far off:
// per image 10, 10.25, 10.5, 10.75 and 25 ms: quartiles 10.25 and 10.75, median 10.5, IQR 0.5,
// fences 9.5 and 11.5: whiskers at 10 and 10.75, 25 an outlier.
ResultsSnapshot noisy_fixture() {
  ResultsSnapshot results = ui_fixture::snapshot();
  Point noisy = ui_fixture::make_point("alexnet", "openblas", 8);
  noisy.time_fw_ms = {84, 80, 200, 86, 82};
  results.points.push_back(noisy);
  return results;
}

}  // namespace

class TestUiLatencyChart : public QObject {
  Q_OBJECT

 private slots:
  void init() {
    chart_ = std::make_unique<LatencyDistributionChart>();
    chart_->resize(1000, 700);
    chart_->show();
    QVERIFY(QTest::qWaitForWindowExposed(chart_.get()));
    const QList<QComboBox*> combos = chart_->findChildren<QComboBox*>();
    QCOMPARE(combos.size(), 2);
    model_ = combos[0];
    batch_ = combos[1];
  }
  void cleanup() { chart_.reset(); }

  void boxesOfEveryModelAtTheLargestSharedBatch() {
    chart_->refresh(noisy_fixture());
    QChart* c = chart_->chart();
    QVERIFY2(chart_message(c).isEmpty(), qPrintable(chart_message(c)));
    QCOMPARE(chart_->file_stem(), QStringLiteral("latency-distribution"));
    QCOMPARE(batch_->currentText(), QStringLiteral("8"));  // 2, 4 and 8 measured by every pair; 16 failed
    QVERIFY2(c->title().contains("batch size 8"), qPrintable(c->title()));
    QCOMPARE(categories(c), QStringList({"AlexNet", "SqueezeNet 1.1"}));
    bool titled = false;
    for (QAbstractAxis* axis : c->axes())
      titled = titled || (qobject_cast<QValueAxis*>(axis) && axis->isVisible() && axis->titleText() == "ms per image");
    QVERIFY(titled);

    // One box series per library, in legend order, in the library's colour; a box per model.
    const QList<QBoxPlotSeries*> series = box_series(c);
    QCOMPARE(series.size(), 2);
    const analysis::Series reference{"reference", Precision::FP32}, openblas{"openblas", Precision::FP32};
    QCOMPARE(series[0]->name(), LibraryColors::series_name(reference));
    QCOMPARE(series[1]->name(), LibraryColors::series_name(openblas));
    QCOMPARE(series[0]->brush().color(), LibraryColors::color(reference));
    QCOMPARE(series[1]->brush().color(), LibraryColors::color(openblas));
    QCOMPARE(drawn_boxes(c), 4);
    for (QBoxPlotSeries* s : series) QCOMPARE(s->count(), 2);

    QBoxSet* noisy = series[1]->boxSets()[0];
    QCOMPARE(noisy->label(), QStringLiteral("AlexNet"));
    QCOMPARE(noisy->at(QBoxSet::LowerExtreme), 10.0);
    QCOMPARE(noisy->at(QBoxSet::LowerQuartile), 10.25);
    QCOMPARE(noisy->at(QBoxSet::Median), 10.5);
    QCOMPARE(noisy->at(QBoxSet::UpperQuartile), 10.75);
    QCOMPARE(noisy->at(QBoxSet::UpperExtreme), 10.75);
    compare_fixture_box(series[0]->boxSets()[0], "alexnet", "reference");
    compare_fixture_box(series[0]->boxSets()[1], "squeezenet-1.1", "reference");
    compare_fixture_box(series[1]->boxSets()[1], "squeezenet-1.1", "openblas");

    // The one outlier: a marker in OpenBLAS' colour where its box stands (category 0, second of
    // two columns: x = 0 - 0.5 + 1.5 / 2), kept out of the legend.
    QList<QScatterSeries*> outliers = scatters(c);
    // The noisy reading (CoV 48 %) carries the warning mark every chart uses, with its legend entry.
    QScatterSeries* flag = nullptr;
    for (QScatterSeries* s : outliers)
      if (s->name() == noisy_legend()) flag = s;
    QVERIFY(flag);
    outliers.removeAll(flag);
    QCOMPARE(flag->count(), 1);
    QCOMPARE(flag->at(0).x(), 0.25);
    QVERIFY(flag->at(0).y() > 25.0);
    QCOMPARE(outliers.size(), 1);
    QCOMPARE(outliers[0]->count(), 1);
    QCOMPARE(outliers[0]->at(0), QPointF(0.25, 25.0));
    QCOMPARE(outliers[0]->color(), LibraryColors::color(openblas));
    for (QLegendMarker* m : c->legend()->markers(outliers[0])) QVERIFY(!m->isVisible());
    QVERIFY(c->axes(Qt::Vertical).front()->property("max").toDouble() >= 25.0);  // the outlier is in view
  }

  void oneModelAndTheUsersBatch() {
    const ResultsSnapshot results = noisy_fixture();
    chart_->refresh(results);
    model_->setCurrentIndex(model_->findData(QStringLiteral("squeezenet-1.1")));
    QChart* c = chart_->chart();
    QCOMPARE(categories(c), QStringList({"SqueezeNet 1.1"}));
    QCOMPARE(drawn_boxes(c), 2);
    QVERIFY(scatters(c).isEmpty());  // SqueezeNet has no outlier
    QVERIFY2(c->title().startsWith("SqueezeNet 1.1:"), qPrintable(c->title()));
    QVERIFY2(c->title().contains("over 3 repetitions each"), qPrintable(c->title()));

    const int two = batch_->findData(QStringLiteral("2"));
    QVERIFY(two >= 0);
    batch_->setCurrentIndex(two);
    emit batch_->activated(two);  // as the user picks it
    chart_->refresh(results);     // new results keep the user's batch
    QCOMPARE(batch_->currentText(), QStringLiteral("2"));
    const Point p = ui_fixture::make_point("squeezenet-1.1", "openblas", 2);
    std::vector<double> v{p.time_fw_ms[0] / 2, p.time_fw_ms[1] / 2, p.time_fw_ms[2] / 2};
    std::sort(v.begin(), v.end());
    QCOMPARE(box_series(c)[1]->boxSets()[0]->at(QBoxSet::Median), v[1]);
    QVERIFY2(c->title().contains("batch size 2"), qPrintable(c->title()));
  }

  // A pair that missed the largest batch: by default the largest batch every pair has; at the
  // other, the missing box leaves a gap so the others keep their columns.
  void aMissingPairLeavesAGap() {
    ResultsSnapshot results = ui_fixture::snapshot();
    std::erase_if(results.points, [](const Point& p) {
      return p.model == "alexnet" && p.lib == "reference" && p.batch == 8;
    });
    chart_->refresh(results);
    QCOMPARE(batch_->currentText(), QStringLiteral("4"));
    QCOMPARE(drawn_boxes(chart_->chart()), 4);
    batch_->setCurrentIndex(batch_->findData(QStringLiteral("8")));
    QChart* c = chart_->chart();
    QCOMPARE(drawn_boxes(c), 3);
    const QList<QBoxPlotSeries*> series = box_series(c);
    QCOMPARE(series.size(), 2);
    QCOMPARE(series[0]->count(), 2);  // Reference: a gap for AlexNet, then SqueezeNet
    QVERIFY(series[0]->boxSets()[0]->label().isEmpty());
    QCOMPARE(series[0]->boxSets()[1]->label(), QStringLiteral("SqueezeNet 1.1"));
    compare_fixture_box(series[0]->boxSets()[1], "squeezenet-1.1", "reference");
  }

  void nothingToDraw() {
    chart_->refresh(ResultsSnapshot{});
    QCOMPARE(chart_message(chart_->chart()), kNoResults);
    QCOMPARE(batch_->count(), 0);
    ResultsSnapshot untimed = ui_fixture::snapshot();
    for (Point& p : untimed.points) p.time_fw_ms.clear();  // per-layer times only
    chart_->refresh(untimed);
    QCOMPARE(chart_message(chart_->chart()), kNoResults);
  }

 private:
  std::unique_ptr<LatencyDistributionChart> chart_;
  QComboBox* model_ = nullptr;
  QComboBox* batch_ = nullptr;
};

QTEST_MAIN(TestUiLatencyChart)
#include "test_ui_latency_chart.moc"
