#!/usr/bin/env bash
# The whole test suite, in three builds: build/ has everything (the explorer and its UI tests, every
# library) and runs every CTest test; build-noqt/ is what a GPU machine has (no Qt, OpenBLAS, oneDNN or
# ONNX, and a check that it links none of them), built with AddressSanitizer and UndefinedBehaviorSanitizer
# so that its tests (core, the reference and CUDA libraries, the store, analysis, cnn-bench) are also the
# sanitizer suite's core/CLI subset; then every libFuzzer target runs for FUZZ_SECONDS (default 15)
# each in build-fuzz/ (clang). The whole suite under the sanitizers, UI and math libraries included, is
# scripts/sanitize.sh; the threads under ThreadSanitizer, scripts/tsan.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
(cd build && ctest --output-on-failure -j "$(nproc)")
sanitizers="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
BUILD_DIR=build-noqt scripts/build.sh -DCNN_EXPLORER_GUI=OFF -DCNN_EXPLORER_OPENBLAS=OFF -DCNN_EXPLORER_ONEDNN=OFF \
  -DCNN_EXPLORER_ONNX=OFF -DCMAKE_C_FLAGS="$sanitizers" -DCMAKE_CXX_FLAGS="$sanitizers" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
(cd build-noqt && ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=1" \
  UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" ctest --output-on-failure -j "$(nproc)")
scripts/fuzz.sh "${FUZZ_SECONDS:-15}"
