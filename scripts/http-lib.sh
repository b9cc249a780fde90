# scripts/http-lib.sh — sourced by the bench and profiling scripts: signing in and the CSV import flow
# through nginx with curl, as a browser does them (CSRF token, Origin header), and the one-worker
# database the profiling scripts measure on, served behind nginx (serve_site). Not run on its own.

# csrf_of URL [COOKIE]: the _csrf value of the first form on the page at URL.
csrf_of() {
    curl -s ${2:+-H "Cookie: $2"} "$1" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"//'
}

# sign_in BASE LOGIN JAR: signs LOGIN in (password demo1234) with the cookie jar JAR; prints the session token.
sign_in() {
    local base=$1 login=$2 jar=$3 pre
    pre=$(curl -s -c "$jar" "$base/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"//')
    curl -s -b "$jar" -c "$jar" -H "Origin: $base" --data-urlencode "_csrf=$pre" \
         --data-urlencode "login=$login" --data-urlencode password=demo1234 -o /dev/null "$base/login"
    awk '$6 == "crm_session" {print $7}' "$jar"
}

# import_flow BASE COOKIE CSRF CSV DIR WHO: uploads CSV as customers, opens the preview (kept in
# DIR/preview.html) and commits it; sets t0..t3 (before the upload, after upload, preview, commit).
# Any step that does not answer as it should ends the script with "WHO: ...".
import_flow() {
    local base=$1 cookie=$2 csrf=$3 csv=$4 dir=$5 who=$6 loc token code
    t0=$(date +%s.%N)
    loc=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H "Cookie: $cookie" -H "Origin: $base" \
          -F "_csrf=$csrf" -F kind=customers -F "file=@$csv;type=text/csv;filename=customers.csv" "$base/import/upload")
    t1=$(date +%s.%N)
    case $loc in "303 "*token=*) ;; *) echo "$who: import upload failed: $loc"; exit 1 ;; esac
    token=${loc##*token=}
    code=$(curl -s -o "$dir/preview.html" -w '%{http_code}' -H "Cookie: $cookie" "$base/import/preview?token=$token")
    t2=$(date +%s.%N)
    [ "$code" = 200 ] && grep -q 'data-testid="commit-form"' "$dir/preview.html" \
        || { echo "$who: import preview refused the file ($code)"; exit 1; }
    loc=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H "Cookie: $cookie" -H "Origin: $base" \
          --data-urlencode "_csrf=$csrf" --data-urlencode "token=$token" --data-urlencode duplicates=skip "$base/import/commit")
    t3=$(date +%s.%N)
    case $loc in "303 "*/import/result*) ;; *) echo "$who: import commit failed: $loc"; exit 1 ;; esac
}

# one_worker_db DIR [DB_FILE]: empties DIR (sets dir to its absolute path) and puts a database in it, a
# migrated copy of DB_FILE or else a freshly seeded demo one; sets CRM to a one-worker crm on it.
one_worker_db() {
    dir=$1
    rm -rf "$dir"; mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
    CRM="build/crm --database $dir/p.db --socket $dir/crm.sock --workers 1"
    if [ -n "${2:-}" ]; then cp "$2" "$dir/p.db"; sync "$dir/p.db"; $CRM migrate > /dev/null
    else $CRM migrate > /dev/null; $CRM seed > /dev/null; fi
}

# serve_site PORT: nginx on 127.0.0.1:PORT in front of $CRM serve on $dir/crm.sock (see one_worker_db),
# both stopped when the script exits; waits until /health answers. Sets base, conf and pid.
serve_site() {
    base=http://127.0.0.1:$1
    conf=$(scripts/nginx-conf.sh "$dir/nginx" "$1" "$dir/crm.sock" 6000r/m 1000)
    scripts/nginx-start.sh "$conf" "$dir/nginx/error.log"
    $CRM serve 2> "$dir/crm.log" & pid=$!
    trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; nginx -c "$conf" -e "$dir/nginx/error.log" -s quit 2>/dev/null' EXIT
    for _ in $(seq 1 100); do curl -sf -o /dev/null "$base/health" && break; sleep 0.2; done
}
