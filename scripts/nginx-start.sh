#!/bin/sh
# scripts/nginx-start.sh CONF ERROR_LOG — starts nginx as every script here runs it (make run, make test,
# make bench and the measuring scripts): under the SCHED_BATCH policy, as nginx/nginx-batch.conf does for
# the production nginx. A batch task that wakes does not preempt the running one, so nginx, woken by a
# reply or a new connection, waits until the crm worker on that core finishes its request (or its time
# slice ends) instead of interrupting it, and then handles the events that gathered meanwhile in one go.
# NGINX_POLICY=normal starts it without, for comparing. Measured on this 2-core VM with
# `NGINX_POLICY=normal|batch CPU_DB=var/bench-cache/seed-1000000-v16-….db CPU_WARMUP=5 CPU_SECS=8
# scripts/cpu-split.sh`, two alternating runs each: the customer list 5,680 / 5,713 -> 7,943 / 7,379 req/s,
# crm system time 77 / 72 -> 43 / 47 µs and nginx system time 92 / 83 -> 46 / 43 µs per request; the bare
# hello unchanged (14,066 / 17,634 vs 14,301 / 17,707). make bench's ratios went from list 0.39 /
# detail 0.41 to 0.47 / 0.48 and 0.49 / 0.51. Without chrt (util-linux) or where the policy cannot be
# set, nginx starts as usual.
set -eu
conf=$1; log=$2
if [ "${NGINX_POLICY:-batch}" = batch ] && command -v chrt > /dev/null 2>&1 && chrt --batch 0 true 2> /dev/null; then
    exec chrt --batch 0 nginx -c "$conf" -e "$log"
fi
exec nginx -c "$conf" -e "$log"
