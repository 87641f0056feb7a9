#include "core/bench/machine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "core/backend_registry.h"
#include "core/bench/point.h"

namespace cnn {
namespace {

std::string cpuinfo_field(const std::string& key) {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const auto start = line.find_first_not_of(" \t", colon + 1);
    return start == std::string::npos ? std::string() : line.substr(start);
  }
  return {};
}

bool has_flag(const std::string& flags, const std::string& flag) {
  std::istringstream words(flags);
  std::string w;
  while (words >> w)
    if (w == flag) return true;
  return false;
}

// The highest clock the cores may run at, in GHz: cpufreq's maximum, else /proc/cpuinfo's "cpu MHz"
// (on a VM often the nominal clock). 0 when neither can be read.
double clock_ghz(std::string& where) {
  std::ifstream max_freq("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");
  double khz = 0;
  if (max_freq >> khz && khz > 0) {
    where = "cpufreq's maximum";
    return khz / 1e6;
  }
  const std::string mhz = cpuinfo_field("cpu MHz");
  try {
    if (!mhz.empty() && std::stod(mhz) > 0) {
      where = "/proc/cpuinfo's cpu MHz";
      return std::stod(mhz) / 1e3;
    }
  } catch (const std::exception&) {
  }
  return 0;
}

std::string with_threads(const std::string& what, int threads) {
  return what + ", " + std::to_string(threads) + (threads == 1 ? " thread" : " threads");
}

Ceiling ceiling_of(CeilingKind kind, MemorySpace space, std::string source, Precision precision,
                   CeilingReading reading) {
  return {kind, space, std::move(source), precision, std::move(reading.samples), std::move(reading.method)};
}

}  // namespace

std::string_view to_string(CeilingKind k) { return k == CeilingKind::Compute ? "compute" : "bandwidth"; }
std::optional<CeilingKind> parse_ceiling_kind(std::string_view s) {
  if (s == "compute") return CeilingKind::Compute;
  if (s == "bandwidth") return CeilingKind::Bandwidth;
  return std::nullopt;
}
std::string_view to_string(MemorySpace s) { return s == MemorySpace::Host ? "host" : "device"; }
std::optional<MemorySpace> parse_memory_space(std::string_view s) {
  if (s == "host") return MemorySpace::Host;
  if (s == "device") return MemorySpace::Device;
  return std::nullopt;
}

double Ceiling::median() const {
  if (samples.empty()) return 0;
  std::vector<double> v = samples;
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

CeilingReading time_rate(double work, int repetitions, const std::function<void()>& run, std::string method,
                         const std::function<void()>& finish) {
  run();
  if (finish) finish();
  CeilingReading r;
  r.method = std::move(method);
  for (int rep = 0; rep < std::max(1, repetitions); ++rep) {
    const auto start = std::chrono::steady_clock::now();
    run();
    if (finish) finish();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.samples.push_back(work / s / 1e9);
  }
  return r;
}

std::size_t last_level_cache_bytes() {
  std::size_t largest = 0;
  for (int index = 0; index < 8; ++index) {
    std::ifstream in("/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) + "/size");
    std::string text;
    if (!(in >> text) || text.empty()) continue;
    std::size_t value = 0;
    try {
      value = std::stoul(text);
    } catch (const std::exception&) {
      continue;
    }
    const char unit = text.back();
    if (unit == 'K') value <<= 10;
    if (unit == 'M') value <<= 20;
    largest = std::max(largest, value);
  }
  return largest;
}

CeilingReading measure_host_triad(int threads, std::size_t bytes_per_array, int repetitions) {
  threads = std::max(1, threads);
  const std::size_t n = std::max<std::size_t>(bytes_per_array / sizeof(double), std::size_t(threads));
  // Not value-initialised: each thread first touches its own slice, as STREAM's OpenMP loops do.
  std::unique_ptr<double[]> a(new double[n]), b(new double[n]), c(new double[n]);
  const double scalar = 3.0;
  auto on_threads = [&](auto&& body) {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] { body(n * std::size_t(t) / std::size_t(threads), n * std::size_t(t + 1) / std::size_t(threads)); });
    for (std::thread& th : pool) th.join();
  };
  on_threads([&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) a[i] = 0, b[i] = 1.0 + double(i % 7), c[i] = 2.0;
  });
  auto triad = [&](std::size_t from, std::size_t to) {
    double* __restrict pa = a.get();
    const double* __restrict pb = b.get();
    const double* __restrict pc = c.get();
    for (std::size_t i = from; i < to; ++i) pa[i] = pb[i] + scalar * pc[i];
  };
  std::ostringstream m;
  m << "STREAM triad over 3 arrays of " << (n * sizeof(double) >> 20) << " MiB";
  CeilingReading r = time_rate(3.0 * sizeof(double) * double(n), repetitions, [&] { on_threads(triad); },
                               with_threads(m.str(), threads));
  // The arrays are read back so the stores cannot be elided.
  if (!std::isfinite(a[n / 2])) r.samples.clear();
  return r;
}

std::optional<Ceiling> theoretical_host_peak(int threads) {
  const std::string flags = cpuinfo_field("flags");
  std::string clock_source;
  const double ghz = clock_ghz(clock_source);
  if (flags.empty() || ghz <= 0) return std::nullopt;
  int per_cycle = 8;  // SSE: 4 lanes, a multiply and an add
  std::string isa = "SSE";
  if (has_flag(flags, "avx512f")) per_cycle = 64, isa = "AVX-512: 2 FMA units x 16 lanes x 2";
  else if (has_flag(flags, "avx2") && has_flag(flags, "fma")) per_cycle = 32, isa = "AVX2: 2 FMA units x 8 lanes x 2";
  threads = std::max(1, threads);
  std::ostringstream m;
  m.precision(3);
  m << threads << " cores x " << ghz << " GHz (" << clock_source << ") x " << per_cycle << " FLOP/cycle ("
    << isa << ", assumed)";
  Ceiling c;
  c.kind = CeilingKind::Compute;
  c.space = MemorySpace::Host;
  c.source = "theoretical";
  c.samples = {threads * ghz * per_cycle};
  c.method = m.str();
  return c;
}

MachineRecord measure_machine(const BackendRegistry& registry, const MachineOptions& options,
                              const MachineProgress& progress, const std::atomic<bool>* stop) {
  RunConfig config;
  config.threads = options.threads;
  const int threads = config.resolved_threads();
  MachineRecord record;
  record.measured_at = utc_now_iso8601();
  record.cpu = detect_platform().cpu;
  record.threads = threads;

  // The steps, listed first so progress knows the total.
  struct Step {
    std::string what;
    std::function<std::optional<Ceiling>()> measure;
  };
  std::vector<Step> steps;
  for (Backend* backend : registry.all()) {
    const BackendInfo info = backend->info();
    if (!info.available) continue;
    const MemorySpace space = backend->memory_space();
    record.libraries.emplace_back(info.id, space);
    for (Precision p : info.precisions)
      steps.push_back({info.id + " " + std::string(to_string(p)) + " peak", [=, &config]() -> std::optional<Ceiling> {
                         RunConfig c = config;
                         c.precision = p;
                         backend->configure(c);
                         auto r = backend->measure_peak(p, c, options.repetitions);
                         if (!r || r->samples.empty()) return std::nullopt;
                         return ceiling_of(CeilingKind::Compute, space, info.id, p, std::move(*r));
                       }});
    if (space == MemorySpace::Device)
      steps.push_back({info.id + " device bandwidth", [=]() -> std::optional<Ceiling> {
                         auto r = backend->measure_bandwidth(options.repetitions);
                         if (!r || r->samples.empty()) return std::nullopt;
                         return ceiling_of(CeilingKind::Bandwidth, MemorySpace::Device, info.id, Precision::FP32,
                                           std::move(*r));
                       }});
  }
  steps.push_back({"host FMA peak", [&]() -> std::optional<Ceiling> {
                     return ceiling_of(CeilingKind::Compute, MemorySpace::Host, "fma", Precision::FP32,
                                       measure_fma_peak(threads, options.repetitions));
                   }});
  steps.push_back({"host memory bandwidth (triad)", [&]() -> std::optional<Ceiling> {
                     std::size_t bytes = options.triad_bytes;
                     if (bytes == 0) bytes = std::max<std::size_t>(8 * last_level_cache_bytes(), std::size_t(256) << 20);
                     return ceiling_of(CeilingKind::Bandwidth, MemorySpace::Host, "triad", Precision::FP32,
                                       measure_host_triad(threads, bytes, options.repetitions));
                   }});
  steps.push_back({"host theoretical peak", [&] { return theoretical_host_peak(threads); }});

  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (stop && stop->load()) break;
    if (progress) progress(steps[i].what, int(i), int(steps.size()));
    if (auto c = steps[i].measure(); c && !c->samples.empty()) record.ceilings.push_back(std::move(*c));
  }
  if (progress) progress("done", int(steps.size()), int(steps.size()));
  return record;
}

}  // namespace cnn
