#!/bin/bash
# tests/run.sh — runs every suite and ends with one line "N passed, N failed".
#   1. C unit tests, plain and under ASan+UBSan; the static design checks (scripts/check.sh)
#   2. HTTP tests through real nginx and real `crm serve` workers (the ASan+UBSan build) on loopback
#   3. browser tests in headless Chromium (playwright-core) against the same server
#   4. the server's log must hold no sanitizer report
# Output of each suite goes to the terminal; the server's log is tests/out/crm.log.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# one run at a time on this machine (fixed loopback ports): a second run waits for the first
exec 9> /tmp/crm-tests.lock
if ! flock -n 9; then echo "tests/run.sh: another run is in progress; waiting for it"; flock 9; fi
out=tests/out
rm -rf "$out"
mkdir -p "$out"
out="$root/tests/out"
summary="$out/summary.txt"
: > "$summary"

record() { # suite-output-file
    grep -E '^[A-Za-z0-9 _./-]+: [0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1 >> "$summary"
}
run_suite() { # name, command...
    local name=$1; shift
    echo "== $name"
    "$@" 2>&1 | tee "$out/$name.log"
    if ! grep -qE ': [0-9]+ passed, [0-9]+ failed$' "$out/$name.log"; then
        echo "$name: 0 passed, 1 failed" | tee -a "$out/$name.log"   # a suite that crashed counts as a failure
    fi
    record "$out/$name.log"
}

# --- 1. unit tests
for t in build/unit/test_* build-asan/unit/test_*; do
    [ -x "$t" ] || continue
    name="unit-$(basename "$(dirname "$(dirname "$t")")")-$(basename "$t")"
    run_suite "$name" "$t"
done

# the design rules (SQL only in data modules, statements through db_prepare, escaping in one place,
# file header comments, statement cache room, cppcheck when installed) as one suite
echo "== static checks"
if scripts/check.sh > "$out/check.log" 2>&1; then
    echo "static checks: 1 passed, 0 failed" | tee -a "$out/check.log"
else
    cat "$out/check.log"
    echo "static checks: 0 passed, 1 failed" | tee -a "$out/check.log"
fi
record "$out/check.log"

# --- 2+3. a real server: ASan workers behind two nginx instances (HTTP tests, browser tests)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0:print_summary=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export CRM_BIN="$root/build-asan/crm"
export CRM_DB="$out/test.db"
export CRM_SOCK="$out/crm.sock"
export CRM_TEMPLATES="$out/templates"
export CRM_LOG="$out/crm.log"
export HTTP_PORT=18080 BROWSER_PORT=18081
cp -r templates "$CRM_TEMPLATES"
CRM="$CRM_BIN --database $CRM_DB --socket $CRM_SOCK --templates $CRM_TEMPLATES --workers 2"
$CRM migrate > /dev/null && $CRM seed
conf_http=$(scripts/nginx-conf.sh "$out/nginx-http" $HTTP_PORT "$CRM_SOCK" 6000r/m 1000)
conf_browser=$(scripts/nginx-conf.sh "$out/nginx-browser" $BROWSER_PORT "$CRM_SOCK" 6000r/m 1000)
$CRM serve 2>> "$CRM_LOG" &
export CRM_PID=$!
scripts/nginx-start.sh "$conf_http" "$out/nginx-http/error.log"
scripts/nginx-start.sh "$conf_browser" "$out/nginx-browser/error.log"
stop_servers() {
    nginx -c "$conf_http" -e "$out/nginx-http/error.log" -s quit 2>/dev/null
    nginx -c "$conf_browser" -e "$out/nginx-browser/error.log" -s quit 2>/dev/null
    kill -TERM "$CRM_PID" 2>/dev/null && wait "$CRM_PID" 2>/dev/null
}
trap stop_servers EXIT
for i in $(seq 1 50); do curl -sf "http://127.0.0.1:$HTTP_PORT/health" > /dev/null && break; sleep 0.2; done

for t in tests/http/*.test.mjs; do
    BASE_URL="http://127.0.0.1:$HTTP_PORT" run_suite "http-$(basename "$t" .test.mjs)" node "$t"
done
for t in tests/browser/*.test.mjs; do
    BASE_URL="http://127.0.0.1:$BROWSER_PORT" run_suite "browser-$(basename "$t" .test.mjs)" node "$t"
done

stop_servers
trap - EXIT

# --- 4. sanitizer reports anywhere in the server log fail the run
echo "== sanitizers"
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$CRM_LOG"; then
    grep -E -A5 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$CRM_LOG" | head -40
    echo "sanitizers: 0 passed, 1 failed" | tee "$out/sanitizers.log"
else
    echo "sanitizers: 1 passed, 0 failed" | tee "$out/sanitizers.log"
fi
record "$out/sanitizers.log"

echo "== summary"
cat "$summary"
awk -F'[:,]' '{ split($2, p, " "); split($3, f, " "); P += p[1]; F += f[1] } END { printf "%d passed, %d failed\n", P, F; exit (F > 0) }' "$summary"
