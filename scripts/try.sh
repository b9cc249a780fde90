#!/bin/bash
# scripts/try.sh PORT SUITE.test.mjs... — runs chosen HTTP or browser suites against a private server
# (plain build, fresh seeded database, nginx on 127.0.0.1:PORT) under tests/out-PORT/. For working on
# one module while `make test` or another try runs elsewhere; `make test` remains the real gate.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
port=${1:?usage: scripts/try.sh PORT SUITE...}; shift
out="$root/tests/out-$port"
rm -rf "$out"; mkdir -p "$out"
export CRM_BIN="${CRM_BIN:-$root/build/crm}" CRM_DB="$out/test.db" CRM_SOCK="$out/crm.sock"
export CRM_TEMPLATES="$out/templates" CRM_LOG="$out/crm.log" BASE_URL="http://127.0.0.1:$port"
cp -r templates "$CRM_TEMPLATES"
CRM="$CRM_BIN --database $CRM_DB --socket $CRM_SOCK --templates $CRM_TEMPLATES --workers 2"
$CRM migrate > /dev/null && $CRM seed > /dev/null || exit 1
conf=$(scripts/nginx-conf.sh "$out/nginx" "$port" "$CRM_SOCK" 6000r/m 1000)
$CRM serve 2>> "$CRM_LOG" &
pid=$!
export CRM_PID=$pid   # ops.test.mjs signals the server
scripts/nginx-start.sh "$conf" "$out/nginx/error.log"
trap 'nginx -c "$conf" -e "$out/nginx/error.log" -s quit 2>/dev/null; kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
for i in $(seq 1 50); do curl -sf "$BASE_URL/health" > /dev/null && break; sleep 0.2; done
rc=0
for t in "$@"; do node "$t" || rc=1; done
exit $rc
