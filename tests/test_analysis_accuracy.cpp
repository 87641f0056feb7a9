// Which accuracy is shown: the measured reading of a (model, series) where a point carries one (of
// several, the most images, then the latest), else the model's published ImageNet top-1, else none;
// its wording, its spread, and which figures may be ranked against each other.
#include <QtTest>

#include <vector>

#include "analysis_fixtures.h"
#include "core/analysis/accuracy.h"

using namespace cnn;
using namespace cnn::analysis;
using fixtures::failed;
using fixtures::point;
using fixtures::series;

namespace {

Point with_accuracy(Point p, const char* dataset, int images, int correct) {
  p.accuracy = AccuracyReading{dataset, images, correct};
  return p;
}

QString text(const std::optional<ShownAccuracy>& a) { return QString::fromStdString(accuracy_text(a)); }

ModelInfo model(const char* id, double top1) {
  ModelInfo m;
  m.id = id;
  m.top1 = top1;
  return m;
}

}  // namespace

class TestAnalysisAccuracy : public QObject {
  Q_OBJECT

 private slots:
  // Per (model, series): the reading of the most images; of equals, the later one.
  void measuredReadingChosen() {
    const std::vector<Point> points = {
        with_accuracy(point("m", "a", "fp32", 1, {1}), "d", 1000, 900),
        with_accuracy(point("m", "a", "fp32", 2, {1}), "d", 10000, 9100),  // most images
        with_accuracy(point("m", "a", "fp32", 4, {1}), "d", 500, 499),
        with_accuracy(point("m", "b", "fp32", 1, {1}), "d", 100, 50),
        with_accuracy(point("m", "b", "fp32", 1, {1}), "d", 100, 60),      // as many: the later wins
        with_accuracy(point("m", "b", "fp16", 1, {1}), "d", 0, 0),         // no images: no reading
        failed(with_accuracy(point("n", "a", "fp32", 1, {1}), "d", 10, 7)),  // the timing failed, classifying did not
        point("n", "b", "fp32", 1, {1}),
    };
    const MeasuredAccuracy m = measured_accuracy(points);
    QCOMPARE(m.size(), std::size_t(3));
    QCOMPARE(m.at({"m", series("a", "fp32")}).correct, 9100);
    QCOMPARE(m.at({"m", series("b", "fp32")}).correct, 60);
    QCOMPARE(m.at({"n", series("a", "fp32")}).correct, 7);
    QVERIFY(!m.count({"m", series("b", "fp16")}));
  }

  void measuredElsePublishedElseNone() {
    const std::vector<Point> points = {with_accuracy(point("m", "a", "fp32", 1, {1}), "fashion-mnist-test", 10000, 9083)};
    const MeasuredAccuracy measured = measured_accuracy(points);
    const PublishedTop1 published = {{"m", 0.568279}, {"p", 0.689299}};
    const auto own = shown_accuracy(measured, published, "m", series("a", "fp32"));
    QVERIFY(own && own->measured());
    QCOMPARE(own->top1, 0.9083);
    QCOMPARE(own->images, 10000);
    QCOMPARE(QString::fromStdString(own->dataset), QString("fashion-mnist-test"));
    QCOMPARE(text(own), QString("90.8 % (fashion-mnist-test, 10000 images)"));
    // The same model on another series was not measured: its published figure.
    const auto other = shown_accuracy(measured, published, "m", series("b", "fp32"));
    QVERIFY(other && !other->measured());
    QCOMPARE(other->top1, 0.568279);
    QCOMPARE(QString::fromStdString(other->dataset), QString("imagenet"));
    QCOMPARE(text(other), QString("56.8 % published"));
    QCOMPARE(text(shown_accuracy(measured, published, "p", series("a", "fp32"))), QString("68.9 % published"));
    QVERIFY(!shown_accuracy(measured, published, "q", series("a", "fp32")));
    QCOMPARE(text(std::nullopt), QString("-"));
  }

  void wording_data() {
    QTest::addColumn<int>("images");
    QTest::addColumn<int>("correct");
    QTest::addColumn<QString>("expected");
    QTest::newRow("one decimal") << 1000 << 908 << "90.8 % (d, 1000 images)";
    QTest::newRow("all right") << 10 << 10 << "100.0 % (d, 10 images)";
    QTest::newRow("none right") << 3 << 0 << "0.0 % (d, 3 images)";
    QTest::newRow("one image") << 1 << 1 << "100.0 % (d, 1 image)";
    QTest::newRow("two thirds") << 3 << 2 << "66.7 % (d, 3 images)";
  }
  void wording() {
    QFETCH(int, images);
    QFETCH(int, correct);
    QFETCH(QString, expected);
    const std::vector<Point> points = {with_accuracy(point("m", "a", "fp32", 1, {1}), "d", images, correct)};
    QCOMPARE(text(shown_accuracy(measured_accuracy(points), {}, "m", series("a", "fp32"))), expected);
  }

  // sqrt(0.9 * 0.1 / 10000) = 0.003; a published figure has no known spread.
  void standardError() {
    const ShownAccuracy measured{AccuracySource::Measured, 0.9, "d", 10000};
    QVERIFY(measured.standard_error());
    QVERIFY(std::abs(*measured.standard_error() - 0.003) < 1e-15);
    QVERIFY(!ShownAccuracy({AccuracySource::Published, 0.9, "imagenet", 0}).standard_error());
    QVERIFY(!ShownAccuracy({AccuracySource::Measured, 0.0, "d", 0}).standard_error());
  }

  void comparableOnlyOnOneScale() {
    const ShownAccuracy a{AccuracySource::Measured, 0.9, "d", 100};
    QVERIFY(comparable(a, {AccuracySource::Measured, 0.5, "d", 7}));
    QVERIFY(!comparable(a, {AccuracySource::Measured, 0.9, "e", 100}));
    QVERIFY(!comparable(a, {AccuracySource::Published, 0.9, "d", 0}));
  }

  // Models with top1 0 (unknown, e.g. LeNet) have no published figure.
  void publishedFromModels() {
    const std::vector<ModelInfo> models = {model("alexnet", 0.568279), model("lenet", 0), model("r", 0.753)};
    const PublishedTop1 expected = {{"alexnet", 0.568279}, {"r", 0.753}};
    QVERIFY(published_top1(models) == expected);
    std::map<std::string, ModelInfo> by_id;
    for (const ModelInfo& m : models) by_id[m.id] = m;
    QVERIFY(published_top1(by_id) == expected);
  }
};

QTEST_GUILESS_MAIN(TestAnalysisAccuracy)
#include "test_analysis_accuracy.moc"
