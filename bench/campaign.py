#!/usr/bin/env python3
"""Campaign benchmark: how fast the platform sends a campaign's emails to a real SMTP server.

Starts GreenMail (standalone) and the platform on a fresh copy of the distribution pointed at it, creates a
campaign of --recipients (uploaded as CSV in parts under the body size limit) at --rate emails/s, starts
it, and follows GET /api/v1/campaigns/{id} until it is DONE. Prints the upload and start times, the
emails/s actually sent (each one accepted by the SMTP server, by the campaign's own counts) and the
progress seen on the way. Exits 1 if any email failed. (CampaignIT checks the mailbox itself.)

    python3 bench/campaign.py --recipients 50000 --rate 5000
"""
import argparse
import importlib.util
import json
import os
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
_spec = importlib.util.spec_from_file_location("receipt_crash_test", os.path.join(ROOT, "tools", "receipt-crash-test.py"))
receipts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(receipts)

ADMIN_KEY = "campaign-bench-admin-key-" + uuid.uuid4().hex
PART = 1_500


def call(port, method, path, key, body=None, content_type=None):
    headers = {"X-Api-Key": key}
    if content_type:
        headers["Content-Type"] = content_type
    status, _, text = receipts.request(port, method, path, body, headers, timeout=120)
    return status, json.loads(text) if text.startswith("{") else text


def raw_post(port, path, key, content_type, data):
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("POST", path, body=data.encode(), headers={"X-Api-Key": key, "Content-Type": content_type})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", default=receipts.DIST)
    parser.add_argument("--recipients", type=int, default=50_000)
    parser.add_argument("--rate", type=int, default=5_000, help="the campaign's rate, emails/s")
    parser.add_argument("--email-threads", type=int, default=8, help="the worker's threads for the email queue")
    parser.add_argument("--port", type=int, default=18680)
    parser.add_argument("--logs", default=os.path.join(ROOT, "target", "campaign-bench"))
    args = parser.parse_args()
    os.makedirs(args.logs, exist_ok=True)
    mail = receipts.GreenMail(os.path.join(args.logs, "greenmail.log"))
    platform = receipts.Platform(args.dist, args.port, ADMIN_KEY, os.path.join(args.logs, "platform.log"))
    with open(os.path.join(platform.home, "config", "io.baseplate.mail.cfg"), "w") as cfg:
        cfg.write(f"host=127.0.0.1\nport={mail.smtp}\nfrom=offers@bench.example\n")
    with open(os.path.join(platform.home, "config", "io.baseplate.jobs.worker.cfg"), "w") as cfg:
        cfg.write(f"queueThreads=[\"email={args.email_threads}\"]\n")
    failed = False
    try:
        platform.start()
        tenant = call(args.port, "POST", "/api/v1/tenants", ADMIN_KEY, {"name": "campaign-bench"})[1]["id"]
        key = call(args.port, "POST", f"/api/v1/tenants/{tenant}/keys", ADMIN_KEY)[1]["key"]
        status, campaign = call(args.port, "POST", "/api/v1/campaigns", key, {
            "name": "bench", "subject": "Offer for {{name}}", "body": "Dear {{name}}, this is for {{email}}.",
            "ratePerSecond": args.rate})
        if status != 201:
            raise SystemExit(f"create campaign: {status} {campaign}")
        started = time.monotonic()
        for first in range(0, args.recipients, PART):
            rows = "".join(f"reader{i}@bench.example,Reader {i}\n" for i in range(first, min(args.recipients, first + PART)))
            status, text = raw_post(args.port, f"/api/v1/campaigns/{campaign['id']}/recipients", key, "text/csv",
                                    "email,name\n" + rows)
            if status != 200:
                raise SystemExit(f"recipients part at {first}: {status} {text[:300]}")
        uploaded = time.monotonic()
        status, view = call(args.port, "POST", f"/api/v1/campaigns/{campaign['id']}/start", key)
        if status != 202:
            raise SystemExit(f"start: {status} {view}")
        while view["status"] == "STARTING":
            time.sleep(0.2)
            view = call(args.port, "GET", f"/api/v1/campaigns/{campaign['id']}", key)[1]
        start_returned = time.monotonic()
        seen = []
        while view["status"] != "DONE":
            time.sleep(1)
            view = call(args.port, "GET", f"/api/v1/campaigns/{campaign['id']}", key)[1]
            seen.append((round(time.monotonic() - start_returned, 1), view["sent"], view["queued"], view["etaSeconds"]))
            if time.monotonic() - start_returned > 900:
                raise SystemExit(f"not done in 15 minutes: {view}")
        sending = time.monotonic() - start_returned
        print(f"{args.recipients} recipients uploaded in {uploaded - started:.1f} s ({PART} per CSV part); "
              f"from start to SENDING (its job renders and queues them) {start_returned - uploaded:.1f} s")
        print(f"sent {view['sent']} (failed {view['failed']}) in {sending:.1f} s at a set rate of {args.rate}/s "
              f"with {args.email_threads} email threads: {view['sent'] / sending:.0f} emails/s")
        print("progress seen (s, sent, queued, eta s): " + ", ".join(map(str, seen[:: max(1, len(seen) // 8)])))
        failed = view["failed"] != 0 or view["sent"] != args.recipients
    finally:
        platform.cleanup(keep=failed)
        mail.stop()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
