#!/usr/bin/env bash
# Quick start, step 2 (and what CI runs): installs missing packages, builds the `ci` preset
# (Release, warnings as errors) and runs the whole test suite with ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tools/install-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci -j "$(nproc)"
