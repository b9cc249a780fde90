#!/bin/bash
# scripts/check.sh — `make check`: static checks of the rules the design sets, in the spirit of
# Fossil's codecheck1:
#   1. SQL text only in data modules: no SQL keywords in handler files (h_*.c) or templates;
#   2. statements only through db_prepare(d, SQL_CONSTANT): no sqlite3_prepare*/sqlite3_exec/
#      sqlite3_mprintf outside db.c, and db_prepare's argument is a named SQL_ constant or a literal;
#   3. escaping in one place: no raw {{{ }}} / {{& }} in templates except the allow-list below;
#   4. every src/*.c file starts with a comment saying what it owns;
#   4b. the statements of src/ fit db.c's per-connection statement cache (3/4 of STMT_CACHE_SIZE), so
#      a worker that serves every route never finds it full;
#   5. cppcheck (warnings are errors).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
fail=0
problem() { echo "check: $*"; fail=1; }

# 1
if grep -nE '"[^"]*\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM)\b' src/h_*.c; then
    problem "SQL text in a handler: move it into the data module"
fi
if grep -nE '\b(SELECT|INSERT INTO|DELETE FROM)\b' templates/*.mustache; then
    problem "SQL text in a template"
fi
# 2
for f in src/*.c; do
    [ "$f" = src/db.c ] && continue
    case $f in src/seed*.c) continue ;; esac   # bulk loading may prepare its own statements (still bound)
    if grep -nE 'sqlite3_(prepare|exec|mprintf|vmprintf|snprintf)' "$f"; then
        problem "$f: statements go through db_prepare() with a constant"
    fi
done
# allowed: db_prepare(d, SQL_X), db_prepare(d, cond ? SQL_X : SQL_Y), db_prepare(d, sql) where sql is
# chosen among SQL_ constants just above (reviewed by hand), and db.c's own helpers
# (also p->sql, and import.c's f->set/get/structure, from static tables of statements, and seed*.c, which builds bulk statements; all reviewed)
bad=$(grep -nE 'db_prepare\(' src/*.c | grep -vE '^src/(db|seed[a-z_]*)\.c:' \
      | grep -vE 'db_prepare\([a-z_>.-]+, *(SQL_[A-Z0-9_]+|sql|[a-z]+->(sql|set|get|structure)|[a-z_>.]+ *\? *(SQL_[A-Z0-9_]+|sql_[a-z]+) *: *(SQL_[A-Z0-9_]+|sql))\)')
if [ -n "$bad" ]; then
    echo "$bad"
    problem "db_prepare with something other than SQL_ constants"
fi
# 4b
statements=$(grep -hoE 'static const char SQL_[A-Z0-9_]+\[\]' src/*.c | wc -l)
cache=$(sed -n 's/^#define STMT_CACHE_SIZE \([0-9]*\).*/\1/p' src/db.c)
if [ "$statements" -gt $((cache * 3 / 4 - 100)) ]; then
    problem "$statements SQL statements in src/: raise STMT_CACHE_SIZE ($cache) in src/db.c (keep 100 spare for plan tables)"
fi
# 3 (the one exception: a search result's *_marked texts, which html.c's html_marked builds escaped)
raw=$(for f in templates/*.mustache; do
    sed -E 's/\{\{\{[a-z_]+_marked\}\}\}//g' "$f" | grep -nE '\{\{\{|\{\{&' | sed "s|^|$f:|"
done)
if [ -n "$raw" ]; then
    echo "$raw"
    problem "unescaped output in a template (escaping happens in html.c only)"
fi
# 4
for f in src/*.c src/*.h; do
    head -c 3 "$f" | grep -q '^/\*' || problem "$f does not start with a comment saying what it owns"
done
# 5
if command -v cppcheck > /dev/null; then
    if ! cppcheck --enable=warning,portability --error-exitcode=1 --inline-suppr -q --std=c11 \
         -I/usr/include/cjson -Isrc --suppress=nullPointerRedundantCheck:src/perm.c \
         --suppress=unknownMacro src/*.c; then
        problem "cppcheck"
    fi
fi
[ $fail = 0 ] && echo "check: ok"
exit $fail
