#!/usr/bin/env python3
"""Crash and stop test: payments from concurrent clients while the platform is killed or stopped.

Each cycle starts the distribution (a private copy, so its database is fresh at the first cycle and
kept across cycles), runs payments from --clients threads, each with its own Idempotency-Key, then
at a random moment either kills the JVM with SIGKILL (--mode kill) or stops it with SIGTERM
(--mode term). After a restart every request of the cycle is checked:

- acknowledged (201): the payment is still there with the acknowledged status, and a retry of its
  key answers the same payment (Idempotent-Replayed: true) -- never a second charge;
- unanswered (connection cut, or 503 while stopping): a retry is answered with the stored payment
  or, if nothing was stored, creates it once; a second retry answers the same payment;
- no payment is PENDING after the restart, and no retry is answered 409;
- --mode term: every answer during the stop is a 2xx or a 503; and, before the cycles, a SIGTERM
  while a payment is half sent: /health and new requests answer 503 problems at once, and the
  payment in flight still completes and is there after the restart.

Exits 1 and lists every violation if any. Needs only Python 3 and a built distribution.

--mode load only measures payment throughput for --max-load seconds; with --database-url (e.g. an H2
URL without WRITE_DELAY=0) it shows what durable commits cost.
"""
import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

SETTLED = {"CAPTURED", "DECLINED", "FAILED", "UNKNOWN"}
# The gateways features/payments-default.json installs at start. A tenant pays only through gateways it has
# enabled, and only an installed gateway can be enabled: mercadopago ships in plugins/, not installed.
SANDBOX_GATEWAYS = ("stripe", "razorpay")


class Platform:
    def __init__(self, dist, port, admin_key, log_path, database_url=None):
        self.home = tempfile.mkdtemp(prefix="baseplate-crash-")
        shutil.copytree(dist, self.home, dirs_exist_ok=True)
        for folder in ("data", "logs", "deploy"):
            shutil.rmtree(os.path.join(self.home, folder), ignore_errors=True)
        if database_url:
            with open(os.path.join(self.home, "config", "io.baseplate.database.cfg"), "w") as cfg:
                cfg.write("url=" + database_url.replace("{home}", self.home) + "\n")
        # The payment load comes from one key; this test is about crashes, not the per-key rate limit.
        with open(os.path.join(self.home, "config", "io.baseplate.ratelimit.cfg"), "w") as cfg:
            cfg.write("permitsPerSecond=100000\nburst=100000\n")
        self.port = port
        self.admin_key = admin_key
        self.log_path = log_path
        self.process = None

    def start(self):
        env = dict(os.environ, BASEPLATE_HTTP_PORT=str(self.port))
        env.pop("BASEPLATE_ADMIN_KEY", None)
        if self.admin_key is not None:  # None: the platform generates one, into data/initial-admin-key
            env["BASEPLATE_ADMIN_KEY"] = self.admin_key
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([os.path.join(self.home, "bin", "baseplate")], env=env,
                                        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the platform exited with {self.process.returncode}; see {self.log_path}")
            try:
                if request(self.port, "GET", "/health")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise SystemExit(f"the platform did not become healthy in 90 s; see {self.log_path}")

    def signal(self, signum):
        # bin/baseplate execs java, so the child is the JVM itself.
        os.kill(self.process.pid, signum)

    def wait_exit(self, timeout):
        started = time.time()
        self.process.wait(timeout=timeout)
        return time.time() - started

    def cleanup(self, keep):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if keep:
            print(f"the platform's folder, database and log are kept for inspection in {self.home}")
        else:
            shutil.rmtree(self.home, ignore_errors=True)


def request(port, method, path, body=None, headers=None, connection=None, timeout=10):
    own = connection is None
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"Content-Type": "application/json"} if data is not None else {}
        all_headers.update(headers or {})
        conn.request(method, path, body=data, headers=all_headers)
        response = conn.getresponse()
        text = response.read().decode()
        return response.status, dict(response.getheaders()), text
    finally:
        if own:
            conn.close()


def enable_sandbox_gateways(port, api_key):
    """Enables SANDBOX_GATEWAYS in sandbox mode for the tenant of api_key (a tenant admin key)."""
    for gateway in SANDBOX_GATEWAYS:
        status, _, text = request(port, "PUT", f"/api/v1/payment-gateways/{gateway}",
                                  {"enabled": True, "mode": "sandbox"}, {"X-Api-Key": api_key})
        if status != 200:
            raise SystemExit(f"PUT /api/v1/payment-gateways/{gateway} answered {status} {text[:300]}")


def pay(port, api_key, idempotency_key, body, connection=None):
    return request(port, "POST", "/api/v1/payments", body,
                   {"X-Api-Key": api_key, "Idempotency-Key": idempotency_key}, connection)


class Client(threading.Thread):
    """Pays in a loop over one keep-alive connection, recording every request and its answer."""

    def __init__(self, port, api_key, name, stop):
        super().__init__(daemon=True)
        self.port, self.api_key, self.name, self.stop = port, api_key, name, stop
        self.records = []

    def run(self):
        connection = None
        number = 0
        while not self.stop.is_set():
            number += 1
            key = f"{self.name}-{number}-{uuid.uuid4().hex[:8]}"
            body = {"amount": random.randint(1, 10_000_000), "currency": random.choice(["INR", "USD", "GBP"]),
                    "reference": key, "paymentMethod": random.choice(["tok_ok"] * 9 + ["tok_decline"])}
            record = {"key": key, "body": body, "status": None, "payment": None, "answer": None}
            self.records.append(record)
            try:
                connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                status, _, text = pay(self.port, self.api_key, key, body, connection)
                record["status"] = status
                record["answer"] = text[:300]
                if status == 201:
                    record["payment"] = json.loads(text)
                if status == 503:
                    time.sleep(0.05)
            except (OSError, http.client.HTTPException) as error:
                record["answer"] = type(error).__name__
                if connection:
                    connection.close()
                connection = None
                time.sleep(0.05)
        if connection:
            connection.close()


def check_graceful_stop(platform, api_key, violations):
    """SIGTERM while a payment is in flight (its body half sent): /health and new requests answer 503
    at once, and the payment in flight still completes; it is there after the restart."""
    port = platform.port
    key = "in-flight-" + uuid.uuid4().hex[:8]
    body = json.dumps({"amount": 4200, "currency": "INR", "reference": key, "paymentMethod": "tok_ok"}).encode()
    in_flight = socket.create_connection(("127.0.0.1", port), timeout=30)
    in_flight.sendall((f"POST /api/v1/payments HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: {api_key}\r\n"
                       f"Idempotency-Key: {key}\r\nContent-Type: application/json\r\n"
                       f"Content-Length: {len(body)}\r\n\r\n").encode() + body[:10])
    time.sleep(0.5)
    platform.signal(signal.SIGTERM)
    health = None
    deadline = time.time() + 5
    while time.time() < deadline:
        health = request(port, "GET", "/health")
        if health[0] == 503:
            break
        time.sleep(0.02)
    if health is None or health[0] != 503 or json.loads(health[2]).get("state") != "STOPPING":
        violations.append(f"graceful stop: /health answered {health} while stopping")
    elif health[1].get("Content-Type") != "application/problem+json":
        violations.append(f"graceful stop: /health's 503 is not a problem: {health[1].get('Content-Type')}")
    refused = pay(port, api_key, "during-stop-" + uuid.uuid4().hex[:8],
                  {"amount": 100, "currency": "USD", "paymentMethod": "tok_ok"})
    if refused[0] != 503 or "Retry-After" not in refused[1] or refused[1].get("Content-Type") != "application/problem+json":
        violations.append(f"graceful stop: a new payment was answered {refused[0]} {refused[1]} {refused[2][:200]}")
    in_flight.sendall(body[10:])
    answer = in_flight.recv(65536).decode(errors="replace")
    in_flight.close()
    if not answer.startswith("HTTP/1.1 201"):
        violations.append(f"graceful stop: the payment in flight was answered {answer[:200]!r}")
        return
    payment_id = json.loads(answer.split("\r\n\r\n", 1)[1])["id"]
    platform.wait_exit(90)
    platform.start()
    if request(port, "GET", f"/api/v1/payments/{payment_id}", headers={"X-Api-Key": api_key})[0] != 200:
        violations.append(f"graceful stop: the payment completed during the stop, {payment_id}, is missing")
    print(f"graceful stop: /health {health[0]} STOPPING, new payment {refused[0]}, payment in flight completed")


def verify(port, api_key, records, mode, violations, cycle):
    counts = {"sent": len(records), "acknowledged": 0, "unanswered": 0, "503": 0,
              "created on retry": 0, "replayed settled": 0, "replayed unknown": 0}
    for record in records:
        status, key, body = record["status"], record["key"], record["body"]
        where = f"cycle {cycle} key {key}"
        if status == 201:
            counts["acknowledged"] += 1
            acknowledged = record["payment"]
            got = request(port, "GET", f"/api/v1/payments/{acknowledged['id']}", headers={"X-Api-Key": api_key})
            if got[0] != 200:
                violations.append(f"{where}: acknowledged payment {acknowledged['id']} is missing ({got[0]})")
                continue
            stored = json.loads(got[2])
            if stored["status"] != acknowledged["status"]:
                violations.append(f"{where}: acknowledged {acknowledged['status']}, stored {stored['status']}")
            retry = pay(port, api_key, key, body)
            if retry[0] != 201 or json.loads(retry[2])["id"] != acknowledged["id"]:
                violations.append(f"{where}: retry of an acknowledged payment was {retry[0]} {retry[2][:200]}"
                                  " (a second charge, or lost)")
            elif retry[1].get("Idempotent-Replayed") != "true":
                violations.append(f"{where}: retry of an acknowledged payment not marked as replayed")
            continue
        if status is None:
            counts["unanswered"] += 1
        elif status == 503:
            counts["503"] += 1
        else:
            violations.append(f"{where}: answered {status} {record['answer']}")
        first = pay(port, api_key, key, body)
        if first[0] != 201:
            violations.append(f"{where}: retry answered {first[0]} {first[2][:200]}")
            continue
        payment = json.loads(first[2])
        if payment["status"] not in SETTLED:
            violations.append(f"{where}: retry answered status {payment['status']}")
        if first[1].get("Idempotent-Replayed") == "true":
            counts["replayed unknown" if payment["status"] == "UNKNOWN" else "replayed settled"] += 1
        else:
            counts["created on retry"] += 1
        second = pay(port, api_key, key, body)
        if second[0] != 201 or json.loads(second[2])["id"] != payment["id"]:
            violations.append(f"{where}: second retry answered {second[0]} {second[2][:200]} (a second charge)")
    return counts


def measure_throughput(args, api_key):
    stop = threading.Event()
    warmup = [Client(args.port, api_key, f"warmup.{n}", stop) for n in range(args.clients)]
    for client in warmup:
        client.start()
    time.sleep(3)
    stop.set()
    for client in warmup:
        client.join()
    stop = threading.Event()
    clients = [Client(args.port, api_key, f"load.{n}", stop) for n in range(args.clients)]
    started = time.time()
    for client in clients:
        client.start()
    time.sleep(args.max_load)
    stop.set()
    for client in clients:
        client.join()
    elapsed = time.time() - started
    acknowledged = sum(1 for client in clients for record in client.records if record["status"] == 201)
    print(f"{args.clients} clients, {elapsed:.1f} s: {acknowledged} payments acknowledged, "
          f"{acknowledged / elapsed:.0f} payments/s")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--dist", default=os.path.join(here, "..", "distribution", "target", "baseplate-0.1.0-SNAPSHOT"))
    parser.add_argument("--mode", choices=["kill", "term", "load"], default="kill")
    parser.add_argument("--database-url", help="JDBC URL to configure instead of the default; {home} is the copy's folder")
    parser.add_argument("--cycles", type=int, default=5)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--port", type=int, default=18480)
    parser.add_argument("--min-load", type=float, default=1.5, help="seconds of load before the signal, at least")
    parser.add_argument("--max-load", type=float, default=4.0, help="seconds of load before the signal, at most")
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(args.dist, "system")):
        raise SystemExit(f"no distribution at {args.dist}: run mvn -B -q install -DskipTests first")

    log_path = os.path.abspath(f"crash-test-{args.mode}.log")
    if os.path.exists(log_path):
        os.remove(log_path)
    platform = Platform(args.dist, args.port, "bpa_crash_" + uuid.uuid4().hex, log_path, args.database_url)
    violations = []
    try:
        platform.start()
        tenant = json.loads(request(args.port, "POST", "/api/v1/tenants", {"name": "crash-" + uuid.uuid4().hex[:8]},
                                    {"X-Api-Key": platform.admin_key})[2])["id"]
        api_key = json.loads(request(args.port, "POST", f"/api/v1/tenants/{tenant}/keys", None,
                                     {"X-Api-Key": platform.admin_key})[2])["key"]
        enable_sandbox_gateways(args.port, api_key)
        if args.mode == "load":
            measure_throughput(args, api_key)
            return
        if args.mode == "term":
            check_graceful_stop(platform, api_key, violations)
        signum = signal.SIGKILL if args.mode == "kill" else signal.SIGTERM
        print(f"mode {args.mode}, {args.clients} clients, {args.cycles} cycles; log: {log_path}")
        for cycle in range(1, args.cycles + 1):
            stop = threading.Event()
            clients = [Client(args.port, api_key, f"c{cycle}.{n}", stop) for n in range(args.clients)]
            for client in clients:
                client.start()
            load = random.uniform(args.min_load, args.max_load)
            time.sleep(load)
            platform.signal(signum)
            exit_seconds = platform.wait_exit(90)
            stop.set()
            for client in clients:
                client.join(60)
            records = [record for client in clients for record in client.records]
            acknowledged_before_signal = sum(1 for r in records if r["status"] == 201)
            platform.start()
            counts = verify(args.port, api_key, records, args.mode, violations, cycle)
            print(f"cycle {cycle}: signal after {load:.1f} s, exit in {exit_seconds:.2f} s, "
                  f"{acknowledged_before_signal / load:.0f} payments/s; "
                  + ", ".join(f"{name} {value}" for name, value in counts.items()))
        platform.signal(signal.SIGTERM)
        platform.wait_exit(90)
    finally:
        platform.cleanup(keep=bool(violations))
    if violations:
        print(f"{len(violations)} violation(s):")
        for violation in violations:
            print("  " + violation)
        sys.exit(1)
    print("0 violations: nothing acknowledged lost, no double charge, nothing PENDING, no wrong answer")


if __name__ == "__main__":
    main()
