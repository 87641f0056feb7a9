#include "core/store/results_store.h"

#include <pwd.h>
#include <unistd.h>

#include <cassert>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/bench/machine_json.h"
#include "core/bench/results_json.h"
#include "core/store/sqlite_db.h"
#include "core/store/store_points.h"
#include "core/store/store_schema.h"
#include "core/store/store_settings.h"

namespace cnn {
namespace fs = std::filesystem;
using sqlite::Statement;

namespace {

constexpr std::string_view kStatusNames[] = {"running", "finished", "cancelled", "failed"};

std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string platform_json(const Platform& platform) {
  nlohmann::ordered_json j = platform;  // the "platform" object of a results document
  return dump(j);
}

Platform parse_platform(const std::string& text) {
  return nlohmann::ordered_json::parse(text).get<Platform>();  // throws on malformed JSON
}

constexpr std::string_view kRunColumns =
    "SELECT r.id, r.started_at, r.finished_at, r.label, r.status, r.platform, r.settings, "
    "(SELECT count(*) FROM points p WHERE p.run_id = r.id) FROM runs r ";

// Reads one row of kRunColumns. Lenient: an unreadable platform or settings leaves those fields empty.
RunSummary summary_from(const Statement& s) {
  RunSummary r;
  r.id = s.int_at(0);
  r.started_at = s.text(1);
  r.finished_at = s.text(2);
  r.label = s.text(3);
  r.status = parse_run_status(s.text(4)).value_or(RunStatus::Failed);
  const auto platform = nlohmann::json::parse(s.text(5), nullptr, false);
  if (platform.is_object()) {
    if (platform.contains("cpu") && platform["cpu"].is_string()) r.cpu = platform["cpu"];
    if (platform.contains("cores") && platform["cores"].is_number_integer()) r.cores = platform["cores"];
  }
  const auto settings = nlohmann::json::parse(s.text(6), nullptr, false);
  for (const char* key : {"models", "libs"}) {
    if (!settings.is_object() || !settings.contains(key) || !settings[key].is_array()) continue;
    auto& out = std::string_view(key) == "models" ? r.models : r.libs;
    for (const auto& v : settings[key])
      if (v.is_string()) out.push_back(v.get<std::string>());
  }
  r.points = s.int_at(7);
  return r;
}

}  // namespace

std::string_view to_string(RunStatus s) { return kStatusNames[std::size_t(s)]; }

std::optional<RunStatus> parse_run_status(std::string_view s) {
  for (std::size_t i = 0; i < std::size(kStatusNames); ++i)
    if (s == kStatusNames[i]) return RunStatus(i);
  return std::nullopt;
}

fs::path default_store_path() {
  fs::path base;
  const char* xdg = std::getenv("XDG_DATA_HOME");
  if (xdg && *xdg && fs::path(xdg).is_absolute()) {  // the XDG spec ignores relative values
    base = xdg;
  } else {
    const char* home = std::getenv("HOME");
    if (!home || !*home) {
      const passwd* pw = getpwuid(getuid());
      home = pw && pw->pw_dir ? pw->pw_dir : ".";
    }
    base = fs::path(home) / ".local" / "share";
  }
  return base / "cnn-explorer" / "results.sqlite";
}

struct ResultsStore::Impl {
  fs::path path;
  sqlite::Connection db;

  [[noreturn]] void no_run(std::int64_t id) const {
    throw std::runtime_error("The results store '" + db.file() + "' has no run " + std::to_string(id) + ".");
  }
};

ResultsStore::ResultsStore() = default;
ResultsStore::ResultsStore(const fs::path& path) { open(path); }
ResultsStore::~ResultsStore() = default;
ResultsStore::ResultsStore(ResultsStore&&) noexcept = default;
ResultsStore& ResultsStore::operator=(ResultsStore&&) noexcept = default;

void ResultsStore::open(const fs::path& path) {
  assert(!path.empty());
  close();
  const std::string file = path.string();
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (fs::is_directory(status)) throw std::runtime_error("The results store '" + file + "' is a folder, not a file.");
  const fs::path parent = path.parent_path();
  if (!fs::exists(status) && !parent.empty() && !fs::is_directory(parent, ec)) {
    fs::create_directories(parent, ec);
    if (ec)
      throw std::runtime_error("Cannot create the folder '" + parent.string() + "' for the results store '" + file +
                               "': " + ec.message() + ".");
  }

  auto impl = std::make_unique<Impl>();
  impl->path = path;
  sqlite::Connection& db = impl->db;
  db.open(file, /*create=*/true);
  store_schema::check_before_writing(db);  // nothing has been written yet
  if (db.read_only())
    throw std::runtime_error("The results store '" + file + "' is read-only; CNN Explorer needs to write to it.");

  // Durability: in WAL mode a COMMIT has written the transaction into the -wal file with write()
  // before it returns, so it survives the death of the process (SIGKILL, crash); synchronous=NORMAL
  // only leaves the last commits exposed to a power cut or OS crash, and never corrupts the file.
  // Without WAL (a file system lacking shared memory) FULL gives the same guarantee.
  const std::string mode = db.query_text("PRAGMA journal_mode = WAL", "switch to write-ahead logging");
  db.exec(mode == "wal" ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL", "set the sync mode");
  db.exec("PRAGMA foreign_keys = ON", "enable foreign keys");
  store_schema::migrate(db);
  impl_ = std::move(impl);
}

void ResultsStore::close() { impl_.reset(); }
bool ResultsStore::is_open() const { return impl_ != nullptr; }

const fs::path& ResultsStore::path() const {
  static const fs::path none;
  return impl_ ? impl_->path : none;
}

std::int64_t ResultsStore::begin_run(const Platform& platform, const Selection& selection, const std::string& label) {
  assert(impl_);
  auto& db = impl_->db;
  Statement s(db,
              "INSERT INTO runs (started_at, label, status, platform, settings) VALUES (?, ?, 'running', ?, ?)",
              "record a new run");
  s.bind_text(1, platform.started_at.empty() ? utc_now_iso8601() : platform.started_at)
      .bind_text(2, label)
      .bind_text(3, platform_json(platform))
      .bind_text(4, store_settings::to_text(selection))
      .run();  // one statement in autocommit mode: committed when it returns
  return db.last_insert_id();
}

std::int64_t ResultsStore::add_point(std::int64_t run_id, const Point& point) {
  assert(impl_);
  auto& db = impl_->db;
  const std::string doing = "add a point to run " + std::to_string(run_id);
  sqlite::Transaction tx(db, doing);
  {
    Statement run(db, "SELECT status FROM runs WHERE id = ?", doing);
    if (!run.bind_int(1, run_id).step()) impl_->no_run(run_id);
    assert(run.text(0) == "running" && "add_point after finish_run");
  }
  const std::int64_t id = store_points::insert(db, run_id, point, 0, doing);
  tx.commit();  // durable from here on (see open())
  return id;
}

void ResultsStore::replace_point(std::int64_t point_id, const Point& point) {
  assert(impl_);
  auto& db = impl_->db;
  const std::string doing = "replace point " + std::to_string(point_id);
  sqlite::Transaction tx(db, doing);
  std::int64_t run_id = 0;
  {
    Statement run(db, "SELECT p.run_id, r.status FROM points p JOIN runs r ON r.id = p.run_id WHERE p.id = ?", doing);
    if (!run.bind_int(1, point_id).step())
      throw std::runtime_error("The results store '" + db.file() + "' has no point " + std::to_string(point_id) + ".");
    run_id = run.int_at(0);
    assert(run.text(1) == "running" && "replace_point after finish_run");
  }
  // Its repetitions, layers, transfers and plan go by ON DELETE CASCADE; the same id keeps its order.
  Statement(db, "DELETE FROM points WHERE id = ?", doing).bind_int(1, point_id).run();
  store_points::insert(db, run_id, point, point_id, doing);
  tx.commit();
}

void ResultsStore::finish_run(std::int64_t run_id, RunStatus status) {
  assert(impl_ && status != RunStatus::Running);
  auto& db = impl_->db;
  Statement s(db, "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", "finish run " + std::to_string(run_id));
  s.bind_text(1, to_string(status)).bind_text(2, utc_now_iso8601()).bind_int(3, run_id).run();
  if (db.changes() == 0) impl_->no_run(run_id);
}

void ResultsStore::delete_run(std::int64_t run_id) {
  assert(impl_);
  auto& db = impl_->db;
  Statement s(db, "DELETE FROM runs WHERE id = ?", "delete run " + std::to_string(run_id));
  s.bind_int(1, run_id).run();  // points, repetitions, layers and layer times go by ON DELETE CASCADE
  if (db.changes() == 0) impl_->no_run(run_id);
}

std::vector<RunSummary> ResultsStore::list_runs() const {
  assert(impl_);
  Statement s(impl_->db, std::string(kRunColumns) + "ORDER BY r.id DESC", "list the runs");
  std::vector<RunSummary> out;
  while (s.step()) out.push_back(summary_from(s));
  return out;
}

StoredRun ResultsStore::load_run(std::int64_t run_id) const {
  assert(impl_);
  auto& db = impl_->db;
  const std::string doing = "read run " + std::to_string(run_id);
  sqlite::Transaction snapshot(db, doing, sqlite::Transaction::Mode::Read);  // consistent while points arrive
  StoredRun out;
  {
    Statement s(db, std::string(kRunColumns) + "WHERE r.id = ?", doing);
    if (!s.bind_int(1, run_id).step()) impl_->no_run(run_id);
    out.summary = summary_from(s);
    try {
      out.platform = parse_platform(s.text(5));
      out.selection = store_settings::from_text(s.text(6));
    } catch (const std::exception& e) {
      throw std::runtime_error("The results store '" + db.file() + "' holds unreadable settings for run " +
                               std::to_string(run_id) + " (" + e.what() + ").");
    }
  }

  out.points = store_points::read_run(db, run_id, doing);
  out.machine = latest_machine(out.platform.cpu);
  return out;  // the snapshot transaction only read; its destructor rolls it back
}

std::int64_t ResultsStore::add_machine(const MachineRecord& machine) {
  assert(impl_);
  auto& db = impl_->db;
  const std::string doing = "record the machine's ceilings";
  Statement(db, "INSERT OR IGNORE INTO machines (measured_at, cpu, record) VALUES (?, ?, ?)", doing)
      .bind_text(1, machine.measured_at)
      .bind_text(2, machine.cpu)
      .bind_text(3, machine_to_json(machine))
      .run();
  Statement id(db, "SELECT id FROM machines WHERE measured_at = ? AND cpu = ?", doing);
  id.bind_text(1, machine.measured_at).bind_text(2, machine.cpu).step();
  return id.int_at(0);
}

std::optional<MachineRecord> ResultsStore::latest_machine(const std::string& cpu) const {
  assert(impl_);
  auto& db = impl_->db;
  const std::string doing = "read the machine's ceilings";
  Statement s(db, "SELECT id, record FROM machines WHERE ? = '' OR cpu = ? ORDER BY measured_at DESC, id DESC LIMIT 1",
              doing);
  if (!s.bind_text(1, cpu).bind_text(2, cpu).step()) return std::nullopt;
  try {
    return machine_from_json(s.text(1));
  } catch (const std::exception& e) {
    throw std::runtime_error("The results store '" + db.file() + "' holds an unreadable machine record " +
                             std::to_string(s.int_at(0)) + " (" + e.what() + ").");
  }
}

}  // namespace cnn
