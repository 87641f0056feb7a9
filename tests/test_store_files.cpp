// The results store's files: schema set-up on empty files, refusal of foreign or newer files (left
// byte-identical), unwritable places, the default path, and stores left at older schemas migrated.

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/store/results_store.h"
#include "core/store/store_schema.h"
#include "tests/store_fixtures.h"
#include "tests/test_support.h"

using namespace cnn;
using namespace store_fixtures;
namespace fs = std::filesystem;

namespace {

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

// The message of the std::runtime_error that opening `file` throws; empty when it opens.
std::string open_error(const fs::path& file) {
  try {
    ResultsStore store(file);
  } catch (const std::runtime_error& e) {
    return std::string(e.what());
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

// Sets an environment variable for its lifetime, then restores it (or unsets it again).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { old_ ? ::setenv(name_, old_->c_str(), 1) : ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

struct TestStoreFiles {
  const test::TempDir dir_;  // fresh for each test
  fs::path file(const char* name) const { return dir_.file(name); }
};

TEST_CASE_FIXTURE(TestStoreFiles, "olderStoreShowsNewFieldsAbsent") {
  const fs::path path = file("v3.sqlite");
  fs::remove(path);
  std::string sql = older_store(3, "finished", "\"openblas\",\"onednn\"");
  sql += "INSERT INTO points (run_id, model, lib, precision, batch, threads, success, weights_bytes, activations_bytes,"
         " activations_total_bytes, workspace_bytes, measured_bytes) VALUES (1, 'lenet', 'openblas', 'fp32', 1, 2, 1,"
         " 1724336, 100, 200, 0, 0);"
         "INSERT INTO repetitions VALUES (1, 'fw', 0, 0.5), (1, 'fw', 1, 0.75);";
  raw_sql(path, sql);
  ResultsStore store(path);
  CHECK(raw_sql(path, "PRAGMA user_version") == std::to_string(store_schema::current_version()));
  const StoredRun run = store.load_run(1);
  REQUIRE(run.points.size() == std::size_t(1));
  const Point& p = run.points[0];
  CHECK(p.time_fw_ms == (std::vector<double>{0.5, 0.75}));
  CHECK(p.visits == 0);
  CHECK(!p.provisional);
  CHECK((!p.load_before && !p.load_after && !p.noise_threshold && !p.memory.tracked_bytes));
  // Its settings: every library in every precision listed, one visit of exactly 5 repetitions.
  REQUIRE(run.selection.libs.size() == std::size_t(2));
  CHECK(run.selection.libs[1].lib == std::string("onednn"));
  CHECK(run.selection.libs[1].precisions == (std::vector<Precision>{Precision::FP32}));
  CHECK(run.selection.config.reps.rounds == 1);
  CHECK(run.selection.config.reps.min_reps == 5);
  CHECK(run.selection.config.reps.max_reps == 5);
  CHECK(run.selection.config.reps.min_time_s == test::fuzzy(0.0));
}

// A store of schema version 4 (before graph modes) is brought up to date; its points and its
// settings read as the Caffe graph, and a new point keeps its mode in the new column.
TEST_CASE_FIXTURE(TestStoreFiles, "version4StoreReadsAsCaffe") {
  const fs::path path = file("v4.sqlite");
  fs::remove(path);
  std::string sql = older_store(4, "running", "\"openblas\"");
  sql += "INSERT INTO points (run_id, model, lib, precision, batch, threads, success, weights_bytes, activations_bytes,"
         " activations_total_bytes, workspace_bytes, measured_bytes, visits) VALUES (1, 'lenet', 'openblas', 'fp32',"
         " 1, 2, 1, 1724336, 100, 200, 0, 0, 1);";
  raw_sql(path, sql);
  ResultsStore store(path);
  CHECK(raw_sql(path, "PRAGMA user_version") == std::to_string(store_schema::current_version()));
  CHECK(raw_sql(path, "SELECT count(*) FROM points WHERE graph IS NULL") == std::string("1"));
  Point fused = make_point(5);
  CHECK(fused.graph == GraphMode::Fused);
  store.add_point(1, fused);
  const StoredRun run = store.load_run(1);
  CHECK(run.selection.graphs == (std::vector<GraphMode>{GraphMode::Caffe}));
  REQUIRE(run.points.size() == std::size_t(2));
  CHECK(run.points[0].graph == GraphMode::Caffe);
  CHECK(run.points[1].graph == GraphMode::Fused);
  CHECK(raw_sql(path, "SELECT graph FROM points WHERE id = 2") == std::string("fused"));
  // A name the store does not know is refused with one sentence naming it.
  raw_sql(path, "PRAGMA ignore_check_constraints = ON; UPDATE points SET graph = 'folded' WHERE id = 2");
  try {
    store.load_run(1);
    FAIL("an unknown graph mode was read");
  } catch (const std::runtime_error& e) {
    CHECK_MESSAGE(test::contains(e.what(), "unknown graph mode 'folded'"), e.what());
  }
}

// A store of schema version 7 (before schedulers) is brought up to version 8: its point ran sequentially
// with no schedule record, and a new point keeps its scheduler and schedule in the new columns.
TEST_CASE_FIXTURE(TestStoreFiles, "version7StoreRunsSequentially") {
  const fs::path path = file("v7.sqlite");
  fs::remove(path);
  std::string sql = older_store(7, "finished", "\"openblas\"");
  sql += "INSERT INTO points (run_id, model, lib, precision, batch, threads, success, weights_bytes, activations_bytes,"
         " activations_total_bytes, workspace_bytes, measured_bytes, visits, graph) VALUES (1, 'googlenet', 'openblas',"
         " 'fp32', 1, 2, 1, 1724336, 100, 200, 0, 0, 1, 'caffe');";
  raw_sql(path, sql);
  ResultsStore store(path);
  CHECK(raw_sql(path, "PRAGMA user_version") == std::string("8"));
  CHECK(raw_sql(path, "SELECT scheduler || ' ' || (schedule IS NULL) FROM points WHERE id = 1") ==
        std::string("sequential 1"));
  Point ios = make_point(3);
  REQUIRE(ios.schedule);
  CHECK(ios.scheduler == Scheduler::Ios);
  store.add_point(1, ios);
  const StoredRun run = store.load_run(1);
  CHECK(run.selection.schedulers == (std::vector<Scheduler>{Scheduler::Sequential}));
  REQUIRE(run.points.size() == std::size_t(2));
  CHECK(run.points[0].scheduler == Scheduler::Sequential);
  CHECK(!run.points[0].schedule);
  CHECK(run.points[1].scheduler == Scheduler::Ios);
  CHECK(run.points[1].schedule == ios.schedule);
  CHECK(raw_sql(path, "SELECT scheduler FROM points WHERE id = 2") == std::string("ios"));
  // The schema refuses a scheduler it does not know; one written anyway is refused with one sentence.
  raw_sql(path, "UPDATE points SET scheduler = 'fast' WHERE id = 2");
  CHECK(raw_sql(path, "SELECT scheduler FROM points WHERE id = 2") == std::string("ios"));
  raw_sql(path, "PRAGMA ignore_check_constraints = ON; UPDATE points SET scheduler = 'fast' WHERE id = 2");
  try {
    store.load_run(1);
    FAIL("an unknown scheduler was read");
  } catch (const std::runtime_error& e) {
    CHECK_MESSAGE(test::contains(e.what(), "unknown scheduler 'fast'"), e.what());
  }
}

// A store of schema version 5 (before measured accuracy) is brought up to version 6: its point
// reads with no accuracy, and a new point keeps its reading in the new columns, all or none of them.
TEST_CASE_FIXTURE(TestStoreFiles, "version5StoreHasNoAccuracy") {
  const fs::path path = file("v5.sqlite");
  fs::remove(path);
  std::string sql = older_store(5, "finished", "\"openblas\"");
  sql += "INSERT INTO points (run_id, model, lib, precision, batch, threads, success, weights_bytes, activations_bytes,"
         " activations_total_bytes, workspace_bytes, measured_bytes, visits, graph) VALUES (1, 'lenet', 'openblas',"
         " 'fp32', 1, 2, 1, 1724336, 100, 200, 0, 0, 1, 'caffe');";
  raw_sql(path, sql);
  ResultsStore store(path);
  CHECK(raw_sql(path, "PRAGMA user_version") == std::to_string(store_schema::current_version()));
  Point measured = make_point(1);
  REQUIRE(measured.accuracy);
  measured.accuracy = AccuracyReading{"fashion-mnist-test", 10000, 9083};
  store.add_point(1, measured);
  const StoredRun run = store.load_run(1);
  REQUIRE(run.points.size() == std::size_t(2));
  CHECK(!run.points[0].accuracy);
  CHECK(run.points[1].accuracy == measured.accuracy);
  CHECK((run.points[1].accuracy->top1()) == test::fuzzy(0.9083));
  CHECK(raw_sql(path, "SELECT accuracy_dataset || ' ' || accuracy_images || ' ' || accuracy_correct FROM points"
                         " WHERE id = 2") == std::string("fashion-mnist-test 10000 9083"));
  // The schema refuses half a reading, or more right than classified.
  for (const char* bad : {"UPDATE points SET accuracy_correct = NULL WHERE id = 2",
                          "UPDATE points SET accuracy_dataset = 'x' WHERE id = 1",
                          "UPDATE points SET accuracy_correct = 10001 WHERE id = 2"}) {
    raw_sql(path, bad);
    CHECK(raw_sql(path, "SELECT count(*) FROM points WHERE accuracy_correct = 9083 AND accuracy_dataset IS NOT NULL") ==
          std::string("1"));
    CHECK(raw_sql(path, "SELECT count(*) FROM points WHERE accuracy_dataset IS NULL") == std::string("1"));
  }
}

struct EmptyFileIsInitialisedRow {
  std::string tag;
  std::string kind;
};

std::vector<EmptyFileIsInitialisedRow> empty_file_is_initialised_rows() {
  std::vector<EmptyFileIsInitialisedRow> rows;
  rows.push_back({"missing file in missing folders", "missing"});
  rows.push_back({"zero-byte file", "zero"});
  rows.push_back({"SQLite file without tables", "no tables"});
  return rows;
}

TEST_CASE_FIXTURE(TestStoreFiles, "emptyFileIsInitialised") {
  auto [tag, kind] = test::pick_row(empty_file_is_initialised_rows());
  const fs::path path = file("empty") / kind / "a" / "results.sqlite";
  if (kind != "missing") {
    fs::create_directories(path.parent_path());
    write_bytes(path, "");
    if (kind == "no tables") raw_sql(path, "CREATE TABLE t (x); DROP TABLE t;");
    CHECK(raw_sql(path, "PRAGMA user_version") == std::string("0"));
  }
  for (int again = 0; again < 2; ++again) {  // the second open finds the schema current
    ResultsStore store(path);
    CHECK(store.path() == path);
    CHECK(store.list_runs().size() == std::size_t(again));
    store.add_point(store.begin_run(make_platform(), make_selection(), "after set-up"), make_point(again));
    CHECK(raw_sql(path, "PRAGMA journal_mode") == std::string("wal"));
  }
  CHECK(raw_sql(path, "PRAGMA user_version") == std::to_string(store_schema::current_version()));
  CHECK(raw_sql(path, "PRAGMA application_id") == std::to_string(store_schema::kApplicationId));
  CHECK(raw_sql(path,
                "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema "
                "WHERE type = 'table' ORDER BY name)") ==
        std::string("layer_times,layers,machines,point_plans,points,repetitions,runs,transfers"));
  CHECK(raw_sql(path, "SELECT count(*) FROM points") == std::string("2"));
}

struct RefusesForeignFileRow {
  std::string tag;
  std::string kind;
};

std::vector<RefusesForeignFileRow> refuses_foreign_file_rows() {
  std::vector<RefusesForeignFileRow> rows;
  rows.push_back({"random bytes", "random"});
  rows.push_back({"text file", "text"});
  rows.push_back({"another program's SQLite", "foreign"});
  rows.push_back({"SQLite with another application id", "other id"});
  rows.push_back({"a newer schema", "newer"});
  return rows;
}

TEST_CASE_FIXTURE(TestStoreFiles, "refusesForeignFile") {
  auto [tag, kind] = test::pick_row(refuses_foreign_file_rows());
  const fs::path path = file(("refuse " + kind + ".sqlite").c_str());
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
  CHECK(!before.empty());

  const std::string message = open_error(path);
  CHECK_MESSAGE(!message.empty(), "the file was accepted");
  CHECK_MESSAGE(test::contains(message, std::string(path.string())), message);
  CHECK_MESSAGE(test::contains(message, "untouched"), message);
  CHECK(read_bytes(path) == before);
  for (const char* suffix : {"-wal", "-shm", "-journal"})
    CHECK_MESSAGE(!fs::exists(path.string() + suffix), suffix);
}

struct UnwritableLocationRow {
  std::string tag;
  std::string kind;
};

std::vector<UnwritableLocationRow> unwritable_location_rows() {
  std::vector<UnwritableLocationRow> rows;
  rows.push_back({"parent is a file", "parent file"});
  rows.push_back({"path is a folder", "folder"});
  rows.push_back({"read-only folder", "ro folder"});
  rows.push_back({"read-only file", "ro file"});
  rows.push_back({"store in a read-only folder", "ro folder store"});
  return rows;
}

TEST_CASE_FIXTURE(TestStoreFiles, "unwritableLocation") {
  auto [tag, kind] = test::pick_row(unwritable_location_rows());
  const fs::path base = file("unwritable") / kind;
  fs::create_directories(base);
  fs::path path = base / "results.sqlite";
  if (kind == "parent file") {
    write_bytes(base / "plain", "x");
    path = base / "plain" / "sub" / "results.sqlite";
  } else if (kind == "folder") {
    fs::create_directories(path);
  } else {
    if (geteuid() == 0) {
      MESSAGE("skipped: permissions do not bind root");
      return;
    }
    if (kind != "ro folder") ResultsStore(path).begin_run(make_platform(), make_selection(), "read-only later");
    ::chmod(kind == "ro file" ? path.c_str() : base.c_str(), kind == "ro file" ? 0444 : 0555);
  }
  const std::string message = open_error(path);
  ::chmod(base.c_str(), 0755);
  CHECK_MESSAGE(!message.empty(), "opening succeeded");
  CHECK_MESSAGE(test::contains(message, std::string(path.string())), message);
}

struct DefaultPathRow {
  std::string tag;
  std::string xdg;
  std::string expected;
};

std::vector<DefaultPathRow> default_path_rows() {
  std::vector<DefaultPathRow> rows;
  rows.push_back({"XDG_DATA_HOME set", "/data/home", "/data/home/cnn-explorer/results.sqlite"});
  rows.push_back({"XDG_DATA_HOME empty", "", "/home/u/.local/share/cnn-explorer/results.sqlite"});
  rows.push_back({"XDG_DATA_HOME relative", "rel", "/home/u/.local/share/cnn-explorer/results.sqlite"});
  return rows;
}

TEST_CASE_FIXTURE(TestStoreFiles, "defaultPath") {
  const DefaultPathRow row = test::pick_row(default_path_rows());
  fs::path got;
  {
    const ScopedEnv xdg("XDG_DATA_HOME", row.xdg), home("HOME", "/home/u");
    got = default_store_path();
  }
  CHECK(got.string() == row.expected);
}
