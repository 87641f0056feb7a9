#include "core/store/store_schema.h"

#include <sqlite3.h>

#include <array>
#include <stdexcept>
#include <string>

namespace cnn::store_schema {
namespace {

// Version 1. Byte counts and MACs are INTEGER (64-bit; values above 2^63-1 read back exactly
// but show as negative in SQL). Times are REAL milliseconds for the whole batch, exact to the bit
// except that NULL stands for NaN and -0.0 reads back as 0.0 (SQLite keeps no sign on zero).
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE runs (
  id          INTEGER PRIMARY KEY,
  started_at  TEXT NOT NULL,                  -- ISO 8601 UTC
  finished_at TEXT,                           -- ISO 8601 UTC; NULL until finished
  label       TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL DEFAULT 'running'
              CHECK (status IN ('running', 'finished', 'cancelled', 'failed')),
  platform    TEXT NOT NULL,                  -- JSON, as "platform" in a results document
  settings    TEXT NOT NULL                   -- JSON: models, libs, precisions, batches, threads,
                                              --   warmup, repetitions, allow_tf32, seed
);
CREATE TABLE points (
  id                      INTEGER PRIMARY KEY,  -- ascending in the order points were measured
  run_id                  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  model                   TEXT NOT NULL,
  lib                     TEXT NOT NULL,
  precision               TEXT NOT NULL,
  batch                   INTEGER NOT NULL,
  threads                 INTEGER NOT NULL,
  success                 INTEGER NOT NULL CHECK (success IN (0, 1)),
  error                   TEXT NOT NULL DEFAULT '',
  weights_bytes           INTEGER NOT NULL,
  activations_bytes       INTEGER NOT NULL,
  activations_total_bytes INTEGER NOT NULL,
  workspace_bytes         INTEGER NOT NULL,
  measured_bytes          INTEGER NOT NULL
);
CREATE INDEX points_by_run ON points(run_id);
CREATE TABLE repetitions (
  point_id   INTEGER NOT NULL REFERENCES points(id) ON DELETE CASCADE,
  pass       TEXT NOT NULL CHECK (pass IN ('fw')),  -- 'fw': the end-to-end forward pass
  repetition INTEGER NOT NULL,                      -- 0-based
  time_ms    REAL,
  PRIMARY KEY (point_id, pass, repetition)
) WITHOUT ROWID;
CREATE TABLE layers (
  point_id    INTEGER NOT NULL REFERENCES points(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,                     -- 0-based order within the point
  layer_index INTEGER NOT NULL,                     -- graph node index
  name        TEXT NOT NULL,
  type        TEXT NOT NULL,                        -- Caffe type name
  macs        INTEGER NOT NULL,
  params      INTEGER NOT NULL,
  bytes_in    INTEGER NOT NULL,
  bytes_out   INTEGER NOT NULL,
  PRIMARY KEY (point_id, position)
) WITHOUT ROWID;
CREATE TABLE layer_times (
  point_id   INTEGER NOT NULL,
  position   INTEGER NOT NULL,                      -- layers.position
  repetition INTEGER NOT NULL,                      -- 0-based, per-layer pass
  time_ms    REAL,
  PRIMARY KEY (point_id, position, repetition),
  FOREIGN KEY (point_id, position) REFERENCES layers(point_id, position) ON DELETE CASCADE
) WITHOUT ROWID;
)sql";

// Version 2: device libraries' host <-> device copies, per repetition of the end-to-end pass.
constexpr std::string_view kVersion2 = R"sql(
CREATE TABLE transfers (
  point_id   INTEGER NOT NULL REFERENCES points(id) ON DELETE CASCADE,
  direction  TEXT NOT NULL CHECK (direction IN ('in', 'out')),  -- 'in': host -> device input copy
  repetition INTEGER NOT NULL,                                  -- 0-based, end-to-end pass
  time_ms    REAL,
  PRIMARY KEY (point_id, direction, repetition)
) WITHOUT ROWID;
)sql";

// Version 3: the plan a point of lib 'adaptive' ran (JSON, as "plan" in a results document).
constexpr std::string_view kVersion3 = R"sql(
CREATE TABLE point_plans (
  point_id INTEGER PRIMARY KEY REFERENCES points(id) ON DELETE CASCADE,
  plan     TEXT NOT NULL
);
)sql";

// Version 4: how each reading was taken, NULL in points recorded before (shown as absent, never 0):
// in how many rounds it was measured, whether it was recorded before its last one, the 1-minute
// load average around it, the run's CoV threshold, and the peak of the allocations core tracked.
constexpr std::string_view kVersion4 = R"sql(
ALTER TABLE points ADD COLUMN visits INTEGER;
ALTER TABLE points ADD COLUMN provisional INTEGER CHECK (provisional IN (0, 1));
ALTER TABLE points ADD COLUMN load_before REAL;
ALTER TABLE points ADD COLUMN load_after REAL;
ALTER TABLE points ADD COLUMN noise_threshold REAL;
ALTER TABLE points ADD COLUMN tracked_bytes INTEGER;
)sql";

// Version 5: the graph a point ran ('caffe': the model's layers one by one; 'fused': the fused
// graph), NULL in points recorded before, which all ran the Caffe graph.
constexpr std::string_view kVersion5 = R"sql(
ALTER TABLE points ADD COLUMN graph TEXT CHECK (graph IN ('caffe', 'fused'));
)sql";

// Version 6: the top-1 accuracy measured with the point's library, precision and graph mode on a
// labelled dataset (cnn-bench accuracy): the dataset's name, how many images were classified and how
// many the top-scoring class got right; all three NULL in a point without one (and in older points).
constexpr std::string_view kVersion6 = R"sql(
ALTER TABLE points ADD COLUMN accuracy_dataset TEXT;
ALTER TABLE points ADD COLUMN accuracy_images INTEGER CHECK (accuracy_images >= 0);
ALTER TABLE points ADD COLUMN accuracy_correct INTEGER
  CHECK ((accuracy_dataset IS NULL AND accuracy_images IS NULL AND accuracy_correct IS NULL) OR
         (accuracy_dataset IS NOT NULL AND accuracy_images IS NOT NULL AND accuracy_correct IS NOT NULL AND
          accuracy_correct BETWEEN 0 AND accuracy_images));
)sql";

// Version 7: each layer's arithmetic operations (NULL in older records), and the machine's ceilings
// measured by cnn-bench machine or the explorer (the record as JSON, as "machine" in a results
// document), newest last.
constexpr std::string_view kVersion7 = R"sql(
ALTER TABLE layers ADD COLUMN flops INTEGER;
CREATE TABLE machines (
  id          INTEGER PRIMARY KEY,
  measured_at TEXT NOT NULL,                  -- ISO 8601 UTC
  cpu         TEXT NOT NULL,                  -- Platform::cpu of where it was measured
  record      TEXT NOT NULL,                  -- JSON
  UNIQUE (measured_at, cpu)
);
)sql";

// Version 8: the scheduler that ran a point's layers ('sequential' one by one, as every point before;
// 'greedy' or 'ios': stages of concurrent groups) and its schedule record (JSON, as "schedule" in a
// results document; NULL where none was recorded).
constexpr std::string_view kVersion8 = R"sql(
ALTER TABLE points ADD COLUMN scheduler TEXT NOT NULL DEFAULT 'sequential'
  CHECK (scheduler IN ('sequential', 'greedy', 'ios'));
ALTER TABLE points ADD COLUMN schedule TEXT;
)sql";

constexpr std::array<std::string_view, 8> kMigrations = {kVersion1, kVersion2, kVersion3, kVersion4,
                                                         kVersion5, kVersion6, kVersion7, kVersion8};

[[noreturn]] void refuse(const sqlite::Connection& db, const std::string& why) {
  throw std::runtime_error("The file '" + db.file() + "' " + why + "; it was left untouched.");
}

}  // namespace

std::span<const std::string_view> migrations() { return kMigrations; }
int current_version() { return int(kMigrations.size()); }

void check_before_writing(sqlite::Connection& db) {
  std::int64_t app_id = 0, version = 0, objects = 0;
  try {
    // One read transaction: another process's first migration (tables, mark and version in one
    // commit) is seen whole or not at all; three separate reads could see the tables without the
    // mark and call the store another program's. The first read parses the header: a file that is
    // not SQLite fails there, before any write.
    db.exec("BEGIN", "read the header");
    app_id = db.query_int("PRAGMA application_id", "read the header");
    version = db.query_int("PRAGMA user_version", "read the schema version");
    objects = db.query_int("SELECT count(*) FROM sqlite_schema", "read the schema");
    db.exec("COMMIT", "read the header");
  } catch (const std::runtime_error&) {
    const int code = db.error_code();
    if (code == SQLITE_NOTADB) refuse(db, "is not an SQLite database, so not a CNN Explorer results store");
    if (code == SQLITE_CORRUPT) refuse(db, "is a damaged SQLite database");
    if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN)  // WAL files cannot be created beside it
      throw std::runtime_error("The results store '" + db.file() +
                               "' cannot be opened because its folder is not writable.");
    throw;
  }
  if (app_id == kApplicationId) {
    // Our mark and the version are written together, by migrate(): a version below 1 is a damaged header.
    if (version < 1)
      refuse(db, "is damaged: its header says schema version " + std::to_string(version) +
                     ", which no build of CNN Explorer writes");
    if (version > current_version())
      refuse(db, "holds results in schema version " + std::to_string(version) +
                     ", newer than this build of CNN Explorer reads (" + std::to_string(current_version()) + ")");
    return;
  }
  if (app_id == 0 && version == 0 && objects == 0) return;  // empty: ours to initialise
  refuse(db, "is an SQLite database of another program, not a CNN Explorer results store");
}

void migrate(sqlite::Connection& db) {
  sqlite::Transaction tx(db, "update the schema");
  // Read again under the write lock: another process may have migrated since the check.
  const auto version = int(db.query_int("PRAGMA user_version", "read the schema version"));
  if (version >= current_version()) return;  // rolls back an empty transaction
  if (version < 0) refuse(db, "is damaged: its header says schema version " + std::to_string(version));
  for (int v = version; v < current_version(); ++v) db.exec(kMigrations[std::size_t(v)], "update the schema");
  db.exec("PRAGMA application_id = " + std::to_string(kApplicationId), "mark the schema");
  db.exec("PRAGMA user_version = " + std::to_string(current_version()), "mark the schema");
  tx.commit();
}

}  // namespace cnn::store_schema
