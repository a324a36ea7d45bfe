#!/usr/bin/env python3
"""Migration cost (issue #6): builds this tool and times, in a fresh JVM per sample, "have a DataSource"
to "schema up to date" for Liquibase 4.33.0 and for a minimal equivalent of the platform's own runner,
three modules (tenancy, payments, jobs) on an H2 2.3.232 file database, up to date (normal restart)
and empty (first start). Prints median (min-max) of each figure, side by side, and the machine's load.

  python3 tools/migration-cost/run.py [--runs 9] [--variants runner,liquibase,liquibase-quiet,liquibase-facade]

Samples of the variants are interleaved (the order rotates every round) so that a change in the
machine's load hits them alike. One unrecorded run per variant first warms the page cache and, for
the up-to-date case, creates the database that the recorded runs reopen.
"""
import argparse
import csv
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = "io.baseplate.tools.migrationcost.Main"
APPLIED_SCRIPTS = 4  # tenancy V1, payments V1, jobs V1 and V2


def build():
    subprocess.run(["mvn", "-B", "-q", "-f", os.path.join(HERE, "pom.xml"), "package"], check=True,
                   stdout=sys.stderr)  # keeps Maven's output (and its colour codes) out of the table
    jars = sorted(glob.glob(os.path.join(HERE, "target", "lib", "*.jar")))
    return os.pathsep.join([os.path.join(HERE, "target", "classes")] + jars)


def sample(classpath, jvm_opts, variant, folder, expect_applied):
    command = ["java", *jvm_opts, "-cp", classpath, MAIN, variant, folder]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = (time.perf_counter() - started) * 1000
    line = next((l for l in done.stdout.splitlines() if l.startswith("RESULT ")), None)
    if done.returncode != 0 or line is None:
        sys.exit(f"{variant} failed (exit {done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    figures = dict(pair.split("=", 1) for pair in line.split()[1:])
    if figures["job_indexes"] != "2":
        sys.exit(f"{variant}: schema not as expected after the run: {line}")
    if "applied" in figures and int(figures["applied"]) != expect_applied:
        sys.exit(f"{variant}: applied {figures['applied']} scripts, expected {expect_applied}")
    figures["process_wall_ms"] = f"{wall:.1f}"
    figures["load1"] = f"{os.getloadavg()[0]:.2f}"
    return figures


def later_updates(figures):
    if "scope_ms" not in figures:
        return None
    return (float(figures["payments_ms"]) + float(figures["jobs_ms"])) / 2


ROWS = [
    ("schema up to date, ms (3 modules)", lambda f: float(f["total_ms"])),
    ("  CPU time of the process meanwhile, ms", lambda f: float(f["cpu_ms"])),
    ("  1st module (tenancy), ms", lambda f: float(f["tenancy_ms"])),
    ("  2nd+3rd module, mean ms", lambda f: (float(f["payments_ms"]) + float(f["jobs_ms"])) / 2),
    ("  Liquibase root Scope, ms", lambda f: float(f["scope_ms"]) if "scope_ms" in f else None),
    ("  first-call overhead, ms", lambda f: (float(f["scope_ms"]) + float(f["tenancy_ms"]) - later_updates(f))
     if "scope_ms" in f else None),
    ("classes loaded by the migration", lambda f: float(f["classes_added"])),
    ("classes loaded in the JVM after", lambda f: float(f["classes_loaded"])),
    ("whole process (JVM start..exit), ms", lambda f: float(f["process_wall_ms"])),
]


def cell(values):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    return f"{statistics.median(values):.0f} ({min(values):.0f}-{max(values):.0f})"


def table(state, variants, results):
    width = max(len(r[0]) for r in ROWS) + 2
    columns = [max(len(v), 18) + 2 for v in variants]
    lines = [f"{state}: median (min-max) over {len(results[variants[0]])} fresh JVMs",
             "".ljust(width) + "".join(v.ljust(c) for v, c in zip(variants, columns))]
    for name, get in ROWS:
        cells = [cell([get(f) for f in results[v]]) for v in variants]
        if all(c == "-" for c in cells[1:]) and cells[0] == "-":
            continue
        lines.append(name.ljust(width) + "".join(c.ljust(w) for c, w in zip(cells, columns)))
    if "runner" in variants:
        base = statistics.median(float(f["total_ms"]) for f in results["runner"])
        for v in variants:
            if v != "runner":
                extra = statistics.median(float(f["total_ms"]) for f in results[v]) - base
                lines.append(f"{v} costs {extra:.0f} ms more than the runner (difference of medians)")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9, help="recorded fresh JVMs per variant and state (>= 7)")
    parser.add_argument("--variants", default="runner,liquibase,liquibase-quiet,liquibase-facade")
    parser.add_argument("--states", default="up-to-date,empty")
    parser.add_argument("--jvm-opts", default="", help="extra JVM options, space-separated")
    parser.add_argument("--csv", default=os.path.join(HERE, "target", "samples.csv"))
    args = parser.parse_args()
    variants = args.variants.split(",")
    jvm_opts = args.jvm_opts.split()

    classpath = build()
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}; {os.cpu_count()} cores; {java}")
    print("uptime before:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(), flush=True)
    work = tempfile.mkdtemp(prefix="migration-cost-")
    rows = []
    try:
        for state in args.states.split(","):
            results = {v: [] for v in variants}
            up_to_date = state == "up-to-date"
            folders = {}
            for v in variants:  # warm-up, not recorded; creates the database an up-to-date run reopens
                folders[v] = tempfile.mkdtemp(prefix=v + "-", dir=work)
                sample(classpath, jvm_opts, v, folders[v], APPLIED_SCRIPTS)
            for round_number in range(args.runs):
                shift = round_number % len(variants)
                for v in variants[shift:] + variants[:shift]:
                    folder = folders[v] if up_to_date else tempfile.mkdtemp(prefix=v + "-", dir=work)
                    figures = sample(classpath, jvm_opts, v, folder, 0 if up_to_date else APPLIED_SCRIPTS)
                    results[v].append(figures)
                    rows.append(dict(state=state, round=round_number + 1, **figures))
                    if not up_to_date:
                        shutil.rmtree(folder, ignore_errors=True)
                print(f"  {state}: round {round_number + 1}/{args.runs} done, load {os.getloadavg()[0]:.2f}",
                      file=sys.stderr, flush=True)
            print()
            print(table(state, variants, results), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print("uptime after: ", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    loads = [float(r["load1"]) for r in rows]
    print(f"1-min load average seen after each sample: median {statistics.median(loads):.2f} "
          f"(min {min(loads):.2f}, max {max(loads):.2f}) on {os.cpu_count()} cores")
    os.makedirs(os.path.dirname(args.csv), exist_ok=True)
    keys = sorted({k for r in rows for k in r})
    with open(args.csv, "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)
    print(f"samples: {args.csv}")


if __name__ == "__main__":
    sys.exit(main())
