#!/bin/bash
# scripts/time-pages.sh LOGIN [URLS_FILE] — the time of each page, one request at a time (the best of
# three, with curl), signed in as LOGIN, on a copy of TIME_DB (default: the newest cached bench
# database, 1,000,000 customers) behind nginx and 4 workers. URLS_FILE (or stdin) holds one path per
# line, e.g. /customers?status=lost&sort=name; scripts/time-pages.urls has lists, pages and search.
# Prints status, ms, bytes and the path. This is how the slow filter and sort combinations were
# found: anything above ~20 ms at a million rows is a walk or a sort the page's indexes do not bound.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. scripts/http-lib.sh
login=${1:?usage: scripts/time-pages.sh LOGIN [URLS_FILE]}
urls=${2:-/dev/stdin}
src=${TIME_DB:-$(ls -t var/bench-cache/seed-1000000-v*.db 2>/dev/null | head -1 || true)}
[ -f "$src" ] || { echo "time-pages: no database (run make bench once, or set TIME_DB)"; exit 1; }
list=$(cat "$urls")
one_worker_db var/time-pages "$src"
CRM="build/crm --database $dir/p.db --socket $dir/crm.sock --workers 4"
serve_site 18096
session=$(sign_in "$base" "$login" "$dir/cj")
while read -r u; do
    [ -z "$u" ] && continue
    best=""
    for _ in 1 2 3; do
        r=$(curl -s -o "$dir/page" -w '%{http_code} %{time_total}' -H "Cookie: crm_session=$session" "$base$u")
        code=${r% *}
        best=$(awk -v a="${best:-999}" -v b="${r#* }" 'BEGIN {print (b < a) ? b : a}')
    done
    printf "%s %8.1f ms %8d B  %s\n" "$code" "$(awk -v b="$best" 'BEGIN {print b * 1000}')" "$(wc -c < "$dir/page")" "$u"
done <<< "$list"
