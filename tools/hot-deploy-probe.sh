#!/usr/bin/env bash
# Measures hot deploy and removal of gateway-mercadopago on a running distribution while a loop of
# INR payments runs, and prints the figures.
#   BASEPLATE_ADMIN_KEY  the running platform's admin key (required)
#   BASE                 base URL (default http://localhost:8080)
#   DIST                 distribution directory (default distribution/target/baseplate-0.1.0-SNAPSHOT)
set -euo pipefail
BASE=${BASE:-http://localhost:8080}
DIST=${DIST:-distribution/target/baseplate-0.1.0-SNAPSHOT}
ADMIN=${BASEPLATE_ADMIN_KEY:?set BASEPLATE_ADMIN_KEY to the admin key of the running platform}
JAR=$(ls "$DIST"/plugins/gateway-mercadopago-*.jar)
now_ms() { date +%s%3N; }
listed() { curl -s "$BASE/api/v1/gateways" -H "X-Api-Key: $KEY" | grep -q '"mercadopago"'; }
pay() { # currency, idempotency key -> HTTP status
  curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/api/v1/payments" -H "X-Api-Key: $KEY" \
    -H "Idempotency-Key: $2" -H 'Content-Type: application/json' \
    -d "{\"amount\": 1000, \"currency\": \"$1\", \"paymentMethod\": \"tok_ok\"}"
}
enable_sandbox() { # gateway id: a tenant pays only through gateways it has enabled, and only installed ones can be
  curl -sSf -o /dev/null -X PUT "$BASE/api/v1/payment-gateways/$1" -H "X-Api-Key: $KEY" \
    -H 'Content-Type: application/json' -d '{"enabled": true, "mode": "sandbox"}'
}

TENANT=$(curl -sf -X POST "$BASE/api/v1/tenants" -H "X-Api-Key: $ADMIN" -H 'Content-Type: application/json' \
  -d "{\"name\": \"probe-$(now_ms)\"}" | sed 's/.*"id":"\([^"]*\)".*/\1/')
KEY=$(curl -sf -X POST "$BASE/api/v1/tenants/$TENANT/keys" -H "X-Api-Key: $ADMIN" | sed 's/.*"key":"\([^"]*\)".*/\1/')
for gateway in stripe razorpay; do enable_sandbox "$gateway"; done
rm -f "$DIST/deploy/$(basename "$JAR")"

results=$(mktemp)
( i=0; while [ ! -e "$results.stop" ]; do i=$((i+1)); echo "$(pay INR "inr-$$-$i")" >> "$results"; done ) &
loop=$!
trap 'kill $loop 2>/dev/null || true' EXIT # a failing step must not leave the payment loop running

start=$(now_ms); cp "$JAR" "$DIST/deploy/"
until listed; do sleep 0.02; done
deployed=$(( $(now_ms) - start ))
enable_sandbox mercadopago
brl_after_deploy=$(pay BRL "brl-$$-1")

start=$(now_ms); rm "$DIST/deploy/$(basename "$JAR")"
while listed; do sleep 0.02; done
removed=$(( $(now_ms) - start ))
brl_after_removal=$(pay BRL "brl-$$-2")

touch "$results.stop"; wait $loop
total=$(wc -l < "$results"); failed=$(grep -vc '^201$' "$results" || true)
rm -f "$results" "$results.stop"
echo "deploy: listed after ${deployed} ms; BRL payment -> HTTP ${brl_after_deploy}"
echo "removal: gone after ${removed} ms; BRL payment -> HTTP ${brl_after_removal}"
echo "INR payments during the run: ${total}, not 201: ${failed}"
