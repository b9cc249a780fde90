/* cmd_import.c — `crm import KIND FILE --as LOGIN [--commit] [--duplicates skip|import] [--lang en]`:
 * the same CSV import as the /import pages (import.c), from the command line, for an administrator
 * loading data in bulk. Without --commit it only checks the file and prints every bad row and probable
 * duplicate, like the preview page; with --commit it writes everything in one transaction, or nothing
 * when a row is bad. The importer's row scope applies as on the web (a 客户经理 imports into their own
 * customers only), and the audit log gets the same entries. Exit status: 0 written (or clean check),
 * 1 bad rows or a failure, 2 usage. */
#include "cmd_import.h"
#include "arena.h"
#include "audit.h"
#include "csv.h"
#include "i18n.h"
#include "import.h"
#include "perm.h"
#include "roles.h"
#include "users.h"
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int usage(void) {
    fputs("usage: crm import customers|contacts|orders FILE --as LOGIN [--commit] [--duplicates skip|import] [--lang zh-CN|en]\n",
          stderr);
    return 2;
}

/* Reads a whole file into the arena. */
static char *slurp(arena *a, const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *data = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && fseek(f, 0, SEEK_SET) == 0) {
            data = arena_alloc(a, (size_t)n + 1);
            if (fread(data, 1, (size_t)n, f) != (size_t)n) data = NULL;
            else { data[n] = 0; *len = (size_t)n; }
        }
    }
    fclose(f);
    return data;
}

/* The message of key in lang with {n} replaced by param. */
static void put_message(const char *lang, const char *key, long long param) {
    const char *text = i18n_get(lang, key);
    const char *at = strstr(text, "{n}");
    if (at) printf("%.*s%lld%s", (int)(at - text), text, param, at + 3);
    else fputs(text, stdout);
}

/* The importer's row scope: 0 when their role sees every customer, else their own id. -1 on failure. */
static long long scope_of(db *d, long long user_id) {
    cJSON *u = users_get(d, user_id);
    const char *role = u ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "role")) : NULL;
    permset m[ROLE_COUNT];
    long long scope = -1;
    if (role && roles_load(d, m) == 0) {
        for (int i = 0; i < ROLE_COUNT; i++) {
            if (strcmp(ROLES[i], role) != 0) continue;
            if (!perm_has(m[i], P_DATA_IMPORT)) { fprintf(stderr, "crm: the role %s may not import data\n", role); break; }
            scope = perm_has(m[i], P_CUSTOMER_VIEW_ALL) ? 0 : user_id;
        }
    }
    cJSON_Delete(u);
    return scope;
}

static void report(const char *lang, const import_result *res) {
    for (size_t i = 0; i < res->nproblems; i++) {
        const import_problem *p = &res->problems[i];
        put_message(lang, "import.cli.at", p->row);
        if (*p->column) printf(" %s", p->column);
        if (*p->value) printf(" \"%s\"", p->value);
        fputs(": ", stdout);
        put_message(lang, p->key, p->param);
        putchar('\n');
    }
    if (res->problems_total > (long)res->nproblems)
        printf("… %ld\n", res->problems_total - (long)res->nproblems);
    for (size_t i = 0; i < res->ndups; i++) {
        const import_dup *u = &res->dups[i];
        put_message(lang, "import.cli.duplicate", u->row);
        printf(" \"%s\" ~ ", u->value);
        if (u->match_no) printf("%s %s\n", u->match_no, u->match_name ? u->match_name : "");
        else { put_message(lang, "import.cli.at", u->match_row); putchar('\n'); }
    }
}

int cmd_import(db *d, int argc, char **argv) {
    if (argc < 2) return usage();
    const char *kind_name = argv[0], *path = argv[1], *login = NULL, *lang = "zh-CN";
    bool commit = false, skip = true;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--commit") == 0) commit = true;
        else if (strcmp(argv[i], "--as") == 0 && i + 1 < argc) login = argv[++i];
        else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) lang = i18n_lang(argv[++i]) ? i18n_lang(argv[i]) : "zh-CN";
        else if (strcmp(argv[i], "--duplicates") == 0 && i + 1 < argc) {
            const char *v = argv[++i];
            if (strcmp(v, "skip") == 0) skip = true;
            else if (strcmp(v, "import") == 0) skip = false;
            else return usage();
        } else return usage();
    }
    int kind = -1;
    for (int k = 0; IMPORT_KINDS[k]; k++)
        if (strcmp(IMPORT_KINDS[k], kind_name) == 0) kind = k;
    if (kind < 0 || !login) return usage();

    login_row who;
    if (users_login_lookup(d, login, &who) != 1 || !who.active) {
        fprintf(stderr, "crm: no active user %s\n", login);
        return 1;
    }
    long long scope = scope_of(d, who.id);
    if (scope < 0) return 1;

    arena *a = arena_new(1 << 20);
    int rc = 1;
    size_t raw_len = 0, len = 0, bad = 0;
    csv_encoding enc;
    const char *raw = slurp(a, path, &raw_len);
    char *text = raw ? csv_decode(a, raw, raw_len, &len, &enc, &bad) : NULL;
    if (!raw) { fprintf(stderr, "crm: cannot read %s\n", path); goto out; }
    if (!text || csv_not_text(raw, raw_len)) { fprintf(stderr, "crm: %s is not a CSV text file\n", path); goto out; }

    import_opts o = {0};
    o.kind = (import_kind)kind;
    o.user_id = who.id;
    o.scope_manager = scope;
    o.now = (long long)time(NULL);
    o.commit = commit;
    o.skip_duplicates = skip;
    import_result res;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (commit && db_begin(d) != 0) { fputs("crm: the database is busy\n", stderr); goto out; }
    int run = import_run(d, a, text, len, &o, &res);
    if (commit) {
        bool ok = run == 0 && res.bad_rows == 0;
        if (ok) {
            cJSON *after = cJSON_CreateObject();
            cJSON_AddStringToObject(after, "kind", kind_name);
            cJSON_AddStringToObject(after, "file", path);
            cJSON_AddStringToObject(after, "encoding", csv_encoding_name(enc));
            cJSON_AddNumberToObject(after, "rows", (double)res.rows);
            cJSON_AddNumberToObject(after, "records", (double)res.records);
            cJSON_AddNumberToObject(after, "lines", (double)res.lines);
            cJSON_AddNumberToObject(after, "skipped", (double)res.skipped);
            cJSON_AddStringToObject(after, "duplicate_rows", skip ? "skipped" : "imported");
            cJSON_AddStringToObject(after, "via", "crm import");
            ok = audit_write(d, o.now, who.id, "import", 0, "import", NULL, after) == 0;
            cJSON_Delete(after);
        }
        if (!ok || db_commit(d) != 0) { db_rollback(d); ok = false; }
        if (!ok && run == 0 && res.bad_rows == 0) { fputs("crm: the import failed; nothing was written\n", stderr); goto out; }
    }
    if (run != 0) { fputs("crm: the import failed; nothing was written\n", stderr); goto out; }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    report(lang, &res);
    printf("%s: %s %s · %ld %s · %ld %s · %ld %s · %ld %s · %.2f s\n", path, kind_name, csv_encoding_name(enc),
           res.rows, i18n_get(lang, "import.cli.rows"), res.bad_rows, i18n_get(lang, "import.cli.bad_rows"),
           res.dup_rows, i18n_get(lang, "import.cli.dup_rows"), res.records,
           i18n_get(lang, commit && res.bad_rows == 0 ? "import.cli.written" : "import.cli.to_write"), secs);
    if (res.bad_rows > 0) printf("%s\n", i18n_get(lang, "import.cli.nothing_written"));
    rc = res.bad_rows > 0 ? 1 : 0;
out:
    arena_free(a);
    return rc;
}
