// "Run adaptive plan" end to end in the window (offscreen, real backends, lenet): a sweep on two
// libraries, then one click builds the plan from the adaptive chart's ticked libraries and runs it
// on the worker at the plan's batch with the sweep's settings; the adaptive point joins the sweep's
// points on screen (which stay), is stored as a run labelled after its source, and the chart draws
// predicted, measured and best single. From a stored run a model analysis cannot solve is skipped
// and named on the status line. The plans save as JSON and as a prototxt with engines.
#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QFile>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

#include "core/analysis/noise.h"
#include "core/model/net_desc.h"
#include "core/store/results_store.h"
#include "tests/ui_charts_fixture.h"
#include "tests/ui_test_support.h"
#include "ui/adaptive_plans.h"
#include "ui/chart_exporter.h"
#include "ui/chart_refresher.h"
#include "ui/charts/adaptive_bars.h"
#include "ui/charts/adaptive_chart.h"
#include "ui/charts/results_chart.h"
#include "ui/control_panel.h"
#include "ui/library_chooser.h"
#include "ui/batch_size_editor.h"
#include "ui/main_window.h"
#include "ui/metatypes.h"
#include "ui/results_export.h"
#include "ui/results_table_model.h"

using namespace cnn;
using namespace cnn::ui;

namespace {

QStringList set_labels(QChart* chart) {
  QStringList labels;
  for (QAbstractSeries* s : chart->series())
    if (auto* bars = qobject_cast<QAbstractBarSeries*>(s))
      for (QBarSet* set : bars->barSets()) labels << set->label();
  return labels;
}

QStringList categories(QChart* chart) {
  for (QAbstractAxis* axis : chart->axes())
    if (auto* c = qobject_cast<QBarCategoryAxis*>(axis)) return c->categories();
  return {};
}

std::string read_text(const QString& file) {
  QFile f(file);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return f.readAll().toStdString();
}

}  // namespace

class TestUiAdaptiveRun : public QObject {
  Q_OBJECT

 private:
  ui_test::Environment env_;
  QTemporaryDir tmp_;
  std::filesystem::path db_;  // each test function's own store (init)

  std::unique_ptr<MainWindow> window() { return std::make_unique<MainWindow>(env_.models, env_.backends, db_); }

  bool available(const char* lib) {
    Backend* b = env_.backends.find(lib);
    return b && b->info().available;
  }

  // What the slots that run plans need, made in each of them: a new window on the slot's store
  // after a finished sweep of lenet on OpenBLAS and oneDNN (fp32, batches 1 and 2, 1 warm-up and
  // 2 repetitions, 1 thread), and the sweep's stored run. On a failed check `out` stays empty.
  void swept_window(std::unique_ptr<MainWindow>& out, std::int64_t& run) {
    // Registered only where both are built (ui.cmake), so their absence is a failure, not a skip.
    QVERIFY2(available("openblas") && available("onednn"), "needs the openblas and onednn libraries");
    auto w = window();
    w->control_panel()->set_models({"lenet"});
    w->control_panel()->libraries()->set_checked({"openblas/fp32", "onednn/fp32"});
    w->control_panel()->batch_sizes()->set_list("1,2");
    w->control_panel()->set_measurement(2, 1, 1);
    QSignalSpy finished(w.get(), &MainWindow::runFinished);
    QVERIFY(w->start_run());
    QVERIFY(!w->start_adaptive_run());  // not while a sweep runs
    QVERIFY(!w->adaptive_chart()->run_button()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    QCOMPARE(finished.at(0).at(0).value<RunStatus>(), RunStatus::Finished);
    QVERIFY(w->adaptive_chart()->run_button()->isEnabled());
    QCOMPARE(w->snapshot().points.size(), std::size_t(4));
    for (const Point& p : w->snapshot().points) QVERIFY2(p.success, p.error.c_str());
    run = w->shown_run();
    QVERIFY(run > 0);
    QCOMPARE(w->source_run(), run);
    out = std::move(w);
  }

 private slots:
  void initTestCase() {
    register_metatypes();
    QVERIFY(tmp_.isValid());
    QCoreApplication::setOrganizationName("cnn-explorer-test");
    QCoreApplication::setApplicationName("test_ui_adaptive_run");
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, tmp_.filePath("settings"));
    QSettings().clear();
  }

  void init() { db_ = tmp_.filePath(QString("%1.sqlite").arg(QTest::currentTestFunction())).toStdString(); }

  // Each plan once per (model, precision), at its own batch; the selection names every model.
  void adaptiveSweepRunsEachPlanAtItsBatch_data() {
    QTest::addColumn<QStringList>("plans");  // "model:batch:precision"
    QTest::addColumn<QStringList>("points");  // "model:batch:precision", in sweep order
    QTest::addColumn<QStringList>("models");
    QTest::newRow("one") << QStringList{"lenet:2:fp32"} << QStringList{"lenet:2:fp32"} << QStringList{"lenet"};
    QTest::newRow("own batches") << QStringList{"alexnet:8:fp32", "lenet:2:fp32", "resnet-50:8:fp32"}
                                 << QStringList{"alexnet:8:fp32", "lenet:2:fp32", "resnet-50:8:fp32"}
                                 << QStringList{"alexnet", "lenet", "resnet-50"};
    QTest::newRow("two precisions") << QStringList{"alexnet:8:fp32", "alexnet:4:fp16"}
                                    << QStringList{"alexnet:8:fp32", "alexnet:4:fp16"} << QStringList{"alexnet"};
    QTest::newRow("a plan twice") << QStringList{"lenet:2:fp32", "lenet:4:fp32"} << QStringList{"lenet:2:fp32"}
                                  << QStringList{"lenet"};
    QTest::newRow("none") << QStringList{} << QStringList{} << QStringList{};
  }
  void adaptiveSweepRunsEachPlanAtItsBatch() {
    QFETCH(QStringList, plans);
    QFETCH(QStringList, points);
    QFETCH(QStringList, models);
    std::vector<AdaptivePlan> in;
    for (const QString& p : plans) {
      AdaptivePlan plan;
      plan.model = p.section(':', 0, 0).toStdString();
      plan.batch = p.section(':', 1, 1).toInt();
      plan.precision = *parse_precision(p.section(':', 2, 2).toStdString());
      in.push_back(plan);
    }
    RunConfig config;
    config.reps.min_reps = 3;
    const SweepRequest request = adaptive_sweep(in, config, "label");
    QCOMPARE(request.label, std::string("label"));
    QVERIFY(request.selection.libs.empty());
    QCOMPARE(request.selection.config.reps.min_reps, 3);
    QStringList got;
    for (const PointSpec& s : points_of(request.selection)) {
      QCOMPARE(s.lib, std::string(kAdaptiveLib));
      QVERIFY(s.plan && s.plan->model == s.model && s.plan->batch == s.batch);
      got << QString("%1:%2:%3").arg(QString::fromStdString(s.model)).arg(s.batch).arg(QString::fromStdString(std::string(to_string(s.precision))));
    }
    QCOMPARE(got, points);
    QCOMPARE(request.points(), int(points.size()));
    QStringList selected;
    for (const std::string& m : request.selection.models) selected << QString::fromStdString(m);
    QCOMPARE(selected, models);
    // With the sweep form's Schedule boxes: each plan once per scheduler.
    const SweepRequest scheduled = adaptive_sweep(in, config, "label", {Scheduler::Sequential, Scheduler::Ios});
    QCOMPARE(scheduled.points(), 2 * int(points.size()));
    int ios = 0;
    for (const PointSpec& s : points_of(scheduled.selection)) ios += s.scheduler == Scheduler::Ios;
    QCOMPARE(ios, int(points.size()));
  }

  void nothingToPlanIsRefused() {
    auto w = window();
    QVERIFY(!w->start_adaptive_run());
    QVERIFY(!w->running());
    QVERIFY(!w->statusBar()->currentMessage().isEmpty());
    QString problem;
    QVERIFY(w->current_plans(&problem).empty());
    QVERIFY(problem.startsWith("No adaptive plan yet"));
  }

  void sweepThenOneClick() {
    std::unique_ptr<MainWindow> owner;
    std::int64_t sweep_run = 0;
    swept_window(owner, sweep_run);
    if (!owner) return;
    MainWindow& w = *owner;
    const std::vector<Point> sweep = w.snapshot().points;
    QSignalSpy finished(&w, &MainWindow::runFinished);

    // One click (the chart's button): the plan runs on the worker, the window stays responsive.
    w.adaptive_chart()->run_button()->click();
    QVERIFY(w.running());
    QVERIFY(!w.adaptive_chart()->run_button()->isEnabled());
    QVERIFY(!w.control_panel()->run_button()->isEnabled());
    QVERIFY(!w.start_run());
    const std::vector<analysis::Series> chosen{{"openblas", Precision::FP32}, {"onednn", Precision::FP32}};  // legend order
    QCOMPARE(w.adaptive_chart()->chosen_series(), chosen);
    QVERIFY(w.statusBar()->currentMessage().startsWith("Running"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    QCOMPARE(finished.at(0).at(0).value<RunStatus>(), RunStatus::Finished);
    QVERIFY(w.adaptive_chart()->run_button()->isEnabled());

    // The sweep's points stay, the adaptive point follows them.
    const std::vector<Point>& points = w.snapshot().points;
    QCOMPARE(points.size(), std::size_t(5));
    for (std::size_t i = 0; i < sweep.size(); ++i) {
      QCOMPARE(points[i].lib, sweep[i].lib);
      QCOMPARE(points[i].time_fw_ms, sweep[i].time_fw_ms);
    }
    const Point& adaptive = points.back();
    QVERIFY2(adaptive.success, adaptive.error.c_str());
    QCOMPARE(adaptive.lib, std::string(kAdaptiveLib));
    QVERIFY(adaptive.plan.has_value());
    const AdaptivePlan& plan = *adaptive.plan;
    QCOMPARE(plan.model, std::string("lenet"));
    QCOMPARE(adaptive.batch, plan.batch);  // at the plan's own batch
    QCOMPARE(plan.source_run, sweep_run);
    QCOMPARE(adaptive.time_fw_ms.size(), std::size_t(2));  // the sweep's repetitions
    QVERIFY(!adaptive.layers.empty());
    for (const std::string& lib : plan.libs()) QVERIFY(lib == "openblas" || lib == "onednn");
    const analysis::AdaptivePlans expected = analysis::adaptive_plans(sweep, chosen, sweep_run);
    QCOMPARE(expected.plans.size(), std::size_t(1));
    QVERIFY(expected.plans.front() == plan);
    QCOMPARE(w.table_model()->rowCount(), 5);

    // Stored as a run of its own, labelled after its source, with the sweep's settings.
    const std::int64_t adaptive_run = w.shown_run();
    QVERIFY(adaptive_run > sweep_run);
    QCOMPARE(w.source_run(), sweep_run);
    QVERIFY2(w.windowTitle().endsWith(QString("run %1 with adaptive run %2").arg(sweep_run).arg(adaptive_run)),
             qPrintable(w.windowTitle()));
    const StoredRun stored = ResultsStore(db_).load_run(adaptive_run);
    QCOMPARE(stored.summary.label, adaptive_run_label(sweep_run));
    QCOMPARE(stored.summary.label, "adaptive plan from run " + std::to_string(sweep_run));
    QCOMPARE(stored.selection.config.reps.min_reps, 2);
    QCOMPARE(stored.selection.config.reps.rounds, 1);
    QCOMPARE(stored.selection.config.warmup, 1);
    QCOMPARE(stored.selection.config.threads, 1);
    QCOMPARE(stored.points.size(), std::size_t(1));
    QVERIFY(stored.points.front().plan == adaptive.plan);

    // Every chart draws the sweep and the adaptive point together, also when the coalescing
    // timer has not fired since the point came (refresh_all, as before an export).
    w.refresher()->refresh_all();
    const QStringList time_sets = set_labels(w.charts().front()->chart());
    for (const char* lib : {"OpenBLAS fp32", "oneDNN fp32", "Adaptive fp32"})
      QVERIFY2(time_sets.contains(lib), qPrintable(time_sets.join(" | ")));
    const QStringList rows = categories(w.adaptive_chart()->chart());
    const double measured = analysis::layer_pass_ms(adaptive) / adaptive.batch;
    QCOMPARE(rows.size(), 3);
    // The measured bar's label, with the noisy mark exactly when the real reading is noisy.
    const QString measured_row = measured_label("LeNet", adaptive.batch, measured, plan.best_single.ms_per_image) +
                                 (analysis::noise_of(adaptive).noisy ? QString::fromUtf8(" ⚠ noisy") : QString());
    QVERIFY2(rows.contains(measured_row), qPrintable(rows.join(" | ")));
    QVERIFY(rows.contains(predicted_label("LeNet", plan.batch, plan.predicted_ms_per_image, plan.best_single.ms_per_image)));
    const QString png_dir = qEnvironmentVariable("CNN_UI_CHARTS_PNG_DIR");
    if (!png_dir.isEmpty()) {  // every chart of the sweep with its adaptive point, and the window, for a look
      for (const QSize size : {QSize(1920, 1080), QSize(1000, 200)})
        w.export_all_charts(QStringLiteral("%1/lenet-%2x%3").arg(png_dir).arg(size.width()).arg(size.height()), size);
      w.resize(1400, 860);
      w.show();
      w.tabs()->setCurrentWidget(w.adaptive_chart());
      QVERIFY(QTest::qWaitForWindowExposed(&w));
      QVERIFY(w.grab().save(png_dir + "/window-adaptive.png"));
    }
  }

  void plansSaveAsJsonAndPrototxt() {
    std::unique_ptr<MainWindow> w;
    std::int64_t sweep_run = 0;
    swept_window(w, sweep_run);
    if (!w) return;
    QSignalSpy finished(w.get(), &MainWindow::runFinished);
    QVERIFY(w->start_adaptive_run());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    QCOMPARE(finished.at(0).at(0).value<RunStatus>(), RunStatus::Finished);
    QCOMPARE(w->snapshot().points.size(), std::size_t(5));
    QVERIFY(w->snapshot().points.back().plan.has_value());
    QString problem;
    const std::vector<AdaptivePlan> plans = w->current_plans(&problem);
    QCOMPARE(plans.size(), std::size_t(1));
    QVERIFY(plans.front() == *w->snapshot().points.back().plan);

    const QString json = tmp_.filePath("plans.json");
    write_plans(json, plans);
    QVERIFY(plans_from_json(read_text(json)) == plans);
    QVERIFY_THROWS_EXCEPTION(ExportError, write_plans(tmp_.filePath("missing/dir/plans.json"), plans));

    const AdaptivePlan& plan = plans.front();
    const QString prototxt = tmp_.filePath("lenet-adaptive.prototxt");
    write_plan_prototxt(prototxt, plan, env_.models.find("lenet")->prototxt, "lenet");
    const std::string text = read_text(prototxt);
    const NetDesc net = parse_prototxt(text, prototxt.toStdString());
    QCOMPARE(net.layers.size(), env_.models.parse(*env_.models.find("lenet")).layers.size());
    // Each layer block names its planned library.
    std::size_t engines = 0;
    for (std::size_t at = text.find("engine:"); at != std::string::npos; at = text.find("engine:", at + 1)) ++engines;
    QCOMPARE(engines, plan.layers.size());
    for (const PlannedLayer& l : plan.layers) {
      const std::size_t name = text.find("name: \"" + l.name + "\"");
      QVERIFY2(name != std::string::npos, l.name.c_str());
      const std::size_t block = text.rfind("layer {", name);
      const std::size_t end = text.find("layer {", name);
      const std::string layer = text.substr(block, end == std::string::npos ? std::string::npos : end - block);
      QVERIFY2(layer.find("engine: \"" + l.lib + "\"") != std::string::npos, layer.c_str());
    }
    QVERIFY_THROWS_EXCEPTION(ExportError, write_plan_prototxt(prototxt, plan, "layer { name: ", "broken"));
  }

  // A stored run with a model analysis cannot solve (no batch both libraries measured): the other
  // model's plan runs and the status line names the skipped one.
  void storedRunSkipsModelsWithErrors() {
    std::unique_ptr<MainWindow> sweep_window;
    std::int64_t sweep_run = 0;
    swept_window(sweep_window, sweep_run);
    if (!sweep_window) return;
    sweep_window.reset();
    StoredRun sweep = ResultsStore(db_).load_run(sweep_run);
    std::vector<Point> points = sweep.points;
    points.push_back(ui_fixture::make_point("alexnet", "openblas", 1));
    Point other = ui_fixture::make_point("alexnet", "reference", 2);
    other.lib = "onednn";
    points.push_back(other);
    std::int64_t run = 0;
    {
      ResultsStore store(db_);
      run = store.begin_run(sweep.platform, sweep.selection, "with an unsolvable model");
      for (const Point& p : points) store.add_point(run, p);
      store.finish_run(run, RunStatus::Finished);
    }
    auto w = window();
    QVERIFY(w->open_run(run));
    QSignalSpy finished(w.get(), &MainWindow::runFinished);
    QVERIFY(w->start_adaptive_run());
    QVERIFY2(w->statusBar()->currentMessage().contains("Skipped") &&
                 w->statusBar()->currentMessage().contains("alexnet"),
             qPrintable(w->statusBar()->currentMessage()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    QCOMPARE(finished.at(0).at(0).value<RunStatus>(), RunStatus::Finished);
    QVERIFY2(w->statusBar()->currentMessage().contains("alexnet"), qPrintable(w->statusBar()->currentMessage()));
    QCOMPARE(w->snapshot().points.size(), points.size() + 1);
    const Point& adaptive = w->snapshot().points.back();
    QCOMPARE(adaptive.model, std::string("lenet"));
    QVERIFY2(adaptive.success, adaptive.error.c_str());
    QCOMPARE(adaptive.plan->source_run, run);
    QCOMPARE(ResultsStore(db_).load_run(w->shown_run()).summary.label, adaptive_run_label(run));
  }

  void cleanupTestCase() {
    QSettings().clear();
  }
};

QTEST_MAIN(TestUiAdaptiveRun)
#include "test_ui_adaptive_run.moc"
