#!/usr/bin/env python3
"""Start-up time: starts the distribution --starts times and prints the "Baseplate ready" figure of
each start (milliseconds from JVM start to the first /health 200, as the launcher logs it), then the
median, minimum and maximum.

Every start runs on a fresh copy of the distribution (empty database, so migrations run) unless
--warm is given, in which case the first start creates the database and is not counted, and the
counted starts reopen it. With --compare DIST, every start of --dist is followed by one of DIST (each
with its own copy), so both are measured side by side under the same machine load, and the ratio of
the medians is printed. Needs only Python 3 and a built distribution.
"""
import argparse
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


def fresh_copy(dist):
    home = tempfile.mkdtemp(prefix="baseplate-startup-")
    shutil.copytree(dist, home, dirs_exist_ok=True)
    for folder in ("data", "logs", "deploy"):
        shutil.rmtree(os.path.join(home, folder), ignore_errors=True)
    return home


def start_once(home, port, timeout):
    env = dict(os.environ, BASEPLATE_HTTP_PORT=str(port), BASEPLATE_ADMIN_KEY="bpa_startup_time_" + "x" * 24)
    process = subprocess.Popen([os.path.join(home, "bin", "baseplate")], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    deadline = time.time() + timeout
    try:
        for line in process.stdout:
            match = READY.search(line)
            if match:
                return int(match.group(1))
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
    args = parser.parse_args()

    dists = [args.dist] + ([args.compare] if args.compare else [])
    figures = {dist: [] for dist in dists}
    homes = {dist: fresh_copy(dist) for dist in dists} if args.warm else {}
    for dist in homes:
        start_once(homes[dist], args.port, args.timeout)
    for number in range(1, args.starts + 1):
        for dist in dists:
            run_home = homes[dist] if args.warm else fresh_copy(dist)
            figures[dist].append(start_once(run_home, args.port, args.timeout))
            print(f"start {number} of {dist}: ready in {figures[dist][-1]} ms", flush=True)
            if not args.warm:
                shutil.rmtree(run_home, ignore_errors=True)
    for home in homes.values():
        shutil.rmtree(home, ignore_errors=True)
    kind = "warm" if args.warm else "fresh"
    for dist in dists:
        values = figures[dist]
        print(f"{dist}: median {statistics.median(values):.0f} ms (min {min(values)}, max {max(values)}) "
              f"over {len(values)} {kind} starts")
    if args.compare:
        ratio = statistics.median(figures[args.dist]) / statistics.median(figures[args.compare])
        print(f"ratio of medians {args.dist} / {args.compare}: {ratio:.3f}")


if __name__ == "__main__":
    sys.exit(main())
