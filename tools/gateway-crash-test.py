#!/usr/bin/env python3
"""No double charge across a crash: kill -9 after the provider took a charge and before the platform recorded it.

Runs a stub of Stripe's PaymentIntents API (its documented form-encoded create with Idempotency-Key
semantics: the same key with the same parameters replays the stored answer, with other parameters it is
a 400 idempotency_error), points the platform's Stripe gateway at it (config/io.baseplate.gateway.stripe.cfg)
and gives a tenant Stripe in live mode with its own secret key. Clients pay from --clients threads; at a
random charge the stub records the charge, then holds its answer while the platform is killed with
SIGKILL. After the restart every payment a client sent is retried with its Idempotency-Key until it has
a final status. The checks, per cycle:
  - the held charge is recorded by the platform as CAPTURED, with the stub's PaymentIntent id;
  - every payment the platform holds as CAPTURED has exactly one charge at the stub, and the stub holds
    no charge the platform does not know as CAPTURED;
  - no retry answers 409 for ever (a payment left UNKNOWN is resolved by the janitor or by the retry).

Needs Python 3, Java 17 and a built distribution.
"""
import argparse
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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
_spec = importlib.util.spec_from_file_location("crash_test", os.path.join(HERE, "crash-test.py"))
crash_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(crash_test)
Platform, request = crash_test.Platform, crash_test.request

DIST = os.path.join(ROOT, "distribution", "target", "baseplate-0.1.0-SNAPSHOT")
ADMIN_KEY = "gateway-crash-test-admin-key-" + uuid.uuid4().hex
SECRET_KEY = "sk_test_" + uuid.uuid4().hex


class StripeStub:
    """PaymentIntents create and retrieve, as Stripe documents them, with a charge counter per platform payment."""

    def __init__(self):
        self.lock = threading.Lock()
        self.intents = {}           # id -> PaymentIntent
        self.by_key = {}            # Idempotency-Key -> (params, intent id)
        self.charges = {}           # platform payment id -> [intent ids]
        self.hold_next_after = None  # charges to let through before holding one
        self.held = threading.Event()
        self.held_payment = None
        self.release = threading.Event()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except OSError:
                    pass  # the platform died while we held the answer: that is the point

            def authorized(self):
                if self.headers.get("Authorization") != "Bearer " + SECRET_KEY:
                    self.answer(401, {"error": {"type": "invalid_request_error",
                                                "message": "Invalid API Key provided"}})
                    return False
                return True

            def do_GET(self):
                if not self.authorized():
                    return
                path = urllib.parse.urlparse(self.path).path
                intent_id = path.rsplit("/", 1)[-1]
                with stub.lock:
                    intent = stub.intents.get(intent_id)
                if path.startswith("/v1/payment_intents/") and intent:
                    self.answer(200, intent)
                else:
                    self.answer(404, {"error": {"type": "invalid_request_error", "code": "resource_missing",
                                                "message": "No such payment_intent"}})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                params = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                if not self.authorized():
                    return
                if urllib.parse.urlparse(self.path).path != "/v1/payment_intents":
                    self.answer(404, {"error": {"type": "invalid_request_error", "message": "Unrecognized"}})
                    return
                key = self.headers.get("Idempotency-Key")
                hold = False
                with stub.lock:
                    earlier = stub.by_key.get(key)
                    if earlier is not None:
                        if earlier[0] != params:
                            self.answer(400, {"error": {"type": "idempotency_error", "message":
                                "Keys for idempotent requests can only be used with the same parameters"}})
                        else:
                            self.answer(200, stub.intents[earlier[1]])
                        return
                    intent_id = "pi_" + uuid.uuid4().hex[:24]
                    payment_id = params.get("metadata[baseplate_payment_id]")
                    intent = {"id": intent_id, "object": "payment_intent", "amount": int(params["amount"]),
                              "currency": params["currency"], "metadata": {"baseplate_payment_id": payment_id},
                              "status": "succeeded" if params.get("capture_method") != "manual"
                              else "requires_capture"}
                    stub.intents[intent_id] = intent
                    stub.by_key[key] = (params, intent_id)
                    stub.charges.setdefault(payment_id, []).append(intent_id)
                    if stub.hold_next_after is not None:
                        stub.hold_next_after -= 1
                        if stub.hold_next_after < 0:
                            stub.hold_next_after = None
                            stub.held_payment = payment_id
                            hold = True
                if hold:
                    stub.held.set()
                    stub.release.wait(30)
                self.answer(200, intent)

        class QuietServer(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                if not isinstance(sys.exc_info()[1], ConnectionError):  # the killed platform's connections
                    super().handle_error(request, client_address)

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def hold_after(self, charges):
        with self.lock:
            self.held.clear()
            self.release.clear()
            self.held_payment = None
            self.hold_next_after = charges

    def stop(self):
        self.release.set()
        self.server.shutdown()


def call(port, method, path, key, body=None, headers=None):
    all_headers = {"X-Api-Key": key}
    all_headers.update(headers or {})
    status, _, text = request(port, method, path, body, all_headers, timeout=30)
    return status, (json.loads(text) if text else None)


class Payer(threading.Thread):
    def __init__(self, port, key, stop, sent):
        super().__init__(daemon=True)
        self.port, self.key, self.stop, self.sent = port, key, stop, sent

    def run(self):
        while not self.stop.is_set():
            idempotency_key = uuid.uuid4().hex
            body = {"amount": random.randint(100, 99999), "currency": "USD", "reference": "order-" + idempotency_key[:8],
                    "paymentMethod": "pm_card_visa"}
            self.sent.append((idempotency_key, body))
            try:
                call(self.port, "POST", "/api/v1/payments", self.key, body, {"Idempotency-Key": idempotency_key})
            except OSError:
                return  # the platform was killed


def settle(port, key, sent, deadline):
    """Retries every sent payment with its key until each has a final status; returns them by platform id."""
    final = {}
    pending = list(sent)
    while pending and time.time() < deadline:
        still = []
        for idempotency_key, body in pending:
            try:
                status, payment = call(port, "POST", "/api/v1/payments", key, body, {"Idempotency-Key": idempotency_key})
            except OSError:
                still.append((idempotency_key, body))
                continue
            if status in (200, 201) and payment["status"] not in ("PENDING", "UNKNOWN"):
                final[payment["id"]] = payment
            else:
                still.append((idempotency_key, body))
        pending = still
        if pending:
            time.sleep(1)
    return final, pending


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", default=DIST)
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the platform's folder")
    args = parser.parse_args()
    port = args.port or free_port()
    stub = StripeStub()
    log = os.path.join(ROOT, "gateway-crash-test.log")
    platform = Platform(args.dist, port, ADMIN_KEY, log)
    with open(os.path.join(platform.home, "config", "io.baseplate.gateway.stripe.cfg"), "w") as cfg:
        cfg.write(f"baseUrl=http://127.0.0.1:{stub.port}\nreadTimeoutMillis=20000\n")
    failures = []
    try:
        platform.start()
        status, tenant = call(port, "POST", "/api/v1/tenants", ADMIN_KEY, {"name": "gw-crash-" + uuid.uuid4().hex[:6]})
        status, issued = call(port, "POST", f"/api/v1/tenants/{tenant['id']}/keys", ADMIN_KEY)
        key = issued["key"]
        status, setting = call(port, "PUT", "/api/v1/payment-gateways/stripe", key,
                               {"enabled": True, "mode": "live", "credentials": {"secretKey": SECRET_KEY}})
        if status != 200:
            raise SystemExit(f"enabling stripe answered {status}: {setting}")
        sent = []
        for cycle in range(1, args.cycles + 1):
            stub.hold_after(random.randint(5, 40))
            stop = threading.Event()
            payers = [Payer(port, key, stop, sent) for _ in range(args.clients)]
            for payer in payers:
                payer.start()
            if not stub.held.wait(60):
                raise SystemExit("no charge reached the stub to hold")
            platform.signal(signal.SIGKILL)
            platform.wait_exit(30)
            stop.set()
            stub.release.set()
            held = stub.held_payment
            platform.start()
            final, unsettled = settle(port, key, sent, time.time() + 120)
            for idempotency_key, _ in unsettled:
                failures.append(f"cycle {cycle}: the payment with key {idempotency_key} never reached a final status")
            with stub.lock:
                charges = {payment: list(ids) for payment, ids in stub.charges.items()}
            captured = {pid for pid, p in final.items() if p["status"] == "CAPTURED"}
            held_state = final.get(held)
            if held_state is None or held_state["status"] != "CAPTURED" \
                    or held_state["providerReference"] != charges[held][0]:
                failures.append(f"cycle {cycle}: the charge held at the kill is {held_state and held_state['status']}, "
                                f"not CAPTURED as {charges.get(held)}")
            for payment_id, ids in charges.items():
                if len(ids) != 1:
                    failures.append(f"cycle {cycle}: payment {payment_id} was charged {len(ids)} times: {ids}")
                if payment_id not in captured:
                    failures.append(f"cycle {cycle}: payment {payment_id} was charged at the stub but is "
                                    f"{final.get(payment_id, {}).get('status')} at the platform")
            for payment_id in captured:
                if payment_id not in charges:
                    failures.append(f"cycle {cycle}: payment {payment_id} is CAPTURED with no charge at the stub")
            print(f"cycle {cycle}: killed while the stub held payment {held}; after the restart it is "
                  f"{held_state and held_state['status']}; {len(captured)} captured, "
                  f"{sum(len(i) for i in charges.values())} charges at the stub")
    finally:
        platform.cleanup(args.keep or bool(failures))
        stub.stop()
    if failures:
        print("FAIL")
        for failure in failures:
            print("  " + failure)
        sys.exit(1)
    print("PASS: every captured payment was charged exactly once, and the charge held at each kill was recovered")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    main()
