#!/bin/bash
# scripts/cpu-split.sh [PATH|@PATHS_FILE] [LOGIN] — where the machine's CPU goes per request under load:
# wrk with 32 connections for CPU_SECS seconds on PATH (default the customer list by region; a PATHS_FILE,
# e.g. var/bench/detail.paths after make bench, is requested round-robin as make bench does), then the same on
# the bare hello (crm serve --hello), each behind its own nginx, 4 workers as make bench runs them.
# For each: req/s, and µs of CPU per request in the crm workers, in nginx, and in the rest of the
# machine (wrk and the kernel's work charged to no process), user and system time apart, from
# /proc/PID/stat and /proc/stat. Shows which part a page costs beyond the hello (make bench's ratio),
# and after each round the page's budget: how little crm's user time per request would have to be for
# page/hello to reach CPU_TARGET (0.45, the list's target; 0.5 is the detail page's).
# CPU_DB=FILE works on a copy of FILE (e.g. the bench database under var/bench-cache/) instead of a
# freshly seeded demo database; CPU_WORKERS=N runs N crm workers instead of
# 4 (fewer measured slower here: 2 or 3 workers gave ~5,000 list req/s against ~7,300 with 4).
# Figures move with the machine: compare runs made together.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. scripts/http-lib.sh
path=${1:-/customers?region=beijing}
login=${2:-director}
secs=${CPU_SECS:-5}
one_worker_db var/cpu-split "${CPU_DB:-}"
CRM="build/crm --database $dir/p.db --workers ${CPU_WORKERS:-4}"
tck=$(getconf CLK_TCK)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    for c in "$dir"/*/nginx.conf; do nginx -c "$c" -e "$(dirname "$c")/error.log" -s quit 2>/dev/null || true; done
}
trap cleanup EXIT

# serve NAME PORT [--hello]: nginx on PORT and crm on its own socket; sets crm_pid and nginx_pid
serve() {
    local name=$1 port=$2 conf
    shift 2
    conf=$(scripts/nginx-conf.sh "$dir/$name" "$port" "$dir/$name.sock" 6000r/m 1000)
    scripts/nginx-start.sh "$conf" "$dir/$name/error.log"
    $CRM --socket "$dir/$name.sock" serve "$@" 2>> "$dir/crm.log" & crm_pid=$!
    pids+=("$crm_pid")
    for _ in $(seq 1 100); do [ -S "$dir/$name.sock" ] && break; sleep 0.1; done
    sleep 0.3
    nginx_pid=$(cat "$dir/$name/nginx.pid")
}

# ticks ROOTPID...: summed utime and stime (clock ticks) and minor page faults of each process and
# its children
ticks() {
    local u=0 s=0 f=0 p
    for p in "$@" $(for r in "$@"; do pgrep -P "$r" || true; done); do
        read -r pf pu ps < <(awk '{print $10, $14, $15}' "/proc/$p/stat" 2>/dev/null || echo "0 0 0")
        u=$((u + pu)); s=$((s + ps)); f=$((f + pf))
    done
    echo "$u $s $f"
}
machine() { head -1 /proc/stat | awk '{print $2 + $3, $4 + $6 + $7}'; }   # user+nice, system+irq+softirq

# measure LABEL PORT PATH|@PATHS_FILE [COOKIE]
measure() {
    local label=$1 port=$2 p=$3 cookie=${4:-} args=(-t2 -c32) target
    [ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
    target=("http://127.0.0.1:$port$p")
    [ "${p:0:1}" = @ ] && target=(-s scripts/bench-rotate.lua "http://127.0.0.1:$port" -- "${p:1}")
    wrk "${args[@]}" -d"${CPU_WARMUP:-2}s" "${target[@]}" > /dev/null   # warm-up
    read -r cu0 cs0 cf0 < <(ticks "$crm_pid"); read -r nu0 ns0 _ < <(ticks "$nginx_pid"); read -r mu0 ms0 < <(machine)
    wrk "${args[@]}" -d"${secs}s" "${target[@]}" > "$dir/wrk.txt"
    read -r cu1 cs1 cf1 < <(ticks "$crm_pid"); read -r nu1 ns1 _ < <(ticks "$nginx_pid"); read -r mu1 ms1 < <(machine)
    local n rps
    n=$(awk '/requests in/ {print $1}' "$dir/wrk.txt")
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$dir/wrk.txt")
    awk -v l="$label" -v rps="$rps" -v n="$n" -v t="$tck" \
        -v cu=$((cu1 - cu0)) -v cs=$((cs1 - cs0)) -v nu=$((nu1 - nu0)) -v ns=$((ns1 - ns0)) \
        -v mu=$((mu1 - mu0)) -v ms=$((ms1 - ms0)) -v cf=$((cf1 - cf0)) 'BEGIN {
        f = 1e6 / t / n
        printf "%-40s %8.0f req/s   µs per request (user+sys): crm %5.1f+%5.1f  nginx %5.1f+%5.1f  rest %5.1f+%5.1f   crm page faults %.1f\n",
               l, rps, cu * f, cs * f, nu * f, ns * f, (mu - cu - nu) * f, (ms - cs - ns) * f, cf / n
        printf "%s %s %s\n", rps, (mu + ms) * f, cu * f > "'"$dir/last.txt"'" }'
}

# budget HELLO_FIGURES PAGE_FIGURES (each "req/s µs-per-request crm-user-µs", as measure leaves them): the crm
# user time a request of the page could take for page/hello to reach CPU_TARGET (0.45), if the machine stays
# as busy as in the page's run and everything but crm's user time costs what it did
budget() {
    awk -v h="$1" -v p="$2" -v r="${CPU_TARGET:-0.45}" 'BEGIN {
        split(h, H, " "); split(p, P, " ")
        busy = P[1] * P[2]; allowed = busy / (r * H[1]); other = P[2] - P[3]
        printf "  page/hello %.2f; for %.2f a request may take %.1f µs in all, of which %.1f go outside crm'"'"'s user time: crm user time %.1f µs would have to be <= %.1f µs\n",
               P[1] / H[1], r, allowed, other, P[3], allowed - other }'
}

serve page 18094
session=$(sign_in http://127.0.0.1:18094 "$login" "$dir/cj")
first=$path
[ "${path:0:1}" = @ ] && first=$(head -1 "${path:1}")
bytes=$(curl -s -H "Cookie: crm_session=$session" "http://127.0.0.1:18094$first" | wc -c)
page_crm=$crm_pid page_nginx=$nginx_pid
serve hello 18095 --hello
hello_crm=$crm_pid hello_nginx=$nginx_pid
for round in 1 2; do
    crm_pid=$hello_crm nginx_pid=$hello_nginx measure "hello" 18095 /hello
    hello_figures=$(cat "$dir/last.txt")
    crm_pid=$hello_crm nginx_pid=$hello_nginx measure "hello $bytes bytes" 18095 "/hello?bytes=$bytes"
    crm_pid=$page_crm nginx_pid=$page_nginx measure "$path ($bytes bytes)" 18094 "$path" "crm_session=$session"
    budget "$hello_figures" "$(cat "$dir/last.txt")"
done
