#!/usr/bin/env python3
"""Job crash test: 10,000 jobs through kill -9, on one node or on two nodes sharing PostgreSQL.

The job probe plugin (tools/job-probe, dropped into the platform's deploy/ folder) records the first
run of each job by its id in a table whose primary key is the job id, and any later run of the same
job as a repeat. The test submits --jobs probe jobs, kills a node with SIGKILL while they run, and:

- one node (default): restarts it (--cycles times), then waits for the queue to drain;
- --nodes 2 (PostgreSQL only): two nodes work the one queue; one is killed and not restarted, and
  the other takes back its jobs once their lease expires (leaseSeconds is set to 5 here).

It then prints and checks: every job id recorded exactly once (none lost, none recorded twice), every
job SUCCEEDED, none left RUNNING, and the repeats: runs of a job whose success had not been written
when its node died (at-least-once), at most the jobs that node held at its death: those RUNNING under
its lease in the database right after the kill (the jobs it claimed ahead, ran, or whose outcome
waited for its commit), read before anything can take them back.

Database: H2 in the platform's folder by default; --postgres creates (and drops) a database on the
local server with psql. Needs Python 3, a built distribution and tools/job-probe built (mvn install).
"""
import argparse
import importlib.util
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
_spec = importlib.util.spec_from_file_location("crash_test", os.path.join(HERE, "crash-test.py"))
crash_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(crash_test)
Platform, request = crash_test.Platform, crash_test.request

DIST = os.path.join(ROOT, "distribution", "target", "baseplate-0.1.0-SNAPSHOT")
PROBE = os.path.join(ROOT, "tools", "job-probe", "target", "job-probe-0.1.0-SNAPSHOT.jar")
ADMIN_KEY = "job-crash-test-admin-key-" + uuid.uuid4().hex
WORKER_THREADS = 4
UNFINISHED = ("QUEUED", "SCHEDULED", "RUNNING", "WAITING_FOR_HANDLER", "AWAITING_PARENT")


def call(node, method, path, key, body=None):
    status, _, text = request(node.port, method, path, body, {"X-Api-Key": key}, timeout=60)
    return status, (json.loads(text) if text else None)


def expect(answer, status, what):
    if answer[0] != status:
        raise SystemExit(f"{what}: expected {status}, got {answer[0]} {answer[1]}")
    return answer[1]


def prepared_node(args, index, database_url):
    node = Platform(args.dist, args.port + index, ADMIN_KEY, os.path.join(args.logs, f"node{index}.log"))
    if database_url:
        with open(os.path.join(node.home, "config", "io.baseplate.database.cfg"), "w") as cfg:
            cfg.write(f"url={database_url}\nuser={args.pg_user}\npassword=\n")
    os.makedirs(os.path.join(node.home, "deploy"), exist_ok=True)
    shutil.copy(args.probe, os.path.join(node.home, "deploy"))
    with open(os.path.join(node.home, "config", "io.baseplate.jobs.worker.cfg"), "w") as cfg:
        cfg.write(f"threads={WORKER_THREADS}\nleaseSeconds={args.lease_seconds}\npollMillis=200\n")
    return node


def await_probe(node, key):
    deadline = time.time() + 60
    while time.time() < deadline:
        if call(node, "GET", "/api/v1/job-probe/runs", key)[0] == 200:
            return
        time.sleep(0.2)
    raise SystemExit("the job probe plugin did not come up within 60 s")


def runs(node, key):
    return expect(call(node, "GET", "/api/v1/job-probe/runs", key), 200, "probe runs")


def depth(node):
    return expect(call(node, "GET", "/api/v1/jobs/stats", ADMIN_KEY), 200, "job stats")["depth"]


def await_drained(node, key, jobs, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        counts = depth(node)
        if not any(counts.get(state, 0) for state in UNFINISHED):
            return counts
        time.sleep(0.5)
    raise SystemExit(f"the queue did not drain within {timeout} s: {depth(node)}, runs {runs(node, key)}")


def psql(args, database, sql, check=True):
    """Runs one statement with psql on the local server; returns what it printed, unaligned, without headers."""
    result = subprocess.run(["psql", "-h", args.pg_host, "-p", str(args.pg_port), "-U", args.pg_user, "-d", database,
                             "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise SystemExit(f"psql failed ({result.returncode}) on {sql!r}: {result.stderr.strip()}")
    return result.stdout


def held_by_dead_node(node, args, database):
    """The jobs RUNNING under the lease of a node just killed: before its restart, or (two nodes) before its leases expire."""
    with open(os.path.join(node.home, "data", "node-id")) as kept:
        owner = kept.read().strip() + "/%"
    sql = f"SELECT COUNT(*) FROM JOBS WHERE STATUS = 'RUNNING' AND LEASE_OWNER LIKE '{owner}'"
    if database:
        return int(psql(args, database, sql).strip())
    h2 = [name for name in os.listdir(os.path.join(node.home, "system")) if name.startswith("h2-")][0]
    output = subprocess.run(["java", "-cp", os.path.join(node.home, "system", h2), "org.h2.tools.Shell", "-url",
                             "jdbc:h2:file:" + os.path.join(node.home, "data", "baseplate"), "-user", "sa", "-sql", sql],
                            check=True, capture_output=True, text=True).stdout
    return int(output.splitlines()[1].strip())


def kill_when(node, key, fraction, jobs):
    target = int(jobs * fraction)
    deadline = time.time() + 300
    while time.time() < deadline:
        if runs(node, key)["recorded"] >= target:
            node.signal(signal.SIGKILL)
            node.process.wait()
            return target
        time.sleep(0.05)
    raise SystemExit(f"{target} jobs were not recorded within 300 s")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", default=DIST)
    parser.add_argument("--probe", default=PROBE)
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--cycles", type=int, default=2, help="kills on one node")
    parser.add_argument("--nodes", type=int, choices=(1, 2), default=1)
    parser.add_argument("--postgres", action="store_true", help="on a fresh database of the local PostgreSQL")
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", type=int, default=5432)
    parser.add_argument("--pg-user", default="postgres")
    parser.add_argument("--port", type=int, default=18480)
    parser.add_argument("--lease-seconds", type=int, default=5)
    parser.add_argument("--logs", default=os.path.join(ROOT, "target", "job-crash-test"))
    args = parser.parse_args()
    if args.nodes == 2 and not args.postgres:
        parser.error("--nodes 2 needs --postgres: two processes cannot share an H2 file")
    for path in (args.dist, args.probe):
        if not os.path.exists(path):
            raise SystemExit(f"{path} is missing: build with mvn install first")
    shutil.rmtree(args.logs, ignore_errors=True)
    os.makedirs(args.logs)

    database = None
    database_url = None
    if args.postgres:
        database = "baseplate_jobcrash_" + uuid.uuid4().hex[:8]
        psql(args, "postgres", f'CREATE DATABASE "{database}"')
        database_url = f"jdbc:postgresql://{args.pg_host}:{args.pg_port}/{database}"
    nodes = [prepared_node(args, i, database_url) for i in range(args.nodes)]
    violations = []
    try:
        survivor = nodes[-1]
        for node in nodes:
            node.start()
        tenant = expect(call(survivor, "POST", "/api/v1/tenants", ADMIN_KEY, {"name": "job-crash-" + uuid.uuid4().hex[:6]}),
                        201, "create tenant")
        key = expect(call(survivor, "POST", f"/api/v1/tenants/{tenant['id']}/keys", ADMIN_KEY), 201, "create key")["key"]
        for node in nodes:
            await_probe(node, key)
        started = time.time()
        expect(call(survivor, "POST", "/api/v1/job-probe/jobs", key, {"count": args.jobs}), 200, "submit probe jobs")
        print(f"submitted {args.jobs} jobs in {time.time() - started:.1f} s to {args.nodes} node(s), "
              f"{'PostgreSQL' if args.postgres else 'H2'}")
        held = 0
        if args.nodes == 2:
            victim = nodes[0]
            at = kill_when(victim, key, random.uniform(0.2, 0.5), args.jobs)
            held += held_by_dead_node(victim, args, database)
            print(f"killed node 0 (SIGKILL) once {at} jobs were recorded, holding {held}; node 1 carries on")
        else:
            for cycle in range(args.cycles):
                at = kill_when(survivor, key, random.uniform(0.15, 0.35) * (cycle + 1), args.jobs)
                held_now = held_by_dead_node(survivor, args, database)
                held += held_now
                survivor.start()
                print(f"cycle {cycle + 1}: killed (SIGKILL) once {at} jobs were recorded, holding {held_now}; restarted")
        counts = await_drained(survivor, key, args.jobs, 300)
        result = runs(survivor, key)
        print(f"after {time.time() - started:.1f} s: recorded {result['recorded']} of {args.jobs}, repeats "
              f"{result['repeats']}, job states {counts}")
        if result["recorded"] != args.jobs:
            violations.append(f"{result['recorded']} job ids recorded, {args.jobs} submitted: "
                              + ("some lost" if result["recorded"] < args.jobs else "some recorded twice"))
        if counts.get("SUCCEEDED", 0) != args.jobs:
            violations.append(f"{counts.get('SUCCEEDED', 0)} jobs SUCCEEDED of {args.jobs}: {counts}")
        if counts.get("RUNNING", 0):
            violations.append(f"{counts['RUNNING']} jobs left RUNNING")
        if result["repeats"] > held:
            violations.append(f"{result['repeats']} repeated runs: more than the {held} jobs the killed node(s) held")
    finally:
        for node in nodes:
            node.cleanup(keep=bool(violations))
        if database:
            psql(args, "postgres", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)', check=False)
    if violations:
        print("FAIL:\n  " + "\n  ".join(violations))
        sys.exit(1)
    print(f"PASS: every job id recorded exactly once, none lost, none left RUNNING; "
          f"{result['repeats']} re-run(s) of jobs in flight at the kill(s), each seen as a repeat by its job id")


if __name__ == "__main__":
    main()
