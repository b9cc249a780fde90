#!/bin/bash
# scripts/bench.sh — `make bench`: throughput and p99 latency through nginx, measured in one run:
#   1. a bare FastCGI "hello" from the same crm build (crm serve --hello), the ceiling for any page
#   2. a signed-in page (the director's home page: session lookup, permissions, menu, template)
# alternating for BENCH_ROUNDS rounds, then the medians and their ratio.
# Target (issue #2): signed-in page ≥ 0.7 × hello.
# Tunables: BENCH_SECONDS (10), BENCH_ROUNDS (3), BENCH_CONNECTIONS (32),
#           BENCH_WORKERS (crm's default: two per core).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
secs=${BENCH_SECONDS:-10}
rounds=${BENCH_ROUNDS:-3}
conns=${BENCH_CONNECTIONS:-32}
workers=${BENCH_WORKERS:-$((2 * $(nproc)))}
port=18090
dir=var/bench
rm -rf "$dir"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
CRM="build/crm --database $dir/bench.db --socket $dir/crm.sock --workers $workers"
$CRM migrate > /dev/null
$CRM seed
conf=$(scripts/nginx-conf.sh "$dir/nginx" $port "$dir/crm.sock" 6000r/m 1000)
nginx -c "$conf" -e "$dir/nginx/error.log"
crm_pid=""
cleanup() {
    if [ -n "$crm_pid" ]; then kill -TERM "$crm_pid" 2>/dev/null || true; wait "$crm_pid" 2>/dev/null || true; fi
    nginx -c "$conf" -e "$dir/nginx/error.log" -s quit 2>/dev/null || true
}
trap cleanup EXIT

start() {
    rm -f "$dir/crm.sock"
    $CRM serve "$@" 2>> "$dir/crm.log" &
    crm_pid=$!
    for _ in $(seq 1 50); do [ -S "$dir/crm.sock" ] && break; sleep 0.1; done
    sleep 0.3
}
stop() { kill -TERM "$crm_pid"; wait "$crm_pid" 2>/dev/null || true; crm_pid=""; }

# measure NAME PATH [COOKIE]: one wrk run; appends "NAME rps p99_ms non2xx" to $dir/results
measure() {
    local name=$1 path=$2 cookie=${3:-}
    local args=(-t2 -c"$conns" -d"${secs}s" --latency)
    [ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
    wrk "${args[@]}" "http://127.0.0.1:$port$path" > "$dir/$name.wrk"
    local rps p99 non2xx
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$dir/$name.wrk")
    p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/, "", v); v = v/1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v = v*1000}; print v}' "$dir/$name.wrk")
    non2xx=$(awk '/Non-2xx/ {print $5}' "$dir/$name.wrk")
    echo "$name $rps $p99 ${non2xx:-0}" >> "$dir/results"
    printf "  %-16s %10.0f req/s   p99 %7.2f ms   non-2xx %s\n" "$name" "$rps" "$p99" "${non2xx:-0}"
}

echo "bench: $rounds rounds of $secs s per page, $conns connections, $workers crm workers, nginx 1 worker, $(nproc) cores"
# sign in as the director through nginx, as a browser would; the session lives in the database
start
pre=$(curl -s -c "$dir/cookies" "http://127.0.0.1:$port/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"//')
curl -s -b "$dir/cookies" -c "$dir/cookies" -H "Origin: http://127.0.0.1:$port" \
     --data-urlencode "_csrf=$pre" --data-urlencode "login=director" --data-urlencode "password=demo1234" \
     -o /dev/null "http://127.0.0.1:$port/login"
session=$(awk '$6 == "crm_session" {print $7}' "$dir/cookies")
[ -n "$session" ] || { echo "bench: could not sign in"; exit 1; }
curl -s -H "Cookie: crm_session=$session" "http://127.0.0.1:$port/" | grep -q '王主管' || { echo "bench: signed-in page not served"; exit 1; }
stop

for _ in $(seq 1 "$rounds"); do
    start --hello
    measure hello /hello
    stop
    start
    measure signed_in_home / "crm_session=$session"
    stop
done

# medians over the rounds (hello and page alternate, so drift on the machine hits both alike)
median() { awk -v n="$1" -v c="$2" '$1 == n {print $c}' "$dir/results" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
h=$(median hello 2); p=$(median signed_in_home 2)
echo
printf "  median hello            %8.0f req/s   p99 %s ms\n" "$h" "$(median hello 3)"
printf "  median signed-in home   %8.0f req/s   p99 %s ms\n" "$p" "$(median signed_in_home 3)"
awk -v h="$h" -v p="$p" 'BEGIN {printf "  ratio signed-in page / hello: %.2f   (target >= 0.70: %s)\n", p / h, (p / h >= 0.7 ? "met" : "NOT met")}'
