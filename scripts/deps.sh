#!/bin/sh
# scripts/deps.sh — installs the Debian packages (and the npm package for browser tests) that are
# missing. Safe to run again: it does nothing when everything is present.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
PKGS="build-essential pkg-config libfcgi-dev nginx liblua5.4-dev libsqlite3-dev sqlite3 libsodium-dev libicu-dev
libcjson-dev libjs-chart.js libjs-bootstrap5 chromium fonts-wqy-microhei wrk curl tzdata nodejs npm"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# nodejs/npm may come from elsewhere (a newer Node on PATH): accept them if present
if command -v node >/dev/null 2>&1; then missing=$(echo "$missing" | tr ' ' '\n' | grep -v -x -e nodejs -e npm | tr '\n' ' '); fi
if [ -n "$(echo "$missing" | tr -d ' ')" ]; then
    echo "installing:$missing"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
if [ ! -d "$root/tests/browser/node_modules/playwright-core" ]; then
    (cd "$root/tests/browser" && npm install --no-audit --no-fund --silent)
fi
