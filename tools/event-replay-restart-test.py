#!/usr/bin/env python3
"""Live events across a crash: a client resuming with Last-Event-ID gets every event it missed, once.

Starts the distribution (a private copy, see crash-test.py), opens GET /api/v1/events for a tenant and
pays from --clients threads (sandbox, always approved, so each payment has a PENDING and a CAPTURED
event). At a random moment the client goes away and notes the id of the last event it received; payments
go on, and a moment later the JVM is killed with SIGKILL while payments are being acknowledged. The
platform restarts and the client reconnects with the noted id as Last-Event-ID: what it missed comes from
the outbox in the database, written before the crash, and what the relay had not delivered yet comes
after the restart. Repeats --cycles times on one database, each time resuming the stream of the cycle
before.

Checks, at the end:
- every acknowledged payment's PENDING and CAPTURED events arrived, on one connection or another;
- no event arrived twice (by id, and by payment and topic);
- each connection's ids increase (position order), and a resumed connection's first id is above the
  Last-Event-ID it sent (its replay is what it missed, not more).

Exits 1 and lists every violation if any. Needs only Python 3 and a built distribution.
"""
import argparse
import http.client
import importlib.util
import json
import os
import random
import signal
import socket
import sys
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
_spec = importlib.util.spec_from_file_location("crash_test", os.path.join(HERE, "crash-test.py"))
crash_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(crash_test)
Platform, request, pay = crash_test.Platform, crash_test.request, crash_test.pay
enable_sandbox_gateways = crash_test.enable_sandbox_gateways

DIST = os.path.join(ROOT, "distribution", "target", "baseplate-0.1.0-SNAPSHOT")
ADMIN_KEY = "event-replay-test-admin-key-" + uuid.uuid4().hex
TOPICS = ("baseplate/payment/PENDING", "baseplate/payment/CAPTURED")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stream(threading.Thread):
    """One SSE connection, read on its own thread until the server goes away: its events, in order."""

    def __init__(self, port, api_key, last_event_id=None):
        super().__init__(daemon=True)
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"X-Api-Key": api_key, "Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = last_event_id
        self.connection.request("GET", "/api/v1/events", headers=headers)
        # Held here: the connection hands its socket over to a response that ends with the connection.
        self.socket = self.connection.sock
        self.response = self.connection.getresponse()
        if self.response.status != 200:
            raise SystemExit(f"GET /api/v1/events answered {self.response.status}: {self.response.read()[:300]}")
        self.sent_last_event_id = last_event_id
        self.events = []  # (id, name, data)
        self.lock = threading.Lock()
        self.start()

    def run(self):
        event_id, name, data = None, None, []
        try:
            while True:
                line = self.response.fp.readline()
                if not line:
                    return
                line = line.decode().rstrip("\n")
                if line == "":
                    if data:
                        with self.lock:
                            self.events.append((event_id, name, json.loads("".join(data))))
                    event_id, name, data = None, None, []
                elif line.startswith("id:"):
                    event_id = line[3:].strip()
                elif line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].strip())
        except (OSError, http.client.HTTPException, ValueError):
            return  # the platform was killed under the connection

    def last_id(self):
        with self.lock:
            ids = [event_id for event_id, _, _ in self.events if event_id is not None]
        return ids[-1] if ids else self.sent_last_event_id

    def received(self):
        with self.lock:
            return list(self.events)

    def close(self):
        """Leaves, as a client whose network went away: the server notices the next write that fails."""
        try:
            self.socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.socket.close()
        self.join(10)
        if self.is_alive():
            raise SystemExit("the stream's reader did not stop")


class Payer(threading.Thread):
    """Pays in a loop; remembers the payments the platform acknowledged (201)."""

    def __init__(self, port, api_key, stop, acknowledged):
        super().__init__(daemon=True)
        self.port, self.api_key, self.stop, self.acknowledged = port, api_key, stop, acknowledged

    def run(self):
        while not self.stop.is_set():
            key = uuid.uuid4().hex
            body = {"amount": random.randint(100, 100000), "currency": "INR", "reference": "order-" + key,
                    "paymentMethod": "tok_ok"}
            try:
                status, _, text = pay(self.port, self.api_key, key, body)
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)
                continue
            if status == 201:
                self.acknowledged.append(json.loads(text)["id"])
            else:
                time.sleep(0.05)


def await_gateways(port, api_key):
    """Features are provisioned after /health answers: waits until the tenant's gateways are installed again."""
    deadline = time.time() + 60
    while time.time() < deadline:
        status, _, text = request(port, "GET", "/api/v1/gateways", None, {"X-Api-Key": api_key})
        if status == 200 and all(f'"id":"{g}"' in text.replace(" ", "") for g in crash_test.SANDBOX_GATEWAYS):
            return
        time.sleep(0.2)
    raise SystemExit("the gateways were not installed again within 60 s of the restart")


def await_events(streams, acknowledged, timeout):
    """Waits until every acknowledged payment's events arrived on some stream, or the timeout passes."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if not missing_events(streams, acknowledged):
            return
        time.sleep(0.2)


def missing_events(streams, acknowledged):
    seen = {(data.get("payment.id"), name) for stream in streams for _, name, data in stream.received()}
    return [(payment, topic) for payment in acknowledged for topic in TOPICS if (payment, topic) not in seen]


def check(streams, acknowledged, violations):
    missing = missing_events(streams, acknowledged)
    if missing:
        violations.append(f"{len(missing)} events of acknowledged payments never arrived, e.g. {missing[:3]}")
    by_id, by_payment = {}, {}
    for number, stream in enumerate(streams):
        ids = [int(event_id) for event_id, name, _ in stream.received() if event_id is not None and name != "reset"]
        if any(b <= a for a, b in zip(ids, ids[1:])):
            violations.append(f"connection {number}: ids not increasing: {ids}")
        if stream.sent_last_event_id is not None and ids and ids[0] <= int(stream.sent_last_event_id):
            violations.append(f"connection {number} resumed after {stream.sent_last_event_id} but got {ids[0]} first")
        for event_id, name, data in stream.received():
            if name == "reset":
                violations.append(f"connection {number} was told to reset: {data}")
                continue
            if event_id is None:
                continue
            by_id.setdefault(event_id, []).append(number)
            by_payment.setdefault((data.get("payment.id"), name), []).append(number)
    twice = {event_id: where for event_id, where in by_id.items() if len(where) > 1}
    if twice:
        violations.append(f"{len(twice)} events arrived more than once (id: connections), e.g. {list(twice.items())[:3]}")
    twice = {key: where for key, where in by_payment.items() if len(where) > 1}
    if twice:
        violations.append(f"{len(twice)} payment events arrived more than once, e.g. {list(twice.items())[:3]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", default=DIST)
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--database-url", help="JDBC URL to use instead of the default H2 file (e.g. an empty "
                        "PostgreSQL database's, jdbc:postgresql://127.0.0.1:5432/<name>)")
    parser.add_argument("--database-user", default="postgres", help="with --database-url")
    parser.add_argument("--min-load", type=float, default=0.5, help="seconds of payments before the client leaves, "
                        "and again before the kill, at least")
    parser.add_argument("--max-load", type=float, default=2.0, help="the same, at most")
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(args.dist, "system")):
        raise SystemExit(f"no distribution at {args.dist}: run mvn -B -q install -DskipTests first")
    port = args.port or free_port()
    os.makedirs(os.path.join(ROOT, "target"), exist_ok=True)
    log = os.path.join(ROOT, "target", "event-replay-restart-test.log")
    if os.path.exists(log):
        os.remove(log)
    platform = Platform(args.dist, port, ADMIN_KEY, log)
    # The payers acknowledge hundreds of payments a second while the client is away: more than the default
    # replay limit, whose reset event is tested by EventAudienceIT. Here everything missed must be replayed.
    with open(os.path.join(platform.home, "config", "io.baseplate.events.stream.cfg"), "w") as cfg:
        cfg.write("replayLimit=100000\n")
    if args.database_url:
        with open(os.path.join(platform.home, "config", "io.baseplate.database.cfg"), "w") as cfg:
            cfg.write(f"url={args.database_url}\nuser={args.database_user}\npassword=\n")
    violations, streams, acknowledged = [], [], []
    started = time.time()
    try:
        platform.start()
        status, _, text = request(port, "POST", "/api/v1/tenants", {"name": "replay-" + uuid.uuid4().hex[:6]},
                                  {"X-Api-Key": ADMIN_KEY})
        tenant = json.loads(text)["id"]
        key = json.loads(request(port, "POST", f"/api/v1/tenants/{tenant}/keys", None, {"X-Api-Key": ADMIN_KEY})[2])["key"]
        enable_sandbox_gateways(port, key)
        stream = Stream(port, key)
        streams.append(stream)
        for cycle in range(1, args.cycles + 1):
            stop = threading.Event()
            payers = [Payer(port, key, stop, acknowledged) for _ in range(args.clients)]
            for payer in payers:
                payer.start()
            time.sleep(random.uniform(args.min_load, args.max_load))
            stream.close()
            noted = stream.last_id()
            received = len(stream.received())
            before_leaving = len(acknowledged)
            time.sleep(random.uniform(args.min_load, args.max_load))
            platform.signal(signal.SIGKILL)
            platform.wait_exit(30)
            stop.set()
            for payer in payers:
                payer.join(30)
            missed = len(acknowledged) - before_leaving
            platform.start()
            await_gateways(port, key)
            stream = Stream(port, key, noted)
            streams.append(stream)
            await_events(streams, acknowledged, 30)
            print(f"cycle {cycle}: {len(acknowledged)} payments acknowledged so far; the client left after {received} "
                  f"events (id {noted}), {missed} payments were acknowledged while it was away; resumed, it got "
                  f"{len(stream.received())} events")
        check(streams, acknowledged, violations)
        print(f"{len(acknowledged)} acknowledged payments, {sum(len(s.received()) for s in streams)} events on "
              f"{len(streams)} connections, {time.time() - started:.0f} s")
    finally:
        for stream in streams:
            stream.close()
        platform.cleanup(keep=bool(violations))
    if violations:
        print("VIOLATIONS:")
        for violation in violations:
            print(" -", violation)
        sys.exit(1)
    print("OK: every event of every acknowledged payment arrived once, in order, across the restarts")


if __name__ == "__main__":
    main()
