#!/usr/bin/env bash
# backends_independent.sh BACKENDS_DIR: fails when a library's folder (backends/X) includes a header of
# another library's folder (backends/Y), or its CMakeLists.txt links another library's target
# (cnn_backend_Y). What they share lives in backends/cuda_common, which any of them may use.
set -euo pipefail
root=${1:?usage: backends_independent.sh BACKENDS_DIR}
status=0
for dir in "$root"/*/; do
  lib=$(basename "$dir")
  [ "$lib" = cuda_common ] && continue
  while IFS= read -r hit; do
    other=$(sed -E 's|.*#include[[:space:]]*"backends/([^/"]+)/.*|\1|' <<<"${hit#*:*:}")
    if [ "$other" != "$lib" ] && [ "$other" != cuda_common ]; then
      echo "backends/$lib includes backends/$other: ${hit#"$root"/}"
      status=1
    fi
  done < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"backends/[^/"]+/' "$dir" || true)
  if [ -f "$dir/CMakeLists.txt" ]; then
    while IFS= read -r target; do
      if [ "$target" != "cnn_backend_$lib" ]; then
        echo "backends/$lib/CMakeLists.txt links $target"
        status=1
      fi
    done < <(grep -oE 'cnn_backend_[a-z_]+' "$dir/CMakeLists.txt" | sort -u)
  fi
done
[ $status -eq 0 ] && echo "backends: no library folder includes or links another's"
exit $status
