#pragma once
// Choosing OpenBLAS's compute kernel for this CPU before the library is used.
#include <string>

namespace cnn {

// Debian's OpenBLAS 0.3.21 (DYNAMIC_ARCH) does not recognise recent Xeons and falls back to its
// slow "Prescott" kernels. OpenBLAS reads OPENBLAS_CORETYPE only when it loads, so when the
// variable is unset, the loaded kernel is a weaker one than the CPU allows (SkylakeX for
// AVX-512 F/BW/VL/DQ, Haswell for AVX2 + FMA), this sets the variable and re-executes the
// program (/proc/self/exe) with the same argv. The variable being set is the loop guard; an
// explicit OPENBLAS_CORETYPE is always respected. Call first thing in main(), before any thread
// starts. Returns normally when nothing needs changing or the re-execution failed.
void openblas_select_kernel(char** argv);

// The kernel OpenBLAS is using, as it names it ("SkylakeX", "Haswell", "Prescott", ...).
std::string openblas_kernel_name();

}  // namespace cnn
