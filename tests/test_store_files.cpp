// The results store's files: schema set-up on empty files, refusal of foreign or newer files (left
// byte-identical), unwritable places, the default path, and stores left at older schemas migrated.

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

// The message of the std::runtime_error that opening `file` throws; empty when it opens.
QString open_error(const fs::path& file) {
  try {
    ResultsStore store(file);
  } catch (const std::runtime_error& e) {
    return QString::fromStdString(e.what());
  }
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

}  // namespace

class TestStoreFiles : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  fs::path file(const char* name) const { return fs::path(dir_.path().toStdString()) / name; }

 private slots:
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
    QCOMPARE(raw_sql(path, "PRAGMA user_version"), std::to_string(store_schema::current_version()));
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

  // A store of schema version 5 (before measured accuracy) is brought up to version 6: its point
  // reads with no accuracy, and a new point keeps its reading in the new columns, all or none of them.
  void version5StoreHasNoAccuracy() {
    const fs::path path = file("v5.sqlite");
    fs::remove(path);
    std::string sql = older_store(5, "finished", "\"openblas\"");
    sql += "INSERT INTO points (run_id, model, lib, precision, batch, threads, success, weights_bytes, activations_bytes,"
           " activations_total_bytes, workspace_bytes, measured_bytes, visits, graph) VALUES (1, 'lenet', 'openblas',"
           " 'fp32', 1, 2, 1, 1724336, 100, 200, 0, 0, 1, 'caffe');";
    raw_sql(path, sql);
    ResultsStore store(path);
    QCOMPARE(raw_sql(path, "PRAGMA user_version"), std::to_string(store_schema::current_version()));
    Point measured = make_point(1);
    QVERIFY(measured.accuracy);
    measured.accuracy = AccuracyReading{"fashion-mnist-test", 10000, 9083};
    store.add_point(1, measured);
    const StoredRun run = store.load_run(1);
    QCOMPARE(run.points.size(), std::size_t(2));
    QVERIFY(!run.points[0].accuracy);
    QVERIFY(run.points[1].accuracy == measured.accuracy);
    QCOMPARE(run.points[1].accuracy->top1(), 0.9083);
    QCOMPARE(raw_sql(path, "SELECT accuracy_dataset || ' ' || accuracy_images || ' ' || accuracy_correct FROM points"
                           " WHERE id = 2"),
             std::string("fashion-mnist-test 10000 9083"));
    // The schema refuses half a reading, or more right than classified.
    for (const char* bad : {"UPDATE points SET accuracy_correct = NULL WHERE id = 2",
                            "UPDATE points SET accuracy_dataset = 'x' WHERE id = 1",
                            "UPDATE points SET accuracy_correct = 10001 WHERE id = 2"}) {
      raw_sql(path, bad);
      QCOMPARE(raw_sql(path, "SELECT count(*) FROM points WHERE accuracy_correct = 9083 AND accuracy_dataset IS NOT NULL"),
               std::string("1"));
      QCOMPARE(raw_sql(path, "SELECT count(*) FROM points WHERE accuracy_dataset IS NULL"), std::string("1"));
    }
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
             std::string("layer_times,layers,machines,point_plans,points,repetitions,runs,transfers"));
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

};

QTEST_GUILESS_MAIN(TestStoreFiles)
#include "test_store_files.moc"
