#!/usr/bin/env bash
# Rewrites tests/cases/*/expected/{stdout,stderr} from the current build, for a person to review
# with `git diff` before committing. Usage: tools/update-cases.sh [build-dir] [case-name...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build/release}" && pwd)
shift || true
jigu=$build/bin/jigu
shared=$(cd "$root/../shared/data" && pwd)
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  for d in "$root"/tests/cases/*/; do cases+=("$(basename "$d")"); done
fi
for name in "${cases[@]}"; do
  dir=$root/tests/cases/$name
  args=$(sed "s|@SHARED_DATA@|$shared|g" "$dir/args")
  mkdir -p "$dir/expected"
  set +e
  (cd "$dir" && eval "\"$jigu\" $args" >"$dir/expected/stdout.new" 2>"$dir/expected/stderr.new")
  rc=$?
  set -e
  sed -i "s|$shared|@SHARED_DATA@|g" "$dir/expected/stdout.new" "$dir/expected/stderr.new"
  mv "$dir/expected/stdout.new" "$dir/expected/stdout"
  if [ -s "$dir/expected/stderr.new" ]; then mv "$dir/expected/stderr.new" "$dir/expected/stderr"; else rm -f "$dir/expected/stderr.new" "$dir/expected/stderr"; fi
  if [ "$rc" -ne 0 ]; then echo "$rc" >"$dir/expected/exit_code"; else rm -f "$dir/expected/exit_code"; fi
  echo "$name: exit $rc"
done
