#!/usr/bin/env python3
"""Writes the legacy database fixture of the upgrade-in-place test (UpgradeInPlaceIT).

Starts a distribution of the previous version (a private copy of --dist, which is only read) with a
fresh data/ folder, and through its REST API:

- creates the tenant "legacy-tenant" and issues it a key;
- pays 499.00 INR with tok_ok (captured) and 125.50 INR with tok_decline (declined), each under its
  own Idempotency-Key;
- waits until every job of the tenant (the notify-email plugin's SendReceipt for the capture) has
  finished, SUCCEEDED or FAILED;

then stops the platform with SIGTERM, and copies its data/baseplate.mv.db into --out together with
contents.json, which lists what is in it (the tenant's id and key, the payments with their
idempotency keys and statuses, the jobs with their statuses) for the test to assert.

Usage (the previous version built, e.g. by `git worktree add /tmp/prev f4a8b4f` and
`mvn -B -q package -DskipTests` there):

    python3 tools/make-legacy-database.py --dist /tmp/baseline-dist \\
        --out platform/itests/src/test/resources/legacy-0.1

Needs Python 3 (standard library only) and Java 17.
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid

FINISHED_JOB = {"SUCCEEDED", "FAILED"}
TENANT_NAME = "legacy-tenant"
PAYMENTS = [
    # (what it is, amount in minor units, currency, reference, payment method, expected status)
    ("captured", 49900, "INR", "legacy-order-captured", "tok_ok", "CAPTURED"),
    ("declined", 12550, "INR", "legacy-order-declined", "tok_decline", "DECLINED"),
]


def request(port, method, path, body=None, headers=None, timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"Content-Type": "application/json"} if data is not None else {}
        all_headers.update(headers or {})
        connection.request(method, path, body=data, headers=all_headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def expect(reply, status, what):
    if reply[0] != status:
        raise SystemExit(f"{what}: expected {status}, got {reply[0]} {reply[2][:300]}")
    return json.loads(reply[2]) if reply[2] else None


def wait_healthy(process, port, log_path, seconds=90):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the platform exited with {process.returncode}; see {log_path}")
        try:
            if request(port, "GET", "/health")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the platform did not answer GET /health 200 within {seconds} s; see {log_path}")


# A fixed, published key: the fixture is test data, and UpgradeInPlaceIT starts the new version with
# this key to show that 0.1's admin key row still authenticates as the platform admin after the upgrade.
ADMIN_KEY = "bpa_legacy_fixture_admin_key_not_a_secret"


def wait_gateway(port, admin_key, gateway, seconds=60):
    """The default feature's gateways are provisioned alongside the REST runtime's start."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        status, _, text = request(port, "GET", "/api/v1/gateways", headers={"X-Api-Key": admin_key})
        if status == 200 and gateway in text:
            return
        time.sleep(0.2)
    raise SystemExit(f"gateway {gateway} was not registered within {seconds} s")


def make(dist, out, port):
    if not os.path.isfile(os.path.join(dist, "bin", "baseplate")):
        raise SystemExit(f"no distribution at {dist}")
    home = tempfile.mkdtemp(prefix="baseplate-legacy-")
    shutil.copytree(dist, home, dirs_exist_ok=True, symlinks=True)
    for folder in ("data", "logs", "deploy"):
        shutil.rmtree(os.path.join(home, folder), ignore_errors=True)
    log_path = os.path.join(home, "platform.log")
    admin_key = ADMIN_KEY
    env = dict(os.environ, BASEPLATE_HTTP_PORT=str(port), BASEPLATE_ADMIN_KEY=admin_key)
    print(f"starting {dist} (copy in {home}) on port {port}")
    with open(log_path, "wb") as log:
        process = subprocess.Popen([os.path.join(home, "bin", "baseplate")], env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    ok = False
    try:
        wait_healthy(process, port, log_path)
        wait_gateway(port, admin_key, "razorpay")
        admin = {"X-Api-Key": admin_key}
        tenant = expect(request(port, "POST", "/api/v1/tenants", {"name": TENANT_NAME}, admin), 201, "create tenant")
        key = expect(request(port, "POST", f"/api/v1/tenants/{tenant['id']}/keys", None, admin), 201, "issue key")
        tenant_auth = {"X-Api-Key": key["key"]}

        payments = []
        for label, amount, currency, reference, method, expected in PAYMENTS:
            idempotency_key = f"legacy-{label}-{uuid.uuid4()}"
            body = {"amount": amount, "currency": currency, "reference": reference, "paymentMethod": method}
            payment = expect(request(port, "POST", "/api/v1/payments", body,
                                     dict(tenant_auth, **{"Idempotency-Key": idempotency_key})), 201, f"pay {label}")
            if payment["status"] != expected:
                raise SystemExit(f"payment {label} is {payment['status']}, expected {expected}: {payment}")
            payments.append({"label": label, "idempotencyKey": idempotency_key, "request": body,
                             "id": payment["id"], "status": payment["status"], "gateway": payment["gateway"],
                             "amount": payment["amount"], "currency": payment["currency"],
                             "reference": payment["reference"]})

        deadline = time.time() + 60
        while True:
            jobs = expect(request(port, "GET", "/api/v1/jobs", headers=tenant_auth), 200, "list jobs")["items"]
            if jobs and all(job["status"] in FINISHED_JOB for job in jobs):
                break
            if time.time() > deadline:
                raise SystemExit(f"the tenant's jobs did not finish within 60 s: {jobs}")
            time.sleep(0.2)

        os.kill(process.pid, signal.SIGTERM)  # bin/baseplate execs java: this is the JVM
        process.wait(timeout=90)
        print(f"stopped with SIGTERM, exit status {process.returncode}")

        database = os.path.join(home, "data", "baseplate.mv.db")
        if not os.path.isfile(database):
            raise SystemExit(f"no database file at {database}")
        os.makedirs(out, exist_ok=True)
        shutil.copyfile(database, os.path.join(out, "baseplate.mv.db"))
        contents = {
            "database": "baseplate.mv.db",
            "adminKey": admin_key,
            "tenant": {"id": tenant["id"], "name": tenant["name"], "key": key["key"], "keyId": key["id"]},
            "payments": payments,
            "jobs": [{"id": job["id"], "type": job["type"], "status": job["status"], "attempts": job["attempts"],
                      "result": job["result"]} for job in jobs],
        }
        with open(os.path.join(out, "contents.json"), "w") as file:
            json.dump(contents, file, indent=2)
            file.write("\n")
        print(f"wrote {out}/baseplate.mv.db ({os.path.getsize(database)} bytes) and {out}/contents.json:")
        print(json.dumps(contents, indent=2))
        ok = True
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if ok:
            shutil.rmtree(home, ignore_errors=True)
        else:
            print(f"kept {home} for inspection (log: {log_path})", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", required=True, help="the previous version's distribution directory (only read)")
    parser.add_argument("--out", required=True, help="the fixture folder to write baseplate.mv.db and contents.json into")
    parser.add_argument("--port", type=int, default=18650)
    args = parser.parse_args()
    make(os.path.abspath(args.dist), os.path.abspath(args.out), args.port)


if __name__ == "__main__":
    main()
