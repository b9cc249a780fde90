#!/bin/bash
# scripts/profile-sql.sh DB SQL [N] — instructions per execution of one SQL statement in the sqlite3
# shell (callgrind): N runs after a warm-up run, minus the same script without them. The shell parses
# the statement every time (crm keeps its statements prepared), so compare variants, not absolutes.
# DB may be a read-only URI (file:var/bench-cache/….db?mode=ro) to leave a cached database as it is.
# Used for the search's FTS5 walks (schema/020: page size; the newest-first walk against oldest-first).
set -euo pipefail
db=${1:?usage: scripts/profile-sql.sh DB SQL [N]}; sql=${2:?usage: scripts/profile-sql.sh DB SQL [N]}; n=${3:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count() {
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" sqlite3 "$db" < "$1" > /dev/null 2>&1
    callgrind_annotate "$tmp/cg" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
}
{ echo "PRAGMA cache_size=-200000;"; echo "$sql;"; } > "$tmp/base.sql"
cp "$tmp/base.sql" "$tmp/runs.sql"
for _ in $(seq 1 "$n"); do echo "$sql;"; done >> "$tmp/runs.sql"
a=$(count "$tmp/base.sql"); b=$(count "$tmp/runs.sql")
echo "$(((b - a) / n)) instructions per run: $sql"
