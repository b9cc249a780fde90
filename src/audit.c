/* audit.c — writes and lists 操作日志 entries; see audit.h. The table refuses updates and deletes
 * by trigger, so the log can only grow. */
#include "audit.h"
#include "log.h"
#include <stdint.h>
#include <stdlib.h>

static const char SQL_INSERT[] =
    "INSERT INTO audit_log(at, user_id, record_type, record_id, action, before_json, after_json)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

int audit_write(db *d, long long now, long long user_id, const char *record_type, long long record_id,
                const char *action, const cJSON *before, const cJSON *after) {
    sqlite3_stmt *st = db_prepare(d, SQL_INSERT);
    if (!st) return -1;
    char *b = before ? cJSON_PrintUnformatted(before) : NULL;
    char *a = after ? cJSON_PrintUnformatted(after) : NULL;
    sqlite3_bind_int64(st, 1, now);
    if (user_id) sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_text(st, 3, record_type, -1, SQLITE_STATIC);
    if (record_id) sqlite3_bind_int64(st, 4, record_id);
    sqlite3_bind_text(st, 5, action, -1, SQLITE_STATIC);
    if (b) sqlite3_bind_text(st, 6, b, -1, SQLITE_TRANSIENT);
    if (a) sqlite3_bind_text(st, 7, a, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    cJSON_free(b);
    cJSON_free(a);
    if (rc != SQLITE_DONE) { log_error("audit insert failed: %s", sqlite3_errstr(rc)); return -1; }
    return 0;
}

/* One statement per leading filter, each walking its index newest first from the keyset bound
 * (a.id < ?1), with the other filters tested on the way (a NULL/0 parameter switches its condition
 * off). A record's history (the customer and user pages) walks that record's entries only: with one
 * statement for all filters, the planner walked the whole log from the newest entry, and a customer
 * page took 450 ms once an import had logged 100,000 other customers. A date range walks the time
 * index, newest first by (at, id) — the order of the ids, as entries are written with the time of
 * writing — and pages by both (?9, ?1). */
#define AUDIT_COLS                                                                                        \
    "SELECT a.id, a.at, a.user_id, COALESCE(u.name, '') AS user_name, COALESCE(u.login, '') AS user_login," \
    " a.record_type, a.record_id, a.action, a.before_json, a.after_json"
#define AUDIT_JOIN " LEFT JOIN users u ON u.id = a.user_id"
#define AUDIT_INDEXED(IDX) " FROM audit_log a INDEXED BY " IDX AUDIT_JOIN
#define AUDIT_FROM(IDX) AUDIT_INDEXED(IDX) " WHERE a.id < ?1"
#define AUDIT_FILTERS                                                                                     \
    "   AND (?2 = 0 OR a.user_id = ?2)"                                                                   \
    "   AND (?3 IS NULL OR a.record_type = ?3)"                                                           \
    "   AND (?4 = 0 OR a.record_id = ?4)"                                                                 \
    "   AND (?5 IS NULL OR a.action = ?5)"                                                                \
    "   AND (?6 = 0 OR a.at >= ?6)"                                                                       \
    "   AND (?7 = 0 OR a.at < ?7)"
#define AUDIT_REST AUDIT_FILTERS " ORDER BY a.id DESC LIMIT ?8"
static const char SQL_BY_RECORD[] =
    AUDIT_COLS AUDIT_FROM("audit_log_record") " AND a.record_type = ?3 AND a.record_id = ?4" AUDIT_REST;
/* a record id without its type: the record index once per type, the types listed by one seek each in
 * audit_log_type (a loose index scan), then the few matches sorted by id */
static const char SQL_BY_RECORD_ID[] =
    "WITH RECURSIVE types(t) AS (SELECT min(record_type) FROM audit_log"
    " UNION ALL SELECT (SELECT min(record_type) FROM audit_log WHERE record_type > types.t) FROM types"
    " WHERE types.t IS NOT NULL) "
    AUDIT_COLS AUDIT_FROM("audit_log_record") " AND a.record_type IN (SELECT t FROM types WHERE t IS NOT NULL)"
    " AND a.record_id = ?4" AUDIT_REST;
static const char SQL_BY_USER[] = AUDIT_COLS AUDIT_FROM("audit_log_user") " AND a.user_id = ?2" AUDIT_REST;
static const char SQL_BY_ACTION[] = AUDIT_COLS AUDIT_FROM("audit_log_action") " AND a.action = ?5" AUDIT_REST;
static const char SQL_BY_TYPE[] = AUDIT_COLS AUDIT_FROM("audit_log_type") " AND a.record_type = ?3" AUDIT_REST;
static const char SQL_BY_DATE[] =
    AUDIT_COLS AUDIT_INDEXED("audit_log_at") " WHERE a.at >= ?6 AND a.at < coalesce(nullif(?7, 0), 9223372036854775807)"
    " AND (a.at, a.id) < (?9, ?1)" AUDIT_FILTERS " ORDER BY a.at DESC, a.id DESC LIMIT ?8";
static const char SQL_ALL[] =
    AUDIT_COLS " FROM audit_log a" AUDIT_JOIN " WHERE a.id < ?1" AUDIT_REST;

int audit_list(db *d, const audit_filter *f, cJSON *rows) {
    const char *sql = f->record_type && f->record_id ? SQL_BY_RECORD
                    : f->record_id                   ? SQL_BY_RECORD_ID
                    : f->user_id                     ? SQL_BY_USER
                    : f->from || f->to               ? SQL_BY_DATE
                    : f->action                      ? SQL_BY_ACTION
                    : f->record_type                 ? SQL_BY_TYPE
                                                     : SQL_ALL;
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, f->before_id > 0 ? f->before_id : INT64_MAX);
    sqlite3_bind_int64(st, 2, f->user_id);
    if (f->record_type) sqlite3_bind_text(st, 3, f->record_type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, f->record_id);
    if (f->action) sqlite3_bind_text(st, 5, f->action, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, f->from);
    sqlite3_bind_int64(st, 7, f->to);
    sqlite3_bind_int(st, 8, f->limit > 0 ? f->limit : 50);
    if (sql == SQL_BY_DATE) sqlite3_bind_int64(st, 9, f->before_at > 0 && f->before_id > 0 ? f->before_at : INT64_MAX);
    return db_rows_json(st, rows);
}
