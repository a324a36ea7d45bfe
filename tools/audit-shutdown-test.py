#!/usr/bin/env python3
"""Audit completeness across a graceful stop: one audit entry per answered request, none lost at SIGTERM.

Starts the distribution (a private copy with a fresh database, as tools/crash-test.py does), then
--clients threads send a burst of mixed requests on protected routes over keep-alive connections:
allowed (GET /api/v1/gateways with a tenant key), unauthenticated (no key, an unknown key: 401),
forbidden (a tenant key on POST /api/v1/tenants: 403) and payments (201, or 429 from the rate limit).
Once --burst requests have been answered, a payment is left half sent on a connection of its own, and
the JVM gets SIGTERM while the clients keep sending: the request gate drains the requests in flight
(the half-sent payment completes), answers new ones 503, then closes the connectors.

After the JVM has exited, the platform is started again on the same data directory and the trail is
read back through GET /api/v1/audit (platform admin, every page by cursor, entries before the
restart). The check: for every (method, route, status) the trail holds exactly as many entries as
requests were answered with that status, 503s from the stopping gate included. A request whose
connection was cut without an answer (sent as the connectors closed) may or may not have an entry;
their number is reported.

Exits 1 and lists the differences if any. Needs only Python 3 and a built distribution.
"""
import argparse
import collections
import datetime
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
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("crash_test", os.path.join(HERE, "crash-test.py"))
crash_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(crash_test)
Platform, request = crash_test.Platform, crash_test.request
enable_sandbox_gateways, SANDBOX_GATEWAYS = crash_test.enable_sandbox_gateways, crash_test.SANDBOX_GATEWAYS


class Tally:
    """Answers by (method, path, status), and the requests that got none."""

    def __init__(self):
        self.lock = threading.Lock()
        self.answered = collections.Counter()
        self.unanswered = 0

    def answer(self, method, path, status):
        with self.lock:
            self.answered[(method, path, status)] += 1

    def cut(self):
        with self.lock:
            self.unanswered += 1

    def total(self):
        with self.lock:
            return sum(self.answered.values())


class Client(threading.Thread):
    def __init__(self, port, tenant_key, tally, stop):
        super().__init__(daemon=True)
        self.port, self.tenant_key, self.tally, self.stop = port, tenant_key, tally, stop

    def next_request(self):
        kind = random.randrange(6)
        if kind in (0, 1):
            return "GET", "/api/v1/gateways", None, {"X-Api-Key": self.tenant_key}
        if kind == 2:
            return "GET", "/api/v1/gateways", None, {}
        if kind == 3:
            return "GET", "/api/v1/gateways", None, {"X-Api-Key": "bp_" + uuid.uuid4().hex}
        if kind == 4:
            return "POST", "/api/v1/tenants", {"name": "nope"}, {"X-Api-Key": self.tenant_key}
        key = uuid.uuid4().hex
        return "POST", "/api/v1/payments", {"amount": 1000, "currency": "INR", "reference": key,
                                            "paymentMethod": "tok_ok"}, \
            {"X-Api-Key": self.tenant_key, "Idempotency-Key": key}

    def run(self):
        connection = None
        while not self.stop.is_set():
            method, path, body, headers = self.next_request()
            try:
                connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                status, answer_headers, _ = request(self.port, method, path, body, headers, connection)
                self.tally.answer(method, path, status)
                if status == 503 or answer_headers.get("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
                    time.sleep(0.02)
            except (OSError, http.client.HTTPException):
                self.tally.cut()
                if connection:
                    connection.close()
                connection = None
                time.sleep(0.05)
        if connection:
            connection.close()


def audit_entries(port, admin_key, before):
    """Every entry before `before`, walking the pages by cursor."""
    entries, cursor = [], None
    query = "to=" + urllib.parse.quote(before) + "&limit=500"
    while True:
        path = "/api/v1/audit?" + query + ("&cursor=" + urllib.parse.quote(cursor) if cursor else "")
        status, _, text = request(port, "GET", path, headers={"X-Api-Key": admin_key}, timeout=60)
        if status != 200:
            raise SystemExit(f"GET {path} answered {status}: {text[:300]}")
        page = json.loads(text)
        entries.extend(page["items"])
        cursor = page.get("next")
        if not cursor:
            return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", default=os.path.join(HERE, "..", "distribution", "target", "baseplate-0.1.0-SNAPSHOT"))
    parser.add_argument("--port", type=int, default=18989)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--burst", type=int, default=1000, help="answered requests before the SIGTERM")
    parser.add_argument("--log", default=os.path.join(HERE, "..", "target", "audit-shutdown-test.log"))
    parser.add_argument("--keep", action="store_true", help="keep the platform's folder for inspection")
    args = parser.parse_args()

    admin_key = "audit-admin-" + uuid.uuid4().hex
    os.makedirs(os.path.dirname(os.path.abspath(args.log)), exist_ok=True)
    platform = Platform(os.path.abspath(args.dist), args.port, admin_key, args.log)
    tally = Tally()
    violations = []
    try:
        platform.start()
        admin = {"X-Api-Key": admin_key}
        status, _, text = request(args.port, "POST", "/api/v1/tenants", {"name": "audit-" + uuid.uuid4().hex[:8]}, admin)
        tally.answer("POST", "/api/v1/tenants", status)
        tenant_id = json.loads(text)["id"]
        status, _, text = request(args.port, "POST", f"/api/v1/tenants/{tenant_id}/keys", None, admin)
        tally.answer("POST", "/api/v1/tenants/{id}/keys", status)
        tenant_key = json.loads(text)["key"]
        enable_sandbox_gateways(args.port, tenant_key)
        for _ in SANDBOX_GATEWAYS:  # each answered 200: enable_sandbox_gateways stops the test on any other answer
            tally.answer("PUT", "/api/v1/payment-gateways/{gatewayId}", 200)

        stop = threading.Event()
        clients = [Client(args.port, tenant_key, tally, stop) for _ in range(args.clients)]
        for client in clients:
            client.start()
        while tally.total() < args.burst:
            time.sleep(0.01)

        # A payment in flight through the stop: its body half sent when SIGTERM arrives.
        key = "in-flight-" + uuid.uuid4().hex[:8]
        body = json.dumps({"amount": 4200, "currency": "INR", "reference": key, "paymentMethod": "tok_ok"}).encode()
        in_flight = socket.create_connection(("127.0.0.1", args.port), timeout=30)
        in_flight.sendall((f"POST /api/v1/payments HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: {tenant_key}\r\n"
                           f"Idempotency-Key: {key}\r\nContent-Type: application/json\r\n"
                           f"Content-Length: {len(body)}\r\n\r\n").encode() + body[:10])
        time.sleep(0.3)
        sent_before_stop = tally.total()
        platform.signal(signal.SIGTERM)
        time.sleep(0.5)
        in_flight.sendall(body[10:])
        answer = in_flight.recv(65536).decode(errors="replace")
        in_flight.close()
        if answer.startswith("HTTP/1.1 "):
            tally.answer("POST", "/api/v1/payments", int(answer[9:12]))
            if not answer.startswith("HTTP/1.1 201"):
                violations.append(f"the payment in flight during the stop was answered {answer[:120]!r}")
        else:
            tally.cut()
            violations.append("the payment in flight during the stop got no answer")
        platform.wait_exit(90)
        stop.set()
        for client in clients:
            client.join(35)

        before = datetime.datetime.now(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
        time.sleep(0.01)
        platform.start()
        entries = audit_entries(args.port, admin_key, before)
        recorded = collections.Counter((e["method"], e["route"], e["status"]) for e in entries)
        answered = tally.answered
        for outcome in sorted(set(recorded) | set(answered), key=str):
            if recorded[outcome] != answered[outcome]:
                violations.append(f"{outcome}: {answered[outcome]} answered, {recorded[outcome]} audit entries")
        if len({e["id"] for e in entries}) != len(entries):
            violations.append("repeated entry ids while paging")
        stopping = sum(n for (m, p, s), n in answered.items() if s == 503)
        print(f"answered {sum(answered.values())} requests ({sent_before_stop} before SIGTERM, {stopping} answered 503 "
              f"while stopping), {tally.unanswered} cut without an answer; audit entries: {len(entries)}")
        for outcome, count in sorted(answered.items(), key=str):
            print(f"  {outcome}: answered {count}, audited {recorded[outcome]}")
    finally:
        platform.cleanup(args.keep or bool(violations))
    if violations:
        print("VIOLATIONS:")
        for violation in violations:
            print("  " + violation)
        sys.exit(1)
    print("OK: exactly one audit entry per answered request, across a graceful stop")


if __name__ == "__main__":
    main()
