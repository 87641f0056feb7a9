#!/usr/bin/env bash
# Installs missing packages, then configures and builds into build/ (Release, Ninja).
# Extra arguments go to CMake's configure step, e.g. -DCNN_EXPLORER_GUI=OFF.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j "$(nproc)"
