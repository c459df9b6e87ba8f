#!/usr/bin/env bash
# Quick start, step 2 (and what CI runs): installs missing packages, then for each preset builds
# it and runs the whole test suite with ctest. With no argument: `ci` (Release, warnings as
# errors), then `asan` (AddressSanitizer + UndefinedBehaviorSanitizer, leak detection on; see
# the `asan` test preset). Name presets to run only those, e.g. `bash tools/test.sh ci`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tools/install-deps.sh
presets=("$@")
[ ${#presets[@]} -eq 0 ] && presets=(ci asan)
for preset in "${presets[@]}"; do
  echo "test.sh: preset $preset" >&2
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset" -j "$(nproc)"
done
