// OpenBLAS's peak for the roofline: a square fp32 sgemm, the product bench/sgemm-peak calls the peak.
#include <cblas.h>

#include <random>
#include <vector>

#include "backends/openblas/openblas_backend.h"
#include "core/bench/machine.h"

namespace cnn {

std::optional<CeilingReading> OpenBlasBackend::measure_peak(Precision precision, const RunConfig& config,
                                                            int repetitions) {
  if (precision != Precision::FP32) return std::nullopt;
  constexpr int n = 2048;
  std::vector<float> a(std::size_t(n) * n), b(a.size()), c(a.size());
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  for (float& x : a) x = dist(rng);
  for (float& x : b) x = dist(rng);
  openblas_set_num_threads(config.resolved_threads());
  return time_rate(2.0 * n * n * n, repetitions, [&] {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.f, a.data(), n, b.data(), n, 0.f, c.data(), n);
  }, "sgemm 2048x2048x2048, " + std::to_string(config.resolved_threads()) + " threads");
}

}  // namespace cnn
