#!/usr/bin/env bash
# Set up, build, and open the explorer (with no display: the default sweep headless, charts to ./cnn-explorer-charts).
# Extra arguments go to cnn-explorer (e.g. --db FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
exec build/app/cnn-explorer "$@"
