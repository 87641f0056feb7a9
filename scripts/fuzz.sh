#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for SECONDS each (default 60), built with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer in build-fuzz/. Seeds come from tests/fuzz/<reader>/;
# what a run adds goes to build-fuzz/corpus/, never into the source tree. A crash, leak or timeout
# stops with libFuzzer's report and the input that caused it (build-fuzz/artifacts/).
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
scripts/install-deps.sh
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ is needed (apt-get install clang)" >&2; exit 2; }
flags="-fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer -fno-sanitize-recover=all -g -O1"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCNN_EXPLORER_FUZZ=ON -DCNN_EXPLORER_GUI=OFF -DCNN_EXPLORER_OPENBLAS=OFF -DCNN_EXPLORER_ONEDNN=OFF >/dev/null
targets=()
for src in tests/fuzz/fuzz_*.cpp; do
  name=$(basename "$src" .cpp)
  [ -d "tests/fuzz/${name#fuzz_}" ] && targets+=("$name")
done
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]}"
mkdir -p build-fuzz/artifacts
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
for name in "${targets[@]}"; do
  [ -x "build-fuzz/tests/fuzz/$name" ] || continue
  corpus="build-fuzz/corpus/${name#fuzz_}"
  mkdir -p "$corpus"
  echo "fuzz.sh: $name for ${seconds}s"
  log="build-fuzz/$name.log"
  status=0
  "build-fuzz/tests/fuzz/$name" "$corpus" "tests/fuzz/${name#fuzz_}" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=4096 -artifact_prefix=build-fuzz/artifacts/ -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)" "$log" | sed "s/^/  /" || true
  if [ "$status" -ne 0 ]; then
    tail -40 "$log" >&2
    echo "fuzz.sh: $name found a failure (exit $status); the input is in build-fuzz/artifacts/" >&2
    exit 1
  fi
done
