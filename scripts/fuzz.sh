#!/bin/bash
# scripts/fuzz.sh — `make fuzz`: coverage-guided fuzzing (libFuzzer, clang) of the input parsers,
# validators, the Mustache renderer and the 名称 sort key, FUZZ_SECONDS (60) each, under ASan+UBSan. Corpora are kept in
# var/fuzz/<target>/ so later runs start where earlier ones stopped. Exits non-zero on a crash.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
secs=${FUZZ_SECONDS:-60}
if ! command -v clang > /dev/null || ! clang -fsanitize=fuzzer -x c /dev/null -o /dev/null 2>/dev/null; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev
fi
CFLAGS="-std=c11 -D_GNU_SOURCE -Isrc -g -O1 -fsanitize=fuzzer,address,undefined $(pkg-config --cflags libcjson)"
mkdir -p var/fuzz/bin
declare -A sources=(
    [http]="tests/fuzz/fuzz_http.c src/http.c src/validate.c src/arena.c src/buf.c"
    [mustache]="tests/fuzz/fuzz_mustache.c src/mustache.c src/buf.c src/html.c"
    [name_key]="tests/fuzz/fuzz_name_key.c src/name_key.c"
)
status=0
for t in http mustache name_key; do
    # shellcheck disable=SC2086
    clang $CFLAGS -o "var/fuzz/bin/$t" ${sources[$t]} $(pkg-config --libs libcjson icu-i18n)
    mkdir -p "var/fuzz/$t"
    echo "== fuzz $t for $secs s"
    if ! "var/fuzz/bin/$t" -max_total_time="$secs" -max_len=4096 -timeout=5 -print_final_stats=1 \
         -artifact_prefix="var/fuzz/$t-" "var/fuzz/$t" 2> "var/fuzz/$t.log"; then
        status=1
        tail -40 "var/fuzz/$t.log"
    fi
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "var/fuzz/$t.log" | tail -3
done
[ $status = 0 ] && echo "fuzz: no crash" || echo "fuzz: CRASH (artifacts in var/fuzz/)"
exit $status
