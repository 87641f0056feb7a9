// Store files damaged in ways the schema's constraints would have refused, as the store fuzzer found
// them (tests/fuzz/store/regression-*.sqlite): opening and reading each is one sentence naming the
// file, never a crash or an uncaught exception.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "core/store/results_store.h"
#include "tests/store_fixtures.h"

using namespace cnn;
namespace fs = std::filesystem;

namespace {

// Reads everything in a copy of the fuzz seed `name`; the sentence it threw, or "" when none.
std::string read_all(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("cnn-test-store-damaged-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "results.sqlite";
  fs::copy_file(fs::path(CNN_SOURCE_DIR) / "tests/fuzz/store" / name, file, fs::copy_options::overwrite_existing);
  std::string error;
  try {
    ResultsStore store(file);
    for (const RunSummary& run : store.list_runs()) (void)store.load_run(run.id);
    (void)store.latest_machine();
  } catch (const std::runtime_error& e) {
    error = e.what();
  }
  fs::remove_all(dir);
  return error;
}

}  // namespace

TEST_CASE("per-layer times of a layer the run does not list: the store says it is damaged") {
  const std::string error = read_all("regression-orphan-layer-times.sqlite");
  CHECK(error.find("' is damaged: run ") != std::string::npos);
  CHECK(error.find("has per-layer times of a layer it does not list.") != std::string::npos);
  CHECK(error.find("results.sqlite") != std::string::npos);
}

TEST_CASE("records joined to a point the run's list lacks (a point id of another type): damaged, one sentence") {
  const std::string error = read_all("regression-point-id-of-another-type.sqlite");
  CHECK(error.find("' is damaged: run ") != std::string::npos);
  CHECK(error.find("of a point it does not list.") != std::string::npos);
}

TEST_CASE("a header with our mark and a negative schema version: damaged, refused before any write") {
  const std::string error = read_all("regression-negative-schema-version.sqlite");
  CHECK(error.find("is damaged: its header says schema version -2063597561, which no build of CNN Explorer writes") !=
        std::string::npos);
}

TEST_CASE("a schedule record that is not JSON: one sentence naming the file and the run") {
  const fs::path dir = fs::temp_directory_path() / ("cnn-test-store-schedule-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "results.sqlite";
  std::int64_t run_id = 0;
  {
    ResultsStore store(file);
    run_id = store.begin_run(store_fixtures::make_platform(), store_fixtures::make_selection(), "damaged");
    store.add_point(run_id, store_fixtures::make_point(3));  // an IOS point with its schedule
  }
  store_fixtures::raw_sql(file, "UPDATE points SET schedule = '{\"scheduler\": \"ios\", \"stages\": [' WHERE run_id = " +
                                    std::to_string(run_id));
  std::string error;
  try {
    ResultsStore(file).load_run(run_id);
  } catch (const std::runtime_error& e) {
    error = e.what();
  }
  fs::remove_all(dir);
  CHECK_MESSAGE(error.find("results.sqlite' holds an unreadable schedule in run " + std::to_string(run_id)) !=
                    std::string::npos,
                error);
  CHECK(error.find("the schedule is not valid JSON") != std::string::npos);
  CHECK(error.find('\n') == std::string::npos);
}

TEST_CASE("the fuzzer's seeds read without an error") {
  CHECK(read_all("lenet-v7.sqlite").empty());
  CHECK(read_all("older-v1.sqlite").empty());  // brought up from schema 1
}
