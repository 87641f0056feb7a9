// The SQLite results store: lossless round trips, the run list, schema set-up on empty files,
// refusal of foreign or newer files (left byte-identical), unwritable places, and a writer
// SIGKILLed mid-run that keeps every point it reported committed.
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

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

// Runs SQL on its own raw connection; returns the first column of the first row as text.
std::string raw_sql(const fs::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  std::string out;
  sqlite3_exec(
      db, sql.c_str(),
      [](void* o, int n, char** v, char**) {
        auto* s = static_cast<std::string*>(o);
        if (s->empty() && n > 0 && v[0]) *s = v[0];
        return 0;
      },
      &out, nullptr);
  sqlite3_close(db);
  return out;
}

// The message of the std::runtime_error that opening `file` throws; empty when it opens.
QString open_error(const fs::path& file) {
  try {
    ResultsStore store(file);
  } catch (const std::runtime_error& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

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

// The SQL of a store left at schema `version` by an older build, with run 1 (of `status`, its settings
// listing the libraries `libs`, a JSON list's inside) as that build wrote it; its points follow.
std::string older_store(int version, const std::string& status, const std::string& libs) {
  std::string sql;
  for (int v = 0; v < version; ++v) sql += std::string(store_schema::migrations()[std::size_t(v)]);
  return sql + "PRAGMA application_id = " + std::to_string(store_schema::kApplicationId) +
         ";PRAGMA user_version = " + std::to_string(version) +
         ";INSERT INTO runs (started_at, status, platform, settings) VALUES ('2026-11-01T10:00:00Z', '" + status +
         "', '{\"cpu\":\"old\",\"cores\":2}', '{\"models\":[\"lenet\"],\"libs\":[" + libs +
         "],\"precisions\":[\"fp32\"],\"batches\":[1],\"threads\":2,\"warmup\":2,\"repetitions\":5}');";
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
  void olderStoreShowsNewFieldsAbsent() {
    const fs::path path = file("v3.sqlite");
    fs::remove(path);
    std::string sql = older_store(3, "finished", "\"openblas\",\"onednn\"");
    sql += "INSERT INTO points (run_id, model, lib, precision, batch, threads, success, weights_bytes, activations_bytes,"
           " activations_total_bytes, workspace_bytes, measured_bytes) VALUES (1, 'lenet', 'openblas', 'fp32', 1, 2, 1,"
           " 1724336, 100, 200, 0, 0);"
           "INSERT INTO repetitions VALUES (1, 'fw', 0, 0.5), (1, 'fw', 1, 0.75);";
    raw_sql(path, sql);
    ResultsStore store(path);
    QCOMPARE(raw_sql(path, "PRAGMA user_version"), std::to_string(store_schema::current_version()));
    const StoredRun run = store.load_run(1);
    QCOMPARE(run.points.size(), std::size_t(1));
    const Point& p = run.points[0];
    QCOMPARE(p.time_fw_ms, (std::vector<double>{0.5, 0.75}));
    QCOMPARE(p.visits, 0);
    QVERIFY(!p.provisional);
    QVERIFY(!p.load_before && !p.load_after && !p.noise_threshold && !p.memory.tracked_bytes);
    // Its settings: every library in every precision listed, one visit of exactly 5 repetitions.
    QCOMPARE(run.selection.libs.size(), std::size_t(2));
    QCOMPARE(run.selection.libs[1].lib, std::string("onednn"));
    QCOMPARE(run.selection.libs[1].precisions, std::vector<Precision>{Precision::FP32});
    QCOMPARE(run.selection.config.reps.rounds, 1);
    QCOMPARE(run.selection.config.reps.min_reps, 5);
    QCOMPARE(run.selection.config.reps.max_reps, 5);
    QCOMPARE(run.selection.config.reps.min_time_s, 0.0);
  }

  // A store of schema version 4 (before graph modes) is brought up to date; its points and its
  // settings read as the Caffe graph, and a new point keeps its mode in the new column.
  void version4StoreReadsAsCaffe() {
    const fs::path path = file("v4.sqlite");
    fs::remove(path);
    std::string sql = older_store(4, "running", "\"openblas\"");
    sql += "INSERT INTO points (run_id, model, lib, precision, batch, threads, success, weights_bytes, activations_bytes,"
           " activations_total_bytes, workspace_bytes, measured_bytes, visits) VALUES (1, 'lenet', 'openblas', 'fp32',"
           " 1, 2, 1, 1724336, 100, 200, 0, 0, 1);";
    raw_sql(path, sql);
    ResultsStore store(path);
    QCOMPARE(store_schema::current_version(), 5);
    QCOMPARE(raw_sql(path, "PRAGMA user_version"), std::string("5"));
    QCOMPARE(raw_sql(path, "SELECT count(*) FROM points WHERE graph IS NULL"), std::string("1"));
    Point fused = make_point(5);
    QCOMPARE(fused.graph, GraphMode::Fused);
    store.add_point(1, fused);
    const StoredRun run = store.load_run(1);
    QCOMPARE(run.selection.graphs, std::vector<GraphMode>{GraphMode::Caffe});
    QCOMPARE(run.points.size(), std::size_t(2));
    QCOMPARE(run.points[0].graph, GraphMode::Caffe);
    QCOMPARE(run.points[1].graph, GraphMode::Fused);
    QCOMPARE(raw_sql(path, "SELECT graph FROM points WHERE id = 2"), std::string("fused"));
    // A name the store does not know is refused with one sentence naming it.
    raw_sql(path, "PRAGMA ignore_check_constraints = ON; UPDATE points SET graph = 'folded' WHERE id = 2");
    try {
      store.load_run(1);
      QFAIL("an unknown graph mode was read");
    } catch (const std::runtime_error& e) {
      QVERIFY2(std::string(e.what()).find("unknown graph mode 'folded'") != std::string::npos, e.what());
    }
  }

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

  void emptyFileIsInitialised_data() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("missing file in missing folders") << "missing";
    QTest::newRow("zero-byte file") << "zero";
    QTest::newRow("SQLite file without tables") << "no tables";
  }
  void emptyFileIsInitialised() {
    QFETCH(QString, kind);
    const fs::path path = file("empty") / kind.toStdString() / "a" / "results.sqlite";
    if (kind != "missing") {
      fs::create_directories(path.parent_path());
      write_bytes(path, "");
      if (kind == "no tables") raw_sql(path, "CREATE TABLE t (x); DROP TABLE t;");
      QCOMPARE(raw_sql(path, "PRAGMA user_version"), std::string("0"));
    }
    for (int again = 0; again < 2; ++again) {  // the second open finds the schema current
      ResultsStore store(path);
      QCOMPARE(store.path(), path);
      QVERIFY(store.list_runs().size() == std::size_t(again));
      store.add_point(store.begin_run(make_platform(), make_selection(), "after set-up"), make_point(again));
      QCOMPARE(raw_sql(path, "PRAGMA journal_mode"), std::string("wal"));
    }
    QCOMPARE(raw_sql(path, "PRAGMA user_version"), std::to_string(store_schema::current_version()));
    QCOMPARE(raw_sql(path, "PRAGMA application_id"), std::to_string(store_schema::kApplicationId));
    QCOMPARE(raw_sql(path, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema "
                           "WHERE type = 'table' ORDER BY name)"),
             std::string("layer_times,layers,point_plans,points,repetitions,runs,transfers"));
    QCOMPARE(raw_sql(path, "SELECT count(*) FROM points"), std::string("2"));
  }

  void refusesForeignFile_data() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("random bytes") << "random";
    QTest::newRow("text file") << "text";
    QTest::newRow("another program's SQLite") << "foreign";
    QTest::newRow("SQLite with another application id") << "other id";
    QTest::newRow("a newer schema") << "newer";
  }
  void refusesForeignFile() {
    QFETCH(QString, kind);
    const fs::path path = file(("refuse " + kind.toStdString() + ".sqlite").c_str());
    if (kind == "random") {
      std::mt19937 rng(42);
      std::string bytes(16384, '\0');
      for (char& c : bytes) c = char(rng());
      write_bytes(path, bytes);
    } else if (kind == "text") {
      write_bytes(path, "model,lib,batch,time_ms\nalexnet,openblas,1,12.5\n");
    } else if (kind == "foreign") {
      raw_sql(path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep');");
    } else if (kind == "other id") {
      raw_sql(path, "PRAGMA application_id = 12345;");
    } else {
      ResultsStore(path).begin_run(make_platform(), make_selection(), "from the future");
      raw_sql(path, "PRAGMA user_version = " + std::to_string(store_schema::current_version() + 1));
    }
    const std::string before = read_bytes(path);
    QVERIFY(!before.empty());

    const QString message = open_error(path);
    QVERIFY2(!message.isEmpty(), "the file was accepted");
    QVERIFY2(message.contains(QString::fromStdString(path.string())), qPrintable(message));
    QVERIFY2(message.contains("untouched"), qPrintable(message));
    QVERIFY(read_bytes(path) == before);
    for (const char* suffix : {"-wal", "-shm", "-journal"})
      QVERIFY2(!fs::exists(path.string() + suffix), suffix);
  }

  void unwritableLocation_data() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("parent is a file") << "parent file";
    QTest::newRow("path is a folder") << "folder";
    QTest::newRow("read-only folder") << "ro folder";
    QTest::newRow("read-only file") << "ro file";
    QTest::newRow("store in a read-only folder") << "ro folder store";
  }
  void unwritableLocation() {
    QFETCH(QString, kind);
    const fs::path base = file("unwritable") / kind.toStdString();
    fs::create_directories(base);
    fs::path path = base / "results.sqlite";
    if (kind == "parent file") {
      write_bytes(base / "plain", "x");
      path = base / "plain" / "sub" / "results.sqlite";
    } else if (kind == "folder") {
      fs::create_directories(path);
    } else {
      if (geteuid() == 0) QSKIP("permissions do not bind root");
      if (kind != "ro folder") ResultsStore(path).begin_run(make_platform(), make_selection(), "read-only later");
      ::chmod(kind == "ro file" ? path.c_str() : base.c_str(), kind == "ro file" ? 0444 : 0555);
    }
    const QString message = open_error(path);
    ::chmod(base.c_str(), 0755);
    QVERIFY2(!message.isEmpty(), "opening succeeded");
    QVERIFY2(message.contains(QString::fromStdString(path.string())), qPrintable(message));
  }

  void defaultPath_data() {
    QTest::addColumn<QByteArray>("xdg");
    QTest::addColumn<QString>("expected");
    QTest::newRow("XDG_DATA_HOME set") << QByteArray("/data/home") << "/data/home/cnn-explorer/results.sqlite";
    QTest::newRow("XDG_DATA_HOME empty") << QByteArray("") << "/home/u/.local/share/cnn-explorer/results.sqlite";
    QTest::newRow("XDG_DATA_HOME relative") << QByteArray("rel") << "/home/u/.local/share/cnn-explorer/results.sqlite";
  }
  void defaultPath() {
    QFETCH(QByteArray, xdg);
    QFETCH(QString, expected);
    const QByteArray old_xdg = qgetenv("XDG_DATA_HOME"), old_home = qgetenv("HOME");
    const bool had_xdg = qEnvironmentVariableIsSet("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", xdg);
    qputenv("HOME", "/home/u");
    const fs::path got = default_store_path();
    had_xdg ? qputenv("XDG_DATA_HOME", old_xdg) : qunsetenv("XDG_DATA_HOME");
    qputenv("HOME", old_home);
    QCOMPARE(QString::fromStdString(got.string()), expected);
  }

  // A writer killed with SIGKILL mid-run loses at most the point in flight.
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
