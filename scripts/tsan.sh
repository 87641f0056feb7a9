#!/usr/bin/env bash
# ThreadSanitizer over the code that shares data across threads: core's sweep, runner and memory
# tracker, and the UI tests that run work off the UI thread (the worker, the window during a sweep,
# the adaptive run, the model opener, the store read while a sweep writes), and schedules' lanes (groups
# of a stage on threads of their own, test_lanes and test_session_schedule). Built with clang in
# build-tsan/; suppressions (tests/tsan.supp) cover only reports inside Qt or the math libraries.
# The math libraries run on one OpenMP thread here: libgomp is not built with TSan, so its barriers are
# invisible to it and every parallel loop would be reported; the threads under test are our own.
# Extra arguments go to ctest. Exits 1 on the first report.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
command -v clang++ >/dev/null || { echo "tsan.sh: clang++ is needed (apt-get install clang)" >&2; exit 2; }
flags="-fsanitize=thread -fno-omit-frame-pointer -g -O1"
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null
tests=(test_sweep test_runner test_memory_tracker test_lanes test_session_schedule test_ui_worker test_ui_window
       test_ui_adaptive_run test_ui_model_opener)
cmake --build build-tsan -j "$(nproc)" --target "${tests[@]}" cnn-bench
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ignore_noninstrumented_modules=1 suppressions=$PWD/tests/tsan.supp"
export OMP_NUM_THREADS=1
cd build-tsan
regex="^($(IFS='|'; echo "${tests[*]}"))\$"
ctest --output-on-failure -R "$regex" "$@"
