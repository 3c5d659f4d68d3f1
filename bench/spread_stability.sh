#!/usr/bin/env bash
# Measures the schedule spread's stability (issue 16); prints a markdown table for bench/RESULTS.md.
# Usage: bash bench/spread_stability.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
cmake --build "$build" --target vg-spread-stability >/dev/null
"$build/vg-spread-stability"
