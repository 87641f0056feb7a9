#include "core/bench/sweep.h"

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>

#include "core/bench/machine_load.h"
#include "core/bench/round_schedule.h"
#include "core/model/graph.h"
#include "core/session.h"

namespace cnn {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string load_text(double load) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", load);
  return buf;
}

std::string plural(int n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

// Commits points to the store: inserted at the first visit, replaced after the later ones. After a
// failed write it stores nothing more.
class Committer {
 public:
  Committer(ResultsStore* store, std::int64_t run_id, int points) : store_(store), run_id_(run_id), ids_(std::size_t(points), 0) {}

  // Returns one sentence when this write failed.
  std::string commit(const Point& point, int index) {
    if (!store_ || failed_) return {};
    try {
      std::int64_t& id = ids_[std::size_t(index)];
      if (id == 0) id = store_->add_point(run_id_, point);
      else store_->replace_point(id, point);
      return {};
    } catch (const std::runtime_error& e) {
      failed_ = true;
      return std::string(e.what()) + " The points after it were not stored.";
    }
  }
  bool failed() const { return failed_; }

 private:
  ResultsStore* store_;
  std::int64_t run_id_;
  std::vector<std::int64_t> ids_;
  bool failed_ = false;
};

}  // namespace

Sweep::Sweep(const ModelCatalog& models, const BackendRegistry& backends, Selection selection, SweepOptions options)
    : models_(models), backends_(backends), selection_(std::move(selection)), options_(std::move(options)) {
  specs_ = points_of(selection_);
  if (specs_.empty())
    throw std::invalid_argument("Nothing to run: choose at least one model, library and batch size.");
  std::vector<std::pair<std::string, double>> macs;  // per model, per image
  for (const PointSpec& s : specs_) {
    auto it = std::find_if(macs.begin(), macs.end(), [&](const auto& m) { return m.first == s.model; });
    if (it == macs.end()) {
      double per_image = 1e6;  // a model that does not parse fails at once: any weight will do
      try {
        per_image = double(Graph(models_.parse(models_.resolve(s.model)), 1).total_macs());
      } catch (const std::exception&) {
      }
      it = macs.insert(macs.end(), {s.model, per_image});
    }
    // A visit costs its passes plus building the session, roughly a pass of a small batch.
    weights_.push_back(it->second * (s.batch + 2) + 1e6);
  }
}

void Sweep::wait_for_quiet(SweepObserver& observer, const std::atomic<bool>* cancel) const {
  const int cores = int(std::thread::hardware_concurrency());
  const double quiet = options_.quiet_load > 0 ? options_.quiet_load : std::max(cores, 1) / 2.0;
  std::optional<double> load = load_average();
  if (!load) return;
  if (*load > cores)
    observer.on_note("The machine is busy (load average " + load_text(*load) + " on " + plural(cores, "core") +
                     "): readings may be noisy.");
  if (options_.wait_quiet_s <= 0 || *load < quiet) return;
  observer.on_note("Waiting up to " + std::to_string(int(std::lround(options_.wait_quiet_s))) +
                   " s for the load average to fall below " + load_text(quiet) + " (now " + load_text(*load) + ").");
  const auto start = Clock::now();
  while (seconds_since(start) < options_.wait_quiet_s) {
    if (cancel && cancel->load()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    load = load_average();
    if (load && *load < quiet) {
      observer.on_note("The load average is " + load_text(*load) + ": starting.");
      return;
    }
  }
  observer.on_note("The load average is still " + load_text(load.value_or(0)) + " after " +
                   std::to_string(int(std::lround(options_.wait_quiet_s))) + " s: starting anyway.");
}

SweepResult Sweep::run(SweepObserver& observer, const std::atomic<bool>* cancel) {
  SweepResult result;
  result.platform = run_platform(backends_);
  const Platform& platform = result.platform;
  ResultsStore* store = options_.store;
  try {
    if (store) result.run_id = store->begin_run(platform, selection_, options_.label);
  } catch (const std::runtime_error& e) {
    result.status = RunStatus::Failed;
    result.message = e.what();
    return result;
  }
  observer.on_started(result.run_id, platform, points());
  wait_for_quiet(observer, cancel);

  const RunConfig& config = selection_.config;
  RoundSchedule schedule(points(), config.reps);
  Committer committer(store, result.run_id, points());
  std::vector<Point> records;  // a point was visited once its record counts a visit
  for (const PointSpec& s : specs_) records.push_back(empty_point(s, config));
  Runner runner(models_, backends_);
  const auto start = Clock::now();
  double done_weight = 0;
  bool cancelled = false;
  try {
    for (std::vector<int> round = schedule.next_round(); !round.empty(); round = schedule.next_round()) {
      for (int index : round) {
        const PointSpec& spec = specs_[std::size_t(index)];
        Point& point = records[std::size_t(index)];
        Progress progress;
        progress.point = index;
        progress.points = points();
        progress.round = schedule.round();
        progress.rounds = config.reps.rounds;
        progress.visits_done = schedule.visits_done();
        progress.visits = schedule.visits_planned();
        progress.model = spec.model;
        progress.lib = spec.lib;
        progress.precision = std::string(to_string(spec.precision));
        progress.graph = spec.graph;
        progress.scheduler = spec.scheduler;
        progress.batch = spec.batch;
        progress.elapsed_s = seconds_since(start);
        if (done_weight > 0) {
          double left = 0;
          for (std::size_t i = 0; i < specs_.size(); ++i)
            if (!schedule.complete(int(i))) left += weights_[i] * std::max(1, config.reps.rounds - schedule.visits(int(i)));
          progress.eta_s = progress.elapsed_s / done_weight * left;
        }
        const auto report = [&](const char* phase, int repetition, int repetitions) {
          progress.phase = phase;
          progress.repetition = repetition;
          progress.repetitions = repetitions;
          observer.on_progress(progress);
        };
        const auto load_before = load_average();
        runner.visit(spec, config, [&](double pass_ms) { return schedule.reps_for_visit(index, pass_ms); }, point,
                     report, cancel);
        done_weight += weights_[std::size_t(index)];
        if (point.visits == 0) point.load_before = load_before;
        point.load_after = load_average();
        point.noise_threshold = config.reps.noise_threshold;
        ++point.visits;
        if (point.success) schedule.record_visit(index, point.time_fw_ms);
        else schedule.fail(index);
        point.provisional = !schedule.complete(index);
        if (!point.provisional) ++result.finished;
        const std::string problem = committer.commit(point, index);
        if (!problem.empty()) observer.on_note(problem);
        observer.on_point(point, index);
      }
    }
  } catch (const Cancelled&) {
    cancelled = true;
  }
  for (std::size_t i = 0; i < specs_.size(); ++i)
    if (records[i].visits > 0) result.points.push_back(std::move(records[i]));
  result.store_failed = committer.failed();
  result.status = result.store_failed ? RunStatus::Failed : cancelled ? RunStatus::Cancelled : RunStatus::Finished;
  if (store) {
    try {
      store->finish_run(result.run_id, result.status);
    } catch (const std::runtime_error& e) {
      observer.on_note(e.what());
    }
  }
  const std::string where =
      store && !result.store_failed ? ", stored as run " + std::to_string(result.run_id) + " in " + store->path().string() : "";
  if (cancelled)
    result.message = "Stopped: " + std::to_string(result.finished) + " of " + plural(points(), "point") +
                     " complete, " + std::to_string(result.points.size()) + " measured" + where + ".";
  else
    result.message = "Finished: " + plural(points(), "point") + " in " + plural(schedule.round(), "round") + where + ".";
  if (result.store_failed) result.message = "Finished, but not every point could be stored (see above).";
  return result;
}

}  // namespace cnn
