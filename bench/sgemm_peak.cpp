// sgemm-peak: OpenBLAS single-precision GEMM throughput on this machine, as JSON on stdout.
// Measures a square 2048 product (the "peak" the benchmark compares convolutions against) and the
// GEMMs of AlexNet's convolutions as cnn-bench's OpenBLAS backend issues them (one call per group,
// the batch's images side by side in N). GFLOP/s = 2*M*N*K / time; median of repetitions.
// Usage: sgemm-peak [--threads T] [--reps R] [--warmup W] [--size S]
#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "backends/openblas/openblas_kernel.h"

namespace {

struct Shape {
  std::string name;
  int m = 0, n = 0, k = 0;
  int calls = 1;  // GEMMs per layer pass (one per convolution group)
};

struct Options {
  int threads = 0, reps = 5, warmup = 1, size = 2048;
};

bool parse_int(const char* text, int& value) {
  char* end = nullptr;
  long v = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || v < 0 || v > 1 << 20) return false;
  value = static_cast<int>(v);
  return true;
}

bool parse_options(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    int* target = a == "--threads" ? &o.threads : a == "--reps" ? &o.reps
                : a == "--warmup" ? &o.warmup : a == "--size" ? &o.size : nullptr;
    if (target == nullptr || i + 1 >= argc || !parse_int(argv[i + 1], *target)) {
      std::fprintf(stderr, "sgemm-peak: bad argument '%s' (usage: sgemm-peak [--threads T] [--reps R] "
                           "[--warmup W] [--size S])\n", argv[i]);
      return false;
    }
    ++i;
  }
  if (o.reps < 1 || o.size < 1) {
    std::fprintf(stderr, "sgemm-peak: --reps and --size must be at least 1\n");
    return false;
  }
  return true;
}

// AlexNet (BVLC) convolutions as GEMMs: M = Cout/group, K = Cin/group*kh*kw, N = OH*OW*batch.
std::vector<Shape> alexnet_shapes(int batch) {
  struct Conv { const char* name; int cout, cin, kernel, out_hw, group; };
  const Conv convs[] = {{"conv1", 96, 3, 11, 55, 1}, {"conv2", 256, 96, 5, 27, 2},
                        {"conv3", 384, 256, 3, 13, 1}, {"conv4", 384, 384, 3, 13, 2},
                        {"conv5", 256, 384, 3, 13, 2}};
  std::vector<Shape> shapes;
  for (const Conv& c : convs)
    shapes.push_back({std::string("alexnet_") + c.name + "_b" + std::to_string(batch), c.cout / c.group,
                      c.out_hw * c.out_hw * batch, c.cin / c.group * c.kernel * c.kernel, c.group});
  return shapes;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

// Median seconds of one layer pass (all `calls` GEMMs) over `reps` repetitions.
double time_shape(const Shape& s, const Options& o, std::mt19937& rng) {
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  std::vector<float> a(static_cast<std::size_t>(s.m) * s.k), b(static_cast<std::size_t>(s.k) * s.n),
      c(static_cast<std::size_t>(s.m) * s.n);
  for (float& x : a) x = dist(rng);
  for (float& x : b) x = dist(rng);
  auto pass = [&] {
    for (int g = 0; g < s.calls; ++g)
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s.m, s.n, s.k, 1.f, a.data(), s.k, b.data(),
                  s.n, 0.f, c.data(), s.n);
  };
  for (int i = 0; i < o.warmup; ++i) pass();
  std::vector<double> seconds;
  for (int i = 0; i < o.reps; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    pass();
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return median(seconds);
}

}  // namespace

int main(int argc, char** argv) {
  cnn::openblas_select_kernel(argv);  // the backend's rule: may re-execute with OPENBLAS_CORETYPE set
  Options o;
  if (!parse_options(argc, argv, o)) return 2;
  if (o.threads == 0) o.threads = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  openblas_set_num_threads(o.threads);

  std::vector<Shape> shapes = {{"square_" + std::to_string(o.size), o.size, o.size, o.size, 1}};
  for (int batch : {1, 16})
    for (const Shape& s : alexnet_shapes(batch)) shapes.push_back(s);

  std::mt19937 rng(1);
  const char* coretype = std::getenv("OPENBLAS_CORETYPE");
  std::printf("{\n \"schema\": \"cnn-explorer-sgemm/1\",\n \"corename\": \"%s\",\n \"config\": \"%s\",\n"
              " \"coretype_env\": \"%s\",\n \"threads\": %d,\n \"openblas_threads\": %d,\n \"reps\": %d,\n"
              " \"shapes\": [\n",
              openblas_get_corename(), openblas_get_config(), coretype ? coretype : "", o.threads,
              openblas_get_num_threads(), o.reps);
  double peak = 0, alex_flops[2] = {0, 0}, alex_seconds[2] = {0, 0};
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    const Shape& s = shapes[i];
    const double sec = time_shape(s, o, rng);
    const double flops = 2.0 * s.m * s.n * s.k * s.calls;
    if (i == 0) peak = flops / sec * 1e-9;
    if (s.name.starts_with("alexnet_")) {
      const int b = s.name.ends_with("_b16") ? 1 : 0;
      alex_flops[b] += flops;
      alex_seconds[b] += sec;
    }
    std::printf("  {\"name\": \"%s\", \"m\": %d, \"n\": %d, \"k\": %d, \"calls\": %d, \"median_ms\": %.4f, "
                "\"gflops\": %.2f}%s\n",
                s.name.c_str(), s.m, s.n, s.k, s.calls, sec * 1e3, flops / sec * 1e-9,
                i + 1 < shapes.size() ? "," : "");
    std::fflush(stdout);
  }
  // peak_gflops: the square product; alexnet_conv_bN_gflops: all five convolutions' GEMMs together.
  std::printf(" ],\n \"peak_gflops\": %.2f,\n \"alexnet_conv_b1_gflops\": %.2f,\n"
              " \"alexnet_conv_b16_gflops\": %.2f\n}\n",
              peak, alex_flops[0] / alex_seconds[0] * 1e-9, alex_flops[1] / alex_seconds[1] * 1e-9);
  return 0;
}
