#!/usr/bin/env bash
# Builds every libFuzzer target in tests/fuzz (the `fuzz` preset: clang-14, ASan + UBSan) and runs
# each for a set time, seeded with tests/fuzz/corpus/<target> and tests/fuzz/regressions/<target>.
#
#   bash tools/fuzz.sh                 # every target, 60 s each
#   bash tools/fuzz.sh 600             # every target, 10 minutes each
#   bash tools/fuzz.sh 120 layer site  # only these targets
#
# New inputs go to build/fuzz/corpus/<target> (kept between runs, never into the source tree);
# crashes, hangs (> 20 s), leaks and out-of-memory (> 2 GB) inputs to build/fuzz/findings/<target>/.
# A finding is fixed, then its input is copied to tests/fuzz/regressions/<target>/ so that CI replays
# it (ctest -R fuzz). Exits 1 when any target found something.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-60}
shift || true
all_targets=(pnu workspace site layer rules batch_csv)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")

if ! command -v clang++-14 >/dev/null || ! dpkg-query -W libclang-rt-14-dev >/dev/null 2>&1; then
  bash tools/install-deps.sh
fi
cmake --preset fuzz >/dev/null || exit 2
cmake --build --preset fuzz || exit 2

build=build/fuzz
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$root/tests/fuzz/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-/usr/bin/llvm-symbolizer-14}
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
status=0
summary=()
for t in "${targets[@]}"; do
  bin=$build/bin/fuzz_$t
  [ -x "$bin" ] || { echo "fuzz.sh: no target '$t' (targets: ${all_targets[*]})" >&2; exit 2; }
  work=$build/corpus/$t
  findings=$build/findings/$t
  mkdir -p "$work" "$findings"
  seeds=(tests/fuzz/corpus/$t)
  [ -d tests/fuzz/regressions/$t ] && seeds+=(tests/fuzz/regressions/$t)
  max_len=65536
  [ "$t" = rules ] && max_len=131072  # the shipped Seoul rules seed is 80 KB
  dict=()
  [ -f tests/fuzz/dict/$t.dict ] && dict=(-dict=tests/fuzz/dict/$t.dict)
  log=$build/findings/$t.log
  echo "fuzz.sh: $t for ${seconds}s (log: $log)" >&2
  stamp=$build/findings/.$t.start
  touch "$stamp"
  start=$(date +%s)
  "$bin" "$work" "${seeds[@]}" "${dict[@]}" -max_total_time="$seconds" -timeout=20 \
    -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1 \
    -artifact_prefix="$findings/" >"$log" 2>&1
  rc=$?
  elapsed=$(( $(date +%s) - start ))
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  found=$(find "$findings" -maxdepth 1 -type f -newer "$stamp" \( -name 'crash-*' -o -name 'timeout-*' -o -name 'leak-*' -o -name 'oom-*' \) | wc -l)
  line="$t: ${elapsed}s, ${runs:-?} runs, coverage ${cov:-?} edges, corpus $(ls "$work" | wc -l) inputs, $found findings"
  if [ $rc -ne 0 ] || [ "$found" -gt 0 ]; then
    status=1
    line="$line (exit $rc; see $findings and $log)"
    grep -m3 -E 'ERROR|SUMMARY|contract broken' "$log" | sed 's/^/    /' >&2
  fi
  summary+=("$line")
done
printf 'fuzz.sh: %s\n' "${summary[@]}"
exit $status
