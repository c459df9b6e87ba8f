#!/usr/bin/env bash
# Benchmark of `jigu classify` on a synthetic Seoul-sized parcel fabric, against PostGIS on the
# same data in the same run. Not a test: CI never runs it. See BENCHMARKS.md for the results
# and how to read them.
#
#   bash tools/bench/classify_bench.sh [options]
#
#   --jigu PATH      jigu binary to time (default: build the repository, Release, tests off,
#                    into build/bench, and use build/bench/bin/jigu)
#   --data DIR       where the generated fabrics live (default: build/bench-data); generated
#                    only when missing or made with other parameters
#   --results DIR    logs, timings and outputs (default: build/bench-results/<date-time>)
#   --runs N         timed runs per configuration, the median is reported (default: 3)
#   --no-postgis     time jigu only
#   --geopandas      also time a GeoPandas overlay on the 200k fabric (slow: minutes per run)
#   --extended       also time jigu with CSV output, and points that also get their parcel
#                    (jigu and PostGIS; the parcel lookup loads all 1,000,000 parcels)
#   --idle-wait S    before each timed run, wait up to S seconds (default 120) for the machine
#                    to be at least 90 % idle; other people's builds on a 2-core machine skew
#                    timings. The idle share at the start of each run is recorded.
#
# What it does: builds the data generator (tools/bench/CMakeLists.txt) and jigu; generates
# 200,000 parcels / 10,000 zones and 1,000,000 parcels / 20,000 zones plus 1,000,000 points
# (EPSG:5186, seeded); times jigu classify as a whole process (files in, finished file out)
# under /usr/bin/time for peak memory; starts a throwaway PostgreSQL 15 + PostGIS cluster on
# 127.0.0.1, times the load (ogr2ogr, GiST indexes, VACUUM ANALYZE) and the equivalent
# query with 0 and 2 parallel workers; checks that jigu's and PostGIS's answers agree; prints
# a table of medians (also written to RESULTS/summary.md). The cluster is stopped and
# deleted on exit, also on failure or Ctrl-C.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
bench="$root/tools/bench"
jigu=""
data="$root/build/bench-data"
results="$root/build/bench-results/$(date +%Y%m%d-%H%M%S)"
runs=3
postgis=1
geopandas=0
extended=0
idle_wait=120
while [ $# -gt 0 ]; do
  case "$1" in
    --jigu) jigu=$(realpath "$2"); shift 2 ;;
    --data) data=$(realpath -m "$2"); shift 2 ;;
    --results) results=$(realpath -m "$2"); shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --no-postgis) postgis=0; shift ;;
    --geopandas) geopandas=1; shift ;;
    --extended) extended=1; shift ;;
    --idle-wait) idle_wait=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "classify_bench: unknown argument '$1'; see --help" >&2; exit 2 ;;
  esac
done

pgbin=/usr/lib/postgresql/15/bin
need=(cmake ninja g++ ogr2ogr ogrinfo /usr/bin/time /usr/bin/python3)
[ "$postgis" = 1 ] && need+=(psql "$pgbin/initdb" "$pgbin/pg_ctl" runuser)
for c in "${need[@]}"; do
  command -v "$c" >/dev/null || { echo "classify_bench: '$c' is missing; run tools/install-deps.sh" >&2; exit 1; }
done
if [ "$postgis" = 1 ] && [ ! -f /usr/share/postgresql/15/extension/postgis.control ]; then
  echo "classify_bench: PostGIS is missing (postgresql-15-postgis-3); run tools/install-deps.sh" >&2
  exit 1
fi

mkdir -p "$results/out" "$data"
log="$results/bench.log"
timings="$results/timings.tsv"  # one line per timed run
printf 'what\tsize\tconfig\trun\twall_s\tmaxrss_kb\tuser_s\tsys_s\tidle_pct\n' >"$timings"
say() { printf '%s\n' "$*" | tee -a "$log"; }
now() { date +%s.%N; }
elapsed() { /usr/bin/python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$2"; }

say "classify_bench: results in $results"

# ---------------------------------------------------------------- build
say "== building the fabric generator"
cmake -S "$bench" -B "$root/build/bench-tools" -G Ninja -DCMAKE_BUILD_TYPE=Release >>"$log" 2>&1
cmake --build "$root/build/bench-tools" >>"$log" 2>&1
gen="$root/build/bench-tools/jigu_bench_fabric"
if [ -z "$jigu" ]; then
  say "== building jigu (Release, no tests) in build/bench"
  cmake -S "$root" -B "$root/build/bench" -G Ninja -DCMAKE_BUILD_TYPE=Release -DJIGU_BUILD_TESTS=OFF >>"$log" 2>&1
  cmake --build "$root/build/bench" >>"$log" 2>&1
  jigu="$root/build/bench/bin/jigu"
fi
have_jigu=1
if ! "$jigu" classify --help >/dev/null 2>&1; then
  say "!! '$jigu' has no working 'classify' command: jigu is not timed"
  have_jigu=0
fi

# ---------------------------------------------------------------- data
# size name, parcels, zones, share of displaced zone nodes (about 10 % of parcels straddle
# zones at both sizes), points
sizes=("200k 200000 10000 0.14 0" "1m 1000000 20000 0.19 1000000")
for spec in "${sizes[@]}"; do
  read -r name parcels zones displaced points <<<"$spec"
  dir="$data/$name"
  args=(--out "$dir" --parcels "$parcels" --zones "$zones" --displaced "$displaced" --points "$points" --seed 20260301)
  stamp="$(sha256sum "$gen" | cut -c1-16) ${args[*]}"
  if [ -f "$dir/generated" ] && [ "$(cat "$dir/generated")" = "$stamp" ]; then
    say "== fabric $name: present in $dir"
  else
    say "== generating fabric $name"
    rm -rf "$dir"
    t0=$(now)
    "$gen" "${args[@]}" 2>&1 | tee -a "$log"
    say "   generated in $(elapsed "$t0" "$(now)") s"
    echo "$stamp" >"$dir/generated"
  fi
  # Workspaces naming the generated layers with the shipped workspace's field roles. The
  # points workspace has no parcels layer: points then get zone and district only.
  for ws in jigu points; do
    {
      printf '[workspace]\nname = "synthetic fabric %s (tools/bench)"\ncrs = "EPSG:5186"\n\n' "$name"
      printf '[layers.districts]\nsource = "districts.gpkg"\nid_field = "dist_id"\nname_field = "name"\n\n'
      printf '[layers.zoning]\nsource = "zoning.gpkg"\nid_field = "zone_id"\ncode_field = "code"\nname_field = "name"\n'
      [ "$ws" = jigu ] && printf '\n[layers.parcels]\nsource = "parcels.gpkg"\nid_field = "pnu"\nname_field = "jibun"\n'
    } >"$dir/$ws.toml"
  done
done
# A one-feature copy of each input: classifying it costs what loading the zoning and districts
# and building the indexes cost, so (full - one) is the per-feature work "after loading".
for f in 200k/parcels 1m/parcels 1m/points; do
  [ -f "$data/$f-one.gpkg" ] || ogr2ogr -f GPKG -limit 1 "$data/$f-one.gpkg" "$data/$f.gpkg" >>"$log" 2>&1
done

# ---------------------------------------------------------------- timing helpers
# idle_pct SECONDS: the share of CPU time that no process used over that interval
idle_pct() {
  /usr/bin/python3 - "$1" <<'EOF'
import sys, time
def snap():
    v = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return v[3] + v[4], sum(v)
i0, t0 = snap()
time.sleep(float(sys.argv[1]))
i1, t1 = snap()
print(round(100 * (i1 - i0) / max(1, t1 - t0)))
EOF
}
# wait_idle: wait (up to --idle-wait seconds) until the machine is at least 90 % idle
wait_idle() {
  local waited=0
  while :; do
    last_idle=$(idle_pct 0.5)
    [ "$last_idle" -ge 90 ] && return 0
    if [ "$waited" -ge "$idle_wait" ]; then
      say "   (the machine is busy, ${last_idle}% idle after ${waited} s of waiting; timing anyway)"
      return 0
    fi
    sleep 2.5
    waited=$((waited + 3))
  done
}
# timed WHAT SIZE CONFIG RUN -- command...: wall clock (ns resolution), peak RSS, CPU
timed() {
  local what=$1 size=$2 config=$3 run=$4
  shift 5
  local tf t0 t1 rc=0
  tf=$(mktemp)
  wait_idle
  [ "$what" = postgis ] && pg_cpu_before=$(server_cpu)
  t0=$(now)
  /usr/bin/time -f '%M %U %S' -o "$tf" "$@" >>"$log" 2>"$results/last.stderr" || rc=$?
  t1=$(now)
  if [ "$rc" != 0 ]; then
    say "!! $what $size $config run $run failed (exit $rc):"
    tee -a "$log" <"$results/last.stderr" >&2
    rm -f "$tf"
    return 1
  fi
  cat "$results/last.stderr" >>"$log"
  read -r rss user sys <"$tf"
  rm -f "$tf"
  # A query's CPU is spent in the server: count the CPU the postmaster's exited children
  # (the session's backend and its parallel workers) used during the run instead.
  if [ -n "${pg_cpu_before:-}" ]; then
    sleep 0.3  # let the postmaster reap the backend
    read -r user sys < <(server_cpu_since "$pg_cpu_before")
    pg_cpu_before=""
  fi
  local wall
  wall=$(elapsed "$t0" "$t1")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$what" "$size" "$config" "$run" "$wall" "$rss" "$user" "$sys" "$last_idle" >>"$timings"
  say "   $what $size $config run $run: ${wall} s, peak RSS $((rss / 1024)) MiB, CPU user ${user} s sys ${sys} s (machine ${last_idle}% idle before)"
}

# ---------------------------------------------------------------- jigu
if [ "$have_jigu" = 1 ]; then
  say "== jigu: $("$jigu" --version | head -1)"
  # config name, size, input, workspace, output extension
  jigu_configs=(
    "parcels-gpkg 200k parcels jigu gpkg"
    "parcels-one 200k parcels-one jigu gpkg"
    "parcels-gpkg 1m parcels jigu gpkg"
    "parcels-one 1m parcels-one jigu gpkg"
    "points-zd 1m points points gpkg"
    "points-one-zd 1m points-one points gpkg"
  )
  [ "$extended" = 1 ] && jigu_configs+=(
    "parcels-csv 1m parcels jigu csv"
    "points-zdp 1m points jigu gpkg"
    "points-one-zdp 1m points-one jigu gpkg"
  )
  for spec in "${jigu_configs[@]}"; do
    read -r config size input ws ext <<<"$spec"
    dir="$data/$size"
    out="$results/out/jigu-$size-$config.$ext"
    case "$input" in parcels*) id=pnu ;; *) id=biz_id ;; esac
    cmd=("$jigu" -q -w "$dir/$ws.toml" classify "$dir/$input.gpkg" -o "$out"
         --zoning "$dir/zoning.gpkg" --districts "$dir/districts.gpkg" --id-field "$id")
    say "-- jigu $size $config: ${cmd[*]}"
    for run in $(seq 1 "$runs"); do
      rm -f "$out"
      timed jigu "$size" "$config" "$run" -- "${cmd[@]}"
    done
  done
fi

# ---------------------------------------------------------------- PostGIS
# server_cpu: "user sys" clock ticks of the postmaster's reaped children so far
server_cpu() {
  local pid
  pid=$(head -1 "$pgdir/data/postmaster.pid")
  awk '{ sub(/^.*\) /, ""); print $14, $15 }' "/proc/$pid/stat"
}
# server_cpu_since "USER SYS": CPU seconds since then, as "user sys"
server_cpu_since() {
  local u0 s0 u1 s1 hz
  read -r u0 s0 <<<"$1"
  read -r u1 s1 < <(server_cpu)
  hz=$(getconf CLK_TCK)
  /usr/bin/python3 -c "import sys; a = [float(x) for x in sys.argv[1:]]; print(f'{(a[2] - a[0]) / a[4]:.2f} {(a[3] - a[1]) / a[4]:.2f}')" \
    "$u0" "$s0" "$u1" "$s1" "$hz"
}
if [ "$postgis" = 1 ]; then
  pgdir=$(mktemp -d /tmp/jigu-bench-pg.XXXXXX)
  chown postgres: "$pgdir"
  stop_cluster() {
    if [ -f "$pgdir/data/postmaster.pid" ]; then
      runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$pgdir"
  }
  trap stop_cluster EXIT
  trap 'exit 130' INT TERM
  port=$(/usr/bin/python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
  say "== PostGIS: throwaway cluster in $pgdir on 127.0.0.1:$port"
  runuser -u postgres -- "$pgbin/initdb" -D "$pgdir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >>"$log" 2>&1
  # Memory as a 24 GB machine allows; durability off, as befits a cluster deleted at exit.
  pgopts="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$pgdir"
  pgopts+=" -c shared_buffers=2GB -c work_mem=256MB -c maintenance_work_mem=1GB -c max_wal_size=8GB"
  pgopts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  pgopts+=" -c autovacuum=off"  # VACUUM ANALYZE is explicit; no background work between timings
  pgopts+=" -c max_worker_processes=8 -c max_parallel_workers=2 -c max_parallel_maintenance_workers=2"
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -o "$pgopts" start >>"$log" 2>&1
  psql=(psql -qX -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres)
  "${psql[@]}" -d postgres -c "CREATE DATABASE bench" >>"$log"
  "${psql[@]}" -d bench -c "CREATE EXTENSION postgis" >>"$log"
  say "   $("${psql[@]}" -d bench -Atc "SELECT version()" | cut -d, -f1); PostGIS $("${psql[@]}" -d bench -Atc "SELECT postgis_full_version()" | cut -d' ' -f1-2,5)"
  pg="PG:host=127.0.0.1 port=$port dbname=bench user=postgres"
  sql() { "${psql[@]}" -d bench "$@"; }

  for size in 200k 1m; do
    dir="$data/$size"
    layers=(parcels zoning districts)
    [ "$size" = 1m ] && layers+=(points)
    say "-- PostGIS load $size: ogr2ogr, GiST index, VACUUM ANALYZE per layer"
    for run in $(seq 1 "$runs"); do
      sql -c "DROP SCHEMA IF EXISTS s$size CASCADE" -c "CREATE SCHEMA s$size" >>"$log" 2>&1
      for layer in "${layers[@]}"; do
        timed postgis-load "$size" "ogr2ogr-$layer" "$run" -- ogr2ogr -f PostgreSQL "$pg" "$dir/$layer.gpkg" \
          "$layer" -nln "$layer" -lco SCHEMA="s$size" -lco GEOMETRY_NAME=geom -lco FID=fid \
          -lco SPATIAL_INDEX=NONE -lco PRECISION=NO -gt 100000
        timed postgis-load "$size" "gist-$layer" "$run" -- "${psql[@]}" -d bench \
          -c "CREATE INDEX ON s$size.$layer USING gist (geom)"
        timed postgis-load "$size" "analyze-$layer" "$run" -- "${psql[@]}" -d bench \
          -c "VACUUM ANALYZE s$size.$layer"
      done
    done
  done

  for size in 200k 1m; do
    for workers in 0 2; do
      say "-- PostGIS $size parcels, max_parallel_workers_per_gather = $workers"
      for run in $(seq 1 "$runs"); do
        timed postgis "$size" "parcels-w$workers" "$run" -- "${psql[@]}" -d bench -v schema="s$size" \
          -v lateral="$([ "$workers" = 0 ] && echo true || echo false)" \
          -c "SET max_parallel_workers_per_gather = $workers" -f "$bench/postgis_classify.sql"
      done
    done
  done
  point_jobs=(zd)
  [ "$extended" = 1 ] && point_jobs+=(zdp)
  for workers in 0 2; do
    for what in "${point_jobs[@]}"; do
      say "-- PostGIS 1m points ($what), max_parallel_workers_per_gather = $workers"
      for run in $(seq 1 "$runs"); do
        timed postgis 1m "points-$what-w$workers" "$run" -- "${psql[@]}" -d bench -v schema=s1m \
          -v with_parcel="$([ $what = zdp ] && echo true || echo false)" \
          -v lateral="$([ "$workers" = 0 ] && echo true || echo false)" \
          -c "SET max_parallel_workers_per_gather = $workers" -f "$bench/postgis_classify_points.sql"
      done
    done
  done
  # Show that the two-worker plans really ran in parallel.
  for size in 200k 1m; do
    query=$(sed -n '/^\\else/,/^\\endif/p' "$bench/postgis_classify.sql" | sed '1d;$d'
            sed -n '/^\\endif/,$p' "$bench/postgis_classify.sql" | sed '1d' | tr -d ';')
    n=$(sql -c "SET max_parallel_workers_per_gather = 2" -c "SET search_path = s$size, public" \
          -Atc "EXPLAIN $query" | grep -c "Workers Planned: 2" || true)
    say "   PostGIS $size parcels with 2 workers: $n Gather node(s) with 2 workers planned"
  done

  # ---------------------------------------------------------------- agreement
  if [ "$have_jigu" = 1 ]; then
    say "== agreement of jigu and PostGIS"
    for size in 200k 1m; do
      ogr2ogr -f PostgreSQL "$pg" "$results/out/jigu-$size-parcels-gpkg.gpkg" classified -nln jigu_parcels \
        -lco SCHEMA="s$size" -lco SPATIAL_INDEX=NONE -lco PRECISION=NO -gt 100000 >>"$log" 2>&1
      sql -v schema="s$size" -f "$bench/compare_parcels.sql" | tee -a "$log"
    done
    for what in "${point_jobs[@]}"; do
      ogr2ogr -f PostgreSQL "$pg" "$results/out/jigu-1m-points-$what.gpkg" classified -nln "jigu_points_$what" \
        -lco SCHEMA=s1m -lco SPATIAL_INDEX=NONE -lco PRECISION=NO -gt 100000 >>"$log" 2>&1
      sql -v schema=s1m -v with_parcel="$([ $what = zdp ] && echo true || echo false)" \
        -v jigu_table="jigu_points_$what" -f "$bench/compare_points.sql" | tee -a "$log"
    done
  fi
fi

# ---------------------------------------------------------------- GeoPandas (opt-in)
if [ "$geopandas" = 1 ]; then
  say "-- GeoPandas 200k parcels (overlay, one process)"
  for run in $(seq 1 "$runs"); do
    timed geopandas 200k parcels "$run" -- /usr/bin/python3 "$bench/geopandas_classify.py" \
      "$data/200k" "$results/out/geopandas-200k.csv"
  done
fi

# ---------------------------------------------------------------- summary
{
  printf '\nmachine: %s, %s cores, %s GiB\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" \
    "$(nproc)" "$(awk '/MemTotal/ {printf "%.1f", $2 / 1048576}' /proc/meminfo)"
  [ "$have_jigu" = 1 ] && printf 'jigu: %s (%s)\n' "$jigu" "$("$jigu" --version | tr '\n' ' ')"
  printf 'runs per configuration: %s (median reported)\n\n' "$runs"
} | tee -a "$log" >"$results/summary.md"
/usr/bin/python3 "$bench/summarize.py" "$timings" | tee -a "$log" >>"$results/summary.md"
cat "$results/summary.md"
say "classify_bench: done; timings in $timings, summary in $results/summary.md"
if grep -q '^ *agreement .*: FAIL' "$log"; then
  echo "classify_bench: jigu and PostGIS disagree (see 'agreement' above)" >&2
  exit 1
fi
