#!/usr/bin/env bash
# Benchmarks job claiming before and after round-robin index seeks, on an H2 file database in a
# temporary directory: claim latency, allocation and heap for an empty queue and a 20,000-job
# backlog of two tenants, and how long the second tenant's job waits. Takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl platform/jobs -am test-compile exec:exec
