// oneDNN's peak for the roofline: its matmul primitive on a square fp32 product (the size OpenBLAS's
// peak uses), on the backend's engine and stream.
#include <omp.h>

#include <random>
#include <vector>

#include "backends/onednn/onednn_backend.h"
#include "backends/onednn/onednn_ops.h"
#include "core/bench/machine.h"

namespace cnn {

std::optional<CeilingReading> OneDnnBackend::measure_peak(Precision precision, const RunConfig& config,
                                                          int repetitions) {
  if (precision != Precision::FP32 || !context_) return std::nullopt;
  using dnnl::memory;
  constexpr memory::dim n = 2048;
  const memory::desc md({n, n}, memory::data_type::f32, memory::format_tag::ab);
  const dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(md, md, md), context_->engine);  // oneDNN 2.x
  const dnnl::matmul product(pd);
  std::vector<float> a(std::size_t(n * n)), b(a.size()), c(a.size());
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  for (float& x : a) x = dist(rng);
  for (float& x : b) x = dist(rng);
  memory ma(md, context_->engine, a.data()), mb(md, context_->engine, b.data()), mc(md, context_->engine, c.data());
  omp_set_num_threads(config.resolved_threads());
  return time_rate(2.0 * double(n) * n * n, repetitions, [&] {
    product.execute(context_->stream, {{DNNL_ARG_SRC, ma}, {DNNL_ARG_WEIGHTS, mb}, {DNNL_ARG_DST, mc}});
  }, "matmul 2048x2048x2048, " + std::to_string(config.resolved_threads()) + " threads",
     [&] { context_->stream.wait(); });
}

}  // namespace cnn
