#!/usr/bin/env python3
"""The generated admin key never reaches a log, and a revoked key is refused within 1 s.

Starts a private copy of the distribution with no BASEPLATE_ADMIN_KEY, so the platform generates its admin
key. Checks that the key is in data/initial-admin-key with mode 0600 and works; creates a tenant and, as its
admin, a second key; revokes that key and times how long it keeps working (must be under 1 s); then stops
the platform with SIGTERM and searches its console output and every file under logs/ for the admin key and
both tenant keys (none may appear). Exits 1 on any failure. Needs only Python 3 and a built distribution.
"""
import argparse
import importlib.util
import json
import os
import signal
import stat
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("crash_test", os.path.join(HERE, "crash-test.py"))
crash_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(crash_test)

REVOCATION_LIMIT_S = 1.0


def call(port, method, path, key, body=None):
    status, _, text = crash_test.request(port, method, path, body, {"Authorization": "Bearer " + key})
    return status, text


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", default=os.path.join(HERE, "..", "distribution", "target", "baseplate-0.1.0-SNAPSHOT"))
    parser.add_argument("--port", type=int, default=18473)
    parser.add_argument("--keep", action="store_true", help="keep the platform's folder")
    args = parser.parse_args()
    console = os.path.join(tempfile.gettempdir(), f"admin-key-check-{uuid.uuid4().hex}.log")
    platform = crash_test.Platform(os.path.abspath(args.dist), args.port, None, console)
    failures = []
    secrets = {}
    try:
        platform.start()
        key_file = os.path.join(platform.home, "data", "initial-admin-key")
        mode = stat.S_IMODE(os.stat(key_file).st_mode)
        if mode != 0o600:
            failures.append(f"{key_file} has mode {oct(mode)}, not 0o600")
        with open(key_file) as handle:
            admin_key = handle.read().strip()
        secrets["the admin key"] = admin_key
        status, _ = call(args.port, "GET", "/api/v1/tenants", admin_key)
        if status != 200:
            failures.append(f"the generated admin key got {status} on GET /api/v1/tenants")
        status, tenant = call(args.port, "POST", "/api/v1/tenants", admin_key, {"name": "key-check-" + uuid.uuid4().hex[:8]})
        tenant_id = json.loads(tenant)["id"]
        status, issued = call(args.port, "POST", f"/api/v1/tenants/{tenant_id}/keys", admin_key)
        tenant_admin = json.loads(issued)["key"]
        secrets["the tenant admin key"] = tenant_admin
        status, created = call(args.port, "POST", "/api/v1/keys", tenant_admin, {"name": "to revoke", "roles": ["OPERATOR"]})
        doomed = json.loads(created)
        secrets["the revoked key"] = doomed["key"]
        if call(args.port, "GET", "/api/v1/gateways", doomed["key"])[0] != 200:
            failures.append("the new key did not work before its revocation")
        status, _ = call(args.port, "DELETE", f"/api/v1/keys/{doomed['id']}", tenant_admin)
        revoked_at = time.monotonic()
        while call(args.port, "GET", "/api/v1/gateways", doomed["key"])[0] != 401:
            if time.monotonic() - revoked_at > 5:
                break
            time.sleep(0.02)
        refused_after = time.monotonic() - revoked_at
        print(f"revoked key refused {refused_after * 1000:.0f} ms after the revocation was answered")
        if refused_after > REVOCATION_LIMIT_S:
            failures.append(f"the revoked key kept working for {refused_after:.2f} s (limit {REVOCATION_LIMIT_S} s)")
        platform.signal(signal.SIGTERM)
        platform.wait_exit(60)
        logs = [console] + [os.path.join(root, name) for root, _, names in os.walk(os.path.join(platform.home, "logs"))
                            for name in names]
        for path in logs:
            with open(path, "rb") as handle:
                content = handle.read()
            for what, secret in secrets.items():
                if secret.encode() in content:
                    failures.append(f"{what} appears in {path}")
        print(f"searched {len(logs)} log file(s) for {len(secrets)} keys")
    finally:
        platform.cleanup(args.keep)
    if failures:
        print("FAIL:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("PASS: the generated admin key is only in data/initial-admin-key (0600); no key is in any log; "
          "a revoked key is refused within 1 s")


if __name__ == "__main__":
    main()
