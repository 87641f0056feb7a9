#pragma once
// The machine's ceilings, measured by the app as the Empirical Roofline Toolkit does rather than
// quoted from a datasheet: the host's FMA peak (register-resident chains), each library's peak
// arithmetic rate (a large GEMM), the host memory's bandwidth (a STREAM-style triad), a device's
// memory bandwidth (its library's triad kernel), and the host's theoretical compute peak where its
// vector features and clock can be read.
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/backend.h"

namespace cnn {

class BackendRegistry;

enum class CeilingKind : std::uint8_t { Compute, Bandwidth };
std::string_view to_string(CeilingKind k);  // "compute" / "bandwidth"
std::optional<CeilingKind> parse_ceiling_kind(std::string_view s);
std::string_view to_string(MemorySpace s);  // "host" / "device"
std::optional<MemorySpace> parse_memory_space(std::string_view s);

// One ceiling as measured: every repetition's rate, so its spread is kept. Compute ceilings are in
// GFLOP/s, bandwidth ceilings in GB/s (10^9 bytes per second).
struct Ceiling {
  CeilingKind kind = CeilingKind::Compute;
  MemorySpace space = MemorySpace::Host;  // whose memory / processor it is
  std::string source;        // the library that measured it ("openblas"), "fma", "triad", or "theoretical"
  Precision precision = Precision::FP32;  // compute ceilings; fp32 for bandwidth ceilings
  std::vector<double> samples;            // per repetition; one value for a theoretical ceiling
  std::string method;        // for people: "sgemm 2048x2048x2048, 2 threads"
  bool theoretical() const { return source == "theoretical"; }
  double median() const;     // of samples; 0 when none
  bool operator==(const Ceiling&) const = default;
};

// One measurement of the machine ("machine" in a results document).
struct MachineRecord {
  std::string measured_at;  // ISO 8601 UTC
  std::string cpu;          // Platform::cpu
  int threads = 0;          // the host threads the ceilings were measured with
  // Where each library measured ran (host or device), so a point's library finds its ceilings.
  std::vector<std::pair<std::string, MemorySpace>> libraries;
  std::vector<Ceiling> ceilings;
  bool operator==(const MachineRecord&) const = default;
};

struct MachineOptions {
  int threads = 0;       // 0: every core
  int repetitions = 7;   // per ceiling
  std::size_t triad_bytes = 0;  // per array; 0: 8 x the last-level cache, at least 256 MiB
};

// Called before each ceiling is measured: (what, done, total).
using MachineProgress = std::function<void(const std::string& what, int done, int total)>;

// Measures every available library's compute peak in each of its precisions, each device library's
// memory bandwidth, the host triad and the host's theoretical peak. `stop` (may be null) is read
// between ceilings; when set, the record holds what was measured so far.
MachineRecord measure_machine(const BackendRegistry& registry, const MachineOptions& options,
                              const MachineProgress& progress = {}, const std::atomic<bool>* stop = nullptr);

// A STREAM triad a[i] = b[i] + s * c[i] over three arrays of `bytes_per_array` doubles' worth on
// `threads` threads (each its own slice, first touched by its own thread): GB/s per repetition,
// counting 3 x 8 bytes per element as STREAM does (the write-allocate read is not counted).
CeilingReading measure_host_triad(int threads, std::size_t bytes_per_array, int repetitions);

// The host's compute ceiling as the Empirical Roofline Toolkit measures it (fma_peak.cpp): 12
// independent chains of fused multiply-adds in the widest vectors the CPU runs, on `threads` threads
// at once; GFLOP/s per repetition (a multiply-add is two). What no library kernel can beat.
CeilingReading measure_fma_peak(int threads, int repetitions);

// The host's theoretical fp32 peak for `threads` cores from /proc/cpuinfo and cpufreq: cores x clock x
// FLOPs per cycle (AVX-512: 2 FMA units x 16 lanes x 2; AVX2 with FMA: 2 x 8 x 2; else SSE 8);
// nullopt when the clock or features cannot be read. The method names what was assumed.
std::optional<Ceiling> theoretical_host_peak(int threads);

// `run` once untimed, then `repetitions` times on the host clock: work / seconds / 10^9 per
// repetition (GFLOP/s for FLOPs, GB/s for bytes). `finish` (optional) runs inside each timed
// interval after `run`, for libraries whose calls return before the work is done.
CeilingReading time_rate(double work, int repetitions, const std::function<void()>& run, std::string method,
                         const std::function<void()>& finish = {});

// The last-level cache in bytes from sysfs; 0 when unknown.
std::size_t last_level_cache_bytes();

}  // namespace cnn
