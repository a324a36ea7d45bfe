#!/usr/bin/env python3
"""Hot deploy only, for comparing builds: starts each given distribution in turn (alternating, --rounds
times) and runs bench/run.py's own hot-deploy cycles on it (jar renamed into deploy/ until listed,
deleted until gone, INR payments meanwhile), without the load figures or the baseline; prints p50 /
p95 / max per distribution and the failed payments.

    python3 tools/hot-deploy-compare.py /tmp/dist-a /tmp/dist-b --rounds 3
"""
import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))
import run as bench  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dists", nargs="+", help="distribution folders")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cycles", type=int, default=10, help="hot-deploy cycles per start")
    options = parser.parse_args()
    results = {dist: {"appear": [], "vanish": [], "sent": 0, "failed": 0} for dist in options.dists}
    workdir = tempfile.mkdtemp(prefix="hot-deploy-compare-")
    for round_ in range(options.rounds):
        for index, dist in enumerate(options.dists):
            args = argparse.Namespace(dist=dist, java_opts="", start_timeout=180, baseline_cmd=None,
                                      payment_pause=0.02, deploy_cycles=options.cycles, deploy_timeout=30,
                                      deploy_settle=0.5)
            server = bench.Server("platform", args, workdir, f"{round_}-{index}")
            try:
                server.start()
                appear, vanish, payer = bench.hot_deploy(server, args)
            finally:
                server.stop()
            result = results[dist]
            result["appear"] += appear
            result["vanish"] += vanish
            result["sent"] += payer.sent
            result["failed"] += payer.failed
            print(f"round {round_} {dist}: listed {[round(x) for x in appear]} ms, gone {[round(x) for x in vanish]} ms, "
                  f"{payer.failed} of {payer.sent} payments failed", flush=True)
    for dist, result in results.items():
        appear, vanish = result["appear"], result["vanish"]
        print(f"{dist}: listed p50/p95/max {statistics.median(appear):.0f}/{bench.percentile(appear, 95):.0f}/"
              f"{max(appear):.0f} ms; gone {statistics.median(vanish):.0f}/{bench.percentile(vanish, 95):.0f}/"
              f"{max(vanish):.0f} ms over {len(appear)} cycles; failed payments {result['failed']} of {result['sent']}")
    print(f"server logs in {workdir}")


if __name__ == "__main__":
    main()
