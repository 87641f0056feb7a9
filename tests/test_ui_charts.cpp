// The charts: each refreshes from a fixture run and renders a non-blank PNG of the requested size
// (slide and strip), shows "No results yet" without results, draws what analysis computes, and
// keeps one colour per library across charts. Set CNN_UI_CHARTS_PNG_DIR to keep the images.
#include <QtTest>

#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLineSeries>
#include <QSet>

#include <map>
#include <memory>

#include "core/analysis/best_batch.h"
#include "core/analysis/layers.h"
#include "ui/charts/all_charts.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/chart_image.h"
#include "ui/charts/chart_panel.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/layer_breakdown_chart.h"
#include "ui/charts/library_colors.h"
#include "ui/charts/time_per_image_chart.h"
#include "ui_charts_fixture.h"

using namespace cnn;
using namespace cnn::ui;
using ui_fixture::bar_sets;
using ui_fixture::categories;

namespace {

constexpr int kCharts = 13;

struct PixelCount {
  int distinct_colours = 0;
  double non_white = 0;  // fraction of the pixels
};

PixelCount count_pixels(const QImage& image) {
  QSet<QRgb> colours;
  qint64 non_white = 0;
  for (int y = 0; y < image.height(); ++y) {
    const QRgb* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
    for (int x = 0; x < image.width(); ++x) {
      colours.insert(line[x]);
      if (qGray(line[x]) < 245) ++non_white;
    }
  }
  return {static_cast<int>(colours.size()), double(non_white) / (double(image.width()) * image.height())};
}

void keep_png(const QImage& image, const QString& name) {
  const QString dir = qEnvironmentVariable("CNN_UI_CHARTS_PNG_DIR");
  if (dir.isEmpty()) return;
  QDir().mkpath(dir);
  QVERIFY(image.save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

}  // namespace

class TestUiCharts : public QObject {
  Q_OBJECT

 private slots:
  void init() {
    parent_ = std::make_unique<QWidget>();
    parent_->resize(1200, 800);
    charts_ = create_all_charts(parent_.get());
    for (ResultsChart* c : charts_) c->resize(1000, 700);  // as in a window: the view sizes the chart
    parent_->show();
    QVERIFY(QTest::qWaitForWindowExposed(parent_.get()));
  }
  void cleanup() {
    charts_.clear();
    parent_.reset();
  }

  void everyChartIsThere() {
    QCOMPARE(static_cast<int>(charts_.size()), kCharts);
    QSet<QString> stems;
    for (ResultsChart* c : charts_) {
      QVERIFY(!c->title().isEmpty());
      QVERIFY(!c->file_stem().isEmpty());
      QVERIFY2(!c->file_stem().contains(QLatin1Char(' ')), qPrintable(c->file_stem()));
      QVERIFY(c->chart());
      stems.insert(c->file_stem());
    }
    QCOMPARE(stems.size(), kCharts);  // unique: one PNG per chart
  }

  void rendersTheFixture_data() {
    QTest::addColumn<int>("chart");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("published");
    for (int c = 0; c < kCharts; ++c)
      for (const QSize size : {QSize(1920, 1080), QSize(1000, 200), QSize(800, 500)})
        for (bool published : {false, true})
          QTest::addRow("chart %d at %dx%d%s", c, size.width(), size.height(), published ? " +published" : "")
              << c << size << published;
  }
  void rendersTheFixture() {
    QFETCH(int, chart);
    QFETCH(QSize, size);
    QFETCH(bool, published);
    ResultsSnapshot results = ui_fixture::snapshot_with_schedules();  // the schedule charts need schedules
    results.show_published = published;
    ResultsChart* c = charts_[chart];
    c->refresh(results);
    c->refresh(results);  // refreshing again rebuilds the same chart, nothing piles up
    QVERIFY2(chart_message(c->chart()).isEmpty(), qPrintable(chart_message(c->chart())));
    QVERIFY(!c->chart()->series().isEmpty());
    const QSizeF before = c->chart()->size();
    const QImage image = render_chart(c->chart(), size);
    QCOMPARE(image.size(), size);
    QCOMPARE(c->chart()->size(), before);  // the on-screen chart is left as it was
    const PixelCount pixels = count_pixels(image);
    QVERIFY2(pixels.distinct_colours >= 20, qPrintable(QString::number(pixels.distinct_colours)));
    QVERIFY2(pixels.non_white > 0.02, qPrintable(QString::number(pixels.non_white)));
    keep_png(image, QStringLiteral("%1-%2x%3%4")
                        .arg(c->file_stem())
                        .arg(size.width())
                        .arg(size.height())
                        .arg(published ? QStringLiteral("-published") : QString()));
  }

  void saysNoResultsYet_data() {
    QTest::addColumn<int>("chart");
    QTest::addColumn<QSize>("size");
    for (int c = 0; c < kCharts; ++c)
      for (const QSize size : {QSize(1920, 1080), QSize(1000, 200)})
        QTest::addRow("chart %d at %dx%d", c, size.width(), size.height()) << c << size;
  }
  void saysNoResultsYet() {
    QFETCH(int, chart);
    QFETCH(QSize, size);
    ResultsChart* c = charts_[chart];
    c->refresh(ui_fixture::snapshot());
    c->refresh(ResultsSnapshot{});  // the run was cleared: back to the message
    QCOMPARE(chart_message(c->chart()), kNoResults);
    QVERIFY(c->chart()->series().isEmpty());
    const QImage image = render_chart(c->chart(), size);
    QCOMPARE(image.size(), size);
    const PixelCount pixels = count_pixels(image);
    QVERIFY2(pixels.non_white > 0.002, qPrintable(QString::number(pixels.non_white)));  // the text is drawn
    keep_png(image, QStringLiteral("%1-%2x%3-empty").arg(c->file_stem()).arg(size.width()).arg(size.height()));
  }

  void aHiddenChartCatchesUpWhenItsChartIsAskedFor_data() {
    QTest::addColumn<int>("chart");
    for (int c = 0; c < kCharts; ++c) QTest::addRow("chart %d", c) << c;
  }
  void aHiddenChartCatchesUpWhenItsChartIsAskedFor() {
    QFETCH(int, chart);
    ResultsChart* c = charts_[chart];
    c->hide();  // as in a tab not shown: refresh only keeps the results
    c->refresh(ui_fixture::snapshot_with_schedules());
    QVERIFY(chart_message(c->chart()).isEmpty());  // chart() rebuilds first (e.g. for export)
    QVERIFY(!c->chart()->series().isEmpty());
    c->refresh(ResultsSnapshot{});
    c->show();  // showing rebuilds too
    QCOMPARE(chart_message(c->chart()), kNoResults);
  }

  // The palette LibraryColors documents (Okabe-Ito), written out here so that a changed or shared
  // colour fails rather than being compared with itself.
  void libraryColours_data() {
    QTest::addColumn<QString>("lib");
    QTest::addColumn<QColor>("expected");
    QTest::newRow("reference") << "reference" << QColor(0x8c8c8c);
    QTest::newRow("openblas") << "openblas" << QColor(0x0072b2);
    QTest::newRow("onednn") << "onednn" << QColor(0x56b4e9);
    QTest::newRow("cublas") << "cublas" << QColor(0x009e73);
    QTest::newRow("cudnn") << "cudnn" << QColor(0xd55e00);
    QTest::newRow("libdnn") << "libdnn" << QColor(0xcc79a7);
    QTest::newRow("adaptive") << "adaptive" << QColor(0xe69f00);
  }
  void libraryColours() {
    QFETCH(QString, lib);
    QFETCH(QColor, expected);
    const std::string id = lib.toStdString();
    QCOMPARE(LibraryColors::color(id), expected);
    QCOMPARE(LibraryColors::color(analysis::Series{id, Precision::FP32}), expected);
    QCOMPARE(LibraryColors::color(analysis::Series{id, Precision::FP16}), expected.darker(150));
    // The fused graph: the same hue, 45% of the way to white; never the Caffe series' colour.
    const QColor fused = LibraryColors::color(analysis::Series{id, Precision::FP32, GraphMode::Fused});
    const auto pale = [](int v) { return v + (255 - v) * 45 / 100; };
    QCOMPARE(fused, QColor(pale(expected.red()), pale(expected.green()), pale(expected.blue())));
    QVERIFY(fused != expected);
    QVERIFY(LibraryColors::color(analysis::Series{id, Precision::FP16, GraphMode::Fused}) != expected.darker(150));
    for (const char* other : {"reference", "openblas", "onednn", "cublas", "cudnn", "libdnn", "adaptive", "mylib"})
      if (id != other) QVERIFY2(LibraryColors::color(other) != expected, other);
  }

  void oneColourPerLibraryAcrossCharts() {
    const ResultsSnapshot results = ui_fixture::snapshot();
    const std::map<std::string, QColor> expected{{"reference", QColor(0x8c8c8c)}, {"openblas", QColor(0x0072b2)}};
    int charts_with_series_bars = 0;
    for (ResultsChart* c : charts_) {
      c->refresh(results);
      bool any = false;
      for (QBarSet* set : bar_sets(c->chart()))
        for (const auto& [lib, colour] : expected) {
          const QString name = LibraryColors::series_name(analysis::Series{lib, Precision::FP32});
          // "OpenBLAS fp32", "OpenBLAS fp32, batch 8", "OpenBLAS fp32 only" (hatched, adaptive chart)
          if (!set->label().startsWith(name)) continue;
          QVERIFY2(set->brush().color() == colour, qPrintable(c->title() + ": " + set->label()));
          any = true;
        }
      charts_with_series_bars += any;
    }
    QCOMPARE(charts_with_series_bars, 7);  // all bar charts but the batch trade-off (one library, lines)
  }

  void publishedFiguresAreHatchedBesideTheRun() {
    ResultsSnapshot results = ui_fixture::snapshot();
    results.show_published = true;
    ResultsChart* c = charts_[0];
    c->refresh(results);
    const analysis::Series cudnn{"cudnn", Precision::FP32};
    bool found = false;
    for (QBarSet* set : bar_sets(c->chart()))
      if (set->label() == published_name(cudnn)) {
        found = true;
        QCOMPARE(set->brush().style(), Qt::BDiagPattern);
        QCOMPARE(set->brush().color(), LibraryColors::color(cudnn));
      }
    QVERIFY(found);
  }

  // A fused series is a series of its own in the legend ("OpenBLAS fp32, fused"), in its paler colour.
  void fusedSeriesAreLabelledInTheLegend() {
    ResultsSnapshot results = ui_fixture::snapshot();
    const std::size_t n = results.points.size();
    for (std::size_t i = 0; i < n; ++i) {
      Point fused = results.points[i];
      fused.graph = GraphMode::Fused;
      results.points.push_back(fused);
    }
    const analysis::Series series{"openblas", Precision::FP32, GraphMode::Fused};
    QCOMPARE(LibraryColors::series_name(series), QString("OpenBLAS fp32, fused"));
    ResultsChart* c = charts_[0];
    c->refresh(results);
    bool caffe = false, fused = false;
    for (QBarSet* set : bar_sets(c->chart())) {
      if (set->label() == QLatin1String("OpenBLAS fp32")) caffe = true;
      if (set->label() != QLatin1String("OpenBLAS fp32, fused")) continue;
      fused = true;
      QCOMPARE(set->brush().color(), LibraryColors::color(series));
      QCOMPARE(set->brush().style(), Qt::TexturePattern);  // striped, so it never reads as another library
    }
    QVERIFY(caffe && fused);
  }

  void timePerImageDrawsTheBestBatches() {
    const ResultsSnapshot results = ui_fixture::snapshot();
    ResultsChart* c = charts_[0];
    QVERIFY(qobject_cast<TimePerImageChart*>(c));
    c->refresh(results);
    const QStringList groups = categories(c->chart());
    QCOMPARE(groups, QStringList({"AlexNet", "SqueezeNet 1.1"}));
    const auto best = analysis::best_batches(results.points);
    QCOMPARE(static_cast<int>(best.size()), 4);  // the failed batch-16 point is not among them
    for (const analysis::BestBatch& b : best) {
      bool found = false;
      for (QBarSet* set : bar_sets(c->chart()))
        if (set->label() == LibraryColors::series_name(b.series)) {
          const int group = groups.indexOf(model_name(results, b.model));
          QVERIFY(group >= 0);
          QCOMPARE(set->at(group), b.ms_per_image);
          found = true;
        }
      QVERIFY(found);
    }
    // Error bars: one line per bar with a spread (every fixture bar has one).
    int error_bars = 0;
    for (QAbstractSeries* s : c->chart()->series()) error_bars += qobject_cast<QLineSeries*>(s) != nullptr;
    QCOMPARE(error_bars, 4);
  }

  void layerFilterKeepsTheLayersAnalysisKeeps_data() {
    QTest::addColumn<double>("lower");
    QTest::addColumn<double>("upper");
    QTest::newRow("default 1-100%") << 1.0 << 100.0;
    QTest::newRow("at least 20%") << 20.0 << 100.0;
    QTest::newRow("at most 5%") << 0.0 << 5.0;
  }
  void layerFilterKeepsTheLayersAnalysisKeeps() {
    QFETCH(double, lower);
    QFETCH(double, upper);
    const ResultsSnapshot results = ui_fixture::snapshot();
    auto* c = qobject_cast<LayerBreakdownChart*>(charts_[4]);
    QVERIFY(c);
    c->refresh(results);
    const QList<QDoubleSpinBox*> boxes = c->findChildren<QDoubleSpinBox*>();
    QCOMPARE(boxes.size(), 2);
    boxes[1]->setValue(upper);
    boxes[0]->setValue(lower);
    // Defaults: the first model with per-layer times, every library, the largest batch.
    const std::vector<analysis::Series> series{{"openblas", Precision::FP32}, {"reference", Precision::FP32}};
    const int batches[] = {8};
    const auto table = analysis::layer_times(results.points, "alexnet", series, batches, {lower / 100, upper / 100});
    QStringList expected;
    for (const analysis::LayerRow& row : table.rows) expected << QString::fromStdString(row.name);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(categories(c->chart()), expected);
    QCOMPARE(bar_sets(c->chart()).size(), 2);
  }

  // With both graph modes measured, the per-layer chart starts with the Caffe graph's series only
  // (its layers), not the fused groups interleaved with them.
  void layerChartStartsWithOneGraphMode() {
    ResultsSnapshot results = ui_fixture::snapshot();
    const std::size_t n = results.points.size();
    for (std::size_t i = 0; i < n; ++i) {
      Point fused = results.points[i];
      fused.graph = GraphMode::Fused;
      for (LayerRecord& l : fused.layers) l.name += "+fused";
      results.points.push_back(fused);
    }
    auto* c = qobject_cast<LayerBreakdownChart*>(charts_[4]);
    QVERIFY(c);
    c->refresh(results);
    QVERIFY(!categories(c->chart()).isEmpty());
    for (const QString& name : categories(c->chart())) QVERIFY2(!name.endsWith("+fused"), qPrintable(name));
    for (QBarSet* set : bar_sets(c->chart())) QVERIFY2(!set->label().contains("fused"), qPrintable(set->label()));
  }

 private:
  std::unique_ptr<QWidget> parent_;
  std::vector<ResultsChart*> charts_;
};

QTEST_MAIN(TestUiCharts)
#include "test_ui_charts.moc"
