/* activities.c — SQL for 交往记录 (interaction records); see activities.h. */
#include "activities.h"
#include "log.h"
#include <stdint.h>

#define ACTIVITY_COLS                                                                                \
    "a.id, a.customer_id, a.at, a.place, a.summary, a.detail, a.user_id, COALESCE(u.name, '') AS user_name," \
    " a.version, a.created_at, a.updated_at"

static const char SQL_FOR_CUSTOMER[] =
    "SELECT " ACTIVITY_COLS " FROM activities a LEFT JOIN users u ON u.id = a.user_id"
    " WHERE a.customer_id = ?1 ORDER BY a.at DESC, a.id DESC LIMIT ?2";

int activities_for_customer(db *d, long long customer_id, int limit, cJSON *rows) {
    sqlite3_stmt *st = db_prepare(d, SQL_FOR_CUSTOMER);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, customer_id);
    sqlite3_bind_int(st, 2, limit > 0 ? limit : -1);
    return db_rows_json(st, rows);
}

const char *const ACTIVITY_SORTS[] = {"-at", "at", NULL};

/* the filters of a customer's 交往记录 page: ?1 customer, ?2 from, ?3 to, ?4 text ('' = any); the keyset
 * (?5, ?6) and the limit ?7 — all walked in activities_by_customer (customer_id, at DESC, id DESC), either way */
#define LIST_WHERE                                                                                      \
    " WHERE a.customer_id = ?1 AND a.at >= ?2 AND a.at < ?3"                                           \
    " AND (?4 = '' OR instr(lower(a.summary || char(10) || a.place || char(10) || a.detail), lower(?4)) > 0)"
static const char SQL_LIST[] =
    "SELECT " ACTIVITY_COLS " FROM activities a LEFT JOIN users u ON u.id = a.user_id" LIST_WHERE
    " AND (a.at, a.id) < (?5, ?6) ORDER BY a.at DESC, a.id DESC LIMIT ?7";
static const char SQL_LIST_OLDEST[] =
    "SELECT " ACTIVITY_COLS " FROM activities a LEFT JOIN users u ON u.id = a.user_id" LIST_WHERE
    " AND (a.at, a.id) > (?5, ?6) ORDER BY a.at, a.id LIMIT ?7";
static const char SQL_COUNT[] = "SELECT count(*) FROM (SELECT 1 FROM activities a" LIST_WHERE " LIMIT ?7)";

/* With the keyset, the range's end (newest first) or start (oldest first) is also the keyset's time (the
 * index range ends or starts there, and the row value then passes the rows of that second up to the
 * keyset's id). */
static void bind_list(sqlite3_stmt *st, const activities_filter *f, int limit, bool keyset) {
    long long from = f->from ? f->from : INT64_MIN, to = f->to ? f->to : INT64_MAX;
    bool keyed = keyset && f->after;
    long long at = f->oldest_first ? INT64_MIN : INT64_MAX, id = at;
    if (keyed) { at = f->key_at; id = f->key_id; }
    if (keyed && !f->oldest_first && f->key_at < to) to = f->key_at + 1;
    if (keyed && f->oldest_first && f->key_at > from) from = f->key_at;
    sqlite3_bind_int64(st, 1, f->customer_id);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, to);
    sqlite3_bind_text(st, 4, f->q ? f->q : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, at);
    sqlite3_bind_int64(st, 6, id);
    sqlite3_bind_int(st, 7, limit > 0 ? limit : -1);
}

int activities_list(db *d, const activities_filter *f, cJSON *rows) {
    const char *sql = f->oldest_first ? SQL_LIST_OLDEST : SQL_LIST;
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return -1;
    bind_list(st, f, f->limit, true);
    return db_rows_json(st, rows);
}

long long activities_count(db *d, const activities_filter *f, long long cap) {
    sqlite3_stmt *st = db_prepare(d, SQL_COUNT);
    if (!st) return -1;
    bind_list(st, f, (int)cap, false);
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

static const char SQL_GET[] =
    "SELECT " ACTIVITY_COLS ", c.name AS customer_name, c.no AS customer_no, c.manager_id"
    " FROM activities a JOIN customers c ON c.id = a.customer_id LEFT JOIN users u ON u.id = a.user_id"
    " WHERE a.id = ?1";
static const char SQL_GET_SCOPED[] =
    "SELECT " ACTIVITY_COLS ", c.name AS customer_name, c.no AS customer_no, c.manager_id"
    " FROM activities a JOIN customers c ON c.id = a.customer_id LEFT JOIN users u ON u.id = a.user_id"
    " WHERE a.id = ?1 AND c.manager_id = ?2";

cJSON *activities_get(db *d, long long id, long long manager) {
    sqlite3_stmt *st = db_prepare(d, manager ? SQL_GET_SCOPED : SQL_GET);
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, id);
    if (manager) sqlite3_bind_int64(st, 2, manager);
    cJSON *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) o = db_row_json(st);
    sqlite3_reset(st);
    return o;
}

static const char SQL_INSERT[] =
    "INSERT INTO activities(customer_id, at, place, summary, detail, user_id, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)";

long long activities_create(db *d, long long customer_id, long long user_id, const activity_fields *f,
                            long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_INSERT);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, customer_id);
    sqlite3_bind_int64(st, 2, f->at);
    sqlite3_bind_text(st, 3, f->place ? f->place : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, f->summary, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, f->detail ? f->detail : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, user_id);
    sqlite3_bind_int64(st, 7, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("activity insert failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_last_id(d);
}

static const char SQL_EXISTS[] = "SELECT 1 FROM activities WHERE id = ?1";

/* After a versioned statement changed nothing: stale or missing? */
static const char SQL_UPDATE[] =
    "UPDATE activities SET at = ?3, place = ?4, summary = ?5, detail = ?6, version = version + 1,"
    " updated_at = ?7 WHERE id = ?1 AND version = ?2";

int activities_update(db *d, long long id, long long version, const activity_fields *f, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_UPDATE);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, version);
    sqlite3_bind_int64(st, 3, f->at);
    sqlite3_bind_text(st, 4, f->place ? f->place : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, f->summary, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, f->detail ? f->detail : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("activity update failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_changes(d) == 1 ? STORE_OK : db_why_unchanged(d, SQL_EXISTS, id);
}

static const char SQL_DELETE[] = "DELETE FROM activities WHERE id = ?1 AND version = ?2";

int activities_delete(db *d, long long id, long long version) {
    sqlite3_stmt *st = db_prepare(d, SQL_DELETE);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, version);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("activity delete failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_changes(d) == 1 ? STORE_OK : db_why_unchanged(d, SQL_EXISTS, id);
}
