#!/usr/bin/env python3
"""Baseplate benchmark harness: measures the platform side by side with the bare baseline app
(bench/baseline-app/, no OSGi) in one invocation and prints a table (figure | platform | baseline |
ratio), also written with the date and the machine's core count to bench/results/<date>.txt and .json.

    python3 bench/run.py            # full: 5 runs, 20 s per load figure (about 35 minutes)
    python3 bench/run.py --smoke    # CI: 1 run, 3 s per load figure; asserts no timing, only that
                                    # every figure was produced and no request failed

Each run starts the platform on a fresh copy of the distribution and then the baseline on a fresh data
folder, one after the other (never both at once), and takes from each: cold start (its own "ready"
line, and the wall time from spawn to the harness's first /health 200), idle RSS and CPU, payment and
authenticated-GET load at 1 and 16 connections (bench/loadgen/LoadGen.java, a separate JVM; unique
Idempotency-Keys; non-2xx counted), the server's CPU per request, and RSS after the load. A figure is
the median over the runs, with its min and max. The last run's platform also measures hot deploy:
a gateway jar renamed into deploy/ until GET /api/v1/gateways lists it, deleted until it is gone,
while a background thread pays in INR (failed payments counted; must be 0). Then every run's platform
gets bench/jobs-noop (a no-op command handler the distribution does not ship) in deploy/ and measures
durable commands: jobs/s for a burst of no-op jobs (each its own submit) and for no-op jobs submitted in
batches of 1,000 (what the engine itself runs), and pickup latency (submit -> handler start, p50 and
p95) at a steady rate; every no-op job must end SUCCEEDED. Then, on a platform start of its own per run,
the SSE figure: 1,000 idle event streams of as many staff users' keys, opened by one selector thread (the
server's RSS before and with them, and its live heap per stream), and each payment's PENDING event timed
on every stream (delivery p50, p99 and max, time to reach all); then the same on the baseline's bare
event stream, on a start of its own (--sse-only: nothing else).
Last, on another start of its own per run, grading: the quiz type bundles dropped into deploy/, one
50-question quiz, a student per attempt; a burst of submitted attempts (attempts GRADED per second) and
attempts one at a time (submit -> GRADED p50 and p99); platform only (--grading-only: nothing else).

--previous DIST adds a third target, a second platform distribution (e.g. the build of an earlier commit),
started like the platform from its own copy of DIST and measured in each run between the platform and the
baseline, with the same start, idle and load figures (not hot deploy, durable commands, SSE or grading); the table
then reads figure | platform | previous | baseline | ratio | platform/previous, and the JSON has the
previous values and platform/previous ratios. --only-loads skips hot deploy, durable commands, SSE and
grading (with --previous: a quick A/B of two builds).

    python3 bench/run.py --only-loads --previous ../wt-prev/distribution/target/baseplate-0.1.0-SNAPSHOT

Exits 1 if a server did not start, any figure is missing or any request failed (non-2xx or transport
error; for SSE also a stream that did not open, closed early, missed a heartbeat or an event; for grading
an attempt not GRADED in time), after
writing the results; 2 if the build or the load generator's compilation failed. Needs Python 3, Java 17 and Maven (for the build; --no-build skips it).
"""
import argparse
import datetime
import http.client
import json
import os
import re
import resource
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
# The gateways features/payments-default.json installs at start, which the bench tenant enables: a tenant pays
# only through gateways it has enabled, and only an installed gateway can be enabled (mercadopago is hot deployed
# only while the bench pays in INR).
SANDBOX_GATEWAYS = ("stripe", "razorpay")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DIST = os.path.join(ROOT, "distribution", "target", "baseplate-0.1.0-SNAPSHOT")
BASELINE_POM = os.path.join(ROOT, "bench", "baseline-app", "pom.xml")
BASELINE_JAR = os.path.join(ROOT, "bench", "baseline-app", "target", "baseline-app.jar")
LOADGEN_SOURCE = os.path.join(ROOT, "bench", "loadgen", "LoadGen.java")
JOBS_NOOP_REACTOR = os.path.join(ROOT, "bench", "jobs-noop", "reactor", "pom.xml")
JOBS_NOOP_JAR = os.path.join(ROOT, "bench", "jobs-noop", "target", "jobs-noop.jar")
READY = re.compile(r"(?:Baseplate|Baseline) ready: /health answered 200 (\d+) ms after start")
CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def targets(args):
    """The servers each run starts, in this order: the platform, the previous platform (--previous), the baseline."""
    return ("platform", "previous", "baseline") if args.previous else ("platform", "baseline")

# Every started process, so that any exit path (error, Ctrl-C, SIGTERM) stops them all.
STARTED = []


class BenchError(Exception):
    pass


def platform_jvm_options(dist):
    """The JVM options bin/baseplate starts the platform with (config/jvm.options): the baseline gets them too."""
    path = os.path.join(dist, "config", "jvm.options")
    if not os.path.isfile(path):
        return []
    with open(path) as options:
        return [word for line in options for word in line.split("#", 1)[0].split()]


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


def in_threads(port, items, work, threads=4):
    """work(connection, item) for every item, from a few threads at once, each with a connection of its own;
    returns the results in the items' order. The first failure stops the others and is raised as a BenchError."""
    results = [None] * len(items)
    failures = []

    def worker(first):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            for index in range(first, len(items), threads):
                if failures:
                    return
                results[index] = work(connection, items[index])
        except (BenchError, OSError, http.client.HTTPException, ValueError, KeyError, TypeError) as error:
            failures.append(error)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker, args=(first,), daemon=True) for first in range(min(threads, len(items)))]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if failures:
        raise BenchError(f"{type(failures[0]).__name__}: {failures[0]}")
    return results


def issue_user_keys(port, admin_key, role, prefix, count):
    """count users with role, each with a key of its own (POST /api/v1/users, then POST /api/v1/keys with the
    tenant admin key admin_key), from a few connections at once; returns their keys in the users' order."""
    admin = {"X-Api-Key": admin_key}

    def issue(connection, number):
        name = f"{prefix}-{number}"
        status, text = request(port, "POST", "/api/v1/users", {"name": name, "roles": [role]}, admin,
                               connection=connection)
        if status != 201:
            raise BenchError(f"POST /api/v1/users answered {status} {text[:300]}")
        body = {"name": name + " key", "roles": [role], "userId": json.loads(text)["id"]}
        status, text = request(port, "POST", "/api/v1/keys", body, admin, connection=connection)
        if status != 201:
            raise BenchError(f"POST /api/v1/keys answered {status} {text[:300]}")
        return json.loads(text)["key"]
    return in_threads(port, range(count), issue)


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
    """One start of the platform, the previous platform (another distribution, the same way) or the baseline,
    on a fresh folder, on a free port."""

    def __init__(self, kind, args, workdir, run):
        self.kind, self.args, self.run = kind, args, run
        self.dist = {"platform": args.dist, "previous": args.previous}.get(kind)  # None for the baseline
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
        if self.dist:
            shutil.copytree(self.dist, self.home, dirs_exist_ok=True)
            for folder in ("data", "logs", "deploy"):
                shutil.rmtree(os.path.join(self.home, folder), ignore_errors=True)
            # 16 load connections share one key: a slot is freed only after its response has gone, so at
            # the default cap of 16 a client could briefly have a 17th request in flight and get a 429.
            with open(os.path.join(self.home, "config", "io.baseplate.http.gate.cfg"), "w") as gate:
                gate.write(f"maxConcurrentRequestsPerKey={MAX_IN_FLIGHT_PER_KEY}\n")
            # The baseline has no per-key rate limit; the load must not meet the platform's. (A distribution
            # from before the rate limit, e.g. a --previous one, just holds this configuration unused.)
            with open(os.path.join(self.home, "config", "io.baseplate.ratelimit.cfg"), "w") as limits:
                limits.write("permitsPerSecond=1000000\nburst=1000000\n")
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
        return ["java"] + platform_jvm_options(self.args.dist) + self.args.java_opts.split() + ["-jar", self.args.baseline_jar], env

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
        if self.dist:
            self.api_key = self.tenant_key()
        return self.ready_ms, wall_ms

    def tenant_key(self):
        admin = {"X-Api-Key": self.admin_key}
        status, text = request(self.port, "POST", "/api/v1/tenants", {"name": "bench-" + uuid.uuid4().hex[:8]}, admin)
        if status // 100 != 2:
            raise BenchError(f"{self.kind}: POST /api/v1/tenants answered {status} {text[:300]}")
        tenant = json.loads(text)["id"]
        status, text = request(self.port, "POST", f"/api/v1/tenants/{tenant}/keys", None, admin)
        if status // 100 != 2:
            raise BenchError(f"{self.kind}: POST /api/v1/tenants/{tenant}/keys answered {status} {text[:300]}")
        key = json.loads(text)["key"]
        self.enable_sandbox_gateways(key)
        return key

    def enable_sandbox_gateways(self, key):
        """Enables SANDBOX_GATEWAYS in sandbox mode for the tenant of key (a tenant admin key). A --previous
        distribution from before gateway settings has no such route (404) and pays through every gateway."""
        for gateway in SANDBOX_GATEWAYS:
            path = f"/api/v1/payment-gateways/{gateway}"
            status, text = request(self.port, "PUT", path, {"enabled": True, "mode": "sandbox"}, {"X-Api-Key": key})
            if status == 404 and self.kind == "previous":
                return
            if status != 200:
                raise BenchError(f"{self.kind}: PUT {path} answered {status} {text[:300]}")

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
LOAD_LABEL = {"pay": "POST /api/v1/payments", "get": "GET /api/v1/gateways (auth, audited)"}
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


# --- SSE: idle event streams held open, and one event's fan-out to all of them (platform and baseline) ---

# The streams one API key may hold as shipped (maxStreamsPerKey of io.baseplate.events.stream).
SHIPPED_STREAMS_PER_KEY = 8
# The role of the users whose keys hold the streams: staff, so the payment events (which name no audience)
# reach every stream.
STREAM_ROLE = "OPERATOR"


# The class of one open event stream in each server's heap, counted in its class histogram.
STREAM_CLASS = {"platform": "io.baseplate.events.internal.Subscriber",
                "baseline": "io.baseplate.bench.baseline.EventStreamServlet$Stream"}


def sse_targets(args):
    """The servers the SSE figure measures: the platform, and the bare baseline app's event stream unless
    --baseline-cmd starts another baseline, which may serve none."""
    return ("platform",) if args.baseline_cmd else ("platform", "baseline")


class EventStreamServer(Server):
    """A server for the SSE figure, told the heartbeat interval, so the harness knows when each idle stream
    must have had one. The platform's copy of config/ raises the streams one key may hold only when
    --sse-per-key asks for more than the shipped cap."""

    def __init__(self, kind, args, workdir, run):
        super().__init__(kind, args, workdir, run)
        self.log_path = os.path.join(workdir, f"{kind}-sse-run{run}.log")
        self.stream_keys_path = None

    def command_and_env(self):
        command, env = super().command_and_env()
        if self.dist:
            with open(os.path.join(self.home, "config", "io.baseplate.events.stream.cfg"), "w") as streams:
                streams.write(f"heartbeatMillis={self.args.sse_heartbeat_ms}\n")
                if self.args.sse_per_key > SHIPPED_STREAMS_PER_KEY:
                    streams.write(f"maxStreamsPerKey={self.args.sse_per_key}\n")
        else:
            env["BASELINE_SSE_HEARTBEAT_MS"] = str(self.args.sse_heartbeat_ms)
        return command, env

    def issue_stream_keys(self, workdir):
        """On the platform, one staff user (STREAM_ROLE) with a key of its own per --sse-per-key streams,
        issued by the tenant admin key from 4 connections, written to stream_keys_path, one a line; returns
        how many. The baseline has no users and one key, which every stream uses (it caps no key's streams):
        None."""
        if not self.dist:
            return None
        count = -(-self.args.sse_streams // self.args.sse_per_key)
        keys = issue_user_keys(self.port, self.api_key, STREAM_ROLE, "staff", count)
        self.stream_keys_path = os.path.join(workdir, f"stream-keys-run{self.run}.txt")
        with open(self.stream_keys_path, "w") as handle:
            handle.write("\n".join(keys) + "\n")
        return count


def thread_count(pid):
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    raise BenchError(f"no thread count for process {pid}")


def live_heap(pid, stream_class):
    """The JVM's live heap after a full GC (jcmd GC.class_histogram forces one) in bytes, and how many
    event streams (stream_class objects) it holds."""
    try:
        output = subprocess.run(["jcmd", str(pid), "GC.class_histogram"], capture_output=True, text=True,
                                timeout=120).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise BenchError(f"jcmd {pid} GC.class_histogram failed: {error}")
    total = re.search(r"^Total\s+\d+\s+(\d+)", output, re.M)
    if not total:
        raise BenchError(f"jcmd {pid} GC.class_histogram printed no total: {output[-500:]}")
    streams = re.search(r"^\s*\d+:\s+(\d+)\s+\d+\s+" + re.escape(stream_class) + r"(?:\s|$)", output, re.M)
    return int(total.group(1)), int(streams.group(1)) if streams else 0


def sse_idle_seconds(args):
    """How long the streams stay idle before the RSS is read: at least two heartbeat intervals, by when
    every stream has had its first heartbeat (sent after one interval of silence, by a sweep that runs
    four times per interval, so after at most 1.25 intervals; the rest is margin for a busy machine)."""
    return max(args.sse_idle, 2 * args.sse_heartbeat_ms / 1000)


def run_sse_load(server, loadgen_dir, args):
    """Runs the load generator's sse mode; returns its JSON summary and the server's RSS and thread
    count read while the streams were open and idle (before any event), and its live heap with the
    streams still open after the events."""
    idle = sse_idle_seconds(args)
    command = ["java", "-cp", loadgen_dir, "LoadGen", "--url", f"http://127.0.0.1:{server.port}",
               "--key", server.api_key, "--mode", "sse", "--streams", str(args.sse_streams),
               "--events", str(args.sse_events), "--idle", f"{idle:g}", "--min-heartbeats", "1",
               "--handshake", "true"] + (["--stream-keys", server.stream_keys_path] if server.stream_keys_path else [])
    process = spawn(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # opening (60 s at most), idle, each event (10 s at most) and a margin; a hung generator is killed
    watchdog = threading.Timer(60 + idle + 11 * args.sse_events + 60, kill_group, (process, 5))
    watchdog.daemon = True
    watchdog.start()
    try:
        summary = held = None
        for line in process.stdout:
            line = line.strip()
            if line.startswith("SSE-OPEN"):
                _, opened, failed, millis = line.split()
                log(f"  {opened} streams open ({failed} not) after {float(millis):.0f} ms; idle for {idle:g} s")
            elif line.startswith("SSE-IDLE"):
                held = {"rss_mib": rss_mib(server.pid), "threads": thread_count(server.pid)}
                process.stdin.write("go\n")
                process.stdin.flush()
            elif line.startswith("SSE-DONE") and held is not None:
                # after the events, so that what the payments left behind (caches) is in this and in the
                # reading once the streams are gone alike; a full GC, so not before the RSS was read
                held["heap_bytes"], held["heap_streams"] = live_heap(server.pid, STREAM_CLASS[server.kind])
                process.stdin.write("go\n")
                process.stdin.flush()
            elif line.startswith("{"):
                summary = json.loads(line)
        process.wait(timeout=60)
        if process.returncode != 0 or summary is None or held is None or "heap_bytes" not in held:
            raise BenchError(f"the load generator (sse, {args.sse_streams} streams) failed with {process.returncode}: "
                             f"{process.stderr.read()[-2000:]}")
    finally:
        watchdog.cancel()
        kill_group(process, grace=5)
        forget(process)
    return summary, held


# figure key -> (label, unit, number format); {n} is the number of streams, {m} of events
SSE_FIGURES = [
    ("rss_before_mib", "SSE: RSS before opening the streams ({idle} s after ready)", "MiB", "{:.0f}"),
    ("rss_streams_mib", "SSE: RSS with {n} idle streams open", "MiB", "{:.0f}"),
    ("rss_delta_mib", "SSE: RSS increase for {n} idle streams", "MiB", "{:.1f}"),
    ("rss_per_stream_kib", "SSE: RSS increase per idle stream", "KiB", "{:.0f}"),
    ("heap_per_stream_kib", "SSE: live Java heap per idle stream (after full GCs)", "KiB", "{:.1f}"),
    ("delivery_p50_ms", "SSE: one event to each of {n} streams: delivery p50", "ms", "{:.1f}"),
    ("delivery_p99_ms", "SSE: one event to each of {n} streams: delivery p99", "ms", "{:.1f}"),
    ("delivery_max_ms", "SSE: one event to each of {n} streams: delivery max", "ms", "{:.1f}"),
    ("reach_all_p50_ms", "SSE: one event to all {n} streams: median over {m} events", "ms", "{:.1f}"),
    ("reach_all_p99_ms", "SSE: one event to all {n} streams: p99 over {m} events", "ms", "{:.1f}"),
]
# counted per run; any of them above 0 fails the harness
SSE_FAILURES = ("failed_open", "closed_early", "streams_without_heartbeat", "deliveries_missed", "payments_failed")


def measure_sse(args, loadgen_dir, workdir):
    """The SSE figure, on a start of its own per run of the platform, then of the baseline (the streams
    touch no other figure, and the load figures' heap growth does not hide theirs): on the platform, staff
    users' keys issued; the server's RSS <idle> s after ready; then --sse-streams streams opened (on the
    platform on those keys, --sse-per-key each; on the baseline on its one key) and left idle for at least
    --sse-idle s, each of which must see a heartbeat, and the RSS again; then --sse-events payments with
    the tenant (admin) key, one at a time, each PENDING event timed on every stream.
    Returns {"runs": {target: [per-run results]}, "errors": [...]}."""
    runs, errors = {target: [] for target in sse_targets(args)}, []
    # Both JVMs raise their open-file limit to the hard limit they inherit from here; each needs a
    # socket per stream, and the server a few hundred more for its jars, database and clients.
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    if hard != resource.RLIM_INFINITY and hard < args.sse_streams + 500:
        return {"runs": runs, "errors": [f"SSE: the open-file limit (ulimit -Hn) is {hard}, too low for "
                                       f"{args.sse_streams} streams; raise it to {args.sse_streams + 500} or more"]}
    for run, target in ((run, target) for run in range(1, args.runs + 1) for target in sse_targets(args)):
        server = EventStreamServer(target, args, workdir, run)
        try:
            log(f"SSE run {run}/{args.runs}: starting the {target} on port {server.port}")
            server.start()
            issued = time.monotonic()
            keys = server.issue_stream_keys(workdir)
            if keys:
                log(f"  {keys} {STREAM_ROLE} user(s) with a key each, {args.sse_per_key} stream(s) per key, issued "
                    f"in {time.monotonic() - issued:.1f} s")
            # a second at least after the keys, so that their requests' garbage is not read as the idle RSS
            time.sleep(max(1.0, server.ready_at + args.idle - time.monotonic()))
            rss_before, threads_before = rss_mib(server.pid), thread_count(server.pid)
            log(f"  RSS {rss_before:.0f} MiB, {threads_before} threads; opening {args.sse_streams} streams")
            summary, held = run_sse_load(server, loadgen_dir, args)
            result = dict(summary, rss_before_mib=rss_before, rss_streams_mib=held["rss_mib"],
                          rss_delta_mib=held["rss_mib"] - rss_before, threads_before=threads_before,
                          threads_streams=held["threads"], heap_streams_bytes=held["heap_bytes"],
                          heap_streams_held=held["heap_streams"])
            if summary["open_after_idle"]:
                result["rss_per_stream_kib"] = result["rss_delta_mib"] * 1024 / summary["open_after_idle"]
            # The live heap the streams hold: with them open after the events minus once the server has let
            # them go (the load generator closed them on exit; a dead stream is noticed by a failed
            # heartbeat, so within two intervals). Divided by the streams let go, so one not yet noticed
            # does not skew it.
            deadline = time.monotonic() + 2 * args.sse_heartbeat_ms / 1000 + 5
            heap_after, held_after = live_heap(server.pid, STREAM_CLASS[target])
            while held_after and time.monotonic() < deadline:
                time.sleep(1)
                heap_after, held_after = live_heap(server.pid, STREAM_CLASS[target])
            result.update(heap_released_bytes=heap_after, heap_released_held=held_after)
            if held["heap_streams"] > held_after:
                result["heap_per_stream_kib"] = (held["heap_bytes"] - heap_after) / 1024 / (held["heap_streams"] - held_after)
            runs[target].append(result)
            log(f"  {summary['open_after_idle']} idle streams: RSS {held['rss_mib']:.0f} MiB "
                f"(+{result['rss_delta_mib']:.1f} MiB), {held['threads']} threads; fewest heartbeats on a stream "
                f"{summary['fewest_heartbeats']}; live heap {held['heap_bytes'] / 2**20:.1f} MiB with "
                f"{held['heap_streams']} streams held, {heap_after / 2**20:.1f} MiB once {held_after} are")
            log(f"  {summary['events']} events: delivery p99 {summary.get('delivery_p99_ms', float('nan')):.1f} ms, "
                f"to all streams median {summary.get('reach_all_p50_ms', float('nan')):.1f} ms, p99 "
                f"{summary.get('reach_all_p99_ms', float('nan')):.1f} ms (this client's reader: "
                f"{summary['reader_cpu_ms_per_event']:.0f} ms CPU per payment); "
                + ", ".join(f"{name} {summary[name]}" for name in SSE_FAILURES))
        except (BenchError, OSError, ValueError) as error:
            errors.append(f"SSE run {run}, {target}: {type(error).__name__}: {error}")
            log(f"  SSE FAILED in run {run} ({target}): {error}")
        finally:
            server.stop()
    return {"runs": runs, "errors": errors}


def sse_report(args, sse):
    """The SSE figure's table rows (platform and baseline; the baseline's n/a under --baseline-cmd), its JSON
    entry and its problems."""
    rows, problems = [], list(sse["errors"])
    runs = sse["runs"]
    entry = {"streams": args.sse_streams, "streams_per_key": args.sse_per_key, "events": args.sse_events,
             "idle_seconds": sse_idle_seconds(args), "heartbeat_ms": args.sse_heartbeat_ms, "figures": [], "runs": runs}

    def cells(text):
        """A row's platform and baseline cells and ratio, from text(target, its runs) (None: the ratio is "-")."""
        values = [text(target, runs[target]) if target in runs else ("n/a", None) for target in ("platform", "baseline")]
        ratio = values[0][1] / values[1][1] if values[0][1] and values[1][1] else None
        return [values[0][0], values[1][0], f"{ratio:.2f}" if ratio else "-"]

    for key, label, unit, fmt in SSE_FIGURES:
        label = label.format(n=args.sse_streams, m=args.sse_events, idle=f"{args.idle:g}")
        figure = {"figure": "sse_" + key, "label": label, "unit": unit}
        for target in runs:
            figure[target] = stats([run[key] for run in runs[target] if key in run])
            if figure[target] is None:
                problems.append(f"figure not produced: {label} ({target})")
        figure["ratio"] = median_ratio(figure, "baseline") if "baseline" in runs else None
        entry["figures"].append(figure)
        rows.append([f"{label} ({unit})"] + cells(lambda target, _: ("MISSING", None) if figure[target] is None
                                                  else (cell(figure[target], fmt), figure[target]["median"])))

    def threads(target, target_runs):
        if not target_runs:
            return "MISSING", None
        before, open_ = (statistics.median(run[key] for run in target_runs) for key in ("threads_before", "threads_streams"))
        return f"{before:.0f} / {open_:.0f}", None
    rows.append([f"SSE: server threads before / with {args.sse_streams} streams open (median)"] + cells(threads))
    totals = {target: {name: sum(run[name] for run in runs[target]) for name in SSE_FAILURES} for target in runs}
    entry["failures"] = totals

    def failures(target, target_runs):
        counted = totals[target]
        return (f"{counted['failed_open']} / {counted['closed_early']} / {counted['streams_without_heartbeat']} / "
                f"{counted['deliveries_missed']} of {len(target_runs)} x {args.sse_streams} x {args.sse_events}", None)
    rows.append(["SSE: streams not opened / closed early / without heartbeat / deliveries missed (sum)"]
                + cells(failures))
    for target, counted in totals.items():
        if any(counted.values()):
            samples = [sample for run in runs[target] for sample in run.get("failure_samples", [])][:5]
            problems.append(f"SSE ({target}): " + ", ".join(f"{value} {name.replace('_', ' ')}"
                                                             for name, value in counted.items()) + f"; e.g. {samples}")
    return rows, entry, problems


# --- Grading: 50-question quiz attempts graded by the platform's durable grading command (platform only) ---

# The quiz types whose bundles the distribution ships in plugins/ (installed by nobody at start): the harness
# renames them into deploy/ of the grading start's copy.
QUIZ_TYPES = ("multiple-choice", "true-false", "short-answer", "numeric")
# How often a submitted attempt is read until it is GRADED, s: one at a time (latency), and during a burst
# (throughput), where each sweep reads the attempts in the order they were submitted and stops at the first not
# graded yet, so that polling costs the server little while it grades.
GRADING_POLL = 0.005
GRADING_BURST_POLL = 0.02


def quiz_questions(count):
    """count questions cycling through the four types and their options (one answer with partial credit and
    shuffled options, several answers scored partially, true-false, short answers with an alternative and a
    pattern, numbers with an absolute tolerance and units, or a relative one), and the response a student gives
    to each, by prompt: right in two rounds of the six kinds out of three, wrong in the third, so that every
    kind grades both ways (a wrong single answer with half the credit)."""
    questions, responses = [], {}
    for number in range(count):
        kind, right = number % 6, number // 6 % 3 != 2
        prompt = f"Question {number + 1}: "
        if kind == 0:
            prompt += "the capital of France?"
            body = {"options": [{"id": "a", "text": "Paris", "correct": True, "feedback": "Yes"},
                                {"id": "b", "text": "Lyon", "correct": False, "credit": 0.5},
                                {"id": "c", "text": "Nice", "correct": False},
                                {"id": "d", "text": "Lille", "correct": False}],
                    "shuffle": True, "explanation": "The seat of government"}
            type_id, response = "multiple-choice", "a" if right else "b"
        elif kind == 1:
            prompt += "which are prime?"
            body = {"options": [{"id": str(n), "text": str(n), "correct": n in (2, 3, 5)} for n in (2, 3, 4, 5, 9)],
                    "multiple": True, "scoring": "partial", "shuffle": True}
            type_id, response = "multiple-choice", ["2", "3", "5"] if right else ["2", "4"]
        elif kind == 2:
            prompt += "water boils at 100 degrees Celsius at sea level."
            body = {"answer": True, "feedbackRight": "Right", "feedbackWrong": "At sea level, it does"}
            type_id, response = "true-false", right
        elif kind == 3:
            prompt += "the largest planet of the solar system?"
            body = {"answers": ["Jupiter", "planet Jupiter"], "patterns": ["(the )?planet jupiter"],
                    "feedbackWrong": "It is Jupiter"}
            type_id, response = "short-answer", "  the   PLANET jupiter " if right else "Saturn"
        elif kind == 4:
            prompt += "the acceleration of gravity near the Earth's surface?"
            body = {"answer": 9.81, "tolerance": 0.05, "toleranceKind": "absolute",
                    "units": {"m/s2": 1, "cm/s2": 0.01}, "unitRequired": True}
            type_id, response = "numeric", "981 cm/s2" if right else "9.81"
        else:
            prompt += "pi, to two decimal places?"
            body = {"answer": 3.14, "tolerance": 0.01, "toleranceKind": "relative"}
            type_id, response = "numeric", 3.1416 if right else 2.5
        questions.append({"type": type_id, "prompt": prompt, "marks": 1 + number % 3, "body": body})
        responses[prompt] = response
    return questions, responses


class GradingServer(Server):
    """The platform for the grading figure, with the quiz type bundles of its plugins/ dropped into deploy/."""

    def __init__(self, args, workdir, run):
        super().__init__("platform", args, workdir, run)
        self.log_path = os.path.join(workdir, f"platform-grading-run{run}.log")

    def deploy_quiz_types(self):
        """Renames each quiz type's jar from plugins/ into deploy/ (one atomic step each) and waits until
        GET /api/v1/quiz-types lists them all."""
        plugins, deploy_dir = os.path.join(self.home, "plugins"), os.path.join(self.home, "deploy")
        os.makedirs(deploy_dir, exist_ok=True)
        for type_id in QUIZ_TYPES:
            jars = sorted(name for name in os.listdir(plugins)
                          if name.startswith(f"quiz-{type_id}-") and name.endswith(".jar"))
            if not jars:
                raise BenchError(f"no quiz-{type_id}-*.jar in {plugins}")
            staged = os.path.join(self.home, jars[-1] + ".staged")
            shutil.copyfile(os.path.join(plugins, jars[-1]), staged)
            os.rename(staged, os.path.join(deploy_dir, jars[-1]))
        deadline = time.monotonic() + self.args.deploy_timeout
        while True:
            status, text = request(self.port, "GET", "/api/v1/quiz-types", headers={"X-Api-Key": self.api_key})
            listed = {item.get("id") for item in json.loads(text).get("items", [])} if status == 200 else set()
            if listed >= set(QUIZ_TYPES):
                return
            if time.monotonic() > deadline:
                raise BenchError(f"GET /api/v1/quiz-types lists {sorted(listed)} ({status}) "
                                 f"{self.args.deploy_timeout:g} s after the quiz type jars were dropped into deploy/")
            time.sleep(0.05)

    def create_quiz(self, questions):
        """The quiz, created with the tenant admin key (a tutor's right too); returns its id."""
        status, text = request(self.port, "POST", "/api/v1/quizzes",
                               {"title": f"{len(questions)} questions", "questions": questions},
                               {"X-Api-Key": self.api_key}, timeout=60)
        if status != 201:
            raise BenchError(f"POST /api/v1/quizzes answered {status} {text[:500]}")
        return json.loads(text)["id"]

    def start_attempts(self, quiz_id, keys, responses):
        """An attempt per student key, with every question answered (by prompt); returns [(attempt id, key)]."""

        def start(connection, key):
            headers = {"X-Api-Key": key}
            status, text = request(self.port, "POST", f"/api/v1/quizzes/{quiz_id}/attempts", None, headers,
                                   connection=connection)
            if status != 201:
                raise BenchError(f"POST /api/v1/quizzes/{{id}}/attempts answered {status} {text[:300]}")
            attempt = json.loads(text)
            if len(attempt["questions"]) != len(responses):
                raise BenchError(f"an attempt shows {len(attempt['questions'])} questions of {len(responses)}")
            answers = {question["id"]: responses[question["prompt"]] for question in attempt["questions"]}
            path = f"/api/v1/quiz-attempts/{attempt['id']}/answers"
            status, text = request(self.port, "PUT", path, answers, headers, connection=connection)
            if status // 100 != 2:
                raise BenchError(f"PUT /api/v1/quiz-attempts/{{id}}/answers answered {status} {text[:300]}")
            return attempt["id"], key
        return in_threads(self.port, keys, start)

    def submit(self, connection, attempt):
        """Submits an attempt; returns when the request was sent (time.monotonic())."""
        attempt_id, key = attempt
        sent = time.monotonic()
        status, text = request(self.port, "POST", f"/api/v1/quiz-attempts/{attempt_id}/submit", None,
                               {"X-Api-Key": key}, connection=connection)
        if status != 202:
            raise BenchError(f"POST /api/v1/quiz-attempts/{{id}}/submit answered {status} {text[:300]}")
        return sent

    def graded(self, connection, attempt):
        """The attempt as its student reads it if it is GRADED, else None."""
        attempt_id, key = attempt
        status, text = request(self.port, "GET", f"/api/v1/quiz-attempts/{attempt_id}", None, {"X-Api-Key": key},
                               connection=connection)
        if status != 200:
            raise BenchError(f"GET /api/v1/quiz-attempts/{{id}} answered {status} {text[:300]}")
        body = json.loads(text)
        return body if body.get("status") == "GRADED" else None


def grade_burst(server, attempts, timeout):
    """Submits every attempt from --grading-submitters connections as fast as they go, then reads them, in the
    order they were submitted, until all are GRADED. Returns (seconds from the first submit sent to the last
    attempt seen GRADED, seconds submitting, per attempt submit -> seen GRADED in ms)."""
    sent = in_threads(server.port, attempts, server.submit, server.args.grading_submitters)
    submitted = time.monotonic()
    order = sorted(range(len(attempts)), key=lambda index: sent[index])
    seen = {}
    deadline = submitted + timeout
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        while order:
            while order and server.graded(connection, attempts[order[0]]):
                seen[order.pop(0)] = time.monotonic()
            if order:
                if time.monotonic() > deadline:
                    raise BenchError(f"{len(order)} of {len(attempts)} submitted attempts not GRADED after {timeout:g} s")
                time.sleep(GRADING_BURST_POLL)
    finally:
        connection.close()
    first = min(sent)
    return (max(seen.values()) - first, submitted - first,
            [(seen[index] - sent[index]) * 1000 for index in range(len(attempts))])


def grade_one_at_a_time(server, attempts, timeout):
    """Submits the attempts one at a time, each once the one before is GRADED; returns per attempt, in ms, the
    time from its submit sent to the first read that shows it GRADED (read every GRADING_POLL s), the
    attempt's own gradedAt - submittedAt where it shows both (the server's clock, without the polling), and
    the scores the attempts got, as "<score> of <maxScore>" (all alike: they hold the same answers)."""
    latencies, server_latencies, scores = [], [], set()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        for attempt in attempts:
            sent = server.submit(connection, attempt)
            while not (graded := server.graded(connection, attempt)):
                if time.monotonic() > sent + timeout:
                    raise BenchError(f"a submitted attempt not GRADED after {timeout:g} s")
                time.sleep(GRADING_POLL)
            latencies.append((time.monotonic() - sent) * 1000)
            scores.add(f"{graded.get('score')} of {graded.get('maxScore')}")
            if graded.get("submittedAt") and graded.get("gradedAt"):
                server_latencies.append((datetime.datetime.fromisoformat(graded["gradedAt"])
                                         - datetime.datetime.fromisoformat(graded["submittedAt"])).total_seconds() * 1000)
    finally:
        connection.close()
    return latencies, server_latencies, scores


def measure_grading(args, workdir):
    """The grading figure, on a platform start of its own per run: the quiz types deployed, a quiz of
    --grading-questions questions of all four types, a student user (and key) per attempt, every attempt
    started and answered before anything is timed; then a warm-up burst (not counted), a burst of
    --grading-burst attempts (throughput: attempts / the time from the first submit to the last one seen
    GRADED) and --grading-steady attempts one at a time (submit -> GRADED latency).
    Returns {"runs": [per-run results], "errors": [...]}."""
    runs, errors = [], []
    for run in range(1, args.runs + 1):
        server = GradingServer(args, workdir, run)
        try:
            log(f"grading run {run}/{args.runs}: starting the platform on port {server.port}")
            server.start()
            server.deploy_quiz_types()
            questions, responses = quiz_questions(args.grading_questions)
            quiz_id = server.create_quiz(questions)
            counts = (args.grading_warmup, args.grading_burst, args.grading_steady)
            prepared = time.monotonic()
            keys = issue_user_keys(server.port, server.api_key, "STUDENT", "student", sum(counts))
            attempts = server.start_attempts(quiz_id, keys, responses)
            log(f"  {len(attempts)} students, each with a {len(questions)}-question attempt answered, in "
                f"{time.monotonic() - prepared:.1f} s")
            warmup, burst, steady = (attempts[:counts[0]], attempts[counts[0]:counts[0] + counts[1]],
                                     attempts[counts[0] + counts[1]:])
            if warmup:
                grade_burst(server, warmup, args.grading_timeout)
            seconds, submit_seconds, queued = grade_burst(server, burst, args.grading_timeout)
            latencies, server_latencies, scores = grade_one_at_a_time(server, steady, args.grading_timeout)
            if len(scores) != 1:
                raise BenchError(f"attempts with the same answers were graded differently: {sorted(scores)}")
            result = {"run": run, "questions": len(questions), "attempts_per_s": len(burst) / seconds,
                      "questions_per_s": len(burst) * len(questions) / seconds, "burst_seconds": seconds,
                      "burst_submit_seconds": submit_seconds,
                      "burst_latency_p50_ms": percentile(queued, 50), "burst_latency_p99_ms": percentile(queued, 99),
                      "latency_p50_ms": percentile(latencies, 50), "latency_p99_ms": percentile(latencies, 99),
                      "latency_max_ms": max(latencies), "latencies_ms": latencies, "score": scores.pop()}
            if server_latencies:
                result.update(server_latency_p50_ms=percentile(server_latencies, 50),
                              server_latency_p99_ms=percentile(server_latencies, 99),
                              server_latencies_ms=server_latencies)
            runs.append(result)
            log(f"  burst of {len(burst)}: {result['attempts_per_s']:.1f} attempts/s ({result['questions_per_s']:.0f} "
                f"questions/s; submitted in {submit_seconds:.2f} s, all GRADED after {seconds:.2f} s); "
                f"{len(steady)} one at a time: submit -> GRADED p50 {result['latency_p50_ms']:.1f} ms, "
                f"p99 {result['latency_p99_ms']:.1f} ms, max {result['latency_max_ms']:.1f} ms; each scored "
                f"{result['score']}")
        except (BenchError, OSError, ValueError, KeyError, TypeError) as error:
            errors.append(f"grading run {run}: {type(error).__name__}: {error}")
            log(f"  grading FAILED in run {run}: {error}")
        finally:
            server.stop()
    return {"runs": runs, "errors": errors}


# figure key -> (label, unit, number format); {q} is the number of questions, {b} of burst attempts, {s} of
# attempts one at a time
GRADING_FIGURES = [
    ("attempts_per_s", "Grading, burst of {b} {q}-question attempts: throughput", "attempts/s", "{:.1f}"),
    ("burst_latency_p50_ms", "Grading, burst of {b} {q}-question attempts: submit -> GRADED p50", "ms", "{:.0f}"),
    ("latency_p50_ms", "Grading, {s} {q}-question attempts one at a time: submit -> GRADED p50", "ms", "{:.1f}"),
    ("latency_p99_ms", "Grading, {s} {q}-question attempts one at a time: submit -> GRADED p99", "ms", "{:.1f}"),
]


def grading_report(args, grading):
    """The grading figure's table rows (platform only: the baseline app has no quizzes), its JSON entry and
    its problems."""
    rows, problems, runs = [], list(grading["errors"]), grading["runs"]
    entry = {"questions": args.grading_questions, "warmup_attempts": args.grading_warmup,
             "burst_attempts": args.grading_burst, "steady_attempts": args.grading_steady,
             "submitters": args.grading_submitters, "figures": [], "runs": runs}
    for key, label, unit, fmt in GRADING_FIGURES:
        label = label.format(q=args.grading_questions, b=args.grading_burst, s=args.grading_steady)
        stat = stats([run[key] for run in runs if key in run])
        entry["figures"].append({"figure": "grading_" + key, "label": label, "unit": unit, "platform": stat})
        if stat is None:
            problems.append(f"figure not produced: {label}")
        rows.append([f"{label} ({unit})", "MISSING" if stat is None else cell(stat, fmt), "n/a", "-"])
    return rows, entry, problems


def report_alone(args, name, title, rows, entry, problems, started):
    """--sse-only and --grading-only: their rows alone, to bench/results/<date>-<name>[-smoke].{txt,json}, the
    JSON's entry under name."""
    now = datetime.datetime.now(datetime.timezone.utc)
    widths = [max(len(row[i]) for row in rows + [["figure", "platform", "baseline", "ratio"]]) for i in range(4)]
    lines = [f"Baseplate benchmark, {title} only, {now.strftime('%Y-%m-%dT%H:%M:%SZ')}, {os.cpu_count()} cores, "
             f"{'smoke' if args.smoke else 'full'} mode: {args.runs} run(s), commit {git_commit()}", java_version(),
             "Each cell: median (min-max) over the runs.", ""]
    lines.append(" | ".join(["figure", "platform", "baseline", "ratio"][i].ljust(widths[i]) for i in range(4)))
    lines.append("-+-".join("-" * width for width in widths))
    lines += [" | ".join(row[i].ljust(widths[i]) for i in range(4)) for row in rows]
    lines.append("")
    lines.append(f"Took {time.monotonic() - started:.0f} s. " + ("No failures." if not problems else "FAILURES:"))
    lines += [f"- {problem}" for problem in problems]
    text = "\n".join(lines) + "\n"
    print("\n" + text, end="")
    os.makedirs(args.results_dir, exist_ok=True)
    base = os.path.join(args.results_dir, now.strftime("%Y-%m-%d") + f"-{name}" + ("-smoke" if args.smoke else ""))
    with open(base + ".txt", "w") as handle:
        handle.write(text)
    with open(base + ".json", "w") as handle:
        json.dump({"date": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "cores": os.cpu_count(), "runs": args.runs,
                   "java": java_version(), "commit": git_commit(), name: entry, "problems": problems}, handle, indent=2)
        handle.write("\n")
    print(f"written to {os.path.relpath(base, os.getcwd())}.txt and .json")
    return problems



def measure(args, loadgen_dir, workdir):
    values = {key: {target: [] for target in targets(args)} for key, *_ in FIGURES}
    failures = {target: {} for target in targets(args)}  # "pay16" -> {"non2xx": n, "errors": n, "samples": [...]}
    deploy = None
    errors = []
    for run in range(1, args.runs + 1):
        for target in targets(args):
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
                # hot deploy and durable commands: the platform only (not the previous one), unless --only-loads
                if target == "platform" and run == args.runs and not args.only_loads:
                    log(f"hot deploy: {args.deploy_cycles} cycles on the platform, paying in INR meanwhile")
                    appear, vanish, payer = hot_deploy(server, args)
                    deploy = {"appear_ms": appear, "vanish_ms": vanish, "payments": payer.sent,
                              "failed_payments": payer.failed, "failure_samples": payer.failures[:5]}
                if target == "platform" and not args.only_loads:
                    measure_durable_commands(server, args, values.setdefault("durable_commands", []))
            except (BenchError, OSError, ValueError) as error:
                # the other runs and targets still measure; the report lists this and the figures it lacks
                errors.append(f"run {run}, {target}: {type(error).__name__}: {error}")
                log(f"  {target} FAILED in run {run}: {error}")
            finally:
                server.stop()
    return values, failures, deploy, errors


def median_ratio(entry, other):
    """The platform's median / other's median in a figure's JSON entry, or None if either is missing."""
    if entry["platform"] and entry[other] and entry[other]["median"]:
        return entry["platform"]["median"] / entry[other]["median"]
    return None


def stats(series):
    if not series:
        return None
    return {"median": statistics.median(series), "min": min(series), "max": max(series), "values": series}


def report(args, values, failures, deploy, errors, started, sse=None, grading=None):
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
    if args.previous:
        # the commit of the git checkout the previous distribution lies in (e.g. a worktree of an earlier commit)
        header.update(previous=args.previous, previous_commit=git_commit(args.previous))
    if args.only_loads:
        header["only_loads"] = True
    columns = ["figure", *targets(args), "ratio"] + (["platform/previous"] if args.previous else [])

    def platform_only(row):
        """A row the previous target has no part in, [figure, platform, baseline or "n/a", ratio or "-"], in the
        table's columns."""
        return [row[0], row[1], "n/a", row[2], row[3], "-"] if args.previous else row

    rows, figures, missing = [], [], []
    for key, label, unit, fmt in FIGURES:
        label = label.format(idle=f"{args.idle:g}")
        entry = {"figure": key, "label": label, "unit": unit}
        cells = []
        for target in targets(args):
            entry[target] = stats(values[key][target])
            if entry[target] is None:
                missing.append(f"{label} ({target})")
                cells.append("MISSING")
            else:
                cells.append(cell(entry[target], fmt))
        entry["ratio"] = median_ratio(entry, "baseline")
        cells.append(f"{entry['ratio']:.2f}" if entry["ratio"] else "-")
        if args.previous:
            entry["ratio_previous"] = median_ratio(entry, "previous")
            cells.append(f"{entry['ratio_previous']:.2f}" if entry["ratio_previous"] else "-")
        figures.append(entry)
        rows.append([f"{label} ({unit})"] + cells)
    for mode, threads in LOADS:
        prefix = f"{mode}{threads}"
        label = f"{LOAD_LABEL[mode]}, {threads} conn: non-2xx / transport errors (sum)"
        cells = []
        for target in targets(args):
            counted = failures[target].get(prefix)
            cells.append("MISSING" if counted is None else f"{counted['non2xx']} / {counted['errors']} of {counted['requests']}")
        rows.append([label] + cells + ["-"] * (len(columns) - 1 - len(cells)))
    deploy_entry = None
    if deploy is None:
        if not args.only_loads:
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
            rows.append(platform_only([f"Hot deploy, {text}: p50 / p95 / max over {cycles} cycles (ms)",
                                       f"{figure['p50']:.0f} / {figure['p95']:.0f} / {figure['max']:.0f}", "n/a", "-"]))
        rows.append(platform_only(["Hot deploy: failed INR payments during the cycles",
                                   f"{deploy['failed_payments']} of {deploy['payments']}", "n/a", "-"]))
    durable_rows, durable_problems, durable_entry = [], [], None
    if not args.only_loads:
        durable_rows, durable_problems, durable_entry = durable_commands_report(values.get("durable_commands", []), args)
    rows += [platform_only(row) for row in durable_rows]
    sse_rows, sse_entry, sse_problems = sse_report(args, sse) if sse is not None else ([], None, [])
    rows += [platform_only(row) for row in sse_rows]
    grading_rows, grading_entry, grading_problems = grading_report(args, grading) if grading is not None else ([], None, [])
    rows += [platform_only(row) for row in grading_rows]

    widths = [max(len(row[i]) for row in rows + [columns]) for i in range(len(columns))]
    mode_text = header["mode"] + (" (loads only)" if args.only_loads else "")
    lines = [f"Baseplate benchmark, {header['date']}, {header['cores']} cores, {mode_text} mode: "
             f"{args.runs} run(s), load {args.duration:g} s after {args.warmup:g} s warm-up, commit {header['commit']}",
             f"{header['java']}; baseline: {header['baseline']}"]
    if args.previous:
        lines.append(f"previous: {args.previous} (commit {header['previous_commit']})")
        lines.append("Each cell: median (min-max) over the runs; ratio = platform median / baseline median; "
                     "platform/previous = platform median / previous median.")
    else:
        lines.append("Each cell: median (min-max) over the runs; ratio = platform median / baseline median.")
    lines.append("")
    lines.append(" | ".join(title.ljust(width) for title, width in zip(columns, widths)))
    lines.append("-+-".join("-" * width for width in widths))
    for row in rows:
        lines.append(" | ".join(text.ljust(width) for text, width in zip(row, widths)))

    problems = list(errors) + [f"figure not produced: {item}" for item in missing]
    for target in targets(args):
        for prefix, counted in failures[target].items():
            if counted["non2xx"] or counted["errors"]:
                problems.append(f"{target} {prefix}: {counted['non2xx']} non-2xx, {counted['errors']} transport errors; "
                                f"e.g. {counted['samples']}")
    if deploy and deploy["failed_payments"]:
        problems.append(f"hot deploy: {deploy['failed_payments']} failed payments; e.g. {deploy['failure_samples']}")
    problems += durable_problems
    problems += sse_problems
    problems += grading_problems
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
                       durable_commands=durable_entry, sse=sse_entry, grading=grading_entry, problems=problems),
                  handle, indent=2)
        handle.write("\n")
    print(f"written to {os.path.relpath(base, os.getcwd())}.txt and .json")
    return problems


def cell(stat, fmt):
    if len(stat["values"]) == 1:
        return fmt.format(stat["median"])
    return f"{fmt.format(stat['median'])} ({fmt.format(stat['min'])}-{fmt.format(stat['max'])})"


# Durable commands (platform only): bench/jobs-noop, a bundle the distribution does not ship, is dropped
# into deploy/ of the platform's copy after its other figures. Its resource submits no-op jobs through
# the platform's CommandBus (one submit = one committed job) and times them inside the server's JVM.
JOB_RUNS_PATH = "/api/v1/bench/job-runs"
JOB_TYPE = "bench.noop"


def add_durable_commands_arguments(parser):
    parser.add_argument("--jobs-noop-jar", default=JOBS_NOOP_JAR, help="the benchmark-only no-op job handler bundle")
    parser.add_argument("--jobs-warmup", type=int, help="no-op jobs run first and not counted (default 500; smoke 20)")
    parser.add_argument("--jobs-burst", type=int, help="no-op jobs in the throughput burst (default 2000; smoke 200)")
    parser.add_argument("--jobs-submitters", type=int, default=4, help="threads submitting the burst (default 4)")
    parser.add_argument("--jobs-batch", type=int, help="no-op jobs submitted as batches of 1,000, for the engine's own "
                        "throughput (default 20000; smoke 1000)")
    parser.add_argument("--jobs-batch-warmup", type=int, help="no-op jobs submitted as batches before that run, not "
                        "counted, so that it measures the engine compiled rather than its first seconds (default "
                        "40000; smoke 0)")
    parser.add_argument("--jobs-steady", type=int, help="no-op jobs at a steady rate for pickup latency "
                        "(default 500; smoke 50)")
    parser.add_argument("--jobs-rate", type=float, default=50, help="the steady rate, jobs/s (default 50)")
    parser.add_argument("--jobs-timeout", type=float, default=120, help="longest wait for one run of jobs, s")


def durable_commands_defaults(parser, args):
    for name, (full, short) in {"jobs_warmup": (500, 20), "jobs_burst": (2000, 200), "jobs_steady": (500, 50),
                                 "jobs_batch": (20000, 1000), "jobs_batch_warmup": (40000, 0)}.items():
        if getattr(args, name) is None:
            setattr(args, name, short if args.smoke else full)
    if args.jobs_warmup < 0 or args.jobs_batch_warmup < 0 or args.jobs_burst < 1 or args.jobs_steady < 1 \
            or args.jobs_submitters < 1 or args.jobs_rate <= 0:
        parser.error("--jobs-burst, --jobs-steady and --jobs-submitters must be at least 1, --jobs-warmup and "
                     "--jobs-batch-warmup at least 0,"
                     " --jobs-rate above 0")
    args.jobs_noop_jar = os.path.abspath(args.jobs_noop_jar)


JOBS_NOOP_BUILD = ["mvn", "-B", "-q", "-f", os.path.relpath(JOBS_NOOP_REACTOR, ROOT), "package",
                   "-pl", "io.baseplate.bench:jobs-noop", "-am"]


def prepare_jobs_noop(args):
    """Builds the no-op job handler bundle (also with --no-platform-build: mvn verify does not build it), in
    one reactor with the platform API it compiles against, so that nothing comes from ~/.m2."""
    if not args.no_build:
        # From a clean target/: bnd copies the platform classes it needs (ApiResource) into the bundle's
        # classes, and a copy left by an earlier build would outlive a change to them.
        shutil.rmtree(os.path.join(os.path.dirname(os.path.dirname(JOBS_NOOP_REACTOR)), "target"), ignore_errors=True)
        log("building the no-op job handler: " + " ".join(JOBS_NOOP_BUILD))
        run_build(JOBS_NOOP_BUILD)
    if not os.path.isfile(args.jobs_noop_jar):
        raise BenchError(f"no no-op job handler bundle at {args.jobs_noop_jar}: build it "
                         f"({' '.join(JOBS_NOOP_BUILD)}) or drop --no-build")


def job_run(server, body, timeout):
    """Starts a run of no-op jobs and waits until every one has run; returns the run as the server shows it."""
    headers = {"X-Api-Key": server.api_key}
    status, text = request(server.port, "POST", JOB_RUNS_PATH, body, headers)
    if status != 202:
        raise BenchError(f"POST {JOB_RUNS_PATH} {json.dumps(body)} answered {status} {text[:300]}")
    run = json.loads(text)
    deadline = time.monotonic() + timeout
    while run["status"] not in ("done", "failed"):
        if time.monotonic() > deadline:
            raise BenchError(f"job run {body} not done after {timeout:g} s: {run['submitted']} submitted, "
                             f"{run['started']} started, {run['finished']} finished")
        time.sleep(0.1)
        status, text = request(server.port, "GET", f"{JOB_RUNS_PATH}/{run['id']}", headers=headers)
        if status != 200:
            raise BenchError(f"GET {JOB_RUNS_PATH}/{run['id']} answered {status} {text[:300]}")
        run = json.loads(text)
    if run["status"] == "failed":
        raise BenchError(f"job run {body} failed: {run['failure']}")
    return run


def job_statuses(server, expected, timeout):
    """Counts the tenant's no-op jobs by status through GET /api/v1/jobs (every page, narrowed to their type), once
    none is waiting or running any more (a handler has returned a moment before the worker commits its job SUCCEEDED)."""
    deadline = time.monotonic() + timeout
    while True:
        counts, cursor = {}, None
        while True:
            path = f"/api/v1/jobs?type={JOB_TYPE}&limit=500" + (f"&cursor={cursor}" if cursor else "")
            status, text = request(server.port, "GET", path, headers={"X-Api-Key": server.api_key}, timeout=60)
            if status != 200:
                raise BenchError(f"GET {path} answered {status} {text[:300]}")
            page = json.loads(text)
            for job in page["items"]:
                counts[job["status"]] = counts.get(job["status"], 0) + 1
            cursor = page["next"]
            if not cursor:
                break
        pending = sum(counts.get(state, 0) for state in ("QUEUED", "SCHEDULED", "RUNNING", "WAITING_FOR_HANDLER"))
        if (not pending and sum(counts.values()) >= expected) or time.monotonic() > deadline:
            return counts
        time.sleep(0.1)


def measure_durable_commands(server, args, series):
    """Drops bench/jobs-noop into deploy/, waits until its resource answers, then runs the warm-up, the
    burst (throughput) and the steady run (pickup latency), and checks every job SUCCEEDED."""
    deploy_dir = os.path.join(server.home, "deploy")
    os.makedirs(deploy_dir, exist_ok=True)
    staged = os.path.join(server.home, "jobs-noop.jar.staged")
    shutil.copyfile(args.jobs_noop_jar, staged)
    os.rename(staged, os.path.join(deploy_dir, "jobs-noop.jar"))  # one atomic step, as for hot deploy
    deadline = time.monotonic() + args.deploy_timeout
    while True:
        status, text = request(server.port, "GET", f"{JOB_RUNS_PATH}/none", headers={"X-Api-Key": server.api_key})
        if status == 404 and "No job run" in text:
            break
        if time.monotonic() > deadline:
            raise BenchError(f"{JOB_RUNS_PATH} not served {args.deploy_timeout:g} s after jobs-noop.jar was "
                             f"dropped into deploy/ (last answer {status} {text[:200]})")
        time.sleep(0.05)
    if args.jobs_warmup:
        job_run(server, {"mode": "burst", "jobs": args.jobs_warmup, "submitters": args.jobs_submitters},
                args.jobs_timeout)
    burst = job_run(server, {"mode": "burst", "jobs": args.jobs_burst, "submitters": args.jobs_submitters},
                    args.jobs_timeout)
    if args.jobs_batch_warmup:
        job_run(server, {"mode": "batch", "jobs": args.jobs_batch_warmup}, args.jobs_timeout)
    batch = job_run(server, {"mode": "batch", "jobs": args.jobs_batch}, args.jobs_timeout)
    steady = job_run(server, {"mode": "steady", "jobs": args.jobs_steady, "rate": args.jobs_rate},
                     max(args.jobs_timeout, 2 * args.jobs_steady / args.jobs_rate))
    expected = args.jobs_warmup + args.jobs_burst + args.jobs_batch_warmup + args.jobs_batch + args.jobs_steady
    counts = job_statuses(server, expected, args.jobs_timeout)
    outcome = {"jobs_per_s": burst["figures"]["jobsPerSecond"], "burst": burst,
               "batch_jobs_per_s": batch["figures"]["jobsPerSecond"], "batch": batch,
               "pickup_p50_ms": steady["figures"]["pickupMs"]["p50"],
               "pickup_p95_ms": steady["figures"]["pickupMs"]["p95"], "steady": steady,
               "run": server.run, "jobs": expected, "statuses": counts}
    series.append(outcome)
    log(f"  platform durable commands: burst of {args.jobs_burst}: {outcome['jobs_per_s']:.0f} jobs/s; "
        f"{args.jobs_batch} batch-submitted: {outcome['batch_jobs_per_s']:.0f} jobs/s; "
        f"{args.jobs_steady} at {args.jobs_rate:g}/s: pickup p50 {outcome['pickup_p50_ms']:.1f} ms, "
        f"p95 {outcome['pickup_p95_ms']:.1f} ms; jobs by status {counts}")


def durable_commands_report(series, args):
    """Table rows (platform only), problems and the JSON entry of the durable-command figures."""
    rows, problems = [], []
    if not series:
        return [["Durable commands (no-op jobs)", "MISSING", "n/a", "-"]], ["figure not produced: durable commands"], None
    figures = {key: stats([run[key] for run in series])
               for key in ("jobs_per_s", "batch_jobs_per_s", "pickup_p50_ms", "pickup_p95_ms")}
    for key, label, fmt in (
            ("jobs_per_s", f"burst of {args.jobs_burst} no-op jobs: throughput (jobs/s)", "{:.0f}"),
            ("batch_jobs_per_s", f"{args.jobs_batch} no-op jobs in batches of 1,000: throughput (jobs/s)", "{:.0f}"),
            ("pickup_p50_ms", f"{args.jobs_steady} no-op jobs at {args.jobs_rate:g}/s: pickup p50 (ms)", "{:.1f}"),
            ("pickup_p95_ms", f"{args.jobs_steady} no-op jobs at {args.jobs_rate:g}/s: pickup p95 (ms)", "{:.1f}")):
        rows.append([f"Durable commands, {label}", cell(figures[key], fmt), "n/a", "-"])
    jobs = sum(run["jobs"] for run in series)
    succeeded = sum(run["statuses"].get("SUCCEEDED", 0) for run in series)
    rows.append(["Durable commands: jobs not SUCCEEDED (sum)", f"{jobs - succeeded} of {jobs}", "n/a", "-"])
    for run in series:
        if run["statuses"] != {"SUCCEEDED": run["jobs"]}:
            problems.append(f"durable commands, run {run['run']}: {run['jobs']} no-op jobs submitted, by status "
                            f"{run['statuses']}")
    entry = dict(figures, runs=series, warmup_jobs=args.jobs_warmup, burst_jobs=args.jobs_burst, batch_jobs=args.jobs_batch,
                 burst_submitters=args.jobs_submitters, steady_jobs=args.jobs_steady, steady_rate=args.jobs_rate)
    return rows, problems, entry


def java_version():
    try:
        output = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30).stderr
        return output.splitlines()[1].strip() if len(output.splitlines()) > 1 else output.strip()
    except (OSError, subprocess.SubprocessError):
        return "java: unknown"


def git_commit(path=ROOT):
    """The commit checked out in the git work tree that holds path."""
    try:
        return subprocess.run(["git", "-C", path, "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              timeout=30).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def build(args):
    if args.no_build:
        return
    if not args.baseline_cmd and not args.grading_only and not os.path.exists(BASELINE_POM):
        raise BenchError(f"no baseline app at {os.path.relpath(BASELINE_POM, ROOT)} (or start one with --baseline-cmd)")
    if not args.no_platform_build:
        log("building the platform: mvn -B -q package -DskipTests")
        run_build(["mvn", "-B", "-q", "package", "-DskipTests"])
    if not args.baseline_cmd and not args.grading_only:
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
    parser.add_argument("--previous", metavar="DIST",
                        help="a second platform distribution folder (e.g. the build of an earlier commit), measured "
                             "as a third target, alternating with the others, with the platform's start, idle and "
                             "load figures (not hot deploy, durable commands or SSE); adds the columns previous and "
                             "platform/previous. Never built by the harness")
    parser.add_argument("--only-loads", action="store_true",
                        help="skip hot deploy, durable commands, SSE and grading: only the start, idle and load figures "
                             "(a quick A/B with --previous)")
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
    add_durable_commands_arguments(parser)
    parser.add_argument("--sse-only", action="store_true",
                        help="measure only the SSE figure (platform and baseline), to bench/results/<date>-sse[-smoke].*")
    parser.add_argument("--sse-streams", type=int, default=1000, help="idle event streams held open (default 1000)")
    parser.add_argument("--sse-per-key", type=int, default=1,
                        help="streams per API key (default 1: a staff user and its key per stream); above the shipped "
                             f"cap of {SHIPPED_STREAMS_PER_KEY} the platform's copy of config/ raises maxStreamsPerKey")
    parser.add_argument("--sse-events", type=int, help="payments whose event is timed on every stream (default 100; smoke 5)")
    parser.add_argument("--sse-idle", type=float,
                        help="seconds the streams stay idle before the RSS is read, at least 2 heartbeats (default 10; smoke 2)")
    parser.add_argument("--sse-heartbeat-ms", type=int,
                        help="the event streams' heartbeat interval in the platform's copy of config/ "
                             "(default 5000, as shipped; smoke 1000, so the streams need not idle 10 s)")
    parser.add_argument("--grading-only", action="store_true",
                        help="measure only the grading figure (no baseline), to bench/results/<date>-grading[-smoke].*")
    parser.add_argument("--grading-questions", type=int, default=50, help="questions per quiz attempt (default 50)")
    parser.add_argument("--grading-warmup", type=int, help="attempts graded first and not counted (default 100; smoke 5)")
    parser.add_argument("--grading-burst", type=int,
                        help="attempts submitted at once for the throughput (default 500; smoke 20)")
    parser.add_argument("--grading-steady", type=int,
                        help="attempts submitted one at a time for the latency (default 100; smoke 5)")
    parser.add_argument("--grading-submitters", type=int, default=4, help="connections submitting the burst (default 4)")
    parser.add_argument("--grading-timeout", type=float, default=120,
                        help="longest wait for submitted attempts to be GRADED, s")
    args = parser.parse_args()
    smoke = args.smoke
    defaults = {"runs": (5, 1), "duration": (20.0, 3.0), "warmup": (5.0, 1.0), "idle": (10.0, 2.0),
                "deploy_cycles": (10, 2), "deploy_settle": (0.5, 0.2), "sse_events": (100, 5), "sse_idle": (10.0, 2.0),
                "sse_heartbeat_ms": (5000, 1000), "grading_warmup": (100, 5), "grading_burst": (500, 20),
                "grading_steady": (100, 5)}
    for name, (full, short) in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, short if smoke else full)
    if args.runs < 1 or args.deploy_cycles < 1:
        parser.error("--runs and --deploy-cycles must be at least 1")
    if args.sse_streams < 1 or args.sse_events < 1 or args.sse_per_key < 1 or args.sse_heartbeat_ms < 100:
        parser.error("--sse-streams, --sse-events and --sse-per-key must be at least 1, --sse-heartbeat-ms at least 100")
    if args.sse_only and (args.previous or args.only_loads or args.grading_only):
        parser.error("--sse-only measures only the platform's SSE figure: not with --previous, --only-loads or "
                     "--grading-only")
    if args.grading_only and (args.previous or args.only_loads):
        parser.error("--grading-only measures only the platform's grading figure: not with --previous or --only-loads")
    if args.grading_questions < 1 or args.grading_warmup < 0 or args.grading_burst < 1 or args.grading_steady < 1 \
            or args.grading_submitters < 1:
        parser.error("--grading-questions, --grading-burst, --grading-steady and --grading-submitters must be at least "
                     "1, --grading-warmup at least 0")
    args.dist = os.path.abspath(args.dist)
    if args.previous:
        args.previous = os.path.abspath(args.previous)
    args.baseline_jar = os.path.abspath(args.baseline_jar)
    durable_commands_defaults(parser, args)
    return args


def main():
    args = parse_args()
    started = time.monotonic()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    workdir = tempfile.mkdtemp(prefix="baseplate-bench-")
    keep = args.keep
    try:
        build(args)
        if not (args.only_loads or args.sse_only or args.grading_only):
            prepare_jobs_noop(args)
        if not os.path.isfile(os.path.join(args.dist, "bin", "baseplate")):
            raise BenchError(f"no distribution at {args.dist}: build it (mvn -B -q package -DskipTests) or drop --no-build")
        if args.previous and not os.path.isfile(os.path.join(args.previous, "bin", "baseplate")):
            raise BenchError(f"--previous: no distribution at {args.previous} (no bin/baseplate)")
        if not args.baseline_cmd and not args.grading_only and not os.path.isfile(args.baseline_jar):
            raise BenchError(f"no baseline jar at {args.baseline_jar}: build it "
                             "(mvn -B -q -f bench/baseline-app/pom.xml package) or drop --no-build")
        loadgen_dir = compile_loadgen(workdir)
        if args.sse_only:
            rows, entry, problems = sse_report(args, measure_sse(args, loadgen_dir, workdir))
            problems = report_alone(args, "sse", "SSE", rows, entry, problems, started)
        elif args.grading_only:
            rows, entry, problems = grading_report(args, measure_grading(args, workdir))
            problems = report_alone(args, "grading", "grading", rows, entry, problems, started)
        else:
            values, failures, deploy, errors = measure(args, loadgen_dir, workdir)
            sse = None if args.only_loads else measure_sse(args, loadgen_dir, workdir)
            grading = None if args.only_loads else measure_grading(args, workdir)
            problems = report(args, values, failures, deploy, errors, started, sse, grading)
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
