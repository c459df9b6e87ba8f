#!/usr/bin/python3
"""Medians, ratios and rates from classify_bench.sh's timings.tsv, as Markdown tables.

usage: summarize.py RESULTS/timings.tsv

Each configuration's figure is the median over its runs; peak RSS is the largest of its runs.
Standard library only (Debian's /usr/bin/python3).
"""
import csv
import statistics
import sys
from collections import defaultdict

PARCELS = {"200k": 200_000, "1m": 1_000_000}
POINTS = 1_000_000
TARGET_S = 4.0  # issue 3: 1,000,000 parcels against 20,000 zones, files to output
TARGET_RSS_MIB = 2048
TARGET_POINTS_PER_S = 1_000_000
BUSY = []  # runs that started while other processes kept the machine busy


def load(path):
    runs = defaultdict(list)
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            key = (row["what"], row["size"], row["config"])
            runs[key].append(
                (float(row["wall_s"]), int(row["maxrss_kb"]), float(row["user_s"]) + float(row["sys_s"]))
            )
            if int(row.get("idle_pct") or 100) < 90:
                BUSY.append(f"{row['what']} {row['size']} {row['config']} run {row['run']} ({row['idle_pct']} % idle)")
    return runs


def med(runs, what, size, config):
    r = runs.get((what, size, config))
    return statistics.median(x[0] for x in r) if r else None


def rss_mib(runs, what, size, config):
    r = runs.get((what, size, config))
    return max(x[1] for x in r) / 1024 if r else None


def cpu(runs, what, size, config):
    r = runs.get((what, size, config))
    return statistics.median(x[2] for x in r) if r else None


def n_runs(runs, what, size, config):
    return len(runs.get((what, size, config), []))


def s(v, digits=2):
    return "—" if v is None else f"{v:.{digits}f} s"


def num(v, digits=0):
    return "—" if v is None else f"{v:,.{digits}f}"


def ratio(a, b):
    return "—" if a is None or b is None or b == 0 else f"{a / b:.1f}×"


def load_time(runs, size, layers):
    """Median over runs of the summed load stages of these layers."""
    per_run = defaultdict(float)
    found = False
    for layer in layers:
        for stage in ("ogr2ogr", "gist", "analyze"):
            for i, (wall, _, _) in enumerate(runs.get(("postgis-load", size, f"{stage}-{layer}"), [])):
                per_run[i] += wall
                found = True
    return statistics.median(per_run.values()) if found else None


def stage_time(runs, size, stage, layers):
    per_run = defaultdict(float)
    for layer in layers:
        for i, (wall, _, _) in enumerate(runs.get(("postgis-load", size, f"{stage}-{layer}"), [])):
            per_run[i] += wall
    return statistics.median(per_run.values()) if per_run else None


def main():
    runs = load(sys.argv[1])
    out = []
    p = out.append
    layers = ["parcels", "zoning", "districts"]

    p("### Parcels: area, zone shares and dominant zone, district shares of every parcel\n")
    p("| fabric | jigu, files → GPKG | jigu peak RSS | jigu CPU (user+sys) | jigu parcels/s "
      "| PostGIS load | PostGIS query, 1 process | PostGIS query, 2 workers "
      "| 1 process / jigu | 2 workers / jigu | (load + 1 process) / jigu |")
    p("|---|---|---|---|---|---|---|---|---|---|---|")
    rows_cpu = []
    for size in ("200k", "1m"):
        j = med(runs, "jigu", size, "parcels-gpkg")
        ld = load_time(runs, size, layers)
        jc, c0, c2 = (cpu(runs, "jigu", size, "parcels-gpkg"), cpu(runs, "postgis", size, "parcels-w0"),
                      cpu(runs, "postgis", size, "parcels-w2"))
        rows_cpu.append(f"| {PARCELS[size]:,} parcels | {s(jc)} | {s(c0)} | {s(c2)} | {ratio(c0, jc)} | {ratio(c2, jc)} |")
        q0 = med(runs, "postgis", size, "parcels-w0")
        q2 = med(runs, "postgis", size, "parcels-w2")
        p(f"| {PARCELS[size]:,} parcels | {s(j)} | {num(rss_mib(runs, 'jigu', size, 'parcels-gpkg'))} MiB "
          f"| {s(cpu(runs, 'jigu', size, 'parcels-gpkg'))} | {num(PARCELS[size] / j if j else None)} "
          f"| {s(ld)} | {s(q0)} | {s(q2)} | {ratio(q0, j)} | {ratio(q2, j)} "
          f"| {ratio(None if ld is None or q0 is None else ld + q0, j)} |")
    p("\nCPU time (user + sys; for PostGIS the server's backend and parallel workers), which other "
      "processes on a shared machine disturb less than the wall clock:\n")
    p("| fabric | jigu CPU | PostGIS query CPU, 1 process | PostGIS query CPU, 2 workers "
      "| 1 process / jigu | 2 workers / jigu |")
    p("|---|---|---|---|---|---|")
    for row in rows_cpu:
        p(row)
    jc = med(runs, "jigu", "1m", "parcels-csv")
    if jc is not None:
        p(f"\njigu 1,000,000 parcels with CSV output instead of GPKG: {s(jc)}, peak RSS "
          f"{num(rss_mib(runs, 'jigu', '1m', 'parcels-csv'))} MiB.")
    gp = med(runs, "geopandas", "200k", "parcels")
    if gp is not None:
        j = med(runs, "jigu", "200k", "parcels-gpkg")
        p(f"\nGeoPandas overlay, 200,000 parcels, one process from files to CSV: {s(gp)} "
          f"(median of {n_runs(runs, 'geopandas', '200k', 'parcels')}), peak RSS "
          f"{num(rss_mib(runs, 'geopandas', '200k', 'parcels'))} MiB; {ratio(gp, j)} jigu's time.")

    p("\nPostGIS load stages (medians): " + "; ".join(
        f"{size}: ogr2ogr {s(stage_time(runs, size, 'ogr2ogr', layers))}, "
        f"GiST {s(stage_time(runs, size, 'gist', layers))}, "
        f"VACUUM ANALYZE {s(stage_time(runs, size, 'analyze', layers))}"
        for size in ("200k", "1m")) + ".")

    p("\n### Points: 1,000,000 points, each with its zone and district (zd), and its parcel (zdp)\n")
    p("| job | jigu, files → GPKG | jigu peak RSS | jigu CPU (user+sys) | jigu fixed cost (1 point) "
      "| jigu points/s after loading | PostGIS query, 1 process | PostGIS query, 2 workers "
      "| 1 process / jigu | 2 workers / jigu |")
    p("|---|---|---|---|---|---|---|---|---|---|")
    cpu_rows = []
    for what, label in (("zd", "zone + district"), ("zdp", "zone + district + parcel")):
        if not runs.get(("jigu", "1m", f"points-{what}")) and not runs.get(("postgis", "1m", f"points-{what}-w0")):
            continue  # zdp only with --extended
        j = med(runs, "jigu", "1m", f"points-{what}")
        one = med(runs, "jigu", "1m", f"points-one-{what}")
        rate = POINTS / (j - one) if j is not None and one is not None and j > one else None
        q0 = med(runs, "postgis", "1m", f"points-{what}-w0")
        q2 = med(runs, "postgis", "1m", f"points-{what}-w2")
        p(f"| {label} | {s(j)} | {num(rss_mib(runs, 'jigu', '1m', f'points-{what}'))} MiB "
          f"| {s(cpu(runs, 'jigu', '1m', f'points-{what}'))} | {s(one)} "
          f"| {num(rate)} | {s(q0)} | {s(q2)} | {ratio(q0, j)} | {ratio(q2, j)} |")
        cpu_rows.append(f"| {label} | {s(cpu(runs, 'jigu', '1m', f'points-{what}'))} "
                        f"| {s(cpu(runs, 'postgis', '1m', f'points-{what}-w0'))} "
                        f"| {s(cpu(runs, 'postgis', '1m', f'points-{what}-w2'))} |")
    p("\n| job | jigu CPU | PostGIS query CPU, 1 process | PostGIS query CPU, 2 workers |")
    p("|---|---|---|---|")
    for row in cpu_rows:
        p(row)
    pl = load_time(runs, "1m", ["points"])
    if pl is not None:
        p(f"\nPostGIS load of the points (ogr2ogr, GiST, VACUUM ANALYZE): {s(pl)}.")

    p("\n### jigu: fixed cost and work per feature\n")
    p("| input | whole run | 1-feature run (reading zoning and districts, indexes, output file) "
      "| per-feature part | features/s after loading |")
    p("|---|---|---|---|---|")
    for size, config, one, n in (("200k", "parcels-gpkg", "parcels-one", PARCELS["200k"]),
                                 ("1m", "parcels-gpkg", "parcels-one", PARCELS["1m"]),
                                 ("1m", "points-zd", "points-one-zd", POINTS),
                                 ("1m", "points-zdp", "points-one-zdp", POINTS)):
        full, fixed = med(runs, "jigu", size, config), med(runs, "jigu", size, one)
        if full is None:
            continue
        per = None if full is None or fixed is None else full - fixed
        p(f"| {size} {config} | {s(full)} | {s(fixed)} | {s(per)} | {num(n / per if per else None)} |")

    j2, j10 = med(runs, "jigu", "200k", "parcels-gpkg"), med(runs, "jigu", "1m", "parcels-gpkg")
    p("\n### Growth from 200,000 to 1,000,000 parcels (5× the parcels, 2× the zones)\n")
    for label, a, b in (("jigu", j2, j10),
                        ("PostGIS 1 process", med(runs, "postgis", "200k", "parcels-w0"),
                         med(runs, "postgis", "1m", "parcels-w0")),
                        ("PostGIS 2 workers", med(runs, "postgis", "200k", "parcels-w2"),
                         med(runs, "postgis", "1m", "parcels-w2"))):
        if a and b:
            p(f"- {label}, wall clock: {a:.2f} s → {b:.2f} s, ×{b / a:.2f} (linear would be ×5.00)")
    for label, what, config in (("jigu", "jigu", "parcels-gpkg"), ("PostGIS 1 process", "postgis", "parcels-w0"),
                                ("PostGIS 2 workers", "postgis", "parcels-w2")):
        a, b = cpu(runs, what, "200k", config), cpu(runs, what, "1m", config)
        if a and b:
            p(f"- {label}, CPU: {a:.2f} s → {b:.2f} s, ×{b / a:.2f}")

    p("\n### Against the targets of issue 3\n")
    rss = rss_mib(runs, "jigu", "1m", "parcels-gpkg")
    j = med(runs, "jigu", "1m", "parcels-gpkg")
    if j is not None:
        p(f"- 1,000,000 parcels, files → output: {j:.2f} s against ≤ ~{TARGET_S:.0f} s: "
          + ("met" if j <= TARGET_S * 1.05 else f"missed by {j - TARGET_S:.2f} s ({j / TARGET_S:.1f}× the target)"))
    if rss is not None:
        p(f"- peak memory: {rss:,.0f} MiB against < {TARGET_RSS_MIB:,} MiB: "
          + ("met" if rss < TARGET_RSS_MIB else "missed"))
    full, one = med(runs, "jigu", "1m", "points-zd"), med(runs, "jigu", "1m", "points-one-zd")
    if full is not None and one is not None and full > one:
        rate = POINTS / (full - one)
        p(f"- points after loading (zone + district): {rate:,.0f} points/s against > {TARGET_POINTS_PER_S:,}: "
          + ("met" if rate > TARGET_POINTS_PER_S else "missed"))
    if BUSY:
        p(f"\n**{len(BUSY)} run(s) started while the machine was less than 90 % idle** (other "
          "processes were using the CPUs; those timings are too slow): " + "; ".join(BUSY[:12])
          + ("; …" if len(BUSY) > 12 else ""))
    else:
        p("\nEvery run started with the machine at least 90 % idle.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
