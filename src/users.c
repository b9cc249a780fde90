/* users.c — SQL for the users table; see users.h. */
#include "users.h"
#include "jsonmem.h"
#include "log.h"
#include <stdlib.h>
#include <string.h>

static const char SQL_GET[] =
    "SELECT id, login, name, role, region, lang, active, version, created_at, updated_at, failed_logins,"
    " locked_until FROM users WHERE id = ?1";

cJSON *users_get(db *d, long long id) {
    sqlite3_stmt *st = db_prepare(d, SQL_GET);
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, id);
    cJSON *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) o = db_row_json(st);
    sqlite3_reset(st);
    return o;
}

static const char SQL_LIST[] =
    "SELECT id, login, name, role, region, lang, active, version, created_at, updated_at FROM users"
    " WHERE id > ?1 AND (?2 IS NULL OR instr(login, ?2) > 0 OR instr(name, ?2) > 0)"
    " AND (?3 IS NULL OR role = ?3) AND (?4 < 0 OR active = ?4) ORDER BY id LIMIT ?5";

int users_list(db *d, const users_filter *f, cJSON *rows) {
    sqlite3_stmt *st = db_prepare(d, SQL_LIST);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, f->after_id);
    if (f->q && *f->q) sqlite3_bind_text(st, 2, f->q, -1, SQLITE_STATIC);
    if (f->role && *f->role) sqlite3_bind_text(st, 3, f->role, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, f->active);
    sqlite3_bind_int(st, 5, f->limit > 0 ? f->limit : 50);
    return db_rows_json(st, rows);
}

static const char SQL_LIST_ACTIVE[] =
    "SELECT id, name, login, role, region FROM users WHERE active = 1 AND (?1 IS NULL OR role = ?1)"
    " ORDER BY name";

/* ---- the per-worker cache ---------------------------------------------------------------------
 * Every user's id, login, name, role, region and active flag, ordered by id, copied to the heap with
 * the users_generation it was read at (schema/015: triggers move the counter when any of those change).
 * The session lookup notes the committed generation at the start of each request
 * (users_note_generation); without it the cache reads the counter itself. Same protocol as dict.c:
 * valid while the two agree, so the next read after a change re-loads it. Pickers (users_list_active)
 * and the customer list's 客户经理 column (users_name) read it instead of the users table. */
typedef struct user_entry {
    long long id;
    char *login, *name, *role, *region;
    bool active;
} user_entry;
static struct {
    user_entry *items;      /* by id */
    size_t n;
    size_t *by_name;        /* indexes of the active users, by name then id */
    size_t nactive;
    long long generation;   /* 0 = not loaded */
} cache;
static long long noted;     /* the generation this request saw; 0 = unknown */

static const char SQL_ALL[] = "SELECT id, login, name, role, region, active FROM users ORDER BY id";

void users_note_generation(long long generation) { noted = generation; }

static void cache_free(void) {
    for (size_t i = 0; i < cache.n; i++) {
        free(cache.items[i].login);
        free(cache.items[i].name);
        free(cache.items[i].role);
        free(cache.items[i].region);
    }
    free(cache.items);
    free(cache.by_name);
    memset(&cache, 0, sizeof cache);
}

static int by_name_cmp(const void *a, const void *b) {
    const user_entry *x = &cache.items[*(const size_t *)a], *y = &cache.items[*(const size_t *)b];
    int c = strcmp(x->name, y->name);
    return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* Makes the cache current. Returns 0 or -1 (then the cache is empty and callers read the table). */
static int cache_ensure(db *d) {
    long long want = noted ? noted : db_setting(d, "users_generation");
    if (want < 0) return -1;
    if (cache.items && cache.generation == want) return 0;
    cache_free();
    long long got = db_setting(d, "users_generation");   /* what the rows below belong to (inside a transaction: its own) */
    sqlite3_stmt *st = db_prepare(d, SQL_ALL);
    if (got < 0 || !st) return -1;
    size_t cap = 0;
    bool ok = true;
    while (ok && sqlite3_step(st) == SQLITE_ROW) {
        if (cache.n == cap) {
            cap = cap ? cap * 2 : 64;
            user_entry *grown = realloc(cache.items, cap * sizeof *grown);
            if (!grown) { ok = false; break; }
            cache.items = grown;
        }
        user_entry *e = &cache.items[cache.n++];
        e->id = sqlite3_column_int64(st, 0);
        e->login = strdup(db_text(st, 1));
        e->name = strdup(db_text(st, 2));
        e->role = strdup(db_text(st, 3));
        e->region = strdup(db_text(st, 4));
        e->active = sqlite3_column_int(st, 5) == 1;
        if (!e->login || !e->name || !e->role || !e->region) ok = false;
    }
    sqlite3_reset(st);
    if (ok && cache.n && !(cache.by_name = malloc(cache.n * sizeof *cache.by_name))) ok = false;
    if (!ok) { log_error("users cache: out of memory"); cache_free(); return -1; }
    for (size_t i = 0; i < cache.n; i++)
        if (cache.items[i].active) cache.by_name[cache.nactive++] = i;
    qsort(cache.by_name, cache.nactive, sizeof *cache.by_name, by_name_cmp);
    cache.generation = got;
    noted = got;   /* (after this request's own change: the rest of the request reads what it wrote) */
    return 0;
}

int users_list_active(db *d, const char *role, cJSON *rows) {
    if (cache_ensure(d) != 0) {
        sqlite3_stmt *st = db_prepare(d, SQL_LIST_ACTIVE);
        if (!st) return -1;
        if (role) sqlite3_bind_text(st, 1, role, -1, SQLITE_STATIC);
        return db_rows_json(st, rows);
    }
    /* in a request the texts are copied into its arena (the cache may be reloaded before the view is
     * rendered, by the request's own change) and added as references, without cJSON's constructors */
    arena *a = jsonmem_arena();
    int n = 0;
    for (size_t k = 0; k < cache.nactive; k++) {
        const user_entry *e = &cache.items[cache.by_name[k]];
        if (role && strcmp(e->role, role) != 0) continue;
        cJSON *o = cJSON_CreateObject();
        json_add_number(o, "id", (double)e->id);
        if (a) {
            json_add_text_ref(o, "name", arena_strdup(a, e->name));
            json_add_text_ref(o, "login", arena_strdup(a, e->login));
            json_add_text_ref(o, "role", arena_strdup(a, e->role));
            json_add_text_ref(o, "region", arena_strdup(a, e->region));
        } else {
            cJSON_AddStringToObject(o, "name", e->name);
            cJSON_AddStringToObject(o, "login", e->login);
            cJSON_AddStringToObject(o, "role", e->role);
            cJSON_AddStringToObject(o, "region", e->region);
        }
        cJSON_AddItemToArray(rows, o);
        n++;
    }
    return n;
}

static const char SQL_NAME[] = "SELECT name FROM users WHERE id = ?1";

const char *users_name(db *d, arena *a, long long id) {
    if (cache_ensure(d) != 0) {
        sqlite3_stmt *st = db_prepare(d, SQL_NAME);
        if (!st) return "";
        sqlite3_bind_int64(st, 1, id);
        const char *name = arena_strdup(a, sqlite3_step(st) == SQLITE_ROW ? db_text(st, 0) : "");
        sqlite3_reset(st);
        return name;
    }
    size_t lo = 0, hi = cache.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cache.items[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < cache.n && cache.items[lo].id == id ? arena_strdup(a, cache.items[lo].name) : "";
}

static const char SQL_INSERT[] =
    "INSERT INTO users(login, name, role, region, lang, active, pw_hash, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?7)";

long long users_create(db *d, const user_fields *f, const char *pw_hash, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_INSERT);
    if (!st) return STORE_ERROR;
    sqlite3_bind_text(st, 1, f->login, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, f->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, f->role, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, f->region ? f->region : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, f->lang ? f->lang : "zh-CN", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, pw_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) return STORE_DUPLICATE;
    if (rc != SQLITE_DONE) { log_error("user insert failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_last_id(d);
}

static const char SQL_EXISTS[] = "SELECT version FROM users WHERE id = ?1";

/* After an UPDATE ... WHERE version = ? that changed nothing: stale or missing? */
static const char SQL_UPDATE[] =
    "UPDATE users SET login = ?3, name = ?4, role = ?5, region = ?6, lang = ?7, version = version + 1,"
    " updated_at = ?8 WHERE id = ?1 AND version = ?2";

int users_update(db *d, long long id, long long version, const user_fields *f, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_UPDATE);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, version);
    sqlite3_bind_text(st, 3, f->login, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, f->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, f->role, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, f->region ? f->region : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, f->lang ? f->lang : "zh-CN", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) return STORE_DUPLICATE;
    if (rc != SQLITE_DONE) { log_error("user update failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_changes(d) == 1 ? STORE_OK : db_why_unchanged(d, SQL_EXISTS, id);
}

static const char SQL_SET_ACTIVE[] =
    "UPDATE users SET active = ?3, version = version + 1, updated_at = ?4 WHERE id = ?1 AND version = ?2";

int users_set_active(db *d, long long id, long long version, bool active, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_SET_ACTIVE);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, version);
    sqlite3_bind_int(st, 3, active ? 1 : 0);
    sqlite3_bind_int64(st, 4, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return STORE_ERROR;
    return db_changes(d) == 1 ? STORE_OK : db_why_unchanged(d, SQL_EXISTS, id);
}

static const char SQL_SET_PASSWORD[] =
    "UPDATE users SET pw_hash = ?2, failed_logins = 0, locked_until = 0, version = version + 1,"
    " updated_at = ?3 WHERE id = ?1";

int users_set_password(db *d, long long id, const char *pw_hash, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_SET_PASSWORD);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, pw_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return STORE_ERROR;
    return db_changes(d) == 1 ? STORE_OK : STORE_NOT_FOUND;
}

static const char SQL_SET_LANG[] = "UPDATE users SET lang = ?2, updated_at = ?3 WHERE id = ?1";

int users_set_lang(db *d, long long id, const char *lang, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_SET_LANG);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_OK : STORE_ERROR;
}

static const char SQL_LOGIN[] =
    "SELECT id, active, failed_logins, locked_until, pw_hash FROM users WHERE login = ?1";

int users_login_lookup(db *d, const char *login, login_row *out) {
    sqlite3_stmt *st = db_prepare(d, SQL_LOGIN);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->active = sqlite3_column_int(st, 1) == 1;
        out->failed_logins = sqlite3_column_int(st, 2);
        out->locked_until = sqlite3_column_int64(st, 3);
        snprintf(out->pw_hash, sizeof out->pw_hash, "%s", db_text(st, 4));
        found = 1;
    } else if (rc != SQLITE_DONE) {
        found = -1;
    }
    sqlite3_reset(st);
    return found;
}

static const char SQL_FAILED[] =
    "UPDATE users SET failed_logins = failed_logins + 1,"
    " locked_until = CASE WHEN failed_logins + 1 >= ?2"
    "   THEN ?3 + min(900, 30 * (1 << min(10, failed_logins + 1 - ?2))) ELSE locked_until END"
    " WHERE id = ?1 RETURNING locked_until";

long long users_login_failed(db *d, long long id, int max_failures, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_FAILED);
    if (!st) return 0;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, max_failures);
    sqlite3_bind_int64(st, 3, now);
    long long until = 0;
    if (sqlite3_step(st) == SQLITE_ROW) until = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return until > now ? until : 0;
}

static const char SQL_OK[] = "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?1";

int users_login_ok(db *d, long long id, long long now) {
    (void)now;
    sqlite3_stmt *st = db_prepare(d, SQL_OK);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? STORE_OK : STORE_ERROR;
}

static const char SQL_COUNT[] = "SELECT count(*) FROM users";

long long users_count(db *d) {
    sqlite3_stmt *st = db_prepare(d, SQL_COUNT);
    if (!st) return -1;
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}
