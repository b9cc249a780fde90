#!/bin/sh
# scripts/run.sh — `make run`: migrate and seed var/crm.db, start nginx on 127.0.0.1:$PORT (8080) and
# `crm serve` in the foreground. Ctrl-C stops both.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
PORT=${PORT:-8080}
mkdir -p var/nginx
CRM="build/crm --database var/crm.db --socket var/crm.sock"
$CRM migrate >/dev/null
$CRM seed
conf=$(scripts/nginx-conf.sh var/nginx "$PORT" var/crm.sock)
# an nginx left over from an earlier run of this checkout is stopped first
if [ -f var/nginx/nginx.pid ]; then nginx -c "$conf" -e "$root/var/nginx/error.log" -s quit 2>/dev/null || true; sleep 0.5; fi
scripts/nginx-start.sh "$conf" "$root/var/nginx/error.log"
crm_pid=""
stop() {
    trap - INT TERM EXIT
    [ -n "$crm_pid" ] && kill -TERM "$crm_pid" 2>/dev/null && wait "$crm_pid" 2>/dev/null
    nginx -c "$conf" -e "$root/var/nginx/error.log" -s quit 2>/dev/null || true
    echo "stopped."
}
trap stop INT TERM EXIT
$CRM serve 2>>var/crm.log &
crm_pid=$!
cat <<MSG

  客户关系管理系统 is running on http://127.0.0.1:$PORT   (log: var/crm.log, Ctrl-C stops it)

  demo logins (password for all: demo1234)
    admin      系统管理员  admin
    director   销售主管    王主管
    rep1       客户经理    张伟 (北京)
    rep2       客户经理    李娜 (上海)
    exec       高管        陈总

MSG
wait "$crm_pid" || true
