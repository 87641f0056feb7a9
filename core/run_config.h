#pragma once
// RunConfig: every setting of one run, passed by const reference.
#include <cstdint>
#include <string>
#include <string_view>
#include <optional>

namespace cnn {

enum class Precision : std::uint8_t { FP32, FP16 };
std::string_view to_string(Precision p);                 // "fp32" / "fp16"
std::optional<Precision> parse_precision(std::string_view s);

struct RunConfig {
  int threads = 0;                 // CPU threads; 0 means all cores
  Precision precision = Precision::FP32;
  bool allow_tf32 = false;         // GPU fp32 only: allow TF32 tensor-op math
  int warmup = 2;                  // untimed forward passes before each measured pass
  int repetitions = 5;             // timed forward passes per pass (end-to-end, per-layer)
  std::uint64_t seed = 1;          // weights and input values

  int resolved_threads() const;    // threads, with 0 replaced by the number of cores
};

}  // namespace cnn
