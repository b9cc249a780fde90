#!/bin/bash
# scripts/cpu-page.sh [PATHS_FILE|PATH] [LOGIN] — CPU time per request of one crm worker (user and system
# time from /proc/PID/stat over N sequential requests, after a warm-up pass) and, with STRACE=1, its
# system calls per request. Where scripts/profile-page.sh counts instructions, this shows what they do
# not: system calls, page reads, lock calls. A PATHS_FILE (one path per line, e.g. var/bench/detail.paths
# after make bench) is requested round-robin.
# CPU_DB=FILE works on a copy of FILE (e.g. the bench database under var/bench-cache/) instead of a freshly
# seeded demo database; CPU_REQUESTS (3000) requests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. scripts/http-lib.sh
what=${1:-/}
login=${2:-director}
n=${CPU_REQUESTS:-3000}
one_worker_db var/cpu-page "${CPU_DB:-}"
serve_site 18093
sess=$(sign_in "$base" "$login" "$dir/cj")
worker=$(curl -s "$base/health" | sed 's/.*worker_pid":\([0-9]*\).*/\1/')
if [ -f "$what" ]; then cp "$what" "$dir/paths"; else echo "$what" > "$dir/paths"; fi
awk -v n="$n" -v b="$base" '{p[NR] = $0} END {for (i = 0; i < n; i++) printf "url = \"%s%s\"\noutput = \"/dev/null\"\n", b, p[i % NR + 1]}' \
    "$dir/paths" > "$dir/urls"
curl -s -K "$dir/urls" -H "Cookie: crm_session=$sess"                       # warm-up: caches, mapped pages
ticks() { awk '{print $14, $15}' "/proc/$worker/stat"; }                     # utime stime (clock ticks)
read -r u0 s0 < <(ticks)
curl -s -K "$dir/urls" -H "Cookie: crm_session=$sess"
read -r u1 s1 < <(ticks)
tck=$(getconf CLK_TCK)
echo "$what as $login: user $(( (u1 - u0) * 1000000 / tck / n )) µs, system $(( (s1 - s0) * 1000000 / tck / n )) µs per request ($n requests, one worker)"
if [ "${STRACE:-0}" = 1 ] && command -v strace > /dev/null; then
    strace -c -f -p "$worker" -o "$dir/strace.txt" & spid=$!
    sleep 0.5
    curl -s -K "$dir/urls" -H "Cookie: crm_session=$sess"
    kill -INT $spid; wait $spid 2>/dev/null || true
    awk -v n="$n" '$NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ && $NF != "total" {printf "%s %.1f  ", $NF, $4 / n} END {print ""}' \
        "$dir/strace.txt" | sed 's/^/  system calls per request: /'
fi
