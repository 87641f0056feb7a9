// The machine's ceilings: the measuring helpers (counts and arithmetic, not speed), what
// measure_machine gathers from the compiled-in libraries, the record as JSON, and the store.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

#include "backends/backend_registration.h"
#include "core/backend_registry.h"
#include "core/bench/machine.h"
#include "core/bench/machine_json.h"
#include "core/store/results_store.h"

using namespace cnn;
namespace fs = std::filesystem;

namespace {

MachineRecord sample_record(const std::string& at, const std::string& cpu) {
  MachineRecord m;
  m.measured_at = at;
  m.cpu = cpu;
  m.threads = 2;
  m.libraries = {{"openblas", MemorySpace::Host}, {"cublas", MemorySpace::Device}};
  m.ceilings = {{CeilingKind::Compute, MemorySpace::Host, "openblas", Precision::FP32, {180.5, 190.25}, "sgemm"},
                {CeilingKind::Bandwidth, MemorySpace::Host, "triad", Precision::FP32, {31.0}, "triad"},
                {CeilingKind::Compute, MemorySpace::Device, "cublas", Precision::FP16, {7e5}, "gemm"}};
  return m;
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("cnn-test-machine-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

std::string error_of(const std::string& text) {
  try {
    machine_from_json(text);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("time_rate runs once untimed, then once per repetition, and divides the work by the time") {
  int runs = 0, finishes = 0;
  const CeilingReading r = time_rate(1e9, 3, [&] { ++runs; }, "counting", [&] { ++finishes; });
  CHECK(runs == 4);
  CHECK(finishes == 4);
  REQUIRE(r.samples.size() == 3);
  for (double s : r.samples) CHECK(s > 0);
  CHECK(r.method == "counting");
}

TEST_CASE("the host triad reports one rate per repetition over the arrays it was given") {
  const CeilingReading r = measure_host_triad(2, std::size_t(4) << 20, 2);
  REQUIRE(r.samples.size() == 2);
  for (double s : r.samples) CHECK(s > 0);
  CHECK(r.method == "STREAM triad over 3 arrays of 4 MiB, 2 threads");
}

TEST_CASE("the FMA peak reports one rate per repetition and names its vectors and threads") {
  const CeilingReading r = measure_fma_peak(2, 2);
  REQUIRE(r.samples.size() == 2);
  for (double s : r.samples) CHECK(s > 0);
  CHECK(r.method.find("chains (as ERT), 2 threads") != std::string::npos);
}

TEST_CASE("the theoretical peak scales with the cores and names what it assumed") {
  const auto one = theoretical_host_peak(1);
  const auto two = theoretical_host_peak(2);
  REQUIRE(one.has_value() == two.has_value());
  if (!one) return;  // no clock or features readable here: nothing claimed
  CHECK(two->median() == doctest::Approx(2 * one->median()));
  CHECK(one->theoretical());
  CHECK(one->method.find("FLOP/cycle") != std::string::npos);
  CHECK(one->method.find("assumed") != std::string::npos);
}

TEST_CASE("measure_machine asks every available library and measures the host itself") {
  BackendRegistry registry;
  register_backends(registry);
  MachineOptions options;
  options.threads = 1;
  options.repetitions = 1;
  options.triad_bytes = std::size_t(4) << 20;
  int last_done = -1, total = 0, calls = 0;
  const MachineRecord m = measure_machine(registry, options, [&](const std::string&, int done, int all) {
    CHECK(done > last_done);
    last_done = done, total = all, ++calls;
  });
  CHECK(calls == total + 1);  // once per step, then "done"
  CHECK(last_done == total);
  CHECK(m.threads == 1);
  CHECK_FALSE(m.measured_at.empty());
  auto has = [&](CeilingKind kind, const std::string& source) {
    for (const Ceiling& c : m.ceilings)
      if (c.kind == kind && c.source == source) return true;
    return false;
  };
  CHECK(has(CeilingKind::Bandwidth, "triad"));
  CHECK(has(CeilingKind::Compute, "fma"));
  CHECK_FALSE(has(CeilingKind::Compute, "reference"));  // it has no GEMM of its own
  for (Backend* b : registry.all()) {
    const BackendInfo info = b->info();
    if (!info.available) continue;
    bool listed = false;
    for (const auto& [id, space] : m.libraries) listed = listed || (id == info.id && space == b->memory_space());
    CHECK_MESSAGE(listed, info.id);
    if (info.id == "openblas" || info.id == "onednn") CHECK_MESSAGE(has(CeilingKind::Compute, info.id), info.id);
  }

  std::atomic<bool> stop = true;
  CHECK(measure_machine(registry, options, {}, &stop).ceilings.empty());
}

TEST_CASE("a machine record reads back from JSON as it was written") {
  const MachineRecord m = sample_record("2026-12-07T08:00:00Z", "Test CPU");
  CHECK(machine_from_json(machine_to_json(m)) == m);
  CHECK(m.ceilings[0].median() == doctest::Approx((180.5 + 190.25) / 2));
}

TEST_CASE("a bad machine record is one sentence naming the field") {
  nlohmann::ordered_json j = sample_record("2026-12-07T08:00:00Z", "Test CPU");
  j["ceilings"][0]["kind"] = "roof";
  CHECK(error_of(j.dump()) == "bad machine record: field 'kind' must be \"compute\" or \"bandwidth\"");
  j = sample_record("t", "c");
  j["ceilings"][1]["samples"] = nlohmann::ordered_json::array();
  CHECK(error_of(j.dump()) == "bad machine record: field 'samples' must be a non-empty array of numbers");
  j = sample_record("t", "c");
  j["ceilings"][1]["samples"] = {0.0};
  CHECK(error_of(j.dump()) == "bad machine record: field 'samples' must be an array of numbers > 0");
  j = sample_record("t", "c");
  j["libraries"]["openblas"] = "cloud";
  CHECK(error_of(j.dump()).find("field 'libraries'") != std::string::npos);
  CHECK(error_of("{").find("not valid JSON") != std::string::npos);
}

TEST_CASE("the store keeps machine records once each and finds the newest of a CPU") {
  TempDir dir;
  ResultsStore store(dir.path / "results.sqlite");
  CHECK_FALSE(store.latest_machine());
  const MachineRecord older = sample_record("2026-12-07T08:00:00Z", "CPU A");
  const MachineRecord newer = sample_record("2026-12-07T09:00:00Z", "CPU A");
  const MachineRecord other = sample_record("2026-12-07T10:00:00Z", "CPU B");
  const auto id = store.add_machine(older);
  CHECK(store.add_machine(older) == id);  // imported again: not kept twice
  store.add_machine(newer);
  store.add_machine(other);
  CHECK(store.latest_machine("CPU A") == newer);
  CHECK(store.latest_machine("CPU B") == other);
  CHECK(store.latest_machine() == other);
  CHECK_FALSE(store.latest_machine("CPU C"));
}

TEST_CASE("a layer's FLOPs are stored, and absent where they were not recorded") {
  TempDir dir;
  ResultsStore store(dir.path / "results.sqlite");
  Point p;
  p.model = "lenet", p.lib = "openblas", p.batch = 1, p.threads = 1, p.success = true;
  p.time_fw_ms = {1.0};
  LayerRecord with, without;
  with.name = "conv", with.type = "Convolution", with.flops = 123456789012ull, with.time_ms = {0.5};
  without.index = 1, without.name = "old", without.type = "ReLU", without.time_ms = {0.1};
  p.layers = {with, without};
  const auto run = store.begin_run(Platform{}, Selection{}, "flops");
  store.add_point(run, p);
  const StoredRun stored = store.load_run(run);
  REQUIRE(stored.points.size() == 1);
  CHECK(stored.points[0].layers[0].flops == 123456789012ull);
  CHECK_FALSE(stored.points[0].layers[1].flops);
}
