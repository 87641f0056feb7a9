// The SQLite results store: lossless round trips, replacing a point in place, the run list, finish
// status, and a writer SIGKILLed mid-run that keeps every point it reported committed.
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/store/results_store.h"
#include "core/store/store_schema.h"
#include "tests/store_fixtures.h"

using namespace cnn;
using namespace store_fixtures;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(std::vector<cnn::Point>)
Q_DECLARE_METATYPE(cnn::RunStatus)


namespace {

std::string same_selection(const Selection& a, const Selection& b) {
  if (a.models != b.models || a.libs != b.libs || a.batches != b.batches) return "models/libs/batches";
  if (a.graphs != b.graphs) return "graphs";
  const auto &x = a.config, &y = b.config;
  if (x.threads != y.threads || x.warmup != y.warmup || x.allow_tf32 != y.allow_tf32 || x.seed != y.seed)
    return "config";
  const auto &r = x.reps, &q = y.reps;
  if (r.min_reps != q.min_reps || r.min_time_s != q.min_time_s || r.max_reps != q.max_reps || r.rounds != q.rounds ||
      r.noise_threshold != q.noise_threshold)
    return "repetition rule";
  return {};
}

bool same_platform(const Platform& a, const Platform& b) {
  return a.cpu == b.cpu && a.os == b.os && a.compiler == b.compiler && a.version == b.version &&
         a.cores == b.cores && a.started_at == b.started_at && a.libraries == b.libraries;
}

}  // namespace

class TestStore : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  fs::path file(const char* name) const { return fs::path(dir_.path().toStdString()) / name; }

 private slots:
  void roundTrip_data() {
    QTest::addColumn<std::vector<Point>>("points");
    QTest::newRow("no points") << std::vector<Point>{};
    QTest::newRow("measured points with layers") << std::vector<Point>{make_point(0), make_point(1, 30, 9)};
    QVERIFY(make_point(1).accuracy && !make_point(0).accuracy);  // one with a measured top-1, one without
    QTest::newRow("a failed point") << std::vector<Point>{make_point(6)};
    Point odd = make_point(3, 3, 2);
    odd.layers[0].time_ms = {0.1 + 0.2, std::numeric_limits<double>::denorm_min(), 1e308, 0.0};  // not -0.0, see the store
    odd.layers[1].time_ms = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()};
    odd.layers[2].time_ms = {};
    std::swap(odd.layers[0], odd.layers[2]);  // not in graph order
    odd.layers[1].macs = std::numeric_limits<std::uint64_t>::max();
    odd.memory.measured_bytes = std::uint64_t(1) << 63;
    odd.model = "réseau \"ünïcode\" ✓";
    odd.error = "";
    odd.precision = Precision::FP16;
    odd.accuracy = AccuracyReading{"jeu \"ünïcode\", test", 0, 0};  // nothing classified, yet a reading
    QTest::newRow("odd values") << std::vector<Point>{make_point(2), odd, make_point(13), make_point(4)};
  }
  void roundTrip() {
    QFETCH(std::vector<Point>, points);
    const fs::path path = file("roundtrip.sqlite");
    fs::remove(path);
    std::int64_t run = 0;
    {
      ResultsStore store(path);
      run = store.begin_run(make_platform(), make_selection(), "round trip");
      for (const auto& p : points) store.add_point(run, p);
      store.finish_run(run, RunStatus::Finished);
    }
    ResultsStore store(path);  // reopened: what is on disk, not in a cache
    const StoredRun loaded = store.load_run(run);
    QVERIFY(same_platform(loaded.platform, make_platform()));
    QVERIFY2(same_selection(loaded.selection, make_selection()).empty(),
             same_selection(loaded.selection, make_selection()).c_str());
    QCOMPARE(loaded.summary.label, std::string("round trip"));
    QCOMPARE(loaded.summary.started_at, make_platform().started_at);
    QCOMPARE(loaded.summary.status, RunStatus::Finished);
    QVERIFY(!loaded.summary.finished_at.empty());
    QCOMPARE(loaded.points.size(), points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
      const std::string diff = same_point(loaded.points[i], points[i]);
      QVERIFY2(diff.empty(), ("point " + std::to_string(i) + ": " + diff).c_str());
    }
  }

  // A later record of a point (more repetitions) replaces it in place: same id, same place in the
  // run, its old repetitions, layers and plan gone.
  void replacePointInPlace() {
    const fs::path path = file("replace.sqlite");
    fs::remove(path);
    ResultsStore store(path);
    const auto run = store.begin_run(make_platform(), make_selection(), "replace");
    const auto first = store.add_point(run, make_point(4, 3, 2));  // an adaptive point with a plan
    store.add_point(run, make_point(1));
    Point later = make_point(0, 2, 6);
    later.visits = 3;
    store.replace_point(first, later);
    const StoredRun loaded = store.load_run(run);
    QCOMPARE(loaded.points.size(), std::size_t(2));
    QVERIFY2(same_point(loaded.points[0], later).empty(), same_point(loaded.points[0], later).c_str());
    QVERIFY2(same_point(loaded.points[1], make_point(1)).empty(), "the other point is untouched");
    QCOMPARE(raw_sql(path, "SELECT count(*) FROM point_plans"), std::string("0"));
    QCOMPARE(raw_sql(path, "SELECT count(*) FROM layers WHERE point_id = " + std::to_string(first)), std::string("2"));
    QCOMPARE(raw_sql(path, "SELECT min(id) FROM points"), std::to_string(first));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, store.replace_point(first + 100, later));
  }

  // A store written before schema version 4 (a run and a point made with versions 1-3 only) opens,
  // is brought up to date, and its point shows the new fields as absent, never as zero.
  void listRuns() {
    const fs::path path = file("list.sqlite");
    ResultsStore store(path);
    QVERIFY(store.list_runs().empty());
    Selection plan = make_selection();
    const auto first = store.begin_run(make_platform(), plan, "first");
    for (int i = 0; i < 5; ++i) store.add_point(first, make_point(i));
    store.finish_run(first, RunStatus::Finished);
    plan.models = {"vgg16"};
    plan.libs = {{"reference", {Precision::FP32}}};
    Platform other = make_platform();
    other.cpu = "AMD EPYC Test";
    other.cores = 2;
    other.started_at.clear();  // begin_run stamps the current time
    const auto second = store.begin_run(other, plan, "");
    store.add_point(second, make_point(6));

    const auto runs = store.list_runs();
    QCOMPARE(runs.size(), std::size_t(2));
    QCOMPARE(runs[0].id, second);  // newest first
    QCOMPARE(runs[0].label, std::string());
    QCOMPARE(runs[0].cpu, std::string("AMD EPYC Test"));
    QCOMPARE(runs[0].cores, 2);
    QCOMPARE(runs[0].models, std::vector<std::string>{"vgg16"});
    QCOMPARE(runs[0].libs, std::vector<std::string>{"reference"});
    QCOMPARE(runs[0].points, std::int64_t(1));
    QCOMPARE(runs[0].status, RunStatus::Running);
    QVERIFY(runs[0].finished_at.empty());
    QCOMPARE(runs[0].started_at.size(), std::string("2026-11-21T14:41:00Z").size());
    QCOMPARE(runs[1].id, first);
    QCOMPARE(runs[1].label, std::string("first"));
    QCOMPARE(runs[1].cpu, make_platform().cpu);
    QCOMPARE(runs[1].models, make_selection().models);
    QCOMPARE(runs[1].libs, make_selection().lib_ids());
    QCOMPARE(runs[1].points, std::int64_t(5));
    QCOMPARE(runs[1].status, RunStatus::Finished);

    store.delete_run(first);  // its points, timings and layers go with it
    QCOMPARE(store.list_runs().size(), std::size_t(1));
    QCOMPARE(raw_sql(path, "SELECT count(*) FROM points"), std::string("1"));
    QCOMPARE(raw_sql(path, "SELECT count(*) FROM layers l JOIN points p ON p.id = l.point_id"),
             raw_sql(path, "SELECT count(*) FROM layers"));
  }

  void finishStatus_data() {
    QTest::addColumn<RunStatus>("status");
    QTest::newRow("finished") << RunStatus::Finished;
    QTest::newRow("cancelled") << RunStatus::Cancelled;
    QTest::newRow("failed") << RunStatus::Failed;
  }
  void finishStatus() {
    QFETCH(RunStatus, status);
    ResultsStore store(file("status.sqlite"));
    const auto run = store.begin_run(make_platform(), make_selection(), "status");
    QCOMPARE(store.load_run(run).summary.status, RunStatus::Running);
    store.finish_run(run, status);
    const auto loaded = store.load_run(run);
    QCOMPARE(loaded.summary.status, status);
    QVERIFY(!loaded.summary.finished_at.empty());
    QCOMPARE(parse_run_status(to_string(status)), std::optional<RunStatus>(status));
  }

  // Each point is visible to another connection as soon as add_point returns.
  void committedAtOnce() {
    const fs::path path = file("at_once.sqlite");
    ResultsStore writer(path), reader(path);
    const auto run = writer.begin_run(make_platform(), make_selection(), "live");
    for (int i = 0; i < 4; ++i) {
      writer.add_point(run, make_point(i));
      QCOMPARE(reader.load_run(run).points.size(), std::size_t(i + 1));
    }
  }

  void unknownRun() {
    const fs::path path = file("unknown.sqlite");
    ResultsStore store(path);
    for (auto f : {+[](ResultsStore& s) { s.add_point(42, make_point(0)); },
                   +[](ResultsStore& s) { s.finish_run(42, RunStatus::Finished); },
                   +[](ResultsStore& s) { (void)s.load_run(42); }}) {
      try {
        f(store);
        QFAIL("expected std::runtime_error");
      } catch (const std::runtime_error& e) {
        QVERIFY2(std::string(e.what()).find(path.string()) != std::string::npos, e.what());
        QVERIFY2(std::string(e.what()).find("run 42") != std::string::npos, e.what());
      }
    }
    QVERIFY(store.list_runs().empty());
  }

  void sigkillKeepsCommittedPoints_data() {
    QTest::addColumn<int>("kill_after");
    QTest::addColumn<int>("layers");
    QTest::newRow("after 1 point") << 1 << 100;
    QTest::newRow("after 10 points") << 10 << 100;
    QTest::newRow("after 60 points") << 60 << 20;
  }
  void sigkillKeepsCommittedPoints() {
    QFETCH(int, kill_after);
    QFETCH(int, layers);
    const fs::path path = file("killed.sqlite");
    QProcess child;
    child.start(STORE_WRITER_PATH, {QString::fromStdString(path.string()), QString::number(layers)});
    QVERIFY(child.waitForStarted());
    QByteArray out;
    auto lines = [&] { return out.left(out.lastIndexOf('\n')).split('\n'); };  // complete lines only
    while (!out.contains('\n') || lines().size() <= kill_after) {
      QVERIFY2(child.waitForReadyRead(60000), qPrintable(child.readAllStandardError()));
      out += child.readAllStandardOutput();
    }
    child.kill();  // SIGKILL on Unix
    QVERIFY(child.waitForFinished());
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    out += child.readAllStandardOutput();  // what it reported before it died

    const auto reported = lines();
    QVERIFY(reported.first().startsWith("run "));
    const std::int64_t run = reported.first().mid(4).toLongLong();
    const int committed = reported.size() > 1 ? reported.last().toInt() : 0;
    QVERIFY(committed >= kill_after);

    QCOMPARE(raw_sql(path, "PRAGMA integrity_check"), std::string("ok"));
    ResultsStore store(path);
    const StoredRun loaded = store.load_run(run);
    qInfo("%d points reported committed, %zu stored", committed, loaded.points.size());
    QCOMPARE(loaded.summary.status, RunStatus::Running);
    QVERIFY2(loaded.points.size() == std::size_t(committed) || loaded.points.size() == std::size_t(committed) + 1,
             qPrintable(QString("%1 points stored, %2 reported").arg(loaded.points.size()).arg(committed)));
    for (std::size_t i = 0; i < loaded.points.size(); ++i) {
      const std::string diff = same_point(loaded.points[i], make_point(int(i), layers));
      QVERIFY2(diff.empty(), ("point " + std::to_string(i) + ": " + diff).c_str());
    }
    store.finish_run(run, RunStatus::Failed);  // the file takes writes again
    QCOMPARE(store.load_run(run).summary.status, RunStatus::Failed);
  }
};

QTEST_GUILESS_MAIN(TestStore)
#include "test_store.moc"