#!/usr/bin/env python3
"""Where start-up CPU goes: starts the distribution --starts times, each on a fresh copy, and at its
"Baseplate ready" line reads the CPU time (user + system) every thread of the JVM has used so far,
from /proc. Prints, per start, the ready figure and the total CPU, then the median over the starts of
each thread group (threads named alike are summed: the JIT's C1 and C2 compiler threads, the main
thread, Jersey's pool, Jetty's...). With --java-opts the JVM gets extra options (after those of
config/jvm.options), to compare JIT settings; Linux only (/proc), Python 3 and a built distribution.

    python3 tools/startup-cpu.py --starts 5
    python3 tools/startup-cpu.py --starts 5 --java-opts "-XX:TieredStopAtLevel=1"
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

READY = re.compile(r"Baseplate ready: /health answered 200 (\d+) ms after start")
CLOCK_TICK = os.sysconf("SC_CLK_TCK")
DEFAULT_DIST = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                            "distribution", "target", "baseplate-0.1.0-SNAPSHOT")


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
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        used[thread_group(name)] += (int(fields[11]) + int(fields[12])) / CLOCK_TICK
    return used


def start_once(dist, port, java_opts, timeout):
    home = tempfile.mkdtemp(prefix="baseplate-startup-cpu-")
    try:
        shutil.copytree(dist, home, dirs_exist_ok=True)
        for folder in ("data", "logs", "deploy"):
            shutil.rmtree(os.path.join(home, folder), ignore_errors=True)
        env = dict(os.environ, BASEPLATE_HTTP_PORT=str(port), BASEPLATE_ADMIN_KEY="bpa_startup_cpu_" + "x" * 24,
                   JAVA_OPTS=java_opts)
        process = subprocess.Popen([os.path.join(home, "bin", "baseplate")], env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            ready = None
            for line in process.stdout:
                match = READY.search(line)
                if match:
                    ready = int(match.group(1))
                    break
            if ready is None:
                raise RuntimeError(f"no ready line from {home}")
            java = subprocess.run(["pgrep", "-g", str(process.pid), "java"], capture_output=True, text=True).stdout.split()
            return ready, cpu_by_thread(java[0])
        finally:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", default=DEFAULT_DIST)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--port", type=int, default=18480)
    parser.add_argument("--java-opts", default="")
    parser.add_argument("--timeout", type=int, default=120)
    args = parser.parse_args()

    readies, totals, groups = [], [], collections.defaultdict(list)
    for start in range(args.starts):
        ready, used = start_once(args.dist, args.port, args.java_opts, args.timeout)
        readies.append(ready)
        totals.append(sum(used.values()))
        for name in used:
            groups[name].append(used[name])
        print(f"start {start + 1}: ready in {ready} ms, {totals[-1]:.2f} s of CPU", flush=True)
    print(f"median over {args.starts} starts: ready in {statistics.median(readies):.0f} ms, "
          f"{statistics.median(totals):.2f} s of CPU; by thread:")
    medians = {name: statistics.median(values + [0.0] * (args.starts - len(values))) for name, values in groups.items()}
    for name, seconds in sorted(medians.items(), key=lambda item: -item[1])[:10]:
        print(f"  {seconds:6.2f} s  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
