#!/usr/bin/env bash
# Set up, build, and run the default sweep with cnn-bench; extra arguments go to `cnn-bench run`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
exec build/app/cnn-bench run "$@"
