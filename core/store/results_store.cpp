#include "core/store/results_store.h"

#include <pwd.h>
#include <unistd.h>

#include <cassert>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <unordered_map>

#include "core/bench/results_json.h"
#include "core/store/sqlite_db.h"
#include "core/store/store_schema.h"

namespace cnn {
namespace fs = std::filesystem;
using sqlite::Statement;

namespace {

constexpr std::string_view kStatusNames[] = {"running", "finished", "cancelled", "failed"};

// INTEGER columns are signed 64-bit: unsigned counts are stored as their two's-complement bits.
std::int64_t as_stored(std::uint64_t v) { return std::int64_t(v); }
std::uint64_t as_count(std::int64_t v) { return std::uint64_t(v); }

std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string platform_json(const Platform& platform) {
  nlohmann::ordered_json j = platform;  // the "platform" object of a results document
  return dump(j);
}

std::string settings_json(const Plan& plan) {
  nlohmann::ordered_json j;
  j["models"] = plan.models;
  j["libs"] = plan.libs;
  auto& precisions = j["precisions"] = nlohmann::ordered_json::array();
  for (Precision p : plan.precisions) precisions.push_back(std::string(to_string(p)));
  j["batches"] = plan.batches;
  j["threads"] = plan.config.threads;
  j["warmup"] = plan.config.warmup;
  j["repetitions"] = plan.config.repetitions;
  j["allow_tf32"] = plan.config.allow_tf32;
  j["seed"] = plan.config.seed;
  return dump(j);
}

Platform parse_platform(const std::string& text) {
  return nlohmann::ordered_json::parse(text).get<Platform>();  // throws on malformed JSON
}

Plan parse_settings(const std::string& text) {
  const auto j = nlohmann::json::parse(text);
  Plan plan;
  plan.models = j.at("models").get<std::vector<std::string>>();
  plan.libs = j.at("libs").get<std::vector<std::string>>();
  plan.precisions.clear();
  for (const auto& name : j.at("precisions").get<std::vector<std::string>>()) {
    const auto p = parse_precision(name);
    if (!p) throw std::runtime_error("unknown precision '" + name + "'");
    plan.precisions.push_back(*p);
  }
  plan.batches = j.at("batches").get<std::vector<int>>();
  const RunConfig defaults;  // fields added by later versions may be missing in older rows
  plan.config.threads = j.value("threads", defaults.threads);
  plan.config.warmup = j.value("warmup", defaults.warmup);
  plan.config.repetitions = j.value("repetitions", defaults.repetitions);
  plan.config.allow_tf32 = j.value("allow_tf32", defaults.allow_tf32);
  plan.config.seed = j.value("seed", defaults.seed);
  return plan;
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

std::int64_t ResultsStore::begin_run(const Platform& platform, const Plan& plan, const std::string& label) {
  assert(impl_);
  auto& db = impl_->db;
  Statement s(db,
              "INSERT INTO runs (started_at, label, status, platform, settings) VALUES (?, ?, 'running', ?, ?)",
              "record a new run");
  s.bind_text(1, platform.started_at.empty() ? utc_now_iso8601() : platform.started_at)
      .bind_text(2, label)
      .bind_text(3, platform_json(platform))
      .bind_text(4, settings_json(plan))
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
  Statement insert(db,
                   "INSERT INTO points (run_id, model, lib, precision, batch, threads, success, error, "
                   "weights_bytes, activations_bytes, activations_total_bytes, workspace_bytes, measured_bytes) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   doing);
  const MemoryUse& m = point.memory;
  insert.bind_int(1, run_id)
      .bind_text(2, point.model)
      .bind_text(3, point.lib)
      .bind_text(4, point.precision)
      .bind_int(5, point.batch)
      .bind_int(6, point.threads)
      .bind_int(7, point.success ? 1 : 0)
      .bind_text(8, point.error)
      .bind_int(9, as_stored(m.weights_bytes))
      .bind_int(10, as_stored(m.activations_bytes))
      .bind_int(11, as_stored(m.activations_total_bytes))
      .bind_int(12, as_stored(m.workspace_bytes))
      .bind_int(13, as_stored(m.measured_bytes))
      .run();
  const std::int64_t id = db.last_insert_id();

  Statement rep(db, "INSERT INTO repetitions (point_id, pass, repetition, time_ms) VALUES (?, 'fw', ?, ?)", doing);
  for (std::size_t i = 0; i < point.time_fw_ms.size(); ++i)
    rep.bind_int(1, id).bind_int(2, std::int64_t(i)).bind_real(3, point.time_fw_ms[i]).run();
  Statement transfer(db, "INSERT INTO transfers (point_id, direction, repetition, time_ms) VALUES (?, ?, ?, ?)", doing);
  for (const auto& [direction, times] : {std::pair{"in", &point.transfer_in_ms}, std::pair{"out", &point.transfer_out_ms}})
    for (std::size_t i = 0; i < times->size(); ++i)
      transfer.bind_int(1, id).bind_text(2, direction).bind_int(3, std::int64_t(i)).bind_real(4, (*times)[i]).run();

  if (point.plan) {
    nlohmann::ordered_json plan = *point.plan;
    Statement(db, "INSERT INTO point_plans (point_id, plan) VALUES (?, ?)", doing).bind_int(1, id).bind_text(2, dump(plan)).run();
  }

  Statement layer(db,
                  "INSERT INTO layers (point_id, position, layer_index, name, type, macs, params, bytes_in, "
                  "bytes_out) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  doing);
  Statement time(db, "INSERT INTO layer_times (point_id, position, repetition, time_ms) VALUES (?, ?, ?, ?)", doing);
  for (std::size_t pos = 0; pos < point.layers.size(); ++pos) {
    const LayerRecord& l = point.layers[pos];
    layer.bind_int(1, id)
        .bind_int(2, std::int64_t(pos))
        .bind_int(3, l.index)
        .bind_text(4, l.name)
        .bind_text(5, l.type)
        .bind_int(6, as_stored(l.macs))
        .bind_int(7, as_stored(l.params))
        .bind_int(8, as_stored(l.bytes_in))
        .bind_int(9, as_stored(l.bytes_out))
        .run();
    for (std::size_t r = 0; r < l.time_ms.size(); ++r)
      time.bind_int(1, id).bind_int(2, std::int64_t(pos)).bind_int(3, std::int64_t(r)).bind_real(4, l.time_ms[r]).run();
  }
  tx.commit();  // durable from here on (see open())
  return id;
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
      out.plan = parse_settings(s.text(6));
    } catch (const std::exception& e) {
      throw std::runtime_error("The results store '" + db.file() + "' holds unreadable settings for run " +
                               std::to_string(run_id) + " (" + e.what() + ").");
    }
  }

  std::unordered_map<std::int64_t, std::size_t> slot;  // point id -> index in out.points
  Statement points(db,
                   "SELECT id, model, lib, precision, batch, threads, success, error, weights_bytes, "
                   "activations_bytes, activations_total_bytes, workspace_bytes, measured_bytes "
                   "FROM points WHERE run_id = ? ORDER BY id",
                   doing);
  points.bind_int(1, run_id);
  while (points.step()) {
    Point p;
    p.model = points.text(1);
    p.lib = points.text(2);
    p.precision = points.text(3);
    p.batch = int(points.int_at(4));
    p.threads = int(points.int_at(5));
    p.success = points.int_at(6) != 0;
    p.error = points.text(7);
    p.memory = {as_count(points.int_at(8)), as_count(points.int_at(9)), as_count(points.int_at(10)),
                as_count(points.int_at(11)), as_count(points.int_at(12))};
    slot.emplace(points.int_at(0), out.points.size());
    out.points.push_back(std::move(p));
  }

  Statement reps(db,
                 "SELECT r.point_id, r.time_ms FROM repetitions r JOIN points p ON p.id = r.point_id "
                 "WHERE p.run_id = ? AND r.pass = 'fw' ORDER BY r.point_id, r.repetition",
                 doing);
  reps.bind_int(1, run_id);
  while (reps.step()) out.points[slot.at(reps.int_at(0))].time_fw_ms.push_back(reps.real(1));

  Statement transfers(db,
                      "SELECT t.point_id, t.direction, t.time_ms FROM transfers t JOIN points p ON p.id = t.point_id "
                      "WHERE p.run_id = ? ORDER BY t.point_id, t.direction, t.repetition",
                      doing);
  transfers.bind_int(1, run_id);
  while (transfers.step()) {
    Point& p = out.points[slot.at(transfers.int_at(0))];
    (transfers.text(1) == "in" ? p.transfer_in_ms : p.transfer_out_ms).push_back(transfers.real(2));
  }

  Statement plans(db,
                  "SELECT x.point_id, x.plan FROM point_plans x JOIN points p ON p.id = x.point_id WHERE p.run_id = ?",
                  doing);
  plans.bind_int(1, run_id);
  while (plans.step()) {
    try {
      out.points[slot.at(plans.int_at(0))].plan = nlohmann::ordered_json::parse(plans.text(1)).get<AdaptivePlan>();
    } catch (const std::exception& e) {
      throw std::runtime_error("The results store '" + db.file() + "' holds an unreadable plan in run " +
                               std::to_string(run_id) + " (" + e.what() + ").");
    }
  }

  std::map<std::pair<std::int64_t, std::int64_t>, std::pair<std::size_t, std::size_t>> layer_slot;
  Statement layers(db,
                   "SELECT l.point_id, l.position, l.layer_index, l.name, l.type, l.macs, l.params, l.bytes_in, "
                   "l.bytes_out FROM layers l JOIN points p ON p.id = l.point_id "
                   "WHERE p.run_id = ? ORDER BY l.point_id, l.position",
                   doing);
  layers.bind_int(1, run_id);
  while (layers.step()) {
    LayerRecord l;
    l.index = int(layers.int_at(2));
    l.name = layers.text(3);
    l.type = layers.text(4);
    l.macs = as_count(layers.int_at(5));
    l.params = as_count(layers.int_at(6));
    l.bytes_in = as_count(layers.int_at(7));
    l.bytes_out = as_count(layers.int_at(8));
    auto& owner = out.points[slot.at(layers.int_at(0))].layers;
    layer_slot[{layers.int_at(0), layers.int_at(1)}] = {slot.at(layers.int_at(0)), owner.size()};
    owner.push_back(std::move(l));
  }

  Statement times(db,
                  "SELECT t.point_id, t.position, t.time_ms FROM layer_times t JOIN points p ON p.id = t.point_id "
                  "WHERE p.run_id = ? ORDER BY t.point_id, t.position, t.repetition",
                  doing);
  times.bind_int(1, run_id);
  while (times.step()) {
    const auto [point, layer] = layer_slot.at({times.int_at(0), times.int_at(1)});
    out.points[point].layers[layer].time_ms.push_back(times.real(2));
  }
  return out;  // the snapshot transaction only read; its destructor rolls it back
}

}  // namespace cnn
