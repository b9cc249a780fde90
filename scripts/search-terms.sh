#!/bin/bash
# scripts/search-terms.sh — the search on the bench's terms (scripts/bench-terms.sh), on a copy of DB
# (default: the newest cached 1,000,000-customer bench database), signed in as the director:
#   scripts/search-terms.sh profile [DB]          instructions per search of each term (callgrind, via
#                                                 scripts/profile-page.sh; SEARCH_REQUESTS, 100, each)
#                                                 and the averages of the 2- and 4-character terms
#   scripts/search-terms.sh compare A B [DB]      the results of two crm builds A and B on the same
#                                                 database: per term how many of A's results B shows
#                                                 too, and how many of A's first 10 are in B's first 10
# This is how the search's candidate bound (src/search.h) was weighed: its cost and what it changes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. scripts/http-lib.sh
. scripts/bench-terms.sh
mode=${1:?usage: scripts/search-terms.sh profile [DB] | compare A B [DB]}
uri() { jq -rn --arg s "$1" '$s | @uri'; }
newest() { ls -t var/bench-cache/seed-1000000-v*.db 2>/dev/null | head -1 || true; }
case "$mode" in
profile)
    db=${2:-$(newest)}
    [ -f "$db" ] || { echo "search-terms: no database"; exit 1; }
    # total TERMS...: prints each term's instructions per search, then their average on the last line
    total() {
        local sum=0 n t
        for t in "$@"; do
            n=$(PROFILE_DB=$db PROFILE_REQUESTS=${SEARCH_REQUESTS:-100} scripts/profile-page.sh "/search?q=$(uri "$t")" 2>&1 |
                sed -n 's/.*director: \([0-9]*\) instructions.*/\1/p')
            echo "  $t: $n instructions per search" >&2
            sum=$((sum + n))
        done
        echo $((sum / $#))
    }
    avg2=$(total "${terms2[@]}"); avg4=$(total "${terms4[@]}")
    echo "average: 2 characters $avg2, 4 characters $avg4"
    ;;
compare)
    a=${2:?compare needs two crm binaries}; b=${3:?compare needs two crm binaries}
    db=${4:-$(newest)}
    [ -f "$db" ] || { echo "search-terms: no database"; exit 1; }
    one_worker_db var/search-terms "$db"
    for bin in "$a" "$b"; do
        tag=$([ "$bin" = "$a" ] && echo a || echo b)
        CRM="$bin --database $dir/p.db --socket $dir/crm.sock --workers 1"
        serve_site 18097
        sess=$(sign_in "$base" director "$dir/cj")
        for t in "${terms2[@]}" "${terms4[@]}"; do
            curl -s -H "Cookie: crm_session=$sess" -H 'Accept: application/json' "$base/search?q=$(uri "$t")" |
                jq -c '[.results[] | "\(.type):\(.id)"]' > "$dir/$t.$tag"
        done
        kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
        nginx -c "$conf" -e "$dir/nginx/error.log" -s quit; trap - EXIT; sleep 0.5
    done
    for t in "${terms2[@]}" "${terms4[@]}"; do
        jq -rn --arg t "$t" --slurpfile x "$dir/$t.a" --slurpfile y "$dir/$t.b" \
            '($x[0]) as $a | ($y[0]) as $b | "  \($t): A shows \($a | length), B \($b | length); \([$a[] | select(. as $i | $b | index($i))] | length) of A'"'"'s in B; first 10 shared: \([$a[0:10][] | select(. as $i | $b[0:10] | index($i))] | length)"'
    done
    ;;
*) echo "usage: scripts/search-terms.sh profile [DB] | compare A B [DB]"; exit 1 ;;
esac
