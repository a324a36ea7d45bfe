#!/usr/bin/env python3
"""Baseplate benchmark harness: measures the platform side by side with the bare baseline app
(bench/baseline-app/, no OSGi) in one invocation and prints a table (figure | platform | baseline |
ratio), also written with the date and the machine's core count to bench/results/<date>.txt and .json.

    python3 bench/run.py            # full: 5 runs, 20 s per load figure (about 20 minutes)
    python3 bench/run.py --smoke    # CI: 1 run, 3 s per load figure; asserts no timing, only that
                                    # every figure was produced and no request failed

Each run starts the platform on a fresh copy of the distribution and then the baseline on a fresh data
folder, one after the other (never both at once), and takes from each: cold start (its own "ready"
line, and the wall time from spawn to the harness's first /health 200), idle RSS and CPU, payment and
authenticated-GET load at 1 and 16 connections (bench/loadgen/LoadGen.java, a separate JVM; unique
Idempotency-Keys; non-2xx counted), the server's CPU per request, and RSS after the load. A figure is
the median over the runs, with its min and max. The last run's platform also measures hot deploy:
a gateway jar renamed into deploy/ until GET /api/v1/gateways lists it, deleted until it is gone,
while a background thread pays in INR (failed payments counted; must be 0).

Exits 1 if a server did not start, any figure is missing or any request failed (non-2xx or transport
error), after writing the results; 2 if the build or the load generator's compilation failed. Needs Python 3, Java 17 and Maven (for the build; --no-build skips it).
"""
import argparse
import datetime
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

# The per-key in-flight cap both servers run with here (their default is 16), equal on both sides.
MAX_IN_FLIGHT_PER_KEY = 64

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DIST = os.path.join(ROOT, "distribution", "target", "baseplate-0.1.0-SNAPSHOT")
BASELINE_POM = os.path.join(ROOT, "bench", "baseline-app", "pom.xml")
BASELINE_JAR = os.path.join(ROOT, "bench", "baseline-app", "target", "baseline-app.jar")
LOADGEN_SOURCE = os.path.join(ROOT, "bench", "loadgen", "LoadGen.java")
READY = re.compile(r"(?:Baseplate|Baseline) ready: /health answered 200 (\d+) ms after start")
CLOCK_TICK = os.sysconf("SC_CLK_TCK")
TARGETS = ("platform", "baseline")

NOT_MEASURED = [
    "Durable commands: no-op jobs per second, and pickup latency submit -> start (median, p95) "
    "-- needs a benchmark-only handler bundle that the distribution does not ship",
    "SSE: memory for 1,000 idle streams, and the time for one event to reach all of them (p99)",
]

# Every started process, so that any exit path (error, Ctrl-C, SIGTERM) stops them all.
STARTED = []


class BenchError(Exception):
    pass


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def kill_group(process, grace=30):
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=30)


def kill_all():
    while STARTED:
        process = STARTED.pop()
        try:
            kill_group(process, grace=10)
        except Exception as error:  # keep stopping the others
            print(f"could not stop process {process.pid}: {error}", file=sys.stderr)


def spawn(command, **kwargs):
    process = subprocess.Popen(command, start_new_session=True, **kwargs)
    STARTED.append(process)
    return process


def forget(process):
    if process in STARTED:
        STARTED.remove(process)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port, method, path, body=None, headers=None, timeout=10, connection=None):
    own = connection is None
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"Content-Type": "application/json"} if data is not None else {}
        all_headers.update(headers or {})
        conn.request(method, path, body=data, headers=all_headers)
        response = conn.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        if own:
            conn.close()


def children(pid):
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(child) for child in handle.read().split()]
    except OSError:
        pass
    return found


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as handle:
            return handle.read().strip()
    except OSError:
        return ""


def server_pid(pid):
    """The JVM among pid and its descendants (bin/baseplate execs java; a --baseline-cmd may not);
    failing that, the first descendant of a shell, or pid itself."""
    queue, seen = [pid], []
    while queue:
        current = queue.pop(0)
        seen.append(current)
        if comm(current) == "java":
            return current
        queue += children(current)
    if comm(pid) in ("sh", "bash", "dash") and len(seen) > 1:
        return seen[1]
    return pid


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise BenchError(f"no VmRSS for process {pid}")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    # fields[0] is field 3 (state); utime and stime are fields 14 and 15
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICK


class Server:
    """One start of the platform or the baseline, on a fresh folder, on a free port."""

    def __init__(self, kind, args, workdir, run):
        self.kind, self.args, self.run = kind, args, run
        self.port = free_port()
        self.log_path = os.path.join(workdir, f"{kind}-run{run}.log")
        self.home = tempfile.mkdtemp(prefix=f"{kind}-run{run}-", dir=workdir)
        self.process = None
        self.pid = None
        self.api_key = None
        self.ready_line = threading.Event()
        self.ready_ms = None
        self.log_handle = None

    def command_and_env(self):
        env = dict(os.environ)
        if self.kind == "platform":
            shutil.copytree(self.args.dist, self.home, dirs_exist_ok=True)
            for folder in ("data", "logs", "deploy"):
                shutil.rmtree(os.path.join(self.home, folder), ignore_errors=True)
            # 16 load connections share one key: a slot is freed only after its response has gone, so at
            # the default cap of 16 a client could briefly have a 17th request in flight and get a 429.
            with open(os.path.join(self.home, "config", "io.baseplate.http.gate.cfg"), "w") as gate:
                gate.write(f"maxConcurrentRequestsPerKey={MAX_IN_FLIGHT_PER_KEY}\n")
            self.admin_key = "bpa_bench_" + uuid.uuid4().hex
            env.update(BASEPLATE_HTTP_PORT=str(self.port), BASEPLATE_ADMIN_KEY=self.admin_key)
            if self.args.java_opts:
                env["JAVA_OPTS"] = (env.get("JAVA_OPTS", "") + " " + self.args.java_opts).strip()
            return [os.path.join(self.home, "bin", "baseplate")], env
        self.api_key = "bench_" + uuid.uuid4().hex
        env.update(BASELINE_HTTP_PORT=str(self.port), BASELINE_DATA_DIR=os.path.join(self.home, "data"),
                   BASELINE_API_KEY=self.api_key, BASELINE_MAX_IN_FLIGHT_PER_KEY=str(MAX_IN_FLIGHT_PER_KEY))
        if self.args.baseline_cmd:
            return ["/bin/sh", "-c", self.args.baseline_cmd], env
        return ["java"] + self.args.java_opts.split() + ["-jar", self.args.baseline_jar], env

    def _read_output(self):
        for line in self.process.stdout:
            self.log_handle.write(line)
            self.log_handle.flush()
            match = READY.search(line)
            if match and self.ready_ms is None:
                self.ready_ms = int(match.group(1))
                self.ready_line.set()

    def start(self):
        """Starts the server; returns (ms of its ready line, ms from spawn to our first /health 200)."""
        command, env = self.command_and_env()
        self.log_handle = open(self.log_path, "w")
        spawned = time.monotonic()
        self.process = spawn(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             cwd=self.home)
        threading.Thread(target=self._read_output, daemon=True).start()
        deadline = spawned + self.args.start_timeout
        wall_ms = None
        while wall_ms is None:
            if self.process.poll() is not None:
                raise BenchError(f"{self.kind} exited with {self.process.returncode} before /health answered 200; "
                                 f"see {self.log_path}:\n{self.tail()}")
            if time.monotonic() > deadline:
                raise BenchError(f"{self.kind}: no /health 200 within {self.args.start_timeout} s; see {self.log_path}"
                                 f":\n{self.tail()}")
            try:
                if request(self.port, "GET", "/health", timeout=2)[0] == 200:
                    wall_ms = (time.monotonic() - spawned) * 1000
                    break
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.02)
        self.ready_at = time.monotonic()
        if not self.ready_line.wait(max(5.0, deadline - time.monotonic())):
            raise BenchError(f"{self.kind} answered /health 200 but printed no '... ready: /health answered 200 <N> ms"
                             f" after start' line; see {self.log_path}")
        self.pid = server_pid(self.process.pid)
        if self.kind == "platform":
            self.api_key = self.tenant_key()
        return self.ready_ms, wall_ms

    def tenant_key(self):
        admin = {"X-Api-Key": self.admin_key}
        status, text = request(self.port, "POST", "/api/v1/tenants", {"name": "bench-" + uuid.uuid4().hex[:8]}, admin)
        if status // 100 != 2:
            raise BenchError(f"platform: POST /api/v1/tenants answered {status} {text[:300]}")
        tenant = json.loads(text)["id"]
        status, text = request(self.port, "POST", f"/api/v1/tenants/{tenant}/keys", None, admin)
        if status // 100 != 2:
            raise BenchError(f"platform: POST /api/v1/tenants/{tenant}/keys answered {status} {text[:300]}")
        return json.loads(text)["key"]

    def tail(self, lines=20):
        try:
            with open(self.log_path) as handle:
                return "".join(handle.readlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        if self.process is not None:
            kill_group(self.process)
            forget(self.process)
        if self.log_handle:
            self.log_handle.close()
        shutil.rmtree(self.home, ignore_errors=True)


def run_load(server, loadgen_dir, mode, threads, args):
    """Runs the load generator against server; returns its JSON summary plus the server's CPU per
    request during the measured part (the load generator says when that starts and ends)."""
    command = ["java", "-cp", loadgen_dir, "LoadGen", "--url", f"http://127.0.0.1:{server.port}",
               "--key", server.api_key, "--mode", mode, "--threads", str(threads),
               "--duration", str(args.duration), "--warmup", str(args.warmup)]
    process = spawn(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # a hung load generator is killed, which ends the loop below
    watchdog = threading.Timer(args.duration + args.warmup + 150, kill_group, (process, 5))
    watchdog.daemon = True
    watchdog.start()
    try:
        cpu_start = cpu_end = None
        summary = None
        for line in process.stdout:
            line = line.strip()
            if line == "MEASURE-START":
                cpu_start = cpu_seconds(server.pid)
            elif line == "MEASURE-END":
                cpu_end = cpu_seconds(server.pid)
            elif line.startswith("{"):
                summary = json.loads(line)
        process.wait(timeout=60)
        if process.returncode != 0 or summary is None:
            raise BenchError(f"the load generator ({mode}, {threads} threads) failed with {process.returncode}: "
                             f"{process.stderr.read()[-2000:]}")
    finally:
        watchdog.cancel()
        kill_group(process, grace=5)
        forget(process)
    if cpu_start is not None and cpu_end is not None and summary["requests"]:
        summary["server_cpu_us_per_request"] = (cpu_end - cpu_start) * 1e6 / summary["requests"]
    return summary


class Payer(threading.Thread):
    """Pays in INR every few milliseconds during the hot-deploy cycles; counts every failure."""

    def __init__(self, port, api_key, pause):
        super().__init__(daemon=True)
        self.port, self.api_key, self.pause = port, api_key, pause
        self.stop = threading.Event()
        self.sent = self.failed = 0
        self.failures = []

    def run(self):
        connection = None
        while not self.stop.is_set():
            key = "deploy-" + uuid.uuid4().hex
            self.sent += 1
            try:
                connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                status, text = request(self.port, "POST", "/api/v1/payments",
                                       {"amount": 4200, "currency": "INR", "reference": key, "paymentMethod": "tok_ok"},
                                       {"X-Api-Key": self.api_key, "Idempotency-Key": key}, connection=connection)
                if status != 201:
                    self.failed += 1
                    self.failures.append(f"{status} {text[:200]}")
            except (OSError, http.client.HTTPException) as error:
                self.failed += 1
                self.failures.append(f"{type(error).__name__}: {error}")
                if connection:
                    connection.close()
                connection = None
            self.stop.wait(self.pause)
        if connection:
            connection.close()


def gateway_ids(server):
    status, text = request(server.port, "GET", "/api/v1/gateways", headers={"X-Api-Key": server.api_key})
    if status != 200:
        raise BenchError(f"GET /api/v1/gateways answered {status} {text[:300]}")
    ids = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                ids.add(node["id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(json.loads(text))
    return ids


def await_gateway(server, gateway, present, timeout):
    deadline = time.monotonic() + timeout
    while (gateway in gateway_ids(server)) != present:
        if time.monotonic() > deadline:
            raise BenchError(f"{gateway} was {'not listed' if present else 'still listed'} after {timeout} s")
        time.sleep(0.01)
    return time.monotonic()


def hot_deploy(server, args):
    plugins = os.path.join(server.home, "plugins")
    jars = sorted(name for name in os.listdir(plugins) if name.startswith("gateway-mercadopago-") and name.endswith(".jar"))
    if not jars:
        raise BenchError(f"no gateway-mercadopago-*.jar in {plugins}")
    jar = jars[-1]
    deploy_dir = os.path.join(server.home, "deploy")
    os.makedirs(deploy_dir, exist_ok=True)
    target = os.path.join(deploy_dir, jar)
    if "mercadopago" in gateway_ids(server):
        raise BenchError("mercadopago is listed before it was deployed")
    payer = Payer(server.port, server.api_key, args.payment_pause)
    payer.start()
    appear, vanish = [], []
    try:
        for cycle in range(1, args.deploy_cycles + 1):
            staged = os.path.join(server.home, jar + ".staged")
            shutil.copyfile(os.path.join(plugins, jar), staged)
            dropped = time.monotonic()
            os.rename(staged, target)  # one atomic step: the deploy watcher never sees half a jar
            appear.append((await_gateway(server, "mercadopago", True, args.deploy_timeout) - dropped) * 1000)
            time.sleep(args.deploy_settle)
            deleted = time.monotonic()
            os.remove(target)
            vanish.append((await_gateway(server, "mercadopago", False, args.deploy_timeout) - deleted) * 1000)
            log(f"  hot deploy cycle {cycle}: listed after {appear[-1]:.0f} ms, gone after {vanish[-1]:.0f} ms")
            time.sleep(args.deploy_settle)
    finally:
        if os.path.exists(target):
            os.remove(target)
        payer.stop.set()
        payer.join(60)
    return appear, vanish, payer


def percentile(values, p):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, -(-len(ordered) * p // 100) - 1))
    return ordered[int(index)]


# figure key -> (label, unit, number format)
FIGURES = [
    ("start_ready", "Cold start: the server's ready line", "ms", "{:.0f}"),
    ("start_wall", "Cold start: spawn to first /health 200 seen", "ms", "{:.0f}"),
    ("idle_rss", "Idle RSS {idle} s after ready", "MiB", "{:.0f}"),
    ("idle_cpu", "Idle CPU over those {idle} s", "% core", "{:.1f}"),
]
LOADS = [("pay", 1), ("pay", 16), ("get", 1), ("get", 16)]
LOAD_LABEL = {"pay": "POST /api/v1/payments", "get": "GET /api/v1/gateways (auth)"}
for _mode, _threads in LOADS:
    _prefix = f"{_mode}{_threads}"
    _label = f"{LOAD_LABEL[_mode]}, {_threads} conn"
    FIGURES += [
        (f"{_prefix}_tput", f"{_label}: throughput", "req/s", "{:.0f}"),
        (f"{_prefix}_p50", f"{_label}: latency p50", "ms", "{:.2f}"),
        (f"{_prefix}_p99", f"{_label}: latency p99", "ms", "{:.2f}"),
        (f"{_prefix}_cpu", f"{_label}: server CPU per request", "us", "{:.0f}"),
    ]
FIGURES.append(("after_rss", "RSS after the load runs", "MiB", "{:.0f}"))


def measure(args, loadgen_dir, workdir):
    values = {key: {target: [] for target in TARGETS} for key, *_ in FIGURES}
    failures = {target: {} for target in TARGETS}  # "pay16" -> {"non2xx": n, "errors": n, "samples": [...]}
    deploy = None
    errors = []
    for run in range(1, args.runs + 1):
        for target in TARGETS:
            server = Server(target, args, workdir, run)
            try:
                log(f"run {run}/{args.runs}: starting {target} on port {server.port}")
                ready_ms, wall_ms = server.start()
                values["start_ready"][target].append(ready_ms)
                values["start_wall"][target].append(wall_ms)
                log(f"  {target} ready line {ready_ms} ms, first /health 200 seen after {wall_ms:.0f} ms")
                cpu_before = cpu_seconds(server.pid)
                idle_started = time.monotonic()
                time.sleep(max(0.0, server.ready_at + args.idle - time.monotonic()))
                idle_cpu = (cpu_seconds(server.pid) - cpu_before) / (time.monotonic() - idle_started) * 100
                values["idle_rss"][target].append(rss_mib(server.pid))
                values["idle_cpu"][target].append(idle_cpu)
                log(f"  {target} idle RSS {values['idle_rss'][target][-1]:.0f} MiB, idle CPU {idle_cpu:.1f} %")
                for mode, threads in LOADS:
                    summary = run_load(server, loadgen_dir, mode, threads, args)
                    prefix = f"{mode}{threads}"
                    values[f"{prefix}_tput"][target].append(summary["throughput"])
                    values[f"{prefix}_p50"][target].append(summary["p50_us"] / 1000)
                    values[f"{prefix}_p99"][target].append(summary["p99_us"] / 1000)
                    if "server_cpu_us_per_request" in summary:
                        values[f"{prefix}_cpu"][target].append(summary["server_cpu_us_per_request"])
                    counted = failures[target].setdefault(prefix, {"requests": 0, "non2xx": 0, "errors": 0,
                                                                   "samples": []})
                    counted["requests"] += summary["requests"]
                    counted["non2xx"] += summary["non2xx"]
                    counted["errors"] += summary["errors"]
                    counted["samples"] = (counted["samples"] + summary["failure_samples"])[:5]
                    log(f"  {target} {mode} x{threads}: {summary['throughput']:.0f} req/s, p50 "
                        f"{summary['p50_us'] / 1000:.2f} ms, p99 {summary['p99_us'] / 1000:.2f} ms, "
                        f"{summary['requests']} requests, {summary['non2xx']} non-2xx, {summary['errors']} errors")
                values["after_rss"][target].append(rss_mib(server.pid))
                log(f"  {target} RSS after the load {values['after_rss'][target][-1]:.0f} MiB")
                if target == "platform" and run == args.runs:
                    log(f"hot deploy: {args.deploy_cycles} cycles on the platform, paying in INR meanwhile")
                    appear, vanish, payer = hot_deploy(server, args)
                    deploy = {"appear_ms": appear, "vanish_ms": vanish, "payments": payer.sent,
                              "failed_payments": payer.failed, "failure_samples": payer.failures[:5]}
            except (BenchError, OSError, ValueError) as error:
                # the other runs and targets still measure; the report lists this and the figures it lacks
                errors.append(f"run {run}, {target}: {type(error).__name__}: {error}")
                log(f"  {target} FAILED in run {run}: {error}")
            finally:
                server.stop()
    return values, failures, deploy, errors


def stats(series):
    if not series:
        return None
    return {"median": statistics.median(series), "min": min(series), "max": max(series), "values": series}


def report(args, values, failures, deploy, errors, started):
    now = datetime.datetime.now(datetime.timezone.utc)
    header = {
        "date": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cores": os.cpu_count(),
        "mode": "smoke" if args.smoke else "full",
        "runs": args.runs,
        "load_seconds": args.duration,
        "warmup_seconds": args.warmup,
        "idle_seconds": args.idle,
        "deploy_cycles": args.deploy_cycles,
        "java": java_version(),
        "commit": git_commit(),
        "baseline": args.baseline_cmd or os.path.relpath(args.baseline_jar, ROOT),
    }
    rows, figures, missing = [], [], []
    for key, label, unit, fmt in FIGURES:
        label = label.format(idle=f"{args.idle:g}")
        entry = {"figure": key, "label": label, "unit": unit}
        cells = []
        for target in TARGETS:
            entry[target] = stats(values[key][target])
            if entry[target] is None:
                missing.append(f"{label} ({target})")
                cells.append("MISSING")
            else:
                cells.append(cell(entry[target], fmt))
        if entry["platform"] and entry["baseline"] and entry["baseline"]["median"]:
            entry["ratio"] = entry["platform"]["median"] / entry["baseline"]["median"]
        else:
            entry["ratio"] = None
        figures.append(entry)
        rows.append([f"{label} ({unit})"] + cells + [f"{entry['ratio']:.2f}" if entry["ratio"] else "-"])
    for mode, threads in LOADS:
        prefix = f"{mode}{threads}"
        label = f"{LOAD_LABEL[mode]}, {threads} conn: non-2xx / transport errors (sum)"
        cells = []
        for target in TARGETS:
            counted = failures[target].get(prefix)
            cells.append("MISSING" if counted is None else f"{counted['non2xx']} / {counted['errors']} of {counted['requests']}")
        rows.append([label] + cells + ["-"])
    deploy_entry = None
    if deploy is None:
        missing.append("hot deploy")
    else:
        deploy_entry = {"appear": {"p50": statistics.median(deploy["appear_ms"]), "p95": percentile(deploy["appear_ms"], 95),
                                   "max": max(deploy["appear_ms"]), "values": deploy["appear_ms"]},
                        "vanish": {"p50": statistics.median(deploy["vanish_ms"]), "p95": percentile(deploy["vanish_ms"], 95),
                                   "max": max(deploy["vanish_ms"]), "values": deploy["vanish_ms"]},
                        "payments": deploy["payments"], "failed_payments": deploy["failed_payments"],
                        "failure_samples": deploy["failure_samples"]}
        cycles = len(deploy["appear_ms"])
        for kind, text in (("appear", "jar renamed into deploy/ -> listed"), ("vanish", "jar deleted -> gone")):
            figure = deploy_entry[kind]
            rows.append([f"Hot deploy, {text}: p50 / p95 / max over {cycles} cycles (ms)",
                         f"{figure['p50']:.0f} / {figure['p95']:.0f} / {figure['max']:.0f}", "n/a", "-"])
        rows.append(["Hot deploy: failed INR payments during the cycles",
                     f"{deploy['failed_payments']} of {deploy['payments']}", "n/a", "-"])

    widths = [max(len(row[i]) for row in rows + [["figure", "platform", "baseline", "ratio"]]) for i in range(4)]
    lines = [f"Baseplate benchmark, {header['date']}, {header['cores']} cores, {header['mode']} mode: "
             f"{args.runs} run(s), load {args.duration:g} s after {args.warmup:g} s warm-up, commit {header['commit']}",
             f"{header['java']}; baseline: {header['baseline']}",
             "Each cell: median (min-max) over the runs; ratio = platform median / baseline median.", ""]
    title = ["figure", "platform", "baseline", "ratio"]
    lines.append(" | ".join(title[i].ljust(widths[i]) for i in range(4)))
    lines.append("-+-".join("-" * widths[i] for i in range(4)))
    for row in rows:
        lines.append(" | ".join(row[i].ljust(widths[i]) for i in range(4)))
    lines += ["", "Not measured yet:"] + [f"- {item}" for item in NOT_MEASURED]

    problems = list(errors) + [f"figure not produced: {item}" for item in missing]
    for target in TARGETS:
        for prefix, counted in failures[target].items():
            if counted["non2xx"] or counted["errors"]:
                problems.append(f"{target} {prefix}: {counted['non2xx']} non-2xx, {counted['errors']} transport errors; "
                                f"e.g. {counted['samples']}")
    if deploy and deploy["failed_payments"]:
        problems.append(f"hot deploy: {deploy['failed_payments']} failed payments; e.g. {deploy['failure_samples']}")
    lines.append("")
    lines.append(f"Took {time.monotonic() - started:.0f} s. " + ("No failures." if not problems else "FAILURES:"))
    lines += [f"- {problem}" for problem in problems]
    text = "\n".join(lines) + "\n"
    print("\n" + text, end="")

    os.makedirs(args.results_dir, exist_ok=True)
    base = os.path.join(args.results_dir, now.strftime("%Y-%m-%d") + ("-smoke" if args.smoke else ""))
    with open(base + ".txt", "w") as handle:
        handle.write(text)
    with open(base + ".json", "w") as handle:
        json.dump(dict(header, figures=figures, failures=failures, hot_deploy=deploy_entry,
                       not_measured=NOT_MEASURED, problems=problems), handle, indent=2)
        handle.write("\n")
    print(f"written to {os.path.relpath(base, os.getcwd())}.txt and .json")
    return problems


def cell(stat, fmt):
    if len(stat["values"]) == 1:
        return fmt.format(stat["median"])
    return f"{fmt.format(stat['median'])} ({fmt.format(stat['min'])}-{fmt.format(stat['max'])})"


def java_version():
    try:
        output = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30).stderr
        return output.splitlines()[1].strip() if len(output.splitlines()) > 1 else output.strip()
    except (OSError, subprocess.SubprocessError):
        return "java: unknown"


def git_commit():
    try:
        return subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              timeout=30).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def build(args):
    if args.no_build:
        return
    if not args.baseline_cmd and not os.path.exists(BASELINE_POM):
        raise BenchError(f"no baseline app at {os.path.relpath(BASELINE_POM, ROOT)} (or start one with --baseline-cmd)")
    if not args.no_platform_build:
        log("building the platform: mvn -B -q package -DskipTests")
        run_build(["mvn", "-B", "-q", "package", "-DskipTests"])
    if not args.baseline_cmd:
        log("building the baseline: mvn -B -q -f bench/baseline-app/pom.xml package")
        run_build(["mvn", "-B", "-q", "-f", BASELINE_POM, "package"])


def run_build(command):
    """Runs a Maven build quietly; its output is shown only if it fails."""
    process = spawn(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output = process.communicate()[0]
        if process.returncode != 0:
            raise BenchError(f"build failed ({process.returncode}): {' '.join(command)}\n" + "\n".join(output.splitlines()[-60:]))
    finally:
        forget(process)


def compile_loadgen(workdir):
    classes = os.path.join(workdir, "loadgen")
    os.makedirs(classes)
    result = subprocess.run(["javac", "-d", classes, LOADGEN_SOURCE], capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise BenchError(f"javac {LOADGEN_SOURCE} failed:\n{result.stdout}{result.stderr}")
    return classes


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="short CI mode: a few seconds per figure, 1 run")
    parser.add_argument("--runs", type=int, help="runs per figure (default 5; smoke 1)")
    parser.add_argument("--duration", type=float, help="seconds of measured load per figure (default 20; smoke 3)")
    parser.add_argument("--warmup", type=float, help="seconds of warm-up before each load figure (default 5; smoke 1)")
    parser.add_argument("--idle", type=float, help="seconds after ready for idle RSS and CPU (default 10; smoke 2)")
    parser.add_argument("--deploy-cycles", type=int, help="hot-deploy cycles (default 10; smoke 2)")
    parser.add_argument("--no-build", action="store_true", help="use the distribution and baseline jar already built")
    parser.add_argument("--no-platform-build", action="store_true",
                        help="build only the baseline; use the distribution already built (e.g. by mvn verify in CI)")
    parser.add_argument("--dist", default=DEFAULT_DIST, help="the platform's distribution folder")
    parser.add_argument("--baseline-jar", default=BASELINE_JAR)
    parser.add_argument("--baseline-cmd", help="shell command that starts the baseline instead of java -jar "
                        "(gets BASELINE_HTTP_PORT, BASELINE_DATA_DIR, BASELINE_API_KEY); skips its build")
    parser.add_argument("--java-opts", default="", help="JVM options for both servers (JAVA_OPTS for the platform)")
    parser.add_argument("--results-dir", default=os.path.join(ROOT, "bench", "results"))
    parser.add_argument("--start-timeout", type=float, default=120)
    parser.add_argument("--deploy-timeout", type=float, default=30)
    parser.add_argument("--deploy-settle", type=float, help="pause after each deploy and delete, s (default 0.5; smoke 0.2)")
    parser.add_argument("--payment-pause", type=float, default=0.02, help="pause between the INR payments during hot deploy, s")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs) even when nothing failed")
    args = parser.parse_args()
    smoke = args.smoke
    defaults = {"runs": (5, 1), "duration": (20.0, 3.0), "warmup": (5.0, 1.0), "idle": (10.0, 2.0),
                "deploy_cycles": (10, 2), "deploy_settle": (0.5, 0.2)}
    for name, (full, short) in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, short if smoke else full)
    if args.runs < 1 or args.deploy_cycles < 1:
        parser.error("--runs and --deploy-cycles must be at least 1")
    args.dist = os.path.abspath(args.dist)
    args.baseline_jar = os.path.abspath(args.baseline_jar)
    return args


def main():
    args = parse_args()
    started = time.monotonic()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    workdir = tempfile.mkdtemp(prefix="baseplate-bench-")
    keep = args.keep
    try:
        build(args)
        if not os.path.isfile(os.path.join(args.dist, "bin", "baseplate")):
            raise BenchError(f"no distribution at {args.dist}: build it (mvn -B -q package -DskipTests) or drop --no-build")
        if not args.baseline_cmd and not os.path.isfile(args.baseline_jar):
            raise BenchError(f"no baseline jar at {args.baseline_jar}: build it "
                             "(mvn -B -q -f bench/baseline-app/pom.xml package) or drop --no-build")
        loadgen_dir = compile_loadgen(workdir)
        values, failures, deploy, errors = measure(args, loadgen_dir, workdir)
        problems = report(args, values, failures, deploy, errors, started)
        if problems:
            keep = True
            return 1
        return 0
    except BenchError as error:
        keep = True
        print(f"bench/run.py: {error}", file=sys.stderr)
        return 2
    except BaseException:
        keep = True
        raise
    finally:
        kill_all()
        if keep:
            print(f"logs kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
