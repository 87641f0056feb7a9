#pragma once
// RunConfig: every setting of one run, passed by const reference.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <optional>

namespace cnn {

enum class Precision : std::uint8_t { FP32, FP16 };
std::string_view to_string(Precision p);                 // "fp32" / "fp16"
std::optional<Precision> parse_precision(std::string_view s);
std::ostream& operator<<(std::ostream& out, Precision p);  // writes to_string(p)
// JSON as "fp32" / "fp16" (nlohmann::json finds it through ADL), never as a number.
template <class Json>
void to_json(Json& j, Precision p) {
  j = std::string(to_string(p));
}

// When a point's reading is known (as Google Benchmark and hyperfine decide): its end-to-end pass
// repeats at least `min_reps` times and for at least `min_time_s` seconds in all, up to `max_reps`.
// The repetitions are spread over `rounds` visits of the point, each visit in a different round of
// the sweep, so that a slow minute on the machine lands on a share of every point's repetitions
// rather than on all of a few points. A point whose coefficient of variation is still above
// `noise_threshold` after its rounds gets further visits until it reaches `max_reps`, and is
// flagged noisy if it stays above.
// Which graph a point runs: Caffe's layers one by one, as the model file lists them (the default,
// so per-layer comparisons keep their meaning), or the fused graph (core/model/fusion.h: BatchNorm
// and Scale folded into convolutions, activations and residual sums fused into their producers,
// as far as the point's libraries say they can run them).
enum class GraphMode : std::uint8_t { Caffe, Fused };
std::string_view to_string(GraphMode g);                 // "caffe" / "fused"
std::optional<GraphMode> parse_graph_mode(std::string_view s);
std::ostream& operator<<(std::ostream& out, GraphMode g);
template <class Json>
void to_json(Json& j, GraphMode g) {
  j = std::string(to_string(g));
}

struct RepetitionRule {
  int min_reps = 6;              // --reps
  double min_time_s = 0.5;       // --min-time
  int max_reps = 60;             // --max-reps
  int rounds = 3;                // --rounds
  double noise_threshold = 0.05; // --noise-threshold (0.05 = 5 %)
};

struct RunConfig {
  int threads = 0;                 // CPU threads; 0 means all cores
  Precision precision = Precision::FP32;
  bool allow_tf32 = false;         // GPU fp32 only: allow TF32 tensor-op math
  int warmup = 1;                  // untimed forward passes at the start of every visit of a point
  RepetitionRule reps;             // timed passes per point (end-to-end; the per-layer pass as many)
  std::uint64_t seed = 1;          // weights and input values

  int resolved_threads() const;    // threads, with 0 replaced by the number of cores
};

}  // namespace cnn
