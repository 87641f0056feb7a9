// The accuracy-speed chart: from a fixture run (AlexNet and SqueezeNet with published ImageNet top-1,
// a LeNet with top-1 measured on Fashion-MNIST) it holds one filled circle per measured pair and one
// hollow diamond per published pair at analysis' best-batch images/s, one dashed step front per accuracy
// scale with its points ringed and named, whiskers for the spread, the warning mark of a noisy reading,
// a legend that tells measured from published, and a tool tip per point.
#include <QtTest>

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QValueAxis>

#include <memory>

#include "core/analysis/best_batch.h"
#include "ui/charts/accuracy_speed_chart.h"
#include "ui/charts/bar_plot.h"
#include "ui/charts/chart_image.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/library_colors.h"
#include "ui_charts_fixture.h"

using namespace cnn;
using namespace cnn::ui;

namespace {

const char* const kLenet = "my models/lenet-fashion.onnx";

// LeNet, a user's ONNX file (not in the models' metadata: no published top-1) at batch 100: OpenBLAS 0.05 ms per image,
// 90.83 % right; the reference loops 0.5 ms per image, 91 % right. Both on the one front of their dataset.
Point lenet(const char* lib, double ms_per_batch, int correct) {
  Point p = ui_fixture::make_point(kLenet, lib, 100);
  p.time_fw_ms = {ms_per_batch * 0.99, ms_per_batch, ms_per_batch * 1.01};
  p.accuracy = AccuracyReading{"fashion-mnist-test", 10000, correct};
  return p;
}

ResultsSnapshot fixture() {
  ResultsSnapshot results = ui_fixture::snapshot();
  results.points.push_back(lenet("openblas", 5, 9083));
  results.points.push_back(lenet("reference", 50, 9100));
  return results;
}

QList<QXYSeries*> named(QChart* chart, const char* object_name) {
  QList<QXYSeries*> out;
  for (QAbstractSeries* s : chart->series())
    if (s->objectName() == QLatin1String(object_name)) out << static_cast<QXYSeries*>(s);
  return out;
}

QXYSeries* of_series(QChart* chart, const char* object_name, const QString& name) {
  for (QXYSeries* s : named(chart, object_name))
    if (s->name() == name) return s;
  return nullptr;
}

double images_per_s(const ResultsSnapshot& results, const std::string& model, const char* lib) {
  return analysis::best_batch(results.points, model, {lib, Precision::FP32})->images_per_s;
}

// The legend's entries: the markers of the series not kept out of it (see chart_style).
QStringList legend_entries(QChart* chart) {
  QStringList out;
  for (QLegendMarker* m : chart->legend()->markers())
    if (!m->series()->property("cnn_no_legend").toBool()) out << m->label();
  return out;
}

}  // namespace

class TestUiAccuracySpeedChart : public QObject {
  Q_OBJECT

 private slots:
  void init() {
    chart_ = std::make_unique<AccuracySpeedChart>();
    chart_->resize(1600, 900);
    chart_->show();
    QVERIFY(QTest::qWaitForWindowExposed(chart_.get()));
  }
  void cleanup() { chart_.reset(); }

  void measuredCirclesPublishedDiamonds() {
    const ResultsSnapshot results = fixture();
    chart_->refresh(results);
    QChart* c = chart_->chart();
    QVERIFY2(chart_message(c).isEmpty(), qPrintable(chart_message(c)));
    QCOMPARE(named(c, AccuracySpeedChart::kMeasured).size(), 2);
    QCOMPARE(named(c, AccuracySpeedChart::kPublished).size(), 2);
    for (const char* lib : {"openblas", "reference"}) {
      const QString name = lib == std::string("openblas") ? "OpenBLAS fp32" : "Reference fp32";
      auto* measured = qobject_cast<QScatterSeries*>(of_series(c, AccuracySpeedChart::kMeasured, name));
      auto* published = qobject_cast<QScatterSeries*>(of_series(c, AccuracySpeedChart::kPublished, name));
      QVERIFY(measured && published);
      QCOMPARE(measured->markerShape(), QScatterSeries::MarkerShapeCircle);
      QCOMPARE(measured->brush().color(), LibraryColors::color(analysis::Series{lib, Precision::FP32}));
      QCOMPARE(published->markerShape(), QScatterSeries::MarkerShapeRotatedRectangle);
      QCOMPARE(published->brush().color(), QColor(Qt::white));  // hollow
      QCOMPARE(published->pen().color(), measured->brush().color());  // the library's colour either way
      // LeNet measured; AlexNet and SqueezeNet published, y in percent, x at their best batch.
      QCOMPARE(measured->count(), 1);
      QCOMPARE(measured->at(0).x(), images_per_s(results, kLenet, lib));
      QCOMPARE(measured->at(0).y(), lib == std::string("openblas") ? 90.83 : 91.0);
      QCOMPARE(published->count(), 2);
      QCOMPARE(published->at(0), QPointF(images_per_s(results, "alexnet", lib), 57.2));
      QCOMPARE(published->at(1), QPointF(images_per_s(results, "squeezenet-1.1", lib), 58.1));
      const QStringList tips = published->property("cnn_tips").toStringList();
      QCOMPARE(tips.size(), 2);
      QVERIFY2(tips[0].startsWith("AlexNet, " + name + " at batch size 8\n"), qPrintable(tips[0]));
      QVERIFY2(tips[0].contains("Top-1: 57.2 % published (ImageNet"), qPrintable(tips[0]));
      QVERIFY2(measured->property("cnn_tips").toStringList().value(0).contains("% (fashion-mnist-test, 10000 images) (± "),
               qPrintable(measured->property("cnn_tips").toStringList().value(0)));
    }
    // LeNet at 20000 images/s beside AlexNet near 15: a logarithmic speed axis.
    QVERIFY(qobject_cast<QLogValueAxis*>(c->axes(Qt::Horizontal).value(0)));
    // Whiskers: ± 1 std across for all six points, ± the standard error up and down for the two measured.
    int whiskers = 0;
    for (QAbstractSeries* s : c->series()) whiskers += s->objectName().isEmpty() && qobject_cast<QLineSeries*>(s) ? 1 : 0;
    QCOMPARE(whiskers, 8);
    // The legend: each library's colour, the front, and which marker means what.
    QVERIFY(c->legend()->isVisible());
    QCOMPARE(legend_entries(c), (QStringList{"Reference fp32", "OpenBLAS fp32", "Pareto front (one per dataset)",
                                             "measured top-1", "published ImageNet top-1"}));
  }

  // Fashion-MNIST: OpenBLAS (90.83 %, fast) and the reference (91 %, slow) both on its front, a step
  // across then up; ImageNet: SqueezeNet on OpenBLAS beats every other published pair.
  void oneFrontPerScale() {
    const ResultsSnapshot results = fixture();
    chart_->refresh(results);
    QChart* c = chart_->chart();
    const QList<QXYSeries*> fronts = named(c, AccuracySpeedChart::kFront);
    QCOMPARE(fronts.size(), 2);
    const double fast = images_per_s(results, kLenet, "openblas");
    const double slow = images_per_s(results, kLenet, "reference");
    QCOMPARE(fronts[0]->points(), (QList<QPointF>{{fast, 90.83}, {slow, 90.83}, {slow, 91.0}}));
    QCOMPARE(fronts[1]->points(), (QList<QPointF>{{images_per_s(results, "squeezenet-1.1", "openblas"), 58.1}}));
    QCOMPARE(fronts[0]->pen().style(), Qt::DashLine);
    QXYSeries* rings = named(c, AccuracySpeedChart::kFrontRing).value(0);
    QCOMPARE(rings->count(), 3);
    QStringList labels;
    for (QXYSeries* s : named(c, AccuracySpeedChart::kLabel)) {
      const QPointF ringed = rings->at(int(labels.size()));
      labels << s->pointLabelsFormat();
      QCOMPARE(s->at(0).x(), ringed.x());
      QVERIFY(s->at(0).y() < ringed.y());  // below its point: the warning mark goes above
    }
    QCOMPARE(labels, (QStringList{"lenet-fashion, OpenBLAS fp32", "lenet-fashion, Reference fp32",
                                  "SqueezeNet 1.1, OpenBLAS fp32"}));
    // Names beside points fit a slide, not a 1000x200 strip.
    apply_chart_style(c, QSize(1000, 200));
    QVERIFY(!named(c, AccuracySpeedChart::kLabel).value(0)->pointLabelsVisible());
    apply_chart_style(c, QSize(1920, 1080));
    QVERIFY(named(c, AccuracySpeedChart::kLabel).value(0)->pointLabelsVisible());
  }

  // Published figures only (no measured top-1): one front, called just that, and no circles.
  void publishedOnly() {
    chart_->refresh(ui_fixture::snapshot());
    QChart* c = chart_->chart();
    QVERIFY(named(c, AccuracySpeedChart::kMeasured).isEmpty());
    QCOMPARE(named(c, AccuracySpeedChart::kPublished).size(), 2);
    QCOMPARE(named(c, AccuracySpeedChart::kFront).size(), 1);
    QVERIFY(legend_entries(c).contains("Pareto front"));
    QVERIFY(qobject_cast<QLogValueAxis*>(c->axes(Qt::Horizontal).value(0)));  // 19x between the extremes
    // One model on one library: a linear speed axis.
    ResultsSnapshot one = ui_fixture::snapshot();
    std::erase_if(one.points, [](const Point& p) { return p.model != "alexnet" || p.lib != "openblas"; });
    chart_->refresh(one);
    QVERIFY(qobject_cast<QValueAxis*>(chart_->chart()->axes(Qt::Horizontal).value(0)));
    QCOMPARE(named(chart_->chart(), AccuracySpeedChart::kPublished).value(0)->count(), 1);
  }

  void aNoisyReadingIsMarked() {
    ResultsSnapshot results = fixture();
    results.points.push_back(lenet("openblas", 5, 9083));
    results.points.back().time_fw_ms = {5, 8, 5};  // CoV 29 %: its best batch is now a doubtful reading
    chart_->refresh(results);
    QChart* c = chart_->chart();
    QXYSeries* marks = nullptr;
    for (QAbstractSeries* s : c->series())
      if (s->name() == noisy_legend()) marks = static_cast<QXYSeries*>(s);
    QVERIFY(marks);
    QCOMPARE(marks->count(), 1);
    const QPointF at = of_series(c, AccuracySpeedChart::kMeasured, "OpenBLAS fp32")->at(0);
    QCOMPARE(marks->at(0).x(), at.x());
    QVERIFY(marks->at(0).y() > at.y());
    QVERIFY(of_series(c, AccuracySpeedChart::kMeasured, "OpenBLAS fp32")->property("cnn_tips").toStringList()[0].contains("Noisy reading"));
  }

  void saysWhyWhenNothingIsKnown() {
    ResultsSnapshot results = ui_fixture::snapshot();
    results.models.clear();  // no published top-1, nothing measured
    chart_->refresh(results);
    QVERIFY(chart_message(chart_->chart()).startsWith("No top-1 is known"));
    chart_->refresh(ResultsSnapshot{});
    QCOMPARE(chart_message(chart_->chart()), kNoResults);
  }

  void rendersSlideAndStrip_data() {
    QTest::addColumn<QSize>("size");
    QTest::newRow("slide") << QSize(1920, 1080);
    QTest::newRow("strip") << QSize(1000, 200);
  }
  void rendersSlideAndStrip() {
    QFETCH(QSize, size);
    chart_->refresh(fixture());
    const QImage image = render_chart(chart_->chart(), size);
    QCOMPARE(image.size(), size);
    int coloured = 0;
    for (int y = 0; y < image.height(); y += 2)
      for (int x = 0; x < image.width(); x += 2) coloured += qGray(image.pixel(x, y)) < 245 ? 1 : 0;
    QVERIFY2(coloured > image.width() * image.height() / 4 / 100, qPrintable(QString::number(coloured)));
  }

 private:
  std::unique_ptr<AccuracySpeedChart> chart_;
};

QTEST_MAIN(TestUiAccuracySpeedChart)
#include "test_ui_accuracy_speed_chart.moc"
