/* dict.c — SQL for dict_items; see dict.h. */
#include "dict.h"
#include "log.h"
#include <string.h>

const char *const DICT_CATEGORIES[] = {"customer_level", "region", "service_type", "opportunity_source", "unit",
                                       "warehouse", NULL};

bool dict_category_valid(const char *category) {
    for (int i = 0; DICT_CATEGORIES[i]; i++)
        if (strcmp(DICT_CATEGORIES[i], category) == 0) return true;
    return false;
}

static const char SQL_LIST[] =
    "SELECT id, category, item, value, editable, sort, version FROM dict_items"
    " WHERE ?1 IS NULL OR category = ?1 ORDER BY category, sort, id";

int dict_list(db *d, const char *category, cJSON *rows) {
    sqlite3_stmt *st = db_prepare(d, SQL_LIST);
    if (!st) return -1;
    if (category) sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
    return db_rows_json(st, rows);
}

static const char SQL_GET[] =
    "SELECT id, category, item, value, editable, sort, version FROM dict_items WHERE id = ?1";

cJSON *dict_get(db *d, long long id) {
    sqlite3_stmt *st = db_prepare(d, SQL_GET);
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, id);
    cJSON *o = sqlite3_step(st) == SQLITE_ROW ? db_row_json(st) : NULL;
    sqlite3_reset(st);
    return o;
}

static const char SQL_HAS[] = "SELECT 1 FROM dict_items WHERE category = ?1 AND value = ?2";

bool dict_has(db *d, const char *category, const char *value) {
    sqlite3_stmt *st = db_prepare(d, SQL_HAS);
    if (!st) return false;
    sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return found;
}

static const char SQL_INSERT[] =
    "INSERT INTO dict_items(category, item, value, editable, sort) VALUES (?1, ?2, ?3, 1, ?4)";

long long dict_create(db *d, const dict_fields *f) {
    sqlite3_stmt *st = db_prepare(d, SQL_INSERT);
    if (!st) return STORE_ERROR;
    sqlite3_bind_text(st, 1, f->category, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, f->item, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, f->value, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, f->sort);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) return STORE_DUPLICATE;
    if (rc != SQLITE_DONE) { log_error("dict insert failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_last_id(d);
}

static const char SQL_STATE[] = "SELECT version, editable FROM dict_items WHERE id = ?1";

/* Checks that the item exists, is editable and is at version. Returns STORE_OK or why not. */
static int check_editable(db *d, long long id, long long version) {
    sqlite3_stmt *st = db_prepare(d, SQL_STATE);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = STORE_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        if (sqlite3_column_int(st, 1) != 1) rc = STORE_LOCKED;
        else if (sqlite3_column_int64(st, 0) != version) rc = STORE_STALE;
        else rc = STORE_OK;
    }
    sqlite3_reset(st);
    return rc;
}

static const char SQL_UPDATE[] =
    "UPDATE dict_items SET item = ?3, value = ?4, sort = ?5, version = version + 1"
    " WHERE id = ?1 AND version = ?2 AND editable = 1";

int dict_update(db *d, long long id, long long version, const dict_fields *f) {
    int rc = check_editable(d, id, version);
    if (rc != STORE_OK) return rc;
    sqlite3_stmt *st = db_prepare(d, SQL_UPDATE);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, version);
    sqlite3_bind_text(st, 3, f->item, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, f->value, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, f->sort);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s == SQLITE_CONSTRAINT_UNIQUE) return STORE_DUPLICATE;
    return s == SQLITE_DONE && db_changes(d) == 1 ? STORE_OK : STORE_ERROR;
}

static const char SQL_DELETE[] = "DELETE FROM dict_items WHERE id = ?1 AND version = ?2 AND editable = 1";

int dict_delete(db *d, long long id, long long version) {
    int rc = check_editable(d, id, version);
    if (rc != STORE_OK) return rc;
    sqlite3_stmt *st = db_prepare(d, SQL_DELETE);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, version);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    return s == SQLITE_DONE && db_changes(d) == 1 ? STORE_OK : STORE_ERROR;
}
