#!/usr/bin/env bash
# Load test of `jigu serve`: wrk (Debian) with 50 connections for 20 s against /api/locate on
# 127.0.0.1 only: lon/lat points spread over the shipped districts (a fixed seed, so runs
# compare), or with --target pnu parcels by PNU (no CRS transformation per request).
# Reports throughput, p50/p99 latency, errors and the server's RSS before, between and after two
# rounds (growth in the second round would be a leak). Exits non-zero on any error or a second-
# round RSS growth over 10 %.
#
# usage: tools/load-test.sh [JIGU_BINARY] [--connections N] [--duration SECONDS] [--rounds N]
#                           [--target point|pnu]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jigu=$root/build/release/bin/jigu
connections=50
duration=20
rounds=2
target=point
while [ $# -gt 0 ]; do
  case $1 in
    --connections) connections=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --target) target=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) jigu=$1; shift ;;
  esac
done
# Bounded: this is a test, not a soak.
if [ "$connections" -gt 200 ] || [ "$duration" -gt 120 ] || [ "$rounds" -gt 5 ]; then
  echo "load-test: at most 200 connections, 120 s and 5 rounds" >&2; exit 2
fi
command -v wrk >/dev/null || { echo "load-test: wrk is missing; run tools/install-deps.sh" >&2; exit 2; }
[ -x "$jigu" ] || { echo "load-test: no jigu binary at $jigu; build first" >&2; exit 2; }

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$jigu" serve --host 127.0.0.1 --port 0 >"$work/out" 2>"$work/err" &
server_pid=$!
for _ in $(seq 600); do
  grep -q 'listening on' "$work/out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/err" >&2; exit 1; }
  sleep 0.1
done
url=$(sed -n 's/.*listening on \(http:\/\/127\.0\.0\.1:[0-9]*\)\/.*/\1/p' "$work/out")
[ -n "$url" ] || { echo "load-test: the server did not start" >&2; cat "$work/err" >&2; exit 1; }

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$server_pid/status"; }

# PNUs to ask for (--target pnu): every parcel around the three districts' centres.
pnus=""
if [ "$target" = pnu ]; then
  pnus=$(for bbox in 127.050,37.538,127.062,37.548 126.915,37.549,126.930,37.560 \
                     126.990,37.568,127.000,37.576; do
           curl -s "$url/api/layers/parcels.geojson?bbox=$bbox"
         done | python3 -c 'import json,sys
d=json.JSONDecoder(); t=sys.stdin.read(); i=0; out=[]
while i < len(t):
    doc, i = d.raw_decode(t, i)
    out += [f["properties"]["pnu"] for f in doc["features"]]
print(",".join(chr(34) + p + chr(34) for p in out))')
fi
# Random points over the districts' box (or random PNUs), in wrk's Lua; a summary line in JSON.
cat >"$work/locate.lua" <<LUA
local target = "$target"
local pnus = { $pnus }
LUA
cat >>"$work/locate.lua" <<'LUA'
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end
function init(args)
  math.randomseed(1000 + seed)
end
function request()
  if target == "pnu" then
    return wrk.format("GET", "/api/locate?pnu=" .. pnus[math.random(#pnus)])
  end
  local lon = 126.915 + math.random() * (127.065 - 126.915)
  local lat = 37.535 + math.random() * (37.580 - 37.535)
  return wrk.format("GET", string.format("/api/locate?lon=%.6f&lat=%.6f", lon, lat))
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"non_2xx":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.timeout, e.status))
end
LUA

warm=$(wrk -t1 -c1 -d1s -s "$work/locate.lua" "$url" | sed -n 's/^RESULT //p')
rss0=$(rss_kib)
[ "$target" = pnu ] && target="pnu ($(($(echo "$pnus" | tr -cd , | wc -c) + 1)) parcels)"
echo "load-test: /api/locate by $target; $url, jigu $("$jigu" --version | head -1), $(nproc) cores; warm-up: $warm"
echo "load-test: RSS before: $((rss0 / 1024)) MiB ($(threads) threads)"
status=0
previous=$rss0
for round in $(seq "$rounds"); do
  result=$(wrk -t2 -c"$connections" -d"${duration}s" --timeout 5s --latency -s "$work/locate.lua" "$url" \
    | tee "$work/wrk-$round.txt" | sed -n 's/^RESULT //p')
  rss=$(rss_kib)
  echo "load-test: round $round ($connections connections, ${duration} s): $result"
  echo "load-test: RSS after round $round: $((rss / 1024)) MiB"
  errors=$(echo "$result" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(sum(r[k] for k in ("connect_errors","read_errors","write_errors","timeouts","non_2xx")))')
  if [ "$errors" != 0 ]; then echo "load-test: FAILED: $errors errors in round $round" >&2; status=1; fi
  if [ "$round" -gt 1 ] && [ "$rss" -gt $((previous + previous / 10)) ]; then
    echo "load-test: FAILED: RSS grew from $((previous / 1024)) to $((rss / 1024)) MiB in round $round" >&2
    status=1
  fi
  previous=$rss
done
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz")" != 200 ]; then
  echo "load-test: FAILED: /healthz after the run" >&2; status=1
fi
[ $status = 0 ] && echo "load-test: OK: no errors, memory flat"
exit $status
