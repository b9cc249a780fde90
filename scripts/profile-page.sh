#!/bin/bash
# scripts/profile-page.sh [PATH] [LOGIN] — instructions per request of one page, counted by callgrind
# in a single crm worker (repeatable, unlike timings). Prints the total per request and the top
# functions. Used to keep the signed-in page cheap (make bench measures the time).
# PROFILE_DB=FILE profiles against a copy of FILE (e.g. the 1,000,000-customer bench database under
# var/bench-cache/) instead of a freshly seeded demo database. PROFILE_INCLUSIVE=1 also prints the functions'
# inclusive costs (the render, the rows' JSON, SQLite's steps: the figures the issue 3 notes cite).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. scripts/http-lib.sh
path=${1:-/}
login=${2:-director}
n=${PROFILE_REQUESTS:-2000}
one_worker_db var/profile "${PROFILE_DB:-}"
conf=$(scripts/nginx-conf.sh "$dir/nginx" 18092 "$dir/crm.sock" 6000r/m 1000)
scripts/nginx-start.sh "$conf" "$dir/nginx/error.log"
# a failure midway (a path wrk refuses, say: give UTF-8 percent-encoded) leaves no crm, valgrind or nginx behind
pid=
trap 'if [ -n "$pid" ]; then kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; fi; nginx -c "$conf" -e "$dir/nginx/error.log" -s quit 2>/dev/null || true' EXIT
$CRM serve 2> "$dir/crm.log" & pid=$!
sleep 0.5
sess=$(sign_in http://127.0.0.1:18092 "$login" "$dir/cj")
kill -TERM $pid; wait $pid || true
valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$dir/cg.%p" $CRM serve 2>> "$dir/crm.log" & pid=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null http://127.0.0.1:18092/health && break; sleep 0.2; done
worker=$(curl -s http://127.0.0.1:18092/health | sed 's/.*worker_pid":\([0-9]*\).*/\1/')
wrk -t1 -c1 -d3s -H "Cookie: crm_session=$sess" "http://127.0.0.1:18092$path" > /dev/null   # warm up
callgrind_control -z "$worker" > /dev/null
for _ in $(seq 1 "$n"); do printf 'url = "http://127.0.0.1:18092%s"\noutput = "/dev/null"\n' "$path"; done > "$dir/urls"
curl -s -K "$dir/urls" -H "Cookie: crm_session=$sess" -o /dev/null
callgrind_control -d "$worker" > /dev/null
kill -TERM $pid; wait $pid 2>/dev/null || true
pid=
f="$dir/cg.$worker.1"
total=$(callgrind_annotate "$f" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
echo "$path as $login: $((total / n)) instructions per request ($n requests)"
callgrind_annotate "$f" 2>/dev/null | grep -E '^ *[0-9,]+ \(' | sed -n '2,16p' | cut -c1-120
if [ "${PROFILE_INCLUSIVE:-0}" = 1 ]; then   # each function with what it calls: where a request's work goes
    echo "inclusive (with what they call):"
    callgrind_annotate --inclusive=yes "$f" 2>/dev/null | grep -E '^ *[0-9,]+ \(' | sed -n '2,40p' | cut -c1-140
fi
