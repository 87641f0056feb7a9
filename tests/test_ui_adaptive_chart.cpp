// The Ideal adaptive chart with measured adaptive points: per model "predicted ideal", "measured
// adaptive" and "best single library" bars with the figures analysis and the plan give, labels
// that say honestly when the measured plan loses, a run of adaptive points alone, the "every
// library" option, and an adaptive point in the per-layer chart and table like any library.
// Set CNN_UI_CHARTS_PNG_DIR to keep the rendered images.
#include <QtTest>

#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>

#include <memory>

#include "ui/charts/adaptive_bars.h"
#include "ui/charts/adaptive_chart.h"
#include "ui/charts/chart_data.h"
#include "ui/charts/chart_image.h"
#include "ui/charts/chart_style.h"
#include "ui/charts/layer_breakdown_chart.h"
#include "ui/charts/library_colors.h"
#include "ui/layer_table_model.h"
#include "ui_charts_fixture.h"

using namespace cnn;
using namespace cnn::ui;
using ui_fixture::bar_sets;
using ui_fixture::categories;

namespace {

// The value of the set labelled `label` in row `row`; 0 when there is no such set.
double value_of(QChart* chart, const QString& label, int row) {
  for (QBarSet* set : bar_sets(chart))
    if (set->label() == label) return set->at(row);
  return 0;
}

double row_total(QChart* chart, int row) {
  double sum = 0;
  for (QBarSet* set : bar_sets(chart)) sum += set->at(row);
  return sum;
}

bool near(double a, double b) { return qAbs(a - b) <= 1e-9 * qMax(1.0, qAbs(b)); }

QString name_of(const std::string& model) { return model_name(ui_fixture::snapshot(), model); }

}  // namespace

class TestUiAdaptiveChart : public QObject {
  Q_OBJECT

 private slots:
  void init() {
    parent_ = std::make_unique<QWidget>();
    parent_->resize(1200, 800);
    chart_ = new AdaptiveChart(parent_.get());
    chart_->resize(1000, 700);
    parent_->show();
    QVERIFY(QTest::qWaitForWindowExposed(parent_.get()));
  }
  void cleanup() { parent_.reset(); }

  void percentAgainstTheBestSingleLibrary_data() {
    QTest::addColumn<double>("ms");
    QTest::addColumn<double>("best");
    QTest::addColumn<QString>("expected");
    QTest::newRow("loses") << 10.31 << 10.0 << "+3.1%";
    QTest::newRow("wins") << 9.48 << 10.0 << "-5.2%";
    QTest::newRow("equal") << 10.0 << 10.0 << "+0.0%";
    QTest::newRow("rounds to zero, no minus") << 9.999 << 10.0 << "+0.0%";
    QTest::newRow("no best single") << 1.0 << 0.0 << "";
  }
  void percentAgainstTheBestSingleLibrary() {
    QFETCH(double, ms);
    QFETCH(double, best);
    QFETCH(QString, expected);
    QCOMPARE(percent_vs_best(ms, best), expected);
    if (!expected.isEmpty())
      QCOMPARE(measured_label("LeNet", 4, ms, best), "LeNet measured (batch 4): " + expected + " vs best single");
  }

  // Sweep points and an adaptive point per model: three bars each, from the plan and the point.
  void threeBarsPerModel_data() {
    QTest::addColumn<double>("factor");   // measured layer time / predicted
    QTest::addColumn<double>("step_ms");  // reorder time per image
    QTest::addColumn<bool>("slower");     // the measured bar loses against the best single library
    QTest::newRow("adaptive wins") << 0.8 << 0.0 << false;
    QTest::newRow("reorders make it lose") << 1.0 << 40.0 << true;
    QTest::newRow("slower layers lose") << 1.6 << 0.5 << true;
  }
  // Over the fused graph the prediction is doubtful (layout switches between libraries): the title says so,
  // and only there.
  void fusedPredictionIsFlagged() {
    ResultsSnapshot results = ui_fixture::snapshot();
    chart_->refresh(results);
    QVERIFY(!chart_->chart()->title().contains(QStringLiteral("⚠")));
    for (Point& p : results.points) p.graph = GraphMode::Fused;
    chart_->refresh(results);
    QVERIFY2(chart_->chart()->title().contains(QStringLiteral("⚠ fused graph")), qPrintable(chart_->chart()->title()));
  }

  void threeBarsPerModel() {
    QFETCH(double, factor);
    QFETCH(double, step_ms);
    QFETCH(bool, slower);
    ResultsSnapshot results = ui_fixture::snapshot();
    std::vector<AdaptivePlan> plans;
    for (const char* model : {"alexnet", "squeezenet-1.1"}) {
      plans.push_back(ui_fixture::adaptive_plan(results.points, model));
      results.points.push_back(ui_fixture::adaptive_point(plans.back(), factor, step_ms));
    }
    chart_->refresh(results);
    QCOMPARE(chart_message(chart_->chart()), QString());
    const QStringList rows = categories(chart_->chart());
    QCOMPARE(rows.size(), 6);  // 2 models x 3 bars
    for (const AdaptivePlan& plan : plans) {
      const QString name = name_of(plan.model);
      const double best = plan.best_single.ms_per_image;
      const double measured = factor * plan.predicted_ms_per_image + step_ms;
      const QString predicted_row = predicted_label(name, plan.batch, plan.predicted_ms_per_image, best);
      const QString measured_row = measured_label(name, plan.batch, measured, best);
      const QString single_row = single_label(name, {plan.best_single.lib, Precision::FP32}, plan.best_single.batch, true);
      const int p = rows.indexOf(predicted_row), m = rows.indexOf(measured_row), s = rows.indexOf(single_row);
      QVERIFY2(p >= 0 && m >= 0 && s >= 0, qPrintable(rows.join(" | ")));
      QVERIFY(p > m && m > s);  // top-down: predicted, measured, best single (Qt counts rows bottom-up)
      QCOMPARE(measured_row.contains(": +"), slower);
      QCOMPARE(measured_row.contains(": -"), !slower);

      // Predicted: the plan's total, stacked by library as analysis split it.
      QVERIFY(near(row_total(chart_->chart(), p), plan.predicted_ms_per_image));
      QVERIFY(value_of(chart_->chart(), "OpenBLAS fp32", p) > 0);
      QVERIFY(value_of(chart_->chart(), "Reference fp32", p) > 0);  // the cheap layers
      // Measured: each layer on its plan's library, the reorder apart.
      QVERIFY(near(row_total(chart_->chart(), m), measured));
      QVERIFY(near(value_of(chart_->chart(), "Reorders/transfers", m), step_ms));
      QVERIFY(near(value_of(chart_->chart(), "OpenBLAS fp32", m) + value_of(chart_->chart(), "Reference fp32", m),
                   factor * plan.predicted_ms_per_image));
      // Best single: the plan's baseline, hatched, alone in its row.
      QCOMPARE(plan.best_single.lib, std::string("openblas"));
      QVERIFY(near(value_of(chart_->chart(), "OpenBLAS fp32 only", s), best));
      QVERIFY(near(row_total(chart_->chart(), s), best));
    }
    for (QBarSet* set : bar_sets(chart_->chart()))
      if (set->label() == "OpenBLAS fp32 only") QCOMPARE(set->brush().style(), Qt::DiagCrossPattern);
  }

  // A stored run of adaptive points alone: predicted and best single come from the plans.
  // A noisy adaptive reading is marked on its measured bar's label; a quiet one is not.
  void noisyMeasuredBarIsMarked() {
    ResultsSnapshot results = ui_fixture::snapshot();
    const AdaptivePlan plan = ui_fixture::adaptive_plan(results.points, "alexnet");
    Point adaptive = ui_fixture::adaptive_point(plan, 1.0, 0.0);
    results.points.push_back(adaptive);
    chart_->refresh(results);
    const QString quiet = categories(chart_->chart()).filter(" measured ").value(0);
    QVERIFY2(!quiet.isEmpty() && !quiet.contains("noisy"), qPrintable(quiet));
    adaptive.time_fw_ms = {10, 20, 10};  // CoV 43 %
    results.points.back() = adaptive;
    chart_->refresh(results);
    const QString noisy = categories(chart_->chart()).filter(" measured ").value(0);
    QVERIFY2(noisy.endsWith(QString::fromUtf8(" ⚠ noisy")), qPrintable(noisy));
  }

  void adaptivePointsAloneStillDrawThreeBars() {
    const ResultsSnapshot sweep = ui_fixture::snapshot();
    ResultsSnapshot results;
    results.models = sweep.models;
    std::vector<AdaptivePlan> plans;
    for (const char* model : {"alexnet", "squeezenet-1.1"}) {
      plans.push_back(ui_fixture::adaptive_plan(sweep.points, model));
      results.points.push_back(ui_fixture::adaptive_point(plans.back(), 1.1, 0.2));
    }
    chart_->refresh(results);
    QVERIFY(chart_->chosen_series().empty());  // nothing but "adaptive" measured: no library to tick
    QCOMPARE(chart_message(chart_->chart()), QString());
    const QStringList rows = categories(chart_->chart());
    QCOMPARE(rows.size(), 6);
    for (const AdaptivePlan& plan : plans) {
      const QString name = name_of(plan.model);
      const int p = rows.indexOf(predicted_label(name, plan.batch, plan.predicted_ms_per_image,
                                                 plan.best_single.ms_per_image));
      const int s = rows.indexOf(single_label(name, {plan.best_single.lib, Precision::FP32}, plan.best_single.batch, true));
      QVERIFY2(p >= 0 && s >= 0, qPrintable(rows.join(" | ")));
      QVERIFY(near(value_of(chart_->chart(), "Predicted (plan total)", p), plan.predicted_ms_per_image));
      QVERIFY(near(value_of(chart_->chart(), "OpenBLAS fp32 only", s), plan.best_single.ms_per_image));
    }
  }

  // No adaptive point: predicted and best single from analysis, two bars per model.
  void withoutMeasuredPointsTwoBarsFromAnalysis() {
    const ResultsSnapshot results = ui_fixture::snapshot();
    chart_->refresh(results);
    const std::vector<analysis::Series> chosen{{"reference", Precision::FP32}, {"openblas", Precision::FP32}};  // legend order
    QCOMPARE(chart_->chosen_series(), chosen);
    const QStringList rows = categories(chart_->chart());
    QCOMPARE(rows.size(), 4);
    for (const analysis::AdaptiveResult& a : analysis::ideal_adaptive(results.points, chosen)) {
      QVERIFY2(a.ok(), a.error.c_str());
      const QString name = name_of(a.model);
      const QString label = predicted_label(name, a.batch, a.ms_per_image, a.best_single.ms_per_image);
      QVERIFY2(label.contains(": -"), qPrintable(label));  // faster: the reference wins the cheap layers
      const int p = rows.indexOf(label);
      QVERIFY2(p >= 0, qPrintable(label + " not in " + rows.join(" | ")));
      QVERIFY(near(row_total(chart_->chart(), p), a.ms_per_image));
      const int s = rows.indexOf(single_label(name, a.best_single.series, a.best_single.batch, true));
      QVERIFY(s >= 0);
      QVERIFY(near(value_of(chart_->chart(), "OpenBLAS fp32 only", s), a.best_single.ms_per_image));
    }
  }

  void everyTickedLibraryGetsABar() {
    chart_->refresh(ui_fixture::snapshot());
    QComboBox* compare = nullptr;
    for (QComboBox* box : chart_->findChildren<QComboBox*>())
      if (box->findData("every") >= 0) compare = box;
    QVERIFY(compare);
    compare->setCurrentIndex(compare->findData("every"));
    const QStringList rows = categories(chart_->chart());
    QCOMPARE(rows.size(), 6);  // predicted, best single (OpenBLAS), Reference alone
    QVERIFY2(rows.contains(single_label("AlexNet", {"reference", Precision::FP32}, 8, false)), qPrintable(rows.join(" | ")));
  }

  void runButtonOnlyAsks() {
    QSignalSpy asked(chart_, &AdaptiveChart::runPlanRequested);
    chart_->run_button()->click();
    QCOMPARE(asked.count(), 1);
    chart_->set_run_enabled(false);
    QVERIFY(!chart_->run_button()->isEnabled());
  }

  void renders_data() {
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("alone");
    for (const QSize size : {QSize(1920, 1080), QSize(1000, 200)})
      for (bool alone : {false, true})
        QTest::addRow("%dx%d%s", size.width(), size.height(), alone ? " adaptive alone" : "") << size << alone;
  }
  void renders() {
    QFETCH(QSize, size);
    QFETCH(bool, alone);
    const ResultsSnapshot sweep = ui_fixture::snapshot();
    ResultsSnapshot results = sweep;
    if (alone) results.points.clear();
    results.points.push_back(ui_fixture::adaptive_point(ui_fixture::adaptive_plan(sweep.points, "alexnet"), 0.9, 0.3));
    results.points.push_back(
        ui_fixture::adaptive_point(ui_fixture::adaptive_plan(sweep.points, "squeezenet-1.1"), 1.3, 0.1));
    chart_->refresh(results);
    const QImage image = render_chart(chart_->chart(), size);
    QCOMPARE(image.size(), size);
    const QString dir = qEnvironmentVariable("CNN_UI_CHARTS_PNG_DIR");
    if (!dir.isEmpty()) {
      QDir().mkpath(dir);
      QVERIFY(image.save(QStringLiteral("%1/adaptive-measured-%2x%3%4.png")
                             .arg(dir)
                             .arg(size.width())
                             .arg(size.height())
                             .arg(alone ? "-alone" : "")));
    }
  }

  // The per-layer chart shows an adaptive point as a series of its own, in the adaptive colour.
  void layerChartShowsAdaptiveLikeAnyLibrary() {
    ResultsSnapshot results = ui_fixture::snapshot();
    results.points.push_back(ui_fixture::adaptive_point(ui_fixture::adaptive_plan(results.points, "alexnet"), 1.0, 0.3));
    LayerBreakdownChart layers(parent_.get());
    layers.resize(1000, 700);
    layers.show();
    layers.refresh(results);
    bool found = false;
    for (QBarSet* set : bar_sets(layers.chart()))
      if (set->label().startsWith(LibraryColors::series_name({"adaptive", Precision::FP32}))) {
        QCOMPARE(set->brush().color(), LibraryColors::color(analysis::Series{"adaptive", Precision::FP32}));
        found = true;
      }
    QVERIFY(found);
    QVERIFY2(categories(layers.chart()).contains("conv1 reorder in"), qPrintable(categories(layers.chart()).join(" | ")));
    for (const char* lib : {"reference", "openblas", "onednn", "cublas", "cudnn", "libdnn"})
      QVERIFY(LibraryColors::color(std::string("adaptive")) != LibraryColors::color(std::string(lib)));
  }

  // The layer table names the library each row ran on; a reorder row that of its layer.
  void layerTableNamesEachRowsLibrary() {
    const ResultsSnapshot results = ui_fixture::snapshot();
    const AdaptivePlan plan = ui_fixture::adaptive_plan(results.points, "alexnet");
    const Point point = ui_fixture::adaptive_point(plan, 1.0, 0.3);
    LayerTableModel model;
    model.set_point(point);
    QCOMPARE(model.rowCount(), int(plan.layers.size()) + 1);
    const auto lib = [&](int row) { return model.data(model.index(row, LayerTableModel::Lib)).toString(); };
    QCOMPARE(lib(0), QString::fromStdString(plan.layers[0].lib));
    QCOMPARE(model.data(model.index(1, LayerTableModel::Type)).toString(), QString("Reorder"));
    QCOMPARE(lib(1), QString::fromStdString(plan.layers[0].lib));
    for (std::size_t i = 1; i < plan.layers.size(); ++i) QCOMPARE(lib(int(i) + 1), QString::fromStdString(plan.layers[i].lib));
    model.set_point(results.points.front());
    QCOMPARE(lib(0), QString("reference"));
  }

 private:
  std::unique_ptr<QWidget> parent_;
  AdaptiveChart* chart_ = nullptr;
};

QTEST_MAIN(TestUiAdaptiveChart)
#include "test_ui_adaptive_chart.moc"
