// The host's compute ceiling as the Empirical Roofline Toolkit measures it: independent chains of
// fused multiply-adds held in registers, in the widest vectors the CPU runs (AVX-512, else AVX2 with
// FMA, else plain multiply-adds the compiler vectorises), on every thread at once. Compiled for the
// baseline ISA; the wide kernels are chosen at run time (__builtin_cpu_supports).
#include <algorithm>
#include <thread>
#include <vector>

#include "core/bench/machine.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CNN_X86 1
#endif

namespace cnn {
namespace {

constexpr int kChains = 12;  // > FMA latency (4) x ports (2): every port busy every cycle

#ifdef CNN_X86
__attribute__((target("avx512f"))) float chains_avx512(long iterations, float seed) {
  __m512 acc[kChains];
  for (int i = 0; i < kChains; ++i) acc[i] = _mm512_set1_ps(seed + 0.01f * float(i));
  const __m512 scale = _mm512_set1_ps(0.999999f), shift = _mm512_set1_ps(1e-6f);
  for (long it = 0; it < iterations; ++it)
    for (int i = 0; i < kChains; ++i) acc[i] = _mm512_fmadd_ps(acc[i], scale, shift);
  __m512 sum = acc[0];
  for (int i = 1; i < kChains; ++i) sum = _mm512_add_ps(sum, acc[i]);
  return _mm512_reduce_add_ps(sum);
}

__attribute__((target("avx2,fma"))) float chains_avx2(long iterations, float seed) {
  __m256 acc[kChains];
  for (int i = 0; i < kChains; ++i) acc[i] = _mm256_set1_ps(seed + 0.01f * float(i));
  const __m256 scale = _mm256_set1_ps(0.999999f), shift = _mm256_set1_ps(1e-6f);
  for (long it = 0; it < iterations; ++it)
    for (int i = 0; i < kChains; ++i) acc[i] = _mm256_fmadd_ps(acc[i], scale, shift);
  __m256 sum = acc[0];
  for (int i = 1; i < kChains; ++i) sum = _mm256_add_ps(sum, acc[i]);
  float lanes[8];
  _mm256_storeu_ps(lanes, sum);
  float total = 0;
  for (float v : lanes) total += v;
  return total;
}
#endif

// Plain multiply-adds in 4-wide groups, for what the baseline ISA gives (SSE2 on x86-64).
float chains_plain(long iterations, float seed) {
  float acc[kChains][4];
  for (int i = 0; i < kChains; ++i)
    for (float& v : acc[i]) v = seed + 0.01f * float(i);
  for (long it = 0; it < iterations; ++it)
    for (auto& chain : acc)
      for (float& v : chain) v = v * 0.999999f + 1e-6f;
  float total = 0;
  for (const auto& chain : acc)
    for (float v : chain) total += v;
  return total;
}

}  // namespace

CeilingReading measure_fma_peak(int threads, int repetitions) {
  threads = std::max(1, threads);
  float (*kernel)(long, float) = chains_plain;
  int lanes = 4;
  std::string isa = "plain multiply-add";
#ifdef CNN_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) kernel = chains_avx512, lanes = 16, isa = "AVX-512 FMA";
  else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) kernel = chains_avx2, lanes = 8, isa = "AVX2 FMA";
#endif
  constexpr long kIterations = 20'000'000;  // ~0.1 s per thread at 3 GHz
  std::vector<float> sink(std::size_t(threads), 0.f);
  auto run = [&] {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] { sink[std::size_t(t)] += kernel(kIterations, 1.f + 0.1f * float(t)); });
    for (std::thread& th : pool) th.join();
  };
  const double flops = 2.0 * kChains * lanes * double(kIterations) * threads;
  CeilingReading r = time_rate(flops, repetitions, run,
                               "register-resident " + isa + " chains (as ERT), " + std::to_string(threads) +
                                   (threads == 1 ? " thread" : " threads"));
  // The sums are read so no chain can be elided.
  float total = 0;
  for (float v : sink) total += v;
  if (!(total > 0)) r.samples.clear();
  return r;
}

}  // namespace cnn
