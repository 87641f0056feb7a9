#!/usr/bin/env bash
# Installs missing packages, then configures and builds into build/ (Release, Ninja), or into the folder
# BUILD_DIR names. Extra arguments go to CMake's configure step, e.g. -DCNN_EXPLORER_GUI=OFF.
# Compiles through ccache when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
build=${BUILD_DIR:-build}
launchers=()
if command -v ccache >/dev/null; then
  launchers=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_CUDA_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launchers[@]}" "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
