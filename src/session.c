/* session.c — session rows; see session.h. last_seen is written at most once a minute per session so
 * that reading pages does not turn into a write per request, and after the page, so that the lookup
 * shares the page's read snapshot. */
#include "session.h"
#include "dict.h"
#include "app.h"
#include "log.h"
#include "roles.h"
#include "users.h"
#include <string.h>

static const char SQL_INSERT[] =
    "INSERT INTO sessions(token_hash, user_id, csrf, created_at, last_seen, expires_at, ip, user_agent)"
    " VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, substr(?7, 1, 200))";

long long session_create(db *d, long long user_id, long long now, long long absolute_seconds, const char *ip,
                         const char *user_agent, char token[TOKEN_CHARS + 1], char csrf[TOKEN_CHARS + 1]) {
    unsigned char hash[TOKEN_HASH_BYTES];
    token_new(token);
    token_new(csrf);
    token_hash(token, strlen(token), hash);
    sqlite3_stmt *st = db_prepare(d, SQL_INSERT);
    if (!st) return -1;
    sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_text(st, 3, csrf, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now);
    sqlite3_bind_int64(st, 5, now + absolute_seconds);
    sqlite3_bind_text(st, 6, ip ? ip : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, user_agent ? user_agent : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("session insert failed: %s", sqlite3_errstr(rc)); return -1; }
    return db_last_id(d);
}

/* One indexed lookup gives the session, its user and the user's permissions. */
static const char SQL_RESOLVE[] =
    "SELECT s.id, s.user_id, s.csrf, s.last_seen, s.expires_at, u.login, u.name, u.role, u.lang, u.active,"
    " (SELECT value FROM settings WHERE key = 'perm_generation'),"
    " (SELECT value FROM settings WHERE key = 'dict_generation'),"
    " (SELECT value FROM settings WHERE key = 'users_generation')"
    " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1";
static const char SQL_TOUCH[] = "UPDATE sessions SET last_seen = ?2 WHERE id = ?1";
static const char SQL_DELETE[] = "DELETE FROM sessions WHERE id = ?1";

bool session_resolve(request *r, const char *token, int idle_seconds) {
    size_t len = strlen(token);
    if (len != TOKEN_CHARS) return false;
    unsigned char hash[TOKEN_HASH_BYTES];
    token_hash(token, len, hash);
    sqlite3_stmt *st = db_prepare(r->db, SQL_RESOLVE);
    if (!st) return false;
    sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) { sqlite3_reset(st); return false; }
    long long sid = sqlite3_column_int64(st, 0);
    long long last_seen = sqlite3_column_int64(st, 3), expires = sqlite3_column_int64(st, 4);
    bool active = sqlite3_column_int(st, 9) == 1;
    if (!active || r->now >= expires || r->now - last_seen >= idle_seconds) {
        sqlite3_reset(st);
        r->user.session_expired_id = sid;
        return false;
    }
    user_ctx *u = &r->user;
    u->session_id = sid;
    u->id = sqlite3_column_int64(st, 1);
    u->csrf = arena_strdup(r->a, db_text(st, 2));
    u->login = arena_strdup(r->a, db_text(st, 5));
    u->name = arena_strdup(r->a, db_text(st, 6));
    u->role = arena_strdup(r->a, db_text(st, 7));
    u->lang = arena_strdup(r->a, db_text(st, 8));
    long long generation = sqlite3_column_int64(st, 10);
    dict_note_generation(sqlite3_column_int64(st, 11));
    users_note_generation(sqlite3_column_int64(st, 12));
    sqlite3_reset(st);
    app *ap = r->app;
    if (generation != ap->perm_generation) {
        /* the matrix changed (or was never loaded): reload it once for this worker */
        if (roles_load(r->db, ap->role_perms) == 0) ap->perm_generation = generation;
    }
    u->perms = 0;
    for (int i = 0; i < ROLE_COUNT; i++)
        if (strcmp(ROLES[i], u->role) == 0) u->perms = ap->role_perms[i];
    if (r->now - last_seen >= 60) u->session_touch_id = sid;
    return true;
}

void session_finish(request *r) {
    long long touch = r->user.session_touch_id, expired = r->user.session_expired_id;
    r->user.session_touch_id = r->user.session_expired_id = 0;
    if (expired) session_delete(r->db, expired);
    if (!touch) return;
    sqlite3_stmt *t = db_prepare(r->db, SQL_TOUCH);
    if (!t) return;
    sqlite3_bind_int64(t, 1, touch);
    sqlite3_bind_int64(t, 2, r->now);
    sqlite3_step(t);
    sqlite3_reset(t);
}

int session_delete(db *d, long long session_id) {
    sqlite3_stmt *st = db_prepare(d, SQL_DELETE);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, session_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static const char SQL_DELETE_USER[] = "DELETE FROM sessions WHERE user_id = ?1 AND id != ?2";

int session_delete_user(db *d, long long user_id, long long keep_id) {
    sqlite3_stmt *st = db_prepare(d, SQL_DELETE_USER);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, keep_id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static const char SQL_PURGE[] = "DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen <= ?1 - ?2";

int session_purge(db *d, long long now, int idle_seconds) {
    sqlite3_stmt *st = db_prepare(d, SQL_PURGE);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, idle_seconds);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? db_changes(d) : -1;
}
