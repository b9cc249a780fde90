/* db.c — SQLite connection, statement cache, transactions, migrations, backup, and the SQL functions
 * crm_bigrams() (search) and crm_name_key() (the 名称 sort); see db.h. */
#include "db.h"
#include "jsonmem.h"
#include "store.h"
#include "log.h"
#include "name_key.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#define STMT_CACHE_SIZE 1024 /* power of two; open addressing; 3/4 usable: every statement in src/ (~220) fits */

struct db {
    sqlite3 *h;
    struct { const char *sql; sqlite3_stmt *st; } cache[STMT_CACHE_SIZE];
    int cached;
    bool snapshot;   /* a read snapshot (db_read_snapshot) is open */
};

/* crm_bigrams(text): the overlapping two-character pieces of text, space-separated, for the *_bi
 * search indexes ("华为技术" → "华为 为技 技术"). Letters and digits keep their case folded to lower
 * case; spaces and punctuation break the text into runs, and a run of one character yields itself. */
static void fn_bigrams(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    (void)argc;
    const unsigned char *s = sqlite3_value_text(argv[0]);
    if (!s) { sqlite3_result_text(ctx, "", 0, SQLITE_STATIC); return; }
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    char *out = sqlite3_malloc64(n * 3 + 8);
    if (!out) { sqlite3_result_error_nomem(ctx); return; }
    size_t w = 0;
    const unsigned char *prev = NULL;  /* start of the previous character in the current run */
    size_t prevlen = 0;
    int runlen = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + len > n) break;
        bool word = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        /* CJK and fullwidth punctuation (U+3000–U+303F, U+FF00–U+FF0F...) break runs too */
        if (len == 3 && c == 0xE3 && s[i + 1] == 0x80) word = false;
        if (len == 3 && c == 0xEF && s[i + 1] == 0xBC && s[i + 2] <= 0x8F) word = false;
        if (!word) {
            if (runlen == 1) { if (w) out[w++] = ' '; memcpy(out + w, prev, prevlen); w += prevlen; }
            runlen = 0;
            prev = NULL;
            i += len;
            continue;
        }
        if (prev) {
            if (w) out[w++] = ' ';
            for (size_t k = 0; k < prevlen; k++) out[w++] = (char)(prev[k] >= 'A' && prev[k] <= 'Z' ? prev[k] + 32 : prev[k]);
            for (size_t k = 0; k < len; k++) out[w++] = (char)(s[i + k] >= 'A' && s[i + k] <= 'Z' ? s[i + k] + 32 : s[i + k]);
        }
        prev = s + i;
        prevlen = len;
        runlen++;
        i += len;
    }
    if (runlen == 1) { if (w) out[w++] = ' '; memcpy(out + w, prev, prevlen); w += prevlen; }
    sqlite3_result_text(ctx, out, (int)w, sqlite3_free);
}

/* crm_name_key(text): the sort key of a customer's 名称 (customers.name_key, schema/008 and 014), a BLOB
 * whose byte order is pinyin order (name_key.c). NULL gives NULL; '' gives the empty BLOB. */
static void fn_name_key(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;   /* NULL → NULL */
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    if (!s) { sqlite3_result_error_nomem(ctx); return; }
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    unsigned char *out = sqlite3_malloc64(NAME_KEY_MAX(n));
    if (!out) { sqlite3_result_error_nomem(ctx); return; }
    long len = name_key_make(s, n, out);
    if (len < 0) {
        sqlite3_free(out);
        sqlite3_result_error(ctx, "crm_name_key: ICU's collator for zh could not be opened", -1);
        return;
    }
    sqlite3_result_blob64(ctx, out, (sqlite3_uint64)len, sqlite3_free);
}

int db_global_init(void) {
    if (sqlite3_config(SQLITE_CONFIG_SINGLETHREAD) != SQLITE_OK) return -1;
    if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK) return -1;
    return sqlite3_initialize() == SQLITE_OK ? 0 : -1;
}

int db_open(db **out, const char *path, int flags, char *err, size_t errlen) {
    *out = NULL;
    db *d = calloc(1, sizeof *d);
    if (!d) { snprintf(err, errlen, "out of memory"); return -1; }
    int oflags = (flags & DB_READONLY) ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    oflags |= SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path, &d->h, oflags, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open database %s: %s", path, d->h ? sqlite3_errmsg(d->h) : "?");
        sqlite3_close(d->h);
        free(d);
        return -1;
    }
    sqlite3_extended_result_codes(d->h, 1);
    sqlite3_busy_timeout(d->h, 5000);
    sqlite3_db_config(d->h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(d->h, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    /* Trusted schema stays ON: the only schema is our own numbered migrations (schema/), and the search
     * triggers must write to FTS5 tables, which SQLite refuses from triggers in an untrusted schema.
     * Defensive mode and no extension loading still guard against a tampered database file. */
    sqlite3_db_config(d->h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 1, NULL);
    sqlite3_create_function(d->h, "crm_bigrams", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                            fn_bigrams, NULL, NULL);
    sqlite3_create_function(d->h, "crm_name_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                            fn_name_key, NULL, NULL);
    const char *pragmas = (flags & DB_READONLY)
        ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;"
        : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
          "PRAGMA wal_autocheckpoint=0; PRAGMA temp_store=MEMORY;"
          /* Reads map the database file instead of copying each page with a pread() system call (2 GB
           * is Debian's SQLite's limit, SQLITE_MAX_MMAP_SIZE), and pages read with pread() beyond it
           * stay in a 64 MB page cache per connection (the default is 2 MB). At a million customers a
           * customer's page read ~21 pages per request with pread() before, ~11 with the mapping alone
           * (the tables migration 010 rebuilt lie past 2 GB), none with both; the worker's system time
           * per customer page fell from ~100 to ~55 µs (/proc/PID/stat over 3000 requests). Memory:
           * at most 64 MB per worker. */
          "PRAGMA mmap_size=2147418112; PRAGMA cache_size=-65536;";
    char *msg = NULL;
    if (sqlite3_exec(d->h, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "cannot configure database %s: %s", path, msg ? msg : "?");
        sqlite3_free(msg);
        sqlite3_close(d->h);
        free(d);
        return -1;
    }
    *out = d;
    return 0;
}

void db_close(db *d) {
    if (!d) return;
    for (int i = 0; i < STMT_CACHE_SIZE; i++)
        if (d->cache[i].st) sqlite3_finalize(d->cache[i].st);
    sqlite3_close(d->h);
    free(d);
}

sqlite3 *db_handle(db *d) { return d->h; }

sqlite3_stmt *db_prepare(db *d, const char *sql) {
    uintptr_t hsh = ((uintptr_t)sql >> 3) * 2654435761u;
    for (int probe = 0; probe < STMT_CACHE_SIZE; probe++) {
        int i = (int)((hsh + (uintptr_t)probe) & (STMT_CACHE_SIZE - 1));
        if (d->cache[i].sql == sql) {
            sqlite3_stmt *st = d->cache[i].st;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
        if (d->cache[i].sql == NULL) {
            sqlite3_stmt *st = NULL;
            if (sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
                log_error("prepare failed: %s -- %s", sqlite3_errmsg(d->h), sql);
                return NULL;
            }
            if (d->cached < STMT_CACHE_SIZE * 3 / 4) {
                d->cache[i].sql = sql;
                d->cache[i].st = st;
                d->cached++;
                return st;
            }
            log_error("statement cache full");
            sqlite3_finalize(st);
            return NULL;
        }
    }
    return NULL;
}

void db_done(sqlite3_stmt *st) { if (st) sqlite3_reset(st); }

int db_exec(db *d, const char *sql) {
    char *msg = NULL;
    if (sqlite3_exec(d->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        log_error("sql failed: %s -- %.200s", msg ? msg : sqlite3_errmsg(d->h), sql);
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static const char SQL_BEGIN[] = "BEGIN IMMEDIATE";
static const char SQL_BEGIN_READ[] = "BEGIN";
static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_ROLLBACK[] = "ROLLBACK";

static int run_simple(db *d, const char *sql) {
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("%s failed: %s", sql, sqlite3_errmsg(d->h)); return -1; }
    return 0;
}

int db_begin(db *d) {
    db_end_snapshot(d);
    return run_simple(d, SQL_BEGIN);
}

int db_read_snapshot(db *d) {
    if (!sqlite3_get_autocommit(d->h)) return 0;      /* already inside a transaction */
    if (run_simple(d, SQL_BEGIN_READ) != 0) return -1;
    d->snapshot = true;
    return 0;
}

void db_end_snapshot(db *d) {
    if (!d->snapshot) return;
    d->snapshot = false;
    if (!sqlite3_get_autocommit(d->h)) run_simple(d, SQL_COMMIT);
}
int db_commit(db *d) {
    if (run_simple(d, SQL_COMMIT) != 0) { db_rollback(d); return -1; }
    return 0;
}
void db_rollback(db *d) {
    d->snapshot = false;
    if (!sqlite3_get_autocommit(d->h)) run_simple(d, SQL_ROLLBACK);
}

long long db_last_id(db *d) { return sqlite3_last_insert_rowid(d->h); }

static const char SQL_SETTING[] = "SELECT value FROM settings WHERE key = ?1";

long long db_setting(db *d, const char *key) {
    sqlite3_stmt *st = db_prepare(d, SQL_SETTING);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return v;
}
int db_changes(db *d) { return sqlite3_changes(d->h); }

const char *db_text(sqlite3_stmt *st, int i) {
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

int db_why_unchanged(db *d, const char *sql_exists, long long id) {
    sqlite3_stmt *st = db_prepare(d, sql_exists);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? STORE_STALE : STORE_NOT_FOUND;
}

int db_schema_version(db *d) {
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(d->h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) { free(s); s = NULL; }
    if (s) s[n] = 0;
    fclose(f);
    return s;
}

/* 0 when PRAGMA foreign_key_check reports nothing; 1 when it reports a row (the first one described in
 * err: table, rowid, missing parent table); -1 with the reason in err when the check cannot run. */
static int fk_violation(db *d, char *err, size_t errlen) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(d->h, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "foreign key check: %s", sqlite3_errmsg(d->h));
        return -1;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        snprintf(err, errlen, "foreign key violated: %s row %lld names a missing %s", db_text(st, 0),
                 sqlite3_column_int64(st, 1), db_text(st, 2));
    else if (rc != SQLITE_DONE)
        snprintf(err, errlen, "foreign key check: %s", sqlite3_errmsg(d->h));
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Runs one migration's sql and sets user_version = num, in one transaction. Foreign keys are off while it
 * runs (the pragma cannot change inside a transaction, so around it) and checked before the commit, as
 * SQLite documents for schema changes that rebuild a table: with them on, DROP TABLE of a parent would
 * delete or refuse its children's rows (ON DELETE CASCADE). Returns 0, or -1 with a message in err. */
static int apply_migration(db *d, const char *name, const char *sql, int num, char *err, size_t errlen) {
    char setv[64], why[256] = "";
    snprintf(setv, sizeof setv, "PRAGMA user_version=%d;", num);
    char *msg = NULL;
    int rc = sqlite3_exec(d->h, "PRAGMA foreign_keys=OFF; BEGIN IMMEDIATE", NULL, NULL, &msg) == SQLITE_OK &&
             sqlite3_exec(d->h, sql, NULL, NULL, &msg) == SQLITE_OK &&
             fk_violation(d, why, sizeof why) == 0 &&
             sqlite3_exec(d->h, setv, NULL, NULL, &msg) == SQLITE_OK &&
             sqlite3_exec(d->h, "COMMIT", NULL, NULL, &msg) == SQLITE_OK ? 0 : -1;
    if (rc != 0) {
        snprintf(err, errlen, "migration %s failed: %s", name, msg ? msg : *why ? why : sqlite3_errmsg(d->h));
        if (!sqlite3_get_autocommit(d->h)) sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
    }
    sqlite3_free(msg);
    sqlite3_exec(d->h, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
    return rc;
}

int db_migrate(db *d, const char *schema_dir, int *applied, char *err, size_t errlen) {
    *applied = 0;
    DIR *dir = opendir(schema_dir);
    if (!dir) { snprintf(err, errlen, "cannot open schema directory %s", schema_dir); return -1; }
    char *names[1000] = {0};
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) && n < 1000) {
        size_t len = strlen(e->d_name);
        if (len > 8 && e->d_name[0] >= '0' && e->d_name[0] <= '9' && strcmp(e->d_name + len - 4, ".sql") == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(dir);
    qsort(names, (size_t)n, sizeof names[0], cmp_names);
    int rc = 0, current = db_schema_version(d);
    for (int i = 0; i < n && rc == 0; i++) {
        int num = atoi(names[i]);
        if (num <= current) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", schema_dir, names[i]);
        char *sql = read_file(path);
        if (!sql) { snprintf(err, errlen, "cannot read %s", path); rc = -1; break; }
        rc = apply_migration(d, names[i], sql, num, err, errlen);
        if (rc == 0) {
            (*applied)++;
            current = num;
        }
        free(sql);
    }
    for (int i = 0; i < n; i++) free(names[i]);
    return rc;
}

int db_backup(db *d, const char *dest, char *err, size_t errlen) {
    sqlite3 *out = NULL;
    int rc = sqlite3_open_v2(dest, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot create %s: %s", dest, out ? sqlite3_errmsg(out) : "?");
        sqlite3_close(out);
        return -1;
    }
    sqlite3_backup *b = sqlite3_backup_init(out, "main", d->h, "main");
    if (!b) {
        snprintf(err, errlen, "backup failed: %s", sqlite3_errmsg(out));
        sqlite3_close(out);
        return -1;
    }
    /* copy in steps so writers are not held up for long; restart if the source changes under us */
    do {
        rc = sqlite3_backup_step(b, 1024);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        snprintf(err, errlen, "backup failed: %s", sqlite3_errstr(rc));
        sqlite3_close(out);
        return -1;
    }
    /* the copy is a plain rollback-journal file: it can be opened anywhere, or renamed into place */
    sqlite3_exec(out, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    sqlite3_close(out);
    return 0;
}

int db_checkpoint(db *d) {
    int logn = 0, ckpt = 0;
    int rc = sqlite3_wal_checkpoint_v2(d->h, NULL, SQLITE_CHECKPOINT_PASSIVE, &logn, &ckpt);
    return rc == SQLITE_OK ? 0 : -1;
}

/* The current row as an object; with keys (the column names copied once per run), the members share
 * them instead of each row copying every name. */
static cJSON *row_json(sqlite3_stmt *st, int ncol) {
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; i < ncol; i++) {
        cJSON *v;
        switch (sqlite3_column_type(st, i)) {
        case SQLITE_INTEGER: v = cJSON_CreateNumber((double)sqlite3_column_int64(st, i)); break;
        case SQLITE_FLOAT: v = cJSON_CreateNumber(sqlite3_column_double(st, i)); break;
        case SQLITE_NULL: v = cJSON_CreateNull(); break;
        default: v = cJSON_CreateString(db_text(st, i)); break;
        }
        cJSON_AddItemToObject(o, sqlite3_column_name(st, i), v);
    }
    return o;
}

#define SHARED_KEYS_MAX 64

/* cJSON's valueint for a number (saturated, as cJSON_CreateNumber sets it). */
static int saturated_int(double d) {
    if (d >= (double)INT_MAX) return INT_MAX;
    if (d <= (double)INT_MIN) return INT_MIN;
    return (int)d;
}

/* The arena path of db_rows_json: the same tree cJSON's constructors build (members linked in column
 * order, the first member's prev pointing at the last, names shared and marked constant), made with
 * one allocation for the object and its members and one per text value, instead of a constructor,
 * an allocation and a link call per member (a 50-row list built 650 members that way). */
static cJSON *row_json_arena(arena *a, sqlite3_stmt *st, int ncol, const char *const *keys) {
    cJSON *o = arena_alloc(a, sizeof(cJSON) * (size_t)(ncol + 1));
    memset(o, 0, sizeof(cJSON) * (size_t)(ncol + 1));
    o->type = cJSON_Object;
    cJSON *m = o + 1;
    for (int i = 0; i < ncol; i++) {
        cJSON *v = &m[i];
        sqlite3_value *cell = sqlite3_column_value(st, i);   /* one API call per cell, not two or three */
        int type = sqlite3_value_type(cell);
        switch (type) {
        case SQLITE_INTEGER:
        case SQLITE_FLOAT:
            v->type = cJSON_Number;
            v->valuedouble = type == SQLITE_INTEGER ? (double)sqlite3_value_int64(cell) : sqlite3_value_double(cell);
            v->valueint = saturated_int(v->valuedouble);
            break;
        case SQLITE_NULL: v->type = cJSON_NULL; break;
        default: {
            const unsigned char *t = sqlite3_value_text(cell);
            size_t n = t ? (size_t)sqlite3_value_bytes(cell) : 0;
            char *copy = arena_alloc(a, n + 1);
            if (n) memcpy(copy, t, n);
            copy[n] = 0;
            v->type = cJSON_String;
            v->valuestring = copy;
        }
        }
        v->type |= cJSON_StringIsConst;
        v->string = (char *)keys[i];
        v->prev = i ? &m[i - 1] : &m[ncol - 1];
        v->next = i + 1 < ncol ? &m[i + 1] : NULL;
    }
    o->child = ncol ? m : NULL;
    return o;
}

cJSON *db_row_json(sqlite3_stmt *st) {
    int ncol = sqlite3_column_count(st);
    arena *a = jsonmem_arena();
    if (!a || ncol > SHARED_KEYS_MAX) return row_json(st, ncol);
    const char *keys[SHARED_KEYS_MAX];
    for (int i = 0; i < ncol; i++) keys[i] = arena_strdup(a, sqlite3_column_name(st, i));
    return row_json_arena(a, st, ncol, keys);
}

int db_rows_json(sqlite3_stmt *st, cJSON *arr) {
    int n = 0, rc, ncol = sqlite3_column_count(st);
    /* inside a request cJSON allocates from the request arena, which outlives every tree built in it:
     * the names can be copied there once and shared (cJSON_Delete does not free shared names, and
     * arena trees are never deleted one by one) */
    const char *keys[SHARED_KEYS_MAX];
    arena *a = jsonmem_arena();
    bool shared = a && ncol <= SHARED_KEYS_MAX;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == 0 && shared)
            for (int i = 0; i < ncol; i++) keys[i] = arena_strdup(a, sqlite3_column_name(st, i));
        cJSON_AddItemToArray(arr, shared ? row_json_arena(a, st, ncol, keys) : row_json(st, ncol));
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("query failed: %s", sqlite3_errstr(rc)); return -1; }
    return n;
}
