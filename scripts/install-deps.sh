#!/usr/bin/env bash
# Installs, with apt-get, the Debian 12 packages CNN Explorer builds and tests with; skips what is present.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev libgl-dev xvfb xauth
  libopenblas-openmp-dev libdnnl-dev libsqlite3-dev nlohmann-json3-dev doctest-dev
  python3-torch python3-numpy python3-torchvision python3-onnx
  libonnx-dev libprotobuf-dev protobuf-compiler libonnx-testdata dataset-fashion-mnist zlib1g-dev
  clang libclang-rt-14-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
