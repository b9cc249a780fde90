#!/bin/bash
# scripts/bench-import.sh — times `make bench` section 3 alone (import BENCH_IMPORT customers from CSV
# through nginx: upload, preview, commit) on a scratch copy of the cached bench database, RUNS times,
# each on a fresh copy. The CSV generator and the curl calls are those of scripts/bench.sh.
#   scripts/bench-import.sh [RUNS]          HTTP flow (what make bench measures)
#   MODE=cli scripts/bench-import.sh [RUNS] `crm import customers FILE --as director --commit` instead
# Tunables: BENCH_IMPORT (100000), BENCH_DB (default: the newest cached 1M-customer database of the
#           main checkout), CRM_BIN (build/crm: e.g. an older build to compare), PORT (18312),
#           VAR (var/bench-import), KEEP=1 keeps the last copy.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. scripts/http-lib.sh
runs=${1:-1}
import_rows=${BENCH_IMPORT:-100000}
src=${BENCH_DB:-$(ls -t /work/main/var/bench-cache/seed-1000000-v*.db var/bench-cache/seed-1000000-v*.db 2>/dev/null | head -1 || true)}
[ -f "$src" ] || { echo "bench-import: no cached bench database"; exit 1; }
port=${PORT:-18312}
dir=${VAR:-var/bench-import}
mode=${MODE:-http}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
db=$dir/bench.db
bin=${CRM_BIN:-build/crm}
CRM="$bin --database $db --socket $dir/crm.sock --workers 4"
base="http://127.0.0.1:$port"
span() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }

csv=$dir/import.csv
scripts/bench-import-csv.sh "$import_rows" > "$csv"

crm_pid=""
conf=""
cleanup() {
    if [ -n "$crm_pid" ]; then kill -TERM "$crm_pid" 2>/dev/null || true; wait "$crm_pid" 2>/dev/null || true; fi
    [ -z "$conf" ] || nginx -c "$conf" -e "$dir/nginx/error.log" -s quit 2>/dev/null || true
    [ -n "${KEEP:-}" ] || rm -f "$db" "$db-wal" "$db-shm"
}
trap cleanup EXIT

fresh_copy() {
    rm -f "$db" "$db-wal" "$db-shm"
    rm -rf "$dir/imports"
    cp "$src" "$db"
    $bin --database "$db" migrate > /dev/null
    sync   # the copy's write-back would otherwise run during the measurement
}

start() {
    rm -f "$dir/crm.sock"
    $CRM serve 2>> "$dir/crm.log" &
    crm_pid=$!
    for _ in $(seq 1 50); do [ -S "$dir/crm.sock" ] && break; sleep 0.1; done
    sleep 0.3
}
stop() { kill -TERM "$crm_pid"; wait "$crm_pid" 2>/dev/null || true; crm_pid=""; }

run_cli() {
    local t0 t1
    t0=$(date +%s.%N)
    $bin --database "$db" import customers "$csv" --as director --commit > "$dir/cli.out"
    t1=$(date +%s.%N)
    echo "cli: $(tail -1 "$dir/cli.out" | cut -c1-100); wall $(span "$t0" "$t1") s"
}

run_http() {
    start
    local cookie csrf
    cookie="crm_session=$(sign_in "$base" director "$dir/cookies")"
    csrf=$(csrf_of "$base/import" "$cookie")
    import_flow "$base" "$cookie" "$csrf" "$csv" "$dir" bench-import
    stop
    grep -o 'import commit:.*ms=[0-9]*' "$dir/crm.log" | tail -1 | sed 's/.* ms=/  (commit in crm: /; s/$/ ms)/' >&2
    echo "http: upload $(span "$t0" "$t1") s, preview $(span "$t1" "$t2") s, commit $(span "$t2" "$t3") s, whole flow $(span "$t0" "$t3") s"
}

check() {
    local before=$1 after
    after=$(sqlite3 "$db" "SELECT count(*) FROM customers")
    [ $((after - before)) = "$import_rows" ] || { echo "bench-import: wrote $((after - before)) customers, not $import_rows"; exit 1; }
}

if [ "$mode" = http ]; then
    conf=$(scripts/nginx-conf.sh "$dir/nginx" "$port" "$dir/crm.sock" 6000r/m 1000)
    scripts/nginx-start.sh "$conf" "$dir/nginx/error.log"
fi
echo "bench-import: $import_rows rows, $mode, $runs run(s) on copies of $src; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$runs"); do
    fresh_copy
    before=$(sqlite3 "$db" "SELECT count(*) FROM customers")
    if [ "$mode" = cli ]; then run_cli; else run_http; fi
    check "$before"
done
