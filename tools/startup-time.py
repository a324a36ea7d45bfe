#!/usr/bin/env python3
"""Start-up time: starts the distribution --starts times and prints the "Baseplate ready" figure of
each start (milliseconds from JVM start to the first /health 200, as the launcher logs it), then the
median, minimum and maximum.

Every start runs on a fresh copy of the distribution (empty database, so migrations run) unless
--warm is given, in which case the first start creates the database and is not counted, and the
counted starts reopen it. With --compare DIST, every start of --dist is followed by one of DIST (each
with its own copy), so both are measured side by side under the same machine load, and the ratio of
the medians is printed. With --cpu, each start also reads, at its ready line, the CPU time (user +
system) every thread of the JVM has used so far (/proc, so Linux only), and the median per thread
group is printed (threads named alike are summed; the JIT's C1 and C2 compiler threads stay apart).
--java-opts gives the JVM extra options (after config/jvm.options), to compare JIT settings. Needs
only Python 3 and a built distribution.

    python3 tools/startup-time.py --starts 5 --cpu --java-opts "-XX:TieredStopAtLevel=1"
"""
import argparse
import collections
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

READY = re.compile(r"Baseplate ready: /health answered 200 (\d+) ms after start")
CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def fresh_copy(dist):
    home = tempfile.mkdtemp(prefix="baseplate-startup-")
    shutil.copytree(dist, home, dirs_exist_ok=True)
    for folder in ("data", "logs", "deploy"):
        shutil.rmtree(os.path.join(home, folder), ignore_errors=True)
    return home


def thread_group(name):
    """Compiler threads keep their number (C1 and C2 differ); other names lose theirs."""
    return name if "CompilerThre" in name else re.sub(r"\d+", "N", name)


def cpu_by_thread(pid):
    used = collections.Counter()
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/stat") as stat:
                text = stat.read()
        except FileNotFoundError:
            continue
        fields = text[text.rindex(")") + 2:].split()
        used[thread_group(text[text.index("(") + 1:text.rindex(")")])] += (int(fields[11]) + int(fields[12])) / CLOCK_TICK
    return used


def start_once(home, port, timeout, java_opts="", cpu=False):
    """The ready figure in ms, and (with cpu) the CPU seconds per thread group at that moment."""
    env = dict(os.environ, BASEPLATE_HTTP_PORT=str(port), BASEPLATE_ADMIN_KEY="bpa_startup_time_" + "x" * 24,
               JAVA_OPTS=java_opts)
    process = subprocess.Popen([os.path.join(home, "bin", "baseplate")], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    deadline = time.time() + timeout
    try:
        for line in process.stdout:
            match = READY.search(line)
            if match:
                if not cpu:
                    return int(match.group(1)), None
                java = subprocess.run(["pgrep", "-g", str(process.pid), "java"], capture_output=True, text=True)
                return int(match.group(1)), cpu_by_thread(java.stdout.split()[0])
            if time.time() > deadline:
                break
        raise SystemExit(f"no 'Baseplate ready' line within {timeout} s; see {home}/logs/baseplate.log")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", default="distribution/target/baseplate-0.1.0-SNAPSHOT")
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--port", type=int, default=18481)
    parser.add_argument("--warm", action="store_true", help="reuse one database across starts")
    parser.add_argument("--timeout", type=int, default=90)
    parser.add_argument("--compare", help="a second distribution (e.g. a previous version's), started alternately")
    parser.add_argument("--cpu", action="store_true", help="also the CPU each JVM thread has used by the ready line")
    parser.add_argument("--java-opts", default="", help="extra JVM options, after config/jvm.options")
    args = parser.parse_args()

    dists = [args.dist] + ([args.compare] if args.compare else [])
    figures = {dist: [] for dist in dists}
    cpu = {dist: [] for dist in dists}
    homes = {dist: fresh_copy(dist) for dist in dists} if args.warm else {}
    for dist in homes:
        start_once(homes[dist], args.port, args.timeout, args.java_opts)
    for number in range(1, args.starts + 1):
        for dist in dists:
            run_home = homes[dist] if args.warm else fresh_copy(dist)
            ready, used = start_once(run_home, args.port, args.timeout, args.java_opts, args.cpu)
            figures[dist].append(ready)
            cpu_note = ""
            if used is not None:
                cpu[dist].append(used)
                cpu_note = f", {sum(used.values()):.2f} s of CPU"
            print(f"start {number} of {dist}: ready in {ready} ms{cpu_note}", flush=True)
            if not args.warm:
                shutil.rmtree(run_home, ignore_errors=True)
    for home in homes.values():
        shutil.rmtree(home, ignore_errors=True)
    kind = "warm" if args.warm else "fresh"
    for dist in dists:
        values = figures[dist]
        print(f"{dist}: median {statistics.median(values):.0f} ms (min {min(values)}, max {max(values)}) "
              f"over {len(values)} {kind} starts")
        if args.cpu:
            print_cpu(cpu[dist])
    if args.compare:
        ratio = statistics.median(figures[args.dist]) / statistics.median(figures[args.compare])
        print(f"ratio of medians {args.dist} / {args.compare}: {ratio:.3f}")


def print_cpu(starts):
    """The median over the starts of the total CPU and of each thread group (0 where a start lacked it)."""
    groups = {name for used in starts for name in used}
    medians = {name: statistics.median(used.get(name, 0.0) for used in starts) for name in groups}
    print(f"  CPU by the ready line: median {statistics.median(sum(used.values()) for used in starts):.2f} s; by thread:")
    for name, seconds in sorted(medians.items(), key=lambda item: -item[1])[:10]:
        print(f"  {seconds:6.2f} s  {name}")


if __name__ == "__main__":
    sys.exit(main())
