// BenchmarkWorker on its own QThread: points and progress arrive as queued signals and in the store,
// Stop ends a sweep within one layer keeping every finished point, and a store that cannot be
// opened fails the run with one sentence.
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>

#include <filesystem>
#include <QtTest>

#include "core/store/results_store.h"
#include "tests/ui_test_support.h"
#include "ui/benchmark_worker.h"

using namespace cnn;
using namespace cnn::ui;

class TestUiWorker : public QObject {
  Q_OBJECT

 private:
  ui_test::Environment env_;
  QTemporaryDir tmp_;
  QThread thread_;
  std::unique_ptr<BenchmarkWorker> worker_;
  std::filesystem::path db_;

  void start(const SweepRequest& request) {
    QMetaObject::invokeMethod(worker_.get(), [w = worker_.get(), request] { w->run(request); }, Qt::QueuedConnection);
  }

 private slots:
  void initTestCase() {
    register_metatypes();
    QVERIFY(tmp_.isValid());
    thread_.start();
  }
  void init() {
    static int n = 0;
    db_ = tmp_.filePath(QString("store-%1.sqlite").arg(++n)).toStdString();
    worker_ = std::make_unique<BenchmarkWorker>(env_.models, env_.backends, db_);
    worker_->moveToThread(&thread_);
  }
  void cleanup() {
    QTRY_VERIFY_WITH_TIMEOUT(!worker_->busy(), 120000);
    // The worker lives in thread_; delete it there, then wait until that happened.
    BenchmarkWorker* w = worker_.release();
    QMetaObject::invokeMethod(w, [w] { delete w; }, Qt::BlockingQueuedConnection);
  }
  void cleanupTestCase() {
    thread_.quit();
    thread_.wait();
  }

  void emitsPointsAndFinishes_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("lib");
    QTest::addColumn<QList<int>>("batches");
    QTest::newRow("lenet reference 1,2") << "lenet" << "reference" << QList<int>{1, 2};
    QTest::newRow("lenet reference 3") << "lenet" << "reference" << QList<int>{3};
    QTest::newRow("lenet openblas 1,2") << "lenet" << "openblas" << QList<int>{1, 2};
  }
  void emitsPointsAndFinishes() {
    QFETCH(QString, model);
    QFETCH(QString, lib);
    QFETCH(QList<int>, batches);
    Backend* backend = env_.backends.find(lib.toStdString());
    if (!backend || !backend->info().available) QSKIP("library not available in this build");

    QSignalSpy started(worker_.get(), &BenchmarkWorker::runStarted);
    QSignalSpy points(worker_.get(), &BenchmarkWorker::pointMeasured);
    QSignalSpy progress(worker_.get(), &BenchmarkWorker::progress);
    QSignalSpy finished(worker_.get(), &BenchmarkWorker::finished);
    start(ui_test::sweep(model.toStdString(), lib.toStdString(), {batches.begin(), batches.end()}));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);

    QCOMPARE(started.count(), 1);
    QCOMPARE(started.at(0).at(2).toInt(), int(batches.size()));
    QCOMPARE(finished.at(0).at(0).value<RunStatus>(), RunStatus::Finished);
    QVERIFY(!finished.at(0).at(1).toString().isEmpty());
    QVERIFY(progress.count() >= 1);
    const Progress first = progress.at(0).at(0).value<Progress>();
    QCOMPARE(first.points, int(batches.size()));
    QCOMPARE(QString::fromStdString(first.model), model);
    QCOMPARE(points.count(), int(batches.size()));
    for (int i = 0; i < points.count(); ++i) {
      const Point p = points.at(i).at(0).value<Point>();
      QVERIFY2(p.success, p.error.c_str());
      QCOMPARE(p.batch, batches[i]);
      QCOMPARE(QString::fromStdString(p.lib), lib);
      QCOMPARE(p.time_fw_ms.size(), std::size_t(1));
      QVERIFY(!p.layers.empty());
    }

    // Every signalled point is in the store, in order, and the run is finished.
    const qint64 run_id = started.at(0).at(0).toLongLong();
    QVERIFY(run_id > 0);
    const StoredRun stored = ResultsStore(db_).load_run(run_id);
    QCOMPARE(stored.summary.status, RunStatus::Finished);
    QCOMPARE(int(stored.points.size()), points.count());
    for (int i = 0; i < points.count(); ++i) {
      const Point p = points.at(i).at(0).value<Point>();
      QCOMPARE(stored.points[std::size_t(i)].batch, p.batch);
      QCOMPARE(stored.points[std::size_t(i)].time_fw_ms, p.time_fw_ms);
    }
  }

  // Stop while the second point is measured: the sweep ends soon, with the first point kept.
  void stopMidRunKeepsFinishedPoints() {
    QSignalSpy started(worker_.get(), &BenchmarkWorker::runStarted);
    QSignalSpy points(worker_.get(), &BenchmarkWorker::pointMeasured);
    QSignalSpy finished(worker_.get(), &BenchmarkWorker::finished);
    bool stopped = false;
    QElapsedTimer since_stop;
    const auto stopper = connect(worker_.get(), &BenchmarkWorker::progress, this, [&](const Progress& p) {
      if (!stopped && p.point >= 1) {
        worker_->stop();  // directly, from this (the UI) thread, while run() is busy
        since_stop.start();
        stopped = true;
      }
    });
    const std::vector<int> batches = {1, 2, 4, 8};
    start(ui_test::sweep("alexnet", "reference", batches, 2));
    const auto disconnect_stopper = qScopeGuard([&] { disconnect(stopper); });
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 300000);
    QVERIFY(stopped);
    qInfo("Stop took %lld ms to end the sweep", static_cast<long long>(since_stop.elapsed()));
    QVERIFY2(since_stop.elapsed() < 60000, "Stop did not end the sweep within 60 s");

    QCOMPARE(finished.at(0).at(0).value<RunStatus>(), RunStatus::Cancelled);
    QVERIFY(points.count() >= 1);
    QVERIFY(points.count() < int(batches.size()));
    const StoredRun stored = ResultsStore(db_).load_run(started.at(0).at(0).toLongLong());
    QCOMPARE(stored.summary.status, RunStatus::Cancelled);
    QCOMPARE(int(stored.points.size()), points.count());
    QVERIFY(stored.points.front().success);
  }

  // A stop that comes before the queued run starts still stops it; the next run is not affected.
  void stopBeforeStartCancelsOnlyThatRun() {
    QSignalSpy points(worker_.get(), &BenchmarkWorker::pointMeasured);
    QSignalSpy finished(worker_.get(), &BenchmarkWorker::finished);
    worker_->stop();
    start(ui_test::sweep("lenet", "reference", {1, 2}));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(finished.at(0).at(0).value<RunStatus>(), RunStatus::Cancelled);
    QCOMPARE(points.count(), 0);

    start(ui_test::sweep("lenet", "reference", {1}));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60000);
    QCOMPARE(finished.at(1).at(0).value<RunStatus>(), RunStatus::Finished);
    QCOMPARE(points.count(), 1);
  }

  void unusableStoreFailsTheRun() {
    QSignalSpy started(worker_.get(), &BenchmarkWorker::runStarted);
    QSignalSpy finished(worker_.get(), &BenchmarkWorker::finished);
    BenchmarkWorker* bad = new BenchmarkWorker(env_.models, env_.backends, tmp_.path().toStdString());  // a folder
    bad->moveToThread(&thread_);
    QSignalSpy bad_finished(bad, &BenchmarkWorker::finished);
    const SweepRequest request = ui_test::sweep("lenet", "reference", {1});
    QMetaObject::invokeMethod(bad, [bad, request] { bad->run(request); }, Qt::QueuedConnection);
    QTRY_COMPARE_WITH_TIMEOUT(bad_finished.count(), 1, 60000);
    QCOMPARE(bad_finished.at(0).at(0).value<RunStatus>(), RunStatus::Failed);
    const QString message = bad_finished.at(0).at(1).toString();
    QVERIFY2(message.contains(tmp_.path()), qPrintable(message));
    QMetaObject::invokeMethod(bad, [bad] { delete bad; }, Qt::BlockingQueuedConnection);
    QCOMPARE(started.count(), 0);
  }

  // The store under concurrent reads while a sweep writes (WAL): a reader on this thread, with its own
  // ResultsStore, lists and loads the run while the worker's sweep commits points; every read is a
  // consistent prefix of the run, and the last one holds every point.
  void storeReadsWhileASweepWrites() {
    QSignalSpy finished(worker_.get(), &BenchmarkWorker::finished);
    start(ui_test::sweep("lenet", "reference", {1, 2, 3, 4}));
    std::size_t last_seen = 0;
    int reads = 0;
    while (finished.count() == 0) {
      QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
      std::error_code ec;
      if (!std::filesystem::exists(db_, ec)) continue;
      const ResultsStore reader(db_);
      for (const RunSummary& run : reader.list_runs()) {
        const StoredRun stored = reader.load_run(run.id);
        QCOMPARE(std::size_t(run.points) <= stored.points.size(), true);  // points only ever arrive
        QVERIFY(stored.points.size() >= last_seen);
        last_seen = stored.points.size();
        for (std::size_t i = 0; i < stored.points.size(); ++i) QCOMPARE(stored.points[i].batch, int(i) + 1);
        ++reads;
      }
    }
    QCOMPARE(finished.at(0).at(0).value<RunStatus>(), RunStatus::Finished);
    QCOMPARE(ResultsStore(db_).load_run(ResultsStore(db_).list_runs().front().id).points.size(), std::size_t(4));
    QVERIFY(reads > 0);
  }

  // Measure this machine: one progress signal per ceiling and a last "done", then the record, which
  // is in the store as measured; the worker is free for a sweep afterwards.
  void measuresTheMachineOnItsThread() {
    QSignalSpy progress(worker_.get(), &BenchmarkWorker::machineProgress);
    QSignalSpy measured(worker_.get(), &BenchmarkWorker::machineMeasured);
    QSignalSpy finished(worker_.get(), &BenchmarkWorker::finished);
    BenchmarkWorker* w = worker_.get();
    QMetaObject::invokeMethod(w, [w] { w->measure_machine(1); }, Qt::QueuedConnection);
    QTRY_COMPARE_WITH_TIMEOUT(measured.count(), 1, 120000);
    QCOMPARE(finished.count(), 0);
    const auto record = measured.at(0).at(0).value<MachineRecord>();
    QCOMPARE(record.threads, 1);
    QVERIFY(!record.ceilings.empty());  // at least the host triad
    QVERIFY2(measured.at(0).at(1).toString().contains(QString::fromStdString(db_)), qPrintable(measured.at(0).at(1).toString()));
    QVERIFY(progress.count() >= 2);
    const QList<QVariant> last = progress.last();
    QCOMPARE(last.at(1).toInt(), last.at(2).toInt());  // done == total
    QVERIFY(ResultsStore(db_).latest_machine(record.cpu) == record);
    QVERIFY(!worker_->busy());
  }

  void emptyRequestFails() {
    QSignalSpy finished(worker_.get(), &BenchmarkWorker::finished);
    start(SweepRequest{});
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(finished.at(0).at(0).value<RunStatus>(), RunStatus::Failed);
    QVERIFY(finished.at(0).at(1).toString().startsWith("Nothing to run"));
  }
};

QTEST_GUILESS_MAIN(TestUiWorker)
#include "test_ui_worker.moc"
