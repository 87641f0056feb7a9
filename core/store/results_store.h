#pragma once
// ResultsStore: every benchmark run and each of its points kept in one SQLite file, each point
// committed the moment it is measured, so a crash or a kill loses at most the point in flight.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bench/machine.h"
#include "core/bench/selection.h"
#include "core/bench/point.h"

namespace cnn {

enum class RunStatus : std::uint8_t { Running, Finished, Cancelled, Failed };
std::string_view to_string(RunStatus s);  // "running", "finished", "cancelled", "failed"
std::optional<RunStatus> parse_run_status(std::string_view s);

// One line of the list of stored runs.
struct RunSummary {
  std::int64_t id = 0;
  std::string started_at;               // ISO 8601 UTC
  std::string finished_at;              // ISO 8601 UTC; empty while running
  std::string label;
  std::string cpu;                      // the run's Platform::cpu
  int cores = 0;                        // the run's Platform::cores
  std::vector<std::string> models, libs;  // from the run's plan
  std::int64_t points = 0;              // points stored so far
  RunStatus status = RunStatus::Running;
};

// One run as stored; points are in the order they were added and equal what was added, doubles bit
// for bit (except that a NaN comes back as the quiet NaN and -0.0 as 0.0).
struct StoredRun {
  RunSummary summary;
  Platform platform;
  Selection selection;                  // the settings the run was started with (adaptive plans: with their points)
  std::vector<Point> points;
  std::optional<MachineRecord> machine;  // the newest machine record of its CPU (platform.cpu), if any
};

// $XDG_DATA_HOME/cnn-explorer/results.sqlite, else ~/.local/share/cnn-explorer/results.sqlite.
std::filesystem::path default_store_path();

// Not thread-safe: use one ResultsStore per thread (several may open the same file, also from
// several processes; SQLite's WAL lets readers work while one writer commits).
// Every failure throws std::runtime_error with one sentence naming the file.
class ResultsStore {
 public:
  ResultsStore();
  explicit ResultsStore(const std::filesystem::path& path);  // open(path)
  ~ResultsStore();
  ResultsStore(ResultsStore&&) noexcept;
  ResultsStore& operator=(ResultsStore&&) noexcept;

  // Opens the store, creating the file and its folder when missing and bringing an older schema
  // up to date. A file that is not SQLite, another program's database or a newer schema is
  // refused before anything in it is written.
  void open(const std::filesystem::path& path);
  void close();
  bool is_open() const;
  const std::filesystem::path& path() const;  // empty when closed

  // Records a new run with status running; started_at is platform.started_at (now when empty).
  std::int64_t begin_run(const Platform& platform, const Selection& selection, const std::string& label);
  // Commits one point of a running run in its own transaction before returning; returns its id.
  std::int64_t add_point(std::int64_t run_id, const Point& point);
  // Replaces a point of a running run with a later record of it (more repetitions), in one
  // transaction, keeping its id and so its place in the run.
  void replace_point(std::int64_t point_id, const Point& point);
  // Sets the final status (not Running) and finished_at = now.
  void finish_run(std::int64_t run_id, RunStatus status);
  // Removes a run and all its points.
  void delete_run(std::int64_t run_id);

  std::vector<RunSummary> list_runs() const;  // newest first
  StoredRun load_run(std::int64_t run_id) const;

  // Keeps a machine record (committed when it returns); one already kept with the same measured_at
  // and cpu (e.g. imported twice) is not added again. Returns its id.
  std::int64_t add_machine(const MachineRecord& machine);
  // The newest record measured on `cpu` (any cpu when empty); nullopt when there is none.
  std::optional<MachineRecord> latest_machine(const std::string& cpu = {}) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cnn
