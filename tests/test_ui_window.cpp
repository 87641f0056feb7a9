// The window (offscreen): default selection, library and model tooltips, a sweep that fills the
// table and snapshot and is stored, a stored run opened again, the newest stored run opened at start
// (or how to start when there is none), coalesced redraws, settings that persist, closing during a
// sweep, and the longest event-loop gap while a sweep runs.
#include <QCheckBox>
#include <QElapsedTimer>
#include <QImage>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "core/store/results_store.h"
#include "tests/store_fixtures.h"
#include "tests/ui_test_support.h"
#include "ui/batch_size_editor.h"
#include "ui/chart_refresher.h"
#include "ui/charts/chart_panel.h"
#include "ui/charts/chart_style.h"
#include "ui/control_panel.h"
#include "ui/library_chooser.h"
#include "ui/main_window.h"
#include "ui/metatypes.h"
#include "ui/progress_panel.h"
#include "ui/results_table_model.h"

using namespace cnn;
using namespace cnn::ui;

class TestUiWindow : public QObject {
  Q_OBJECT

 private:
  ui_test::Environment env_;
  QTemporaryDir tmp_;
  std::filesystem::path db_;

  std::unique_ptr<MainWindow> window() { return std::make_unique<MainWindow>(env_.models, env_.backends, db_); }

  // A small sweep, chosen through the control panel.
  static void choose(MainWindow& w, const QString& model, const QString& batches, int reps) {
    w.control_panel()->set_models({model});
    w.control_panel()->libraries()->set_checked({"reference/fp32"});
    w.control_panel()->batch_sizes()->set_list(batches);
    w.control_panel()->set_measurement(reps, 0, 1);
  }

 private slots:
  void initTestCase() {
    register_metatypes();
    QVERIFY(tmp_.isValid());
    QCoreApplication::setOrganizationName("cnn-explorer-test");
    QCoreApplication::setApplicationName("test_ui_window");
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, tmp_.filePath("settings"));
    QSettings().clear();
    db_ = tmp_.filePath("store.sqlite").toStdString();
  }

  void defaultSelection() {
    QSettings().clear();
    auto w = window();
    QCOMPARE(w->control_panel()->checked_models().size(), int(env_.models.all().size()));
    QStringList available;
    for (Backend* b : env_.backends.all())
      if (b->info().available) available << QString::fromStdString(b->info().id);
    QCOMPARE(w->control_panel()->libraries()->available_ids(), available);
    // Checked by default: every available library but the reference oracle.
    QStringList checked;
    for (Backend* b : env_.backends.default_selection())
      if (b->info().available) checked << QString::fromStdString(b->info().id);
    QVERIFY(!checked.contains("reference") && !checked.isEmpty());
    QCOMPARE(w->control_panel()->libraries()->choices().size(), std::size_t(checked.size()));
    QCOMPARE(w->control_panel()->batch_sizes()->batches(), (std::vector<int>{2, 4, 6, 8, 10, 12, 14, 16}));
    const auto request = w->control_panel()->request();
    QVERIFY(request.has_value());
    QCOMPARE(request->points(), int(env_.models.all().size()) * int(checked.size()) * 8);
    QCOMPARE(request->selection.graphs, std::vector<GraphMode>{GraphMode::Caffe});  // Caffe layers by default
    QCOMPARE(request->selection.schedulers, std::vector<Scheduler>{Scheduler::Sequential});  // and sequential
  }

  void tooltipsDescribeModelsAndUnavailableLibraries() {
    auto w = window();
    const QString tip = model_tooltip(env_.models, "alexnet");
    QVERIFY2(tip.contains("MACs") && tip.contains("parameters") && tip.contains("top-1") && tip.contains("227"),
             qPrintable(tip));
    int unavailable = 0;
    for (Backend* b : env_.backends.all()) {
      const BackendInfo info = b->info();
      if (info.available) continue;
      ++unavailable;
      bool found = false;
      for (QCheckBox* box : w->control_panel()->findChildren<QCheckBox*>()) {
        if (!box->text().startsWith(QString::fromStdString(info.id) + " ")) continue;
        found = true;
        QVERIFY(!box->isEnabled());
        QVERIFY2(box->toolTip().contains(QString::fromStdString(info.why_not)), qPrintable(box->toolTip()));
      }
      QVERIFY2(found, info.id.c_str());
    }
    if (unavailable == 0) QSKIP("every compiled-in library is available here");
  }

  void emptySelectionIsRefused() {
    auto w = window();
    w->control_panel()->set_models({});
    QVERIFY(!w->start_run());
    QVERIFY(!w->running());
    w->control_panel()->set_models({"lenet"});
    w->control_panel()->batch_sizes()->set_list("0,x");
    QString problem;
    QVERIFY(!w->control_panel()->request(&problem));
    QVERIFY(!problem.isEmpty());
  }

  void sweepFillsTableAndStore() {
    auto w = window();
    choose(*w, "lenet", "1,2", 1);
    QSignalSpy finished(w.get(), &MainWindow::runFinished);
    QVERIFY(w->start_run());
    QVERIFY(w->running());
    QVERIFY(!w->control_panel()->run_button()->isEnabled());
    QVERIFY(w->control_panel()->stop_button()->isEnabled());
    QVERIFY(!w->start_run());  // one sweep at a time
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    QCOMPARE(finished.at(0).at(0).value<RunStatus>(), RunStatus::Finished);
    QVERIFY(!w->running());
    QVERIFY(w->control_panel()->run_button()->isEnabled());

    const auto& points = w->snapshot().points;
    QCOMPARE(points.size(), std::size_t(2));
    QCOMPARE(w->table_model()->rowCount(), 2);
    for (int r = 0; r < 2; ++r) {
      QCOMPARE(w->table_model()->point(r).batch, points[std::size_t(r)].batch);
      QCOMPARE(w->table_model()->point(r).time_fw_ms, points[std::size_t(r)].time_fw_ms);
    }
    QVERIFY(w->shown_run() > 0);
    const StoredRun stored = ResultsStore(db_).load_run(w->shown_run());
    QCOMPARE(stored.points.size(), points.size());
    QCOMPARE(stored.summary.label, std::string());

    // The same run, opened from the store in another window.
    auto other = window();
    QVERIFY(other->open_run(w->shown_run()));
    QCOMPARE(other->table_model()->rowCount(), 2);
    QCOMPARE(other->snapshot().points[1].time_fw_ms, points[1].time_fw_ms);

    // Export all from the window: one strip per chart.
    const QString dir = tmp_.filePath("window-export");
    const QStringList files = w->export_all_charts(dir, QSize(1000, 200));
    QCOMPARE(files.size(), int(w->charts().size()));
    for (const QString& f : files) QCOMPARE(QImage(f).size(), QSize(1000, 200));
  }

  // At start: the newest run that has points (a newer run cancelled before its first point is passed over).
  void opensTheNewestStoredRun() {
    const std::filesystem::path db = tmp_.filePath("two-runs.sqlite").toStdString();
    std::int64_t newer = 0;
    {
      using namespace store_fixtures;
      ResultsStore store(db);
      const std::int64_t older = store.begin_run(make_platform(), make_selection(), "older");
      for (int i = 0; i < 3; ++i) store.add_point(older, make_point(i));
      store.finish_run(older, RunStatus::Finished);
      newer = store.begin_run(make_platform(), make_selection(), "newer");
      for (int i = 10; i < 12; ++i) store.add_point(newer, make_point(i));
      store.finish_run(newer, RunStatus::Finished);
      const std::int64_t empty = store.begin_run(make_platform(), make_selection(), "stopped at once");
      store.finish_run(empty, RunStatus::Cancelled);
      QVERIFY(empty > newer && newer > older);
    }
    MainWindow w(env_.models, env_.backends, db);
    QCOMPARE(w.shown_run(), std::int64_t(0));  // the constructor reads no store
    QVERIFY(w.open_newest_run());
    QCOMPARE(w.shown_run(), newer);
    QCOMPARE(w.snapshot().points.size(), std::size_t(2));
    QCOMPARE(w.snapshot().points[0].time_fw_ms, store_fixtures::make_point(10).time_fw_ms);
    QCOMPARE(w.snapshot().points[1].model, store_fixtures::make_point(11).model);
    QCOMPARE(w.table_model()->rowCount(), 2);
    QVERIFY2(w.windowTitle().contains(QString("run %1 (newer)").arg(newer)), qPrintable(w.windowTitle()));
    const QString status = w.statusBar()->currentMessage();
    QVERIFY2(status.startsWith(QString("Showing run %1 ").arg(newer)) && status.contains(": 2 points. "),
             qPrintable(status));
    w.refresher()->refresh_all();
    QCOMPARE(chart_message(w.charts().front()->chart()), QString());  // the charts draw the run
  }

  // No stored run (an empty store, or none yet): the status line and the empty charts say how to start.
  void withoutStoredRunsSaysHowToStart_data() {
    QTest::addColumn<bool>("create");
    QTest::newRow("empty store") << true;
    QTest::newRow("no store file yet") << false;
  }
  void withoutStoredRunsSaysHowToStart() {
    QFETCH(bool, create);
    const std::filesystem::path db = tmp_.filePath(create ? "empty.sqlite" : "not-yet.sqlite").toStdString();
    if (create) {
      const ResultsStore created(db);
    }
    MainWindow w(env_.models, env_.backends, db);
    QVERIFY(!w.open_newest_run());
    QCOMPARE(w.shown_run(), std::int64_t(0));
    QVERIFY(w.snapshot().points.empty());
    const QString status = w.statusBar()->currentMessage();
    QCOMPARE(status, QStringLiteral("No stored runs yet: choose models, libraries and batch sizes, then Run "
                                    "(or Sweep > Run)."));
    QCOMPARE(std::filesystem::exists(db), create);  // looking does not create the store
    w.refresher()->refresh_all();
    for (ResultsChart* chart : w.charts())
      QCOMPARE(chart_message(chart->chart()), kNoResults + QLatin1Char('\n') + status);
  }

  // A store that cannot be read: one sentence on the status line naming it, no dialog, nothing shown.
  void anUnreadableStoreIsOneQuietLine() {
    const QString path = tmp_.filePath("not-a-store.sqlite");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    MainWindow w(env_.models, env_.backends, path.toStdString());
    QVERIFY(!w.open_newest_run());  // a message box would block here
    QCOMPARE(w.shown_run(), std::int64_t(0));
    const QString status = w.statusBar()->currentMessage();
    QVERIFY2(status.contains("not-a-store.sqlite") && status.endsWith('.'), qPrintable(status));
  }

  void progressLine_data() {
    QTest::addColumn<QString>("phase");
    QTest::addColumn<int>("repetition");
    QTest::addColumn<double>("eta");
    QTest::addColumn<QString>("expected");
    QTest::newRow("fused graph") << "measuring fused" << 3 << 75.4
                                 << "Round 2/3 · point 3/40: alexnet · openblas/fp32, fused · batch 8 · measuring 4/5 · ETA 1:15";
    QTest::newRow("warm-up, ETA unknown") << "warm-up" << 0 << -1.0
                                          << "Round 2/3 · point 3/40: alexnet · openblas/fp32 · batch 8 · warm-up 1/2 · ETA estimating";
    QTest::newRow("measuring, minutes") << "measuring" << 3 << 75.4
                                        << "Round 2/3 · point 3/40: alexnet · openblas/fp32 · batch 8 · measuring 4/5 · ETA 1:15";
    QTest::newRow("measuring, hours") << "measuring" << 0 << 3725.0
                                      << "Round 2/3 · point 3/40: alexnet · openblas/fp32 · batch 8 · measuring 1/5 · ETA 1:02:05";
  }
  void progressLine() {
    QFETCH(QString, phase);
    QFETCH(int, repetition);
    QFETCH(double, eta);
    QFETCH(QString, expected);
    ProgressPanel panel;
    panel.begin(40);
    Progress p;
    p.point = 2;
    p.points = 40;
    p.round = 2;
    p.rounds = 3;
    p.visits_done = 42;
    p.visits = 120;
    p.repetitions = phase == "warm-up" ? 2 : 5;
    p.model = "alexnet";
    p.lib = "openblas";
    p.precision = "fp32";
    p.batch = 8;
    if (phase.endsWith(" fused")) {  // the row of a fused point
      phase.chop(6);
      p.graph = GraphMode::Fused;
    }
    p.phase = phase.toStdString();
    p.repetition = repetition;
    p.eta_s = eta;
    panel.show_progress(p);
    QCOMPARE(panel.current_text(), expected);
  }

  void redrawsAreCoalesced() {
    auto w = window();
    w->tabs()->setCurrentIndex(0);
    QTRY_VERIFY(!w->refresher()->pending());
    const int before = w->refresher()->refreshes();
    for (int i = 0; i < 100; ++i) w->refresher()->schedule();
    QVERIFY(w->refresher()->pending());
    QTRY_VERIFY(!w->refresher()->pending());
    const int expected = w->charts().empty() ? 0 : 1;  // the chart on the current tab, once
    QCOMPARE(w->refresher()->refreshes() - before, expected);
    w->refresher()->refresh_all();  // the others were marked dirty
    QCOMPARE(w->refresher()->refreshes() - before, int(w->charts().size()));
  }

  // A change scheduled but not yet drawn is drawn by refresh_all() (as before an export), on the
  // current tab's chart too, although the timer that would have drawn it is cancelled.
  void refreshAllDrawsAPendingChange() {
    auto w = window();
    w->tabs()->setCurrentIndex(0);
    QTRY_VERIFY(!w->refresher()->pending());
    w->refresher()->refresh_all();
    const int before = w->refresher()->refreshes();
    w->refresher()->refresh_all();
    QCOMPARE(w->refresher()->refreshes(), before);  // nothing changed: nothing redrawn
    w->refresher()->schedule();
    QVERIFY(w->refresher()->pending());
    w->refresher()->refresh_all();  // before the timer fires
    QVERIFY(!w->refresher()->pending());
    QCOMPARE(w->refresher()->refreshes() - before, int(w->charts().size()));
  }

  void settingsPersist() {
    QSettings().clear();
    {
      auto w = window();
      w->control_panel()->set_models({"alexnet", "googlenet"});
      w->control_panel()->libraries()->set_checked({"reference/fp32"});
      w->control_panel()->batch_sizes()->set_list("1,4,8");
      w->control_panel()->set_measurement(7, 3, 2);
      w->control_panel()->set_show_published(true);
      w->control_panel()->set_graphs({GraphMode::Caffe, GraphMode::Fused});  // "Both"
      w->control_panel()->set_schedulers({Scheduler::Sequential, Scheduler::Ios});
      w->resize(1000, 700);
      w->save_settings();
    }
    QVERIFY(QSettings().contains("window/geometry"));
    QVERIFY(QSettings().contains("window/splitter"));
    QCOMPARE(QSettings().value("selection/models").toStringList(), (QStringList{"alexnet", "googlenet"}));
    auto w = window();
    QCOMPARE(w->control_panel()->checked_models(), (QStringList{"alexnet", "googlenet"}));
    QCOMPARE(w->control_panel()->libraries()->checked(), QStringList{"reference/fp32"});
    QCOMPARE(w->control_panel()->batch_sizes()->batches(), (std::vector<int>{1, 4, 8}));
    QVERIFY(w->control_panel()->show_published());
    QVERIFY(w->snapshot().show_published);
    const auto request = w->control_panel()->request();
    QVERIFY(request.has_value());
    QCOMPARE(request->selection.config.reps.min_reps, 7);
    QCOMPARE(request->selection.config.warmup, 3);
    QCOMPARE(request->selection.config.threads, 2);
    QCOMPARE(QSettings().value("selection/graph").toString(), QString("caffe,fused"));
    QCOMPARE(request->selection.graphs, (std::vector<GraphMode>{GraphMode::Caffe, GraphMode::Fused}));
    QCOMPARE(QSettings().value("selection/schedule").toString(), QString("sequential,ios"));
    QCOMPARE(request->selection.schedulers, (std::vector<Scheduler>{Scheduler::Sequential, Scheduler::Ios}));
    QCOMPARE(request->points(), 2 * 1 * 3 * 2 * 2);  // models x libraries x batches x graph modes x schedulers
    w->control_panel()->set_graphs({GraphMode::Fused});
    QCOMPARE(w->control_panel()->request()->selection.graphs, std::vector<GraphMode>{GraphMode::Fused});
    w->control_panel()->set_schedulers({});  // none ticked: sequential
    QCOMPARE(w->control_panel()->request()->selection.schedulers, std::vector<Scheduler>{Scheduler::Sequential});
    QSettings().clear();
  }

  // Closing the window mid-sweep stops it, waits for the worker, and keeps every finished point.
  void closingDuringARunKeepsFinishedPoints() {
    auto w = window();
    choose(*w, "alexnet", "1,2,4,8", 1);
    QVERIFY(w->start_run());
    QTRY_VERIFY_WITH_TIMEOUT(w->table_model()->rowCount() >= 1, 300000);
    const std::int64_t run_id = w->shown_run();
    QVERIFY(run_id > 0);
    QVERIFY(w->close());
    const StoredRun stored = ResultsStore(db_).load_run(run_id);
    QCOMPARE(stored.summary.status, RunStatus::Cancelled);
    QVERIFY(stored.points.size() >= std::size_t(w->table_model()->rowCount()));
    QVERIFY(stored.points.size() < 4);
    for (const Point& p : stored.points) QVERIFY(p.success);
  }

  // The UI thread keeps turning while the worker measures: the longest gap between 10 ms ticks.
  void eventLoopStaysResponsive() {
    auto w = window();
    w->show();
    choose(*w, "alexnet", "1,2", 1);
    QSignalSpy finished(w.get(), &MainWindow::runFinished);
    QElapsedTimer clock;
    qint64 last = 0, longest = 0;
    int ticks = 0;
    QTimer ticker;
    ticker.setInterval(10);
    connect(&ticker, &QTimer::timeout, this, [&] {
      const qint64 now = clock.elapsed();
      longest = std::max(longest, now - last);
      last = now;
      ++ticks;
    });
    QVERIFY(w->start_run());
    clock.start();
    ticker.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 300000);
    ticker.stop();
    QCOMPARE(finished.at(0).at(0).value<RunStatus>(), RunStatus::Finished);
    qInfo("event-loop longest gap: %lld ms over %d ticks in %.1f s of sweep (goal < 50 ms, fails above 500 ms)",
          static_cast<long long>(longest), ticks, clock.elapsed() / 1000.0);
    QVERIFY2(longest < 500, "the window froze for more than 500 ms during a sweep");
    QCOMPARE(w->table_model()->rowCount(), 2);
    QVERIFY(w->progress_panel()->current_text().startsWith("Finished"));
  }
};

QTEST_MAIN(TestUiWindow)
#include "test_ui_window.moc"
