/* retired.c — SQL for the 已停用客户 page; see retired.h. Each statement walks schema/026's partial index
 * (the retired customers only, every column shown, by (updated_at, id)): all of them, or one manager's
 * picked out on the way (scope.h: two variants, not "? = 0 OR"). A text is looked for in each retired row
 * walked with instr(): they are few (~17,000 at a million customers). */
#include "retired.h"
#include "log.h"

#define COLS "SELECT c.id, c.no, c.name, c.phone, c.region, c.level, c.manager_id, c.updated_at"
/* each column on its own (no string built a row); 客户编号 is upper case, so the text is too for it */
#define TEXT " AND (?3 IS NULL OR instr(lower(c.name), lower(?3)) > 0 OR instr(c.no, upper(?3)) > 0 OR instr(c.phone, ?3) > 0)"
#define KEY " AND (c.updated_at, c.id) < (?1, ?2)"
#define ORDER " ORDER BY c.updated_at DESC, c.id DESC LIMIT ?4"
#define ALL " FROM customers c INDEXED BY customers_retired WHERE c.retired = 1"
#define ONE " FROM customers c INDEXED BY customers_retired WHERE c.retired = 1 AND c.manager_id = ?5"

static const char SQL_LIST_ALL[] = COLS ALL TEXT KEY ORDER;
static const char SQL_LIST_ONE[] = COLS ONE TEXT KEY ORDER;
static const char SQL_COUNT_ALL[] = "SELECT count(*) FROM (SELECT 1" ALL TEXT " LIMIT ?4)";
static const char SQL_COUNT_ONE[] = "SELECT count(*) FROM (SELECT 1" ONE TEXT " LIMIT ?4)";
static const char SQL_MANAGER[] = "SELECT name FROM users WHERE id = ?1";

/* Binds the filter to st (one of the statements above, prepared by the caller); st or NULL. */
static sqlite3_stmt *bind(sqlite3_stmt *st, const retired_filter *f, long long limit) {
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, f->after ? f->before_at : 9000000000000000000LL);
    sqlite3_bind_int64(st, 2, f->after ? f->before_id : 9000000000000000000LL);
    if (f->q && *f->q) sqlite3_bind_text(st, 3, f->q, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, 3);
    sqlite3_bind_int64(st, 4, limit);
    if (f->manager) sqlite3_bind_int64(st, 5, f->manager);
    return st;
}

/* The manager's name (users are few; a page names a handful), or "". */
static void add_manager_name(db *d, cJSON *row, long long manager_id) {
    sqlite3_stmt *st = db_prepare(d, SQL_MANAGER);
    const char *name = "";
    if (st) {
        sqlite3_bind_int64(st, 1, manager_id);
        if (sqlite3_step(st) == SQLITE_ROW) name = db_text(st, 0);
    }
    cJSON_AddStringToObject(row, "manager_name", name);
    if (st) sqlite3_reset(st);
}

int retired_list(db *d, const retired_filter *f, cJSON *rows) {
    bool one = f->manager != 0;
    sqlite3_stmt *st = bind(db_prepare(d, one ? SQL_LIST_ONE : SQL_LIST_ALL), f, f->limit);
    if (!st) return -1;
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(st, 0));
        cJSON_AddStringToObject(o, "no", db_text(st, 1));
        cJSON_AddStringToObject(o, "name", db_text(st, 2));
        cJSON_AddStringToObject(o, "phone", db_text(st, 3));
        cJSON_AddStringToObject(o, "region", db_text(st, 4));
        cJSON_AddStringToObject(o, "level", db_text(st, 5));
        cJSON_AddNumberToObject(o, "manager_id", (double)sqlite3_column_int64(st, 6));
        cJSON_AddNumberToObject(o, "retired_at", (double)sqlite3_column_int64(st, 7));
        cJSON_AddItemToArray(rows, o);
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("retired list failed: %s", sqlite3_errstr(rc)); return -1; }
    cJSON *o;
    cJSON_ArrayForEach(o, rows) add_manager_name(d, o, (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "manager_id")));
    return n;
}

long long retired_count(db *d, const retired_filter *f, long long cap) {
    bool one = f->manager != 0;
    sqlite3_stmt *st = bind(db_prepare(d, one ? SQL_COUNT_ONE : SQL_COUNT_ALL), f, cap);
    if (!st) return -1;
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}
