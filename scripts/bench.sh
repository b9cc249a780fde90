#!/bin/bash
# scripts/bench.sh — `make bench`: throughput and latency through nginx at scale, measured in one run.
#
#   0. the bench database: `crm seed --customers BENCH_CUSTOMERS` (1,000,000 customers, ~10 million order
#      lines), cached under var/bench-cache/ keyed by N, the schema version and a hash of the schema and
#      seeding sources; every run works on a fresh copy of it (the import below changes it)
#   1. a bare FastCGI "hello" from the same crm build (crm serve --hello), the ceiling for any page;
#      and the same hello answering with as many bytes as the list page and the detail page
#      (hello_list, hello_detail: /hello?bytes=N), the ceiling for a page of that size — what moving
#      its bytes through FastCGI, nginx and TCP costs before crm computes anything
#   2. pages signed in as the director (sees every customer), each a separate wrk run:
#        home       the director's home page (issue #2: session, permissions, menu, template)
#        list       the customer list filtered by 地区, 50 rows (rotating over every region)
#        detail     a customer's page with contacts, 交往记录, last orders, history (1000 ids spread
#                   over the whole table)
#        search2/4  the search page for 2- and 4-character Chinese terms (rotating over a few terms,
#                   common and rare), at BENCH_CONNECTIONS and again at one connection (search2_c1,
#                   search4_c1: the wait of a single user); the p50 target is judged on both: at 32
#                   connections p50 is mostly queueing (32 / throughput by Little's law), so there it
#                   asks for more than 6,400 searches a second
#      every measured run follows an unmeasured one of BENCH_WARMUP seconds on the same paths: crm
#      starts afresh in every round, and a worker's first touches of the database's pages (page
#      faults on the mapping, reads into its page cache) would otherwise be counted as steady work;
#      a production worker serves for days
#      hello and the pages alternate in every round (BENCH_ROUNDS), so drift on the machine hits all
#      alike; the figures are the medians over the rounds; a ratio is the median over the rounds of
#      page / hello of the same round (measured seconds apart, so a slow spell of this shared VM hits
#      both sides of one ratio instead of one side of a ratio of medians).
#      The load average is printed at the start and the end: other work on the machine skews the
#      figures, the ratios less than the latencies.
#   3. importing BENCH_IMPORT (100,000) customers from a generated CSV file through the browser flow:
#      upload, preview (validation + duplicate check of every row), commit (one transaction)
#   4. the detail page once more after the import (detail_after: 100,000 more customers and as many
#      audit entries), so a page that slows down as the data grows shows up
# Every figure is printed with its target and PASS/MISS, then the total wall time.
# Targets (issues #2 and #3): home ≥ 0.70 × hello; list ≥ 0.45 × hello and p99 < 5 ms; detail ≥ 0.5 ×
# hello; search p50 < 5 ms for both term lengths, at one connection and at 32; import < 10 s (the commit, and the whole flow);
# the whole bench, seeding included, < 15 min.
# Tunables: BENCH_CUSTOMERS (1000000), BENCH_IMPORT (100000), BENCH_SECONDS (10), BENCH_WARMUP (5),
#           BENCH_ROUNDS (3),
#           BENCH_CONNECTIONS (32), BENCH_WORKERS (crm's default: two per core), BENCH_PROFILE (1: also
#           count the list's and the detail page's instructions per request with callgrind, when
#           valgrind is installed; 0: skip).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. scripts/http-lib.sh
t_start=$(date +%s.%N)
customers=${BENCH_CUSTOMERS:-1000000}
import_rows=${BENCH_IMPORT:-100000}
secs=${BENCH_SECONDS:-10}
warmup=${BENCH_WARMUP:-5}
rounds=${BENCH_ROUNDS:-3}
conns=${BENCH_CONNECTIONS:-32}
workers=${BENCH_WORKERS:-$((2 * $(nproc)))}
port=18090
dir=var/bench
rm -rf "$dir"
mkdir -p "$dir" var/bench-cache
dir=$(cd "$dir" && pwd)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}'; }

# ---- 0. the seeded database (cached) -------------------------------------------------------------
schema_version=$(ls schema/*.sql | wc -l)
src_hash=$(cat schema/*.sql src/seed.c src/seed.h src/seed_data.c src/seed_data.h src/db.c | sha256sum | cut -c1-12)
cached=var/bench-cache/seed-$customers-v$schema_version-$src_hash.db
if [ -f "$cached" ]; then
    echo "bench: seeded database from the cache: $cached"
else
    rm -f var/bench-cache/seed-"$customers"-v*.db      # an older schema or seeder: no longer useful
    tmp=var/bench-cache/seeding-$customers.db
    rm -f "$tmp" "$tmp-wal" "$tmp-shm"
    t_seed=$(date +%s.%N)
    echo "bench: seeding $customers customers (cached for later runs) ..."
    build/crm --database "$tmp" migrate > /dev/null
    build/crm --database "$tmp" seed --customers "$customers" > "$dir/seed.log"
    grep -v '/[0-9]*$' "$dir/seed.log" | sed 's/^/  /'
    sqlite3 "$tmp" 'PRAGMA wal_checkpoint(TRUNCATE);' > /dev/null
    rm -f "$tmp-wal" "$tmp-shm"
    mv "$tmp" "$cached"
    echo "bench: seeding took $(elapsed "$t_seed") s"
fi
cp "$cached" "$dir/bench.db"
# the copy leaves ~3 GB of dirty pages: written back now, not in the background while the pages are measured
sync "$dir/bench.db"
CRM="build/crm --database $dir/bench.db --socket $dir/crm.sock --workers $workers"
$CRM migrate > /dev/null
sql() { sqlite3 "$dir/bench.db" "$1"; }
lines=$(sql "SELECT count(*) FROM order_lines")
ncust=$(sql "SELECT count(*) FROM customers")
echo "bench: $ncust customers, $lines order lines, $(du -m "$dir/bench.db" | cut -f1) MB"

conf=$(scripts/nginx-conf.sh "$dir/nginx" $port "$dir/crm.sock" 6000r/m 1000)
scripts/nginx-start.sh "$conf" "$dir/nginx/error.log"
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
base="http://127.0.0.1:$port"

# ---- the request paths --------------------------------------------------------------------------
uri() { jq -rn --arg s "$1" '$s | @uri'; }
sql "SELECT value FROM dict_items WHERE category = 'region' ORDER BY sort, id" | sed 's|^|/customers?region=|' > "$dir/list.paths"
sql "SELECT min(id), max(id) FROM customers" | awk -F'|' '{lo = $1; n = $2 - $1 + 1; k = n < 1000 ? n : 1000; step = int(n / k);
    for (i = 0; i < k; i++) print "/customers/" lo + i * step + (i * 7919) % step}' > "$dir/detail.paths"
. scripts/bench-terms.sh   # terms2, terms4
for t in "${terms2[@]}"; do echo "/search?q=$(uri "$t")"; done > "$dir/search2.paths"
for t in "${terms4[@]}"; do echo "/search?q=$(uri "$t")"; done > "$dir/search4.paths"

# ---- sign in as the director through nginx, as a browser would; the session lives in the database
start
session=$(sign_in "$base" director "$dir/cookies")
[ -n "$session" ] || { echo "bench: could not sign in"; exit 1; }
cookie="crm_session=$session"
get() { curl -s -o "$dir/page.html" -w '%{http_code}' -H "Cookie: $cookie" "$base$1"; }
# every measured page answers 200 with what it is meant to show
[ "$(get /)" = 200 ] && grep -q '王主管' "$dir/page.html" || { echo "bench: signed-in page not served"; exit 1; }
while read -r p; do
    [ "$(get "$p")" = 200 ] || { echo "bench: $p failed"; exit 1; }
    rows=$(grep -c 'name="ids" value=' "$dir/page.html" || true)
    [ "$rows" = 50 ] || { echo "bench: $p shows $rows rows, not 50"; exit 1; }
done < "$dir/list.paths"
for p in $(sed -n '1p;500p;$p' "$dir/detail.paths"); do
    [ "$(get "$p")" = 200 ] && grep -q 'data-testid="section-contacts"' "$dir/page.html" \
        || { echo "bench: $p failed"; exit 1; }
done
list_bytes=0; detail_bytes=0
get "$(head -1 "$dir/list.paths")" > /dev/null; list_bytes=$(wc -c < "$dir/page.html")
get "$(sed -n '500p' "$dir/detail.paths")" > /dev/null; detail_bytes=$(wc -c < "$dir/page.html")
hits=""
for t in "${terms2[@]}" "${terms4[@]}"; do
    [ "$(get "/search?q=$(uri "$t")")" = 200 ] && grep -q 'data-testid="search-form"' "$dir/page.html" \
        || { echo "bench: search for $t failed"; exit 1; }
    hits="$hits $t:$(grep -c 'href="/customers/' "$dir/page.html" || true)"
done
echo "bench: search results on the first page per term (at most 20):$hits"
csrf=$(csrf_of "$base/import" "$cookie")
stop

# ---- 1 + 2. measurements -------------------------------------------------------------------------
# measure NAME PATH|@PATHS_FILE [COOKIE [CONNECTIONS]]: one wrk run; appends "NAME rps p50_ms p99_ms non2xx"
ms() { awk -v k="$1" '$1 == k {v=$2; if (v ~ /us$/) {sub(/us$/, "", v); v = v/1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v = v*1000}; print v}' "$2"; }
measure() {
    local name=$1 path=$2 cookie=${3:-} c=${4:-$conns}
    local args=(-t"$((c < 2 ? 1 : 2))" -c"$c" -d"${secs}s" --latency)
    [ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
    local target=("$base$path")
    [ "${path:0:1}" = @ ] && target=(-s scripts/bench-rotate.lua "$base" -- "${path:1}")
    if [ "$warmup" -gt 0 ]; then
        local warm=("${args[@]}")
        warm[2]="-d${warmup}s"
        wrk "${warm[@]}" "${target[@]}" > /dev/null
    fi
    wrk "${args[@]}" "${target[@]}" > "$dir/$name.wrk"
    local rps p50 p99 non2xx
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$dir/$name.wrk")
    p50=$(ms 50% "$dir/$name.wrk"); p99=$(ms 99% "$dir/$name.wrk")
    non2xx=$(awk '/Non-2xx/ {print $5}' "$dir/$name.wrk")
    echo "$name $rps $p50 $p99 ${non2xx:-0}" >> "$dir/results"
    printf "  %-12s %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms   non-2xx %s\n" "$name" "$rps" "$p50" "$p99" "${non2xx:-0}"
}

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "bench: $rounds rounds of $secs s per page, $conns connections (search also 1), $workers crm workers, nginx 1 worker (SCHED_BATCH, scripts/nginx-start.sh), $(nproc) cores; load average $(load)"
for r in $(seq 1 "$rounds"); do
    echo " round $r"
    start --hello
    measure hello /hello
    got=$(curl -s "$base/hello?bytes=$list_bytes" | wc -c)
    [ "$got" = "$list_bytes" ] || { echo "bench: /hello?bytes=$list_bytes answered $got bytes"; exit 1; }
    measure hello_list "/hello?bytes=$list_bytes"
    measure hello_detail "/hello?bytes=$detail_bytes"
    stop
    start
    measure home / "$cookie"
    measure list "@$dir/list.paths" "$cookie"
    measure detail "@$dir/detail.paths" "$cookie"
    measure search2 "@$dir/search2.paths" "$cookie"
    measure search4 "@$dir/search4.paths" "$cookie"
    measure search2_c1 "@$dir/search2.paths" "$cookie" 1
    measure search4_c1 "@$dir/search4.paths" "$cookie" 1
    stop
done

# ---- 3. import -------------------------------------------------------------------------------------
# A CSV file as a customer would bring it: UTF-8 with BOM, Chinese headers and labels; names, phones
# and licence numbers unlike any seeded customer's, so no row is a duplicate and every row is written.
csv=$dir/import.csv
scripts/bench-import-csv.sh "$import_rows" > "$csv"
before=$(sql "SELECT count(*) FROM customers")
start
import_flow "$base" "$cookie" "$csrf" "$csv" "$dir" bench
stop
after=$(sql "SELECT count(*) FROM customers")
imported=$((after - before))
[ "$imported" = "$import_rows" ] || { echo "bench: import wrote $imported customers, not $import_rows"; exit 1; }
span() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }
up_s=$(span "$t0" "$t1"); pre_s=$(span "$t1" "$t2"); com_s=$(span "$t2" "$t3"); all_s=$(span "$t0" "$t3")

# ---- 4. the detail page after the import --------------------------------------------------------------
echo " after the import"
start
measure detail_after "@$dir/detail.paths" "$cookie"
stop

# ---- figures -----------------------------------------------------------------------------------------
median() { awk -v n="$1" -v c="$2" '$1 == n {print $c}' "$dir/results" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {ok = op == ">=" ? v >= t : v < t; print ok ? "PASS" : "MISS"}'; }
misses=0
check() {   # check LABEL VALUE OP TARGET UNIT
    local v; v=$(verdict "$2" "$3" "$4")
    [ "$v" = PASS ] || misses=$((misses + 1))
    printf "  %-38s %10s %-5s target %s %s %s  %s\n" "$1" "$2" "$5" "$3" "$4" "$5" "$v"
}
h=$(median hello 2)
# ratio NAME: median over the rounds of NAME's req/s / the same round's hello req/s
ratio() {
    awk -v n="$1" '$1 == "hello" {h = $2} $1 == n && h > 0 {print $2 / h}' "$dir/results" | sort -g \
        | awk '{a[NR] = $1} END {printf "%.2f", a[int((NR + 1) / 2)]}'
}
echo
echo "bench: medians over $rounds rounds ($ncust customers, $lines order lines, $conns connections)"
printf "  %-12s %8s %9s %9s %9s   (_c1: one connection, a single user's wait)\n" page req/s p50_ms p99_ms ratio
for n in hello hello_list hello_detail home list detail search2 search4 search2_c1 search4_c1 detail_after; do
    r=$(printf "%9s" "$(ratio "$n")")
    [ "${n%_c1}" = "$n" ] || r="        -"
    printf "  %-12s %8.0f %9.2f %9.2f %s\n" "$n" "$(median $n 2)" "$(median $n 3)" "$(median $n 4)" "$r"
done
echo
echo "  (hello_list, hello_detail: the hello answering $list_bytes and $detail_bytes bytes, the sizes of the list and"
echo "   the detail page; their ratios are the ceilings for pages of those sizes on this machine;"
echo "   detail_after: the detail page after the import, measured once, its ratio to the last round's hello)"
echo
check "home page / hello (issue #2)" "$(ratio home)" ">=" 0.70 ""
check "customer list by region / hello" "$(ratio list)" ">=" 0.45 ""
check "customer list p99" "$(median list 4)" "<" 5 ms
check "customer detail / hello" "$(ratio detail)" ">=" 0.50 ""
check "search, 2 characters, p50 (1 conn.)" "$(median search2_c1 3)" "<" 5 ms
check "search, 4 characters, p50 (1 conn.)" "$(median search4_c1 3)" "<" 5 ms
check "search, 2 characters, p50 ($conns conn.)" "$(median search2 3)" "<" 5 ms
check "search, 4 characters, p50 ($conns conn.)" "$(median search4 3)" "<" 5 ms
printf "  %-38s upload %s s, preview %s s, commit %s s\n" "import $import_rows customers:" "$up_s" "$pre_s" "$com_s"
check "import $import_rows customers: commit" "$com_s" "<" 10 s
check "import $import_rows customers: whole flow" "$all_s" "<" 10 s
check "requests not answered 2xx (all runs)" "$(awk '{n += $5} END {print n + 0}' "$dir/results")" "<" 1 ""
# instructions per request of the list and the detail page (callgrind, one worker, the seeded database):
# figures that do not move with the machine's load, for following the pages' cost between runs
if command -v valgrind > /dev/null && [ "${BENCH_PROFILE:-1}" = 1 ]; then
    region=$(head -1 "$dir/list.paths"); detail=$(sed -n '500p' "$dir/detail.paths")
    for p in "$region" "${detail:-/customers/1}"; do
        PROFILE_REQUESTS=100 PROFILE_DB="$cached" scripts/profile-page.sh "$p" director 2> /dev/null \
            | grep 'instructions per request' | sed 's/^/  callgrind: /' || true
    done
    rm -rf var/profile
fi
total=$(elapsed "$t_start")
check "whole bench, $([ -n "${t_seed:-}" ] && echo "seeding included" || echo "seeded db from cache")" "$total" "<" 900 s
echo "bench: $misses target(s) missed; total wall time $total s; load average now $(load)"
