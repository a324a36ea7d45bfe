#!/usr/bin/env python3
"""Idle CPU of the platform: starts a copy of a distribution on a free port, waits for /health 200 and
then --settle seconds, and reports the JVM's user + system CPU (/proc/<pid>/stat utime + stime) over
--window seconds as % of one core, with the threads that used the most (/proc/<pid>/task/*/stat).

    python3 tools/idle-cpu.py [--dist distribution/target/baseplate-0.1.0-SNAPSHOT] [--settle 30] [--window 60]
"""
import argparse
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

TICK = os.sysconf("SC_CLK_TCK")


def cpu(stat_path):
    with open(stat_path) as handle:
        text = handle.read()
    name = text[text.index("(") + 1:text.rindex(")")]
    fields = text.rsplit(")", 1)[1].split()
    return name, (int(fields[11]) + int(fields[12])) / TICK


def threads(pid):
    result = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            result[tid] = cpu(f"/proc/{pid}/task/{tid}/stat")
        except (FileNotFoundError, ProcessLookupError):
            pass
    return result


def java_pid(root):
    """The JVM: bin/baseplate may exec it or run it as a child."""
    pids = [root]
    while pids:
        pid = pids.pop()
        with open(f"/proc/{pid}/comm") as handle:
            if handle.read().strip() == "java":
                return pid
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as handle:
                pids += [int(child) for child in handle.read().split()]
        except FileNotFoundError:
            pass
    raise SystemExit("no java process under the platform")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--dist", default=os.path.join(root, "distribution", "target", "baseplate-0.1.0-SNAPSHOT"))
    parser.add_argument("--settle", type=float, default=30, help="seconds after /health 200 before measuring")
    parser.add_argument("--window", type=float, default=60, help="seconds measured")
    parser.add_argument("--top", type=int, default=8, help="threads listed")
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="baseplate-idle-")
    shutil.copytree(args.dist, home, dirs_exist_ok=True)
    for folder in ("data", "logs"):
        shutil.rmtree(os.path.join(home, folder), ignore_errors=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, BASEPLATE_HTTP_PORT=str(port), BASEPLATE_ADMIN_KEY="bpa_idle_measure_" + "x" * 24)
    log = open(os.path.join(home, "idle.log"), "w")
    process = subprocess.Popen([os.path.join(home, "bin", "baseplate")], cwd=home, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the platform did not answer /health 200; see {home}/idle.log")
            time.sleep(0.1)
        time.sleep(args.settle)
        pid = java_pid(process.pid)
        before, total_before, started = threads(pid), cpu(f"/proc/{pid}/stat")[1], time.monotonic()
        time.sleep(args.window)
        after, total_after, elapsed = threads(pid), cpu(f"/proc/{pid}/stat")[1], time.monotonic() - started
        print(f"idle CPU over {elapsed:.0f} s, {args.settle:.0f} s after /health 200: "
              f"{(total_after - total_before) / elapsed * 100:.2f} % of one core "
              f"({(total_after - total_before) * 1000:.0f} ms CPU)")
        used = sorted(((after[tid][1] - before.get(tid, (None, 0.0))[1], after[tid][0]) for tid in after), reverse=True)
        for seconds, name in used[:args.top]:
            if seconds > 0:
                print(f"  {seconds * 1000:7.0f} ms  {name}")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
