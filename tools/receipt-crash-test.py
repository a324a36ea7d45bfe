#!/usr/bin/env python3
"""Receipts across a crash: payments captured just before a kill -9 each get exactly one receipt email.

Starts GreenMail (the standalone server, a real SMTP server, with POP3 to read what it received) and the
platform with its mail configuration pointed at it, gives a tenant a receipt template with a default
receipt address, then pays from --clients threads and kills the platform with SIGKILL at a random moment.
After the restart, every payment whose request went unanswered is retried with its Idempotency-Key (it
answers with the stored payment, or charges once), the receipt jobs are left to drain, and the mailbox
is read: every CAPTURED payment must have exactly one receipt email (by payment id, with the Message-ID
of its job), and no other payment any. Repeats --cycles times on one database and one mailbox.

Needs Python 3, Java 17, Maven (to fetch greenmail-standalone once) and a built distribution.
"""
import argparse
import importlib.util
import json
import os
import poplib
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
_spec = importlib.util.spec_from_file_location("crash_test", os.path.join(HERE, "crash-test.py"))
crash_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(crash_test)
Platform, request, pay, Client = crash_test.Platform, crash_test.request, crash_test.pay, crash_test.Client
enable_sandbox_gateways = crash_test.enable_sandbox_gateways

GREENMAIL = "com.icegreen:greenmail-standalone:2.1.3"
DIST = os.path.join(ROOT, "distribution", "target", "baseplate-0.1.0-SNAPSHOT")
ADMIN_KEY = "receipt-crash-test-admin-key-" + uuid.uuid4().hex
MAILBOX = "receipts@crash.example"
SUBJECT = re.compile(rb"^Subject: Receipt ([0-9a-f-]{36})\s*$", re.I)
MESSAGE_ID = re.compile(rb"^Message-ID: <([0-9a-f-]{36})@baseplate>\s*$", re.I)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def greenmail_jar():
    group, artifact, version = GREENMAIL.split(":")
    jar = os.path.join(os.path.expanduser("~"), ".m2", "repository", *group.split("."), artifact, version,
                       f"{artifact}-{version}.jar")
    if not os.path.exists(jar):
        subprocess.run(["mvn", "-B", "-q", "dependency:get", f"-Dartifact={GREENMAIL}"], check=True)
    return jar


class GreenMail:
    def __init__(self, log_path):
        self.smtp, self.pop3 = free_port(), free_port()
        self.process = subprocess.Popen(
            ["java", f"-Dgreenmail.smtp.hostname=127.0.0.1", f"-Dgreenmail.smtp.port={self.smtp}",
             f"-Dgreenmail.pop3.hostname=127.0.0.1", f"-Dgreenmail.pop3.port={self.pop3}", "-Dgreenmail.auth.disabled",
             "-jar", greenmail_jar()], stdout=open(log_path, "wb"), stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.pop3), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("GreenMail did not start within 30 s")

    def receipts(self):
        """(payment id, job id) of every message in the mailbox."""
        box = poplib.POP3("127.0.0.1", self.pop3, timeout=60)
        try:
            box.user(MAILBOX)
            box.pass_(MAILBOX)
            count, _ = box.stat()
            found = []
            for number in range(1, count + 1):
                _, lines, _ = box.top(number, 0)
                payment = next((m.group(1).decode() for m in map(SUBJECT.match, lines) if m), None)
                job = next((m.group(1).decode() for m in map(MESSAGE_ID.match, lines) if m), None)
                found.append((payment, job))
            return found
        finally:
            box.quit()

    def stop(self):
        self.process.kill()
        self.process.wait()


def call(port, method, path, key, body=None):
    status, _, text = request(port, method, path, body, {"X-Api-Key": key}, timeout=60)
    return status, text


def receipt_jobs(port, key):
    """SendReceipt jobs by status, every page."""
    counts, cursor = {}, None
    while True:
        path = "/api/v1/jobs?type=SendReceipt&limit=500" + (f"&cursor={cursor}" if cursor else "")
        status, text = call(port, "GET", path, key)
        if status != 200:
            raise SystemExit(f"GET {path}: {status} {text[:300]}")
        page = json.loads(text)
        for job in page["items"]:
            counts[job["status"]] = counts.get(job["status"], 0) + 1
        cursor = page["next"]
        if not cursor:
            return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", default=DIST)
    parser.add_argument("--cycles", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--port", type=int, default=18580)
    parser.add_argument("--logs", default=os.path.join(ROOT, "target", "receipt-crash-test"))
    args = parser.parse_args()
    shutil.rmtree(args.logs, ignore_errors=True)
    os.makedirs(args.logs)
    mail = GreenMail(os.path.join(args.logs, "greenmail.log"))
    platform = Platform(args.dist, args.port, ADMIN_KEY, os.path.join(args.logs, "platform.log"))
    with open(os.path.join(platform.home, "config", "io.baseplate.mail.cfg"), "w") as cfg:
        cfg.write(f"host=127.0.0.1\nport={mail.smtp}\nfrom=shop@crash.example\n")
    violations, captured, others = [], set(), set()
    try:
        platform.start()
        status, text = call(args.port, "POST", "/api/v1/tenants", ADMIN_KEY, {"name": "receipts-" + uuid.uuid4().hex[:6]})
        tenant = json.loads(text)["id"]
        key = json.loads(call(args.port, "POST", f"/api/v1/tenants/{tenant}/keys", ADMIN_KEY)[1])["key"]
        enable_sandbox_gateways(args.port, key)
        status, text = call(args.port, "PUT", "/api/v1/email-templates/receipt", key,
                            {"subject": "Receipt {{paymentId}}", "body": "Paid {{amount}} {{currency}}.",
                             "defaultRecipient": MAILBOX})
        if status != 200:
            raise SystemExit(f"receipt template: {status} {text}")
        for cycle in range(1, args.cycles + 1):
            stop = threading.Event()
            clients = [Client(args.port, key, f"c{cycle}-{n}", stop) for n in range(args.clients)]
            for client in clients:
                client.start()
            time.sleep(random.uniform(2, 5))
            platform.signal(signal.SIGKILL)
            platform.process.wait()
            stop.set()
            for client in clients:
                client.join()
            platform.start()
            records = [record for client in clients for record in client.records]
            acknowledged = 0
            for record in records:
                payment = record["payment"]
                if record["status"] == 201:
                    acknowledged += 1
                else:
                    status, _, text = pay(args.port, key, record["key"], record["body"])
                    if status != 201:
                        violations.append(f"cycle {cycle}: retry of {record['key']} answered {status} {text[:200]}")
                        continue
                    payment = json.loads(text)
                (captured if payment["status"] == "CAPTURED" else others).add(payment["id"])
            print(f"cycle {cycle}: {len(records)} payment requests, {acknowledged} acknowledged before the kill; "
                  f"{len(captured)} captured so far")
        deadline = time.time() + 180
        jobs = receipt_jobs(args.port, key)
        while any(jobs.get(state, 0) for state in ("QUEUED", "SCHEDULED", "RUNNING", "WAITING_FOR_HANDLER")) \
                or jobs.get("SUCCEEDED", 0) < len(captured):
            if time.time() > deadline:
                violations.append(f"receipt jobs did not drain in 180 s: {jobs}")
                break
            time.sleep(1)
            jobs = receipt_jobs(args.port, key)
        received = mail.receipts()
        per_payment = {}
        for payment, job in received:
            per_payment.setdefault(payment, []).append(job)
        missing = [p for p in captured if p not in per_payment]
        twice = {p: jobs for p, jobs in per_payment.items() if len(jobs) > 1}
        unexpected = [p for p in per_payment if p not in captured]
        print(f"{len(captured)} captured payments, {len(others)} others; {len(received)} receipt emails; "
              f"receipt jobs {jobs}")
        if missing:
            violations.append(f"{len(missing)} captured payments have no receipt email, e.g. {missing[:3]}")
        if twice:
            violations.append(f"{len(twice)} payments have more than one receipt email, e.g. {list(twice.items())[:3]}")
        if unexpected:
            violations.append(f"{len(unexpected)} receipt emails for payments that were not captured: {unexpected[:3]}")
    finally:
        platform.cleanup(keep=bool(violations))
        mail.stop()
    if violations:
        print("FAIL:\n  " + "\n  ".join(violations))
        sys.exit(1)
    print("PASS: every captured payment has exactly one receipt email, across "
          f"{args.cycles} kill -9 cycle(s); no other payment has one")


if __name__ == "__main__":
    main()
