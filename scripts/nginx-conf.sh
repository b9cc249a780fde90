#!/bin/sh
# scripts/nginx-conf.sh VARDIR PORT SOCKET [LOGIN_RATE] [LOGIN_BURST]
# Writes VARDIR/nginx.conf from nginx/crm.conf.in for this checkout.
set -eu
var=$1; port=$2; sock=$3; rate=${4:-10r/m}; burst=${5:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$var"
var=$(cd "$var" && pwd)
case $sock in /*) ;; *) sock="$root/$sock" ;; esac
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root root;"
sed -e "s|@VAR@|$var|g" -e "s|@PORT@|$port|g" -e "s|@SOCKET@|$sock|g" -e "s|@ROOT@|$root|g" \
    -e "s|@LOGIN_RATE@|$rate|g" -e "s|@LOGIN_BURST@|$burst|g" -e "s|@USER_LINE@|$user_line|g" \
    "$root/nginx/crm.conf.in" > "$var/nginx.conf"
echo "$var/nginx.conf"
