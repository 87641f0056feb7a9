#include "backends/openblas/openblas_kernel.h"

#include <cblas.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

namespace cnn {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

struct KernelChoice {
  const char* want = nullptr;             // the kernel to ask for; null: leave OpenBLAS alone
  std::vector<std::string> good_enough;  // loaded kernels (lower case) at least as good
};

KernelChoice wanted_kernel() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq"))
    return {"SkylakeX", {"skylakex", "cooperlake", "sapphirerapids"}};
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return {"Haswell", {"haswell", "zen", "skylakex", "cooperlake", "sapphirerapids"}};
  return {};
}

}  // namespace

void openblas_select_kernel(char** argv) {
  if (std::getenv("OPENBLAS_CORETYPE") != nullptr) return;  // the user's choice, or our re-execution
  const KernelChoice choice = wanted_kernel();
  if (choice.want == nullptr) return;
  const std::string current = lower(openblas_kernel_name());
  for (const std::string& k : choice.good_enough)
    if (current == k) return;
  if (argv == nullptr || argv[0] == nullptr) return;
  if (setenv("OPENBLAS_CORETYPE", choice.want, 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Only reached when execv failed: go on with the kernel already loaded.
}

std::string openblas_kernel_name() {
  const char* name = openblas_get_corename();
  return name ? std::string(name) : std::string("unknown");
}

}  // namespace cnn
