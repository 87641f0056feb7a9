#!/usr/bin/env bash
# The whole test suite, in two builds, each followed by its CTest tests: build/ has everything (the
# explorer and its UI tests, every library); build-noqt/ is what a GPU machine has: no Qt, OpenBLAS,
# oneDNN or ONNX, and checks that it links none of them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
(cd build && ctest --output-on-failure -j "$(nproc)")
BUILD_DIR=build-noqt scripts/build.sh -DCNN_EXPLORER_GUI=OFF -DCNN_EXPLORER_OPENBLAS=OFF -DCNN_EXPLORER_ONEDNN=OFF \
  -DCNN_EXPLORER_ONNX=OFF
(cd build-noqt && ctest --output-on-failure -j "$(nproc)")
