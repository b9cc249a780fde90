#!/bin/bash
# scripts/time-reassign.sh [FILTER] — the time of 分配全部 (POST /customers/reassign all=1) at scale: on a
# copy of TIME_DB (default: the newest cached bench database, 1,000,000 customers) behind nginx, signed
# in as director, moves every customer of the customer list's FILTER (a query string; default rep1's
# customers created in two weeks of 2025) to the executive (who manages none) and back, and prints each move's count and time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. scripts/http-lib.sh
src=${TIME_DB:-$(ls -t var/bench-cache/seed-1000000-v*.db 2>/dev/null | head -1 || true)}
[ -f "$src" ] || { echo "time-reassign: no database (run make bench once, or set TIME_DB)"; exit 1; }
one_worker_db var/time-reassign "$src"
id_of() { sqlite3 "$dir/p.db" "SELECT id FROM users WHERE login = '$1'"; }
rep1=$(id_of rep1) other=$(id_of exec)
filter=${1:-from=2025-03-01&to=2025-03-14}
serve_site 18098
session=$(sign_in "$base" director "$dir/cj")
cookie="crm_session=$session"
# move FROM TO: every customer of the filter managed by FROM goes to TO
move() {
    local list="$base/customers?$filter&manager=$1" page count csrf fields out t0 t1
    page=$(curl -s -H "Cookie: $cookie" -H 'Accept: application/json' "$list")
    count=$(printf '%s' "$page" | sed -n 's/.*"reassign_all":{"count":\([0-9]*\).*/\1/p')
    [ -n "$count" ] || { echo "time-reassign: the list $list offers no 分配全部 (more than a page, at most 10,000)"; exit 1; }
    csrf=$(csrf_of "$list" "$cookie")
    fields=(--data-urlencode "_csrf=$csrf" --data-urlencode all=1 --data-urlencode "expect=$count"
            --data-urlencode "manager_id=$2" --data-urlencode "manager=$1")
    IFS='&' read -ra pairs <<< "$filter"
    for p in "${pairs[@]}"; do fields+=(--data-urlencode "$p"); done
    t0=$(date +%s.%N)
    out=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" -H "Origin: $base" "${fields[@]}" "$base/customers/reassign")
    t1=$(date +%s.%N)
    [ "$out" = 303 ] || { echo "time-reassign: the move answered $out"; exit 1; }
    printf '%6d customers  %s → %s  %.2f s\n' "$count" "$1" "$2" "$(echo "$t1 - $t0" | bc)"
}
move "$rep1" "$other"
move "$other" "$rep1"
