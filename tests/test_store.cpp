// The SQLite results store: lossless round trips, replacing a point in place, the run list, finish
// status, and a writer SIGKILLed mid-run that keeps every point it reported committed.
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <limits>
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

std::string same_selection(const Selection& a, const Selection& b) {
  if (a.models != b.models || a.libs != b.libs || a.batches != b.batches) return "models/libs/batches";
  if (a.graphs != b.graphs) return "graphs";
  if (a.schedulers != b.schedulers) return "schedulers";
  const auto &x = a.config, &y = b.config;
  if (x.threads != y.threads || x.warmup != y.warmup || x.allow_tf32 != y.allow_tf32 || x.seed != y.seed)
    return "config";
  const auto &r = x.reps, &q = y.reps;
  if (r.min_reps != q.min_reps || r.min_time_s != q.min_time_s || r.max_reps != q.max_reps || r.rounds != q.rounds ||
      r.noise_threshold != q.noise_threshold)
    return "repetition rule";
  return {};
}

// store_writer (tests/store_writer.cpp) writing `layers` layers per point into `path`, in a child
// process whose standard output comes through a pipe; killed with the object if still running.
class StoreWriter {
 public:
  StoreWriter(const fs::path& path, int layers) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      const std::string count = std::to_string(layers);
      ::execl(STORE_WRITER_PATH, STORE_WRITER_PATH, path.c_str(), count.c_str(), nullptr);
      ::_exit(127);
    }
    ::close(fds[1]);
    out_ = fds[0];
  }
  ~StoreWriter() {
    if (pid_ > 0) kill();
    ::close(out_);
  }
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;

  // Appends what the child writes within `timeout_ms` to `out`; false when it wrote nothing more.
  bool read_some(std::string& out, int timeout_ms) {
    pollfd p{out_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    char buf[4096];
    const ssize_t n = ::read(out_, buf, sizeof buf);
    if (n <= 0) return false;
    out.append(buf, std::size_t(n));
    return true;
  }
  // Appends everything left in the pipe (the child has exited).
  void read_rest(std::string& out) {
    while (read_some(out, 0)) {
    }
  }
  // SIGKILL and wait: whether the signal ended it.
  bool kill() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    const bool reaped = ::waitpid(pid_, &status, 0) == pid_;
    pid_ = -1;
    return reaped && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
};

// The complete lines of `text` (up to its last newline).
std::vector<std::string> complete_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(text.substr(start, end - start));
  return lines;
}

bool same_platform(const Platform& a, const Platform& b) {
  return a.cpu == b.cpu && a.os == b.os && a.compiler == b.compiler && a.version == b.version &&
         a.cores == b.cores && a.started_at == b.started_at && a.libraries == b.libraries;
}

}  // namespace

struct TestStore {
  const test::TempDir dir_;  // fresh for each test
  fs::path file(const char* name) const { return dir_.file(name); }
};

struct RoundTripRow {
  std::string tag;
  std::vector<Point> points;
};

std::vector<RoundTripRow> round_trip_rows() {
  std::vector<RoundTripRow> rows;
  rows.push_back({"no points", {}});
  rows.push_back({"measured points with layers", {make_point(0), make_point(1, 30, 9)}});
  CHECK((make_point(1).accuracy && !make_point(0).accuracy));  // one with a measured top-1, one without
  rows.push_back({"a failed point", {make_point(6)}});
  Point odd = make_point(3, 3, 2);
  // Not -0.0 (see the store).
  odd.layers[0].time_ms = {0.1 + 0.2, std::numeric_limits<double>::denorm_min(), 1e308, 0.0};
  odd.layers[1].time_ms = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()};
  odd.layers[2].time_ms = {};
  std::swap(odd.layers[0], odd.layers[2]);  // not in graph order
  odd.layers[1].macs = std::numeric_limits<std::uint64_t>::max();
  odd.memory.measured_bytes = std::uint64_t(1) << 63;
  odd.model = "réseau \"ünïcode\" ✓";
  odd.error = "";
  odd.precision = Precision::FP16;
  odd.accuracy = AccuracyReading{"jeu \"ünïcode\", test", 0, 0};  // nothing classified, yet a reading
  rows.push_back({"odd values", {make_point(2), odd, make_point(13), make_point(4)}});
  return rows;
}

TEST_CASE_FIXTURE(TestStore, "roundTrip") {
  auto [tag, points] = test::pick_row(round_trip_rows());
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
  CHECK(same_platform(loaded.platform, make_platform()));
  CHECK_MESSAGE(same_selection(loaded.selection, make_selection()).empty(),
                same_selection(loaded.selection, make_selection()));
  CHECK(loaded.summary.label == std::string("round trip"));
  CHECK(loaded.summary.started_at == make_platform().started_at);
  CHECK(loaded.summary.status == RunStatus::Finished);
  CHECK(!loaded.summary.finished_at.empty());
  REQUIRE(loaded.points.size() == points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string diff = same_point(loaded.points[i], points[i]);
    CHECK_MESSAGE(diff.empty(), "point " << i << ": " << diff);
  }
}

// A later record of a point (more repetitions) replaces it in place: same id, same place in the
// run, its old repetitions, layers and plan gone.
TEST_CASE_FIXTURE(TestStore, "replacePointInPlace") {
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
  REQUIRE(loaded.points.size() == std::size_t(2));
  CHECK_MESSAGE(same_point(loaded.points[0], later).empty(), same_point(loaded.points[0], later).c_str());
  CHECK_MESSAGE(same_point(loaded.points[1], make_point(1)).empty(), "the other point is untouched");
  CHECK(raw_sql(path, "SELECT count(*) FROM point_plans") == std::string("0"));
  CHECK(raw_sql(path, "SELECT count(*) FROM layers WHERE point_id = " + std::to_string(first)) == std::string("2"));
  CHECK(raw_sql(path, "SELECT min(id) FROM points") == std::to_string(first));
  CHECK_THROWS_AS(store.replace_point(first + 100, later), std::runtime_error);
}

// A store written before schema version 4 (a run and a point made with versions 1-3 only) opens,
// is brought up to date, and its point shows the new fields as absent, never as zero.
TEST_CASE_FIXTURE(TestStore, "listRuns") {
  const fs::path path = file("list.sqlite");
  ResultsStore store(path);
  CHECK(store.list_runs().empty());
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
  REQUIRE(runs.size() == std::size_t(2));
  CHECK(runs[0].id == second);  // newest first
  CHECK(runs[0].label == std::string());
  CHECK(runs[0].cpu == std::string("AMD EPYC Test"));
  CHECK(runs[0].cores == 2);
  CHECK(runs[0].models == (std::vector<std::string>{"vgg16"}));
  CHECK(runs[0].libs == (std::vector<std::string>{"reference"}));
  CHECK(runs[0].points == std::int64_t(1));
  CHECK(runs[0].status == RunStatus::Running);
  CHECK(runs[0].finished_at.empty());
  REQUIRE(runs[0].started_at.size() == std::string("2026-11-21T14:41:00Z").size());
  CHECK(runs[1].id == first);
  CHECK(runs[1].label == std::string("first"));
  CHECK(runs[1].cpu == make_platform().cpu);
  CHECK(runs[1].models == make_selection().models);
  CHECK(runs[1].libs == make_selection().lib_ids());
  CHECK(runs[1].points == std::int64_t(5));
  CHECK(runs[1].status == RunStatus::Finished);

  store.delete_run(first);  // its points, timings and layers go with it
  REQUIRE(store.list_runs().size() == std::size_t(1));
  CHECK(raw_sql(path, "SELECT count(*) FROM points") == std::string("1"));
  CHECK(raw_sql(path, "SELECT count(*) FROM layers l JOIN points p ON p.id = l.point_id") ==
        raw_sql(path, "SELECT count(*) FROM layers"));
}

struct FinishStatusRow {
  std::string tag;
  RunStatus status;
};

std::vector<FinishStatusRow> finish_status_rows() {
  std::vector<FinishStatusRow> rows;
  rows.push_back({"finished", RunStatus::Finished});
  rows.push_back({"cancelled", RunStatus::Cancelled});
  rows.push_back({"failed", RunStatus::Failed});
  return rows;
}

TEST_CASE_FIXTURE(TestStore, "finishStatus") {
  const RunStatus status = test::pick_row(finish_status_rows()).status;
  ResultsStore store(file("status.sqlite"));
  const auto run = store.begin_run(make_platform(), make_selection(), "status");
  CHECK(store.load_run(run).summary.status == RunStatus::Running);
  store.finish_run(run, status);
  const auto loaded = store.load_run(run);
  CHECK(loaded.summary.status == status);
  CHECK(!loaded.summary.finished_at.empty());
  CHECK(parse_run_status(to_string(status)) == (std::optional<RunStatus>(status)));
}

// Each point is visible to another connection as soon as add_point returns.
TEST_CASE_FIXTURE(TestStore, "committedAtOnce") {
  const fs::path path = file("at_once.sqlite");
  ResultsStore writer(path), reader(path);
  const auto run = writer.begin_run(make_platform(), make_selection(), "live");
  for (int i = 0; i < 4; ++i) {
    writer.add_point(run, make_point(i));
    REQUIRE(reader.load_run(run).points.size() == std::size_t(i + 1));
  }
}

TEST_CASE_FIXTURE(TestStore, "unknownRun") {
  const fs::path path = file("unknown.sqlite");
  ResultsStore store(path);
  for (auto f : {+[](ResultsStore& s) { s.add_point(42, make_point(0)); },
                 +[](ResultsStore& s) { s.finish_run(42, RunStatus::Finished); },
                 +[](ResultsStore& s) { (void)s.load_run(42); }}) {
    try {
      f(store);
      FAIL("expected std::runtime_error");
    } catch (const std::runtime_error& e) {
      CHECK_MESSAGE(test::contains(e.what(), path.string()), e.what());
      CHECK_MESSAGE(test::contains(e.what(), "run 42"), e.what());
    }
  }
  CHECK(store.list_runs().empty());
}

struct SigkillKeepsCommittedPointsRow {
  std::string tag;
  int kill_after;
  int layers;
};

std::vector<SigkillKeepsCommittedPointsRow> sigkill_keeps_committed_points_rows() {
  std::vector<SigkillKeepsCommittedPointsRow> rows;
  rows.push_back({"after 1 point", 1, 100});
  rows.push_back({"after 10 points", 10, 100});
  rows.push_back({"after 60 points", 60, 20});
  return rows;
}

TEST_CASE_FIXTURE(TestStore, "sigkillKeepsCommittedPoints") {
  const SigkillKeepsCommittedPointsRow row = test::pick_row(sigkill_keeps_committed_points_rows());
  const fs::path path = file("killed.sqlite");
  StoreWriter child(path, row.layers);
  std::string out;
  while (complete_lines(out).size() <= std::size_t(row.kill_after))
    REQUIRE_MESSAGE(child.read_some(out, 60000), "store_writer wrote nothing more in 60 s: " << out);
  CHECK(child.kill());
  child.read_rest(out);  // what it reported before it died

  const std::vector<std::string> reported = complete_lines(out);
  REQUIRE(reported.front().starts_with("run "));
  const std::int64_t run = std::stoll(reported.front().substr(4));
  const int committed = reported.size() > 1 ? std::stoi(reported.back()) : 0;
  CHECK(committed >= row.kill_after);

  CHECK(raw_sql(path, "PRAGMA integrity_check") == std::string("ok"));
  ResultsStore store(path);
  const StoredRun loaded = store.load_run(run);
  MESSAGE(committed << " points reported committed, " << loaded.points.size() << " stored");
  CHECK(loaded.summary.status == RunStatus::Running);
  CHECK_MESSAGE((loaded.points.size() == std::size_t(committed) || loaded.points.size() == std::size_t(committed) + 1),
                loaded.points.size() << " points stored, " << committed << " reported");
  for (std::size_t i = 0; i < loaded.points.size(); ++i) {
    const std::string diff = same_point(loaded.points[i], make_point(int(i), row.layers));
    CHECK_MESSAGE(diff.empty(), "point " << i << ": " << diff);
  }
  store.finish_run(run, RunStatus::Failed);  // the file takes writes again
  CHECK(store.load_run(run).summary.status == RunStatus::Failed);
}
