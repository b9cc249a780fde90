/* dict.c — SQL for dict_items and the per-worker cache of them; see dict.h. */
#include "dict.h"
#include "log.h"
#include <stdlib.h>
#include <string.h>

const char *const DICT_CATEGORIES[] = {"customer_level", "region", "service_type", "opportunity_source", "unit",
                                       "warehouse", NULL};

bool dict_category_valid(const char *category) {
    for (int i = 0; DICT_CATEGORIES[i]; i++)
        if (strcmp(DICT_CATEGORIES[i], category) == 0) return true;
    return false;
}

/* ---- the per-worker cache ---------------------------------------------------------------------
 * Every item, ordered by category, sort, id, copied to the heap with the dict_generation it was read
 * at (schema/006: triggers move the counter on every change). The session lookup notes the committed
 * generation at the start of each request (dict_note_generation); a request without a session reads
 * it itself. The cache is valid while the two agree, so after a change, committed or rolled back, the
 * next read re-loads it. */
#define MAX_RANGES 32
typedef struct range { const char *category; size_t start, n; } range;
static struct {
    dict_entry *items;
    size_t n;
    long long generation;   /* 0 = not loaded */
    range ranges[MAX_RANGES];   /* each category's run of items (more categories: found by a scan) */
    size_t nranges;
} cache;
static long long noted;     /* the generation this request saw; 0 = unknown */
static bool english;        /* the request's language is English */

static const char SQL_ALL[] =
    "SELECT id, category, item, value, editable, sort, version, item_en FROM dict_items ORDER BY category, sort, id";

void dict_note_generation(long long generation) { noted = generation; }
void dict_note_language(const char *lang) { english = lang && strcmp(lang, "en") == 0; }
const char *dict_entry_label(const dict_entry *e) { return english && e->item_en[0] ? e->item_en : e->item; }

static void cache_free(void) {
    for (size_t i = 0; i < cache.n; i++) {
        free(cache.items[i].category);
        free(cache.items[i].item);
        free(cache.items[i].item_en);
        free(cache.items[i].value);
    }
    free(cache.items);
    memset(&cache, 0, sizeof cache);
}

/* Makes the cache current. Returns 0 or -1 (then the cache is empty). */
static int cache_ensure(db *d) {
    long long want = noted ? noted : db_setting(d, "dict_generation");
    if (want < 0) return -1;
    if (cache.items && cache.generation == want) return 0;
    cache_free();
    long long got = db_setting(d, "dict_generation");   /* what the rows below belong to (inside a transaction: its own) */
    sqlite3_stmt *st = db_prepare(d, SQL_ALL);
    if (got < 0 || !st) return -1;
    size_t cap = 0;
    bool ok = true;
    while (ok && sqlite3_step(st) == SQLITE_ROW) {
        if (cache.n == cap) {
            cap = cap ? cap * 2 : 64;
            dict_entry *grown = realloc(cache.items, cap * sizeof *grown);
            if (!grown) { ok = false; break; }
            cache.items = grown;
        }
        dict_entry *e = &cache.items[cache.n];
        e->id = sqlite3_column_int64(st, 0);
        e->category = strdup(db_text(st, 1));
        e->item = strdup(db_text(st, 2));
        e->value = strdup(db_text(st, 3));
        e->editable = sqlite3_column_int(st, 4) == 1;
        e->sort = sqlite3_column_int64(st, 5);
        e->version = sqlite3_column_int64(st, 6);
        e->item_en = strdup(db_text(st, 7));
        cache.n++;
        if (!e->category || !e->item || !e->value || !e->item_en) ok = false;
    }
    sqlite3_reset(st);
    if (!ok) { log_error("dictionary cache: out of memory"); cache_free(); return -1; }
    for (size_t i = 0; i < cache.n && cache.nranges < MAX_RANGES; i++) {
        range *last = cache.nranges ? &cache.ranges[cache.nranges - 1] : NULL;
        if (last && strcmp(last->category, cache.items[i].category) == 0) last->n++;
        else cache.ranges[cache.nranges++] = (range){cache.items[i].category, i, 1};
    }
    cache.generation = got;
    noted = got;   /* (after this request's own change: the rest of the request reads what it wrote) */
    return 0;
}

size_t dict_items(db *d, const char *category, const dict_entry **items) {
    *items = NULL;
    if (cache_ensure(d) != 0) return 0;
    if (cache.nranges < MAX_RANGES) {
        for (size_t k = 0; k < cache.nranges; k++)
            if (strcmp(cache.ranges[k].category, category) == 0) {
                *items = cache.items + cache.ranges[k].start;
                return cache.ranges[k].n;
            }
        return 0;
    }
    size_t i = 0;
    while (i < cache.n && strcmp(cache.items[i].category, category) != 0) i++;
    size_t j = i;
    while (j < cache.n && strcmp(cache.items[j].category, category) == 0) j++;
    *items = cache.items + i;
    return j - i;
}

const char *dict_label(db *d, const char *category, const char *value) {
    const dict_entry *e;
    size_t n = dict_items(d, category, &e);
    for (size_t i = 0; i < n; i++)
        if (e[i].value[0] == value[0] && strcmp(e[i].value, value) == 0) return dict_entry_label(&e[i]);
    return NULL;
}

static void add_entry(cJSON *rows, const dict_entry *e) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)e->id);
    cJSON_AddStringToObject(o, "category", e->category);
    cJSON_AddStringToObject(o, "item", e->item);
    cJSON_AddStringToObject(o, "item_en", e->item_en);
    cJSON_AddStringToObject(o, "label", dict_entry_label(e));
    cJSON_AddStringToObject(o, "value", e->value);
    cJSON_AddNumberToObject(o, "editable", e->editable);
    cJSON_AddNumberToObject(o, "sort", (double)e->sort);
    cJSON_AddNumberToObject(o, "version", (double)e->version);
    cJSON_AddItemToArray(rows, o);
}

int dict_list(db *d, const char *category, cJSON *rows) {
    if (cache_ensure(d) != 0) return -1;
    for (size_t i = 0; i < cache.n; i++)
        if (!category || strcmp(cache.items[i].category, category) == 0) add_entry(rows, &cache.items[i]);
    return 0;
}

static const char SQL_GET[] =
    "SELECT id, category, item, item_en, value, editable, sort, version FROM dict_items WHERE id = ?1";

cJSON *dict_get(db *d, long long id) {
    sqlite3_stmt *st = db_prepare(d, SQL_GET);
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, id);
    cJSON *o = sqlite3_step(st) == SQLITE_ROW ? db_row_json(st) : NULL;
    sqlite3_reset(st);
    return o;
}

bool dict_has(db *d, const char *category, const char *value) {
    return dict_label(d, category, value) != NULL;
}

static const char SQL_INSERT[] =
    "INSERT INTO dict_items(category, item, value, editable, sort, item_en) VALUES (?1, ?2, ?3, 1, ?4, ?5)";

long long dict_create(db *d, const dict_fields *f) {
    sqlite3_stmt *st = db_prepare(d, SQL_INSERT);
    if (!st) return STORE_ERROR;
    sqlite3_bind_text(st, 1, f->category, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, f->item, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, f->value, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, f->sort);
    sqlite3_bind_text(st, 5, f->item_en ? f->item_en : "", -1, SQLITE_STATIC);
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
    "UPDATE dict_items SET item = ?3, value = ?4, sort = ?5, item_en = ?6, version = version + 1"
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
    sqlite3_bind_text(st, 6, f->item_en ? f->item_en : "", -1, SQLITE_STATIC);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s == SQLITE_CONSTRAINT_UNIQUE) return STORE_DUPLICATE;
    return s == SQLITE_DONE && db_changes(d) == 1 ? STORE_OK : STORE_ERROR;
}

/* How many records use a value of a category: customers (active ones from the counts schema/005
 * keeps, retired ones through the partial index of schema/026: a retired customer's page still shows
 * its 地区 and 等级) and users for 地区, customers for 客户等级, products for 单位, stock rows for 仓库.
 * Order lines keep their unit as text, so they do not count. */
static const char SQL_USES[] =
    "SELECT CASE ?1"
    " WHEN 'region' THEN (SELECT coalesce(sum(n), 0) FROM customer_counts WHERE manager_id = 0 AND region = ?2)"
    "                  + (SELECT count(*) FROM customers WHERE retired = 1 AND region = ?2)"
    "                  + (SELECT count(*) FROM users WHERE region = ?2)"
    " WHEN 'customer_level' THEN (SELECT coalesce(sum(n), 0) FROM customer_counts WHERE manager_id = 0 AND level = ?2)"
    "                  + (SELECT count(*) FROM customers WHERE retired = 1 AND level = ?2)"
    " WHEN 'unit' THEN (SELECT count(*) FROM products WHERE unit = ?2)"
    " WHEN 'warehouse' THEN (SELECT count(*) FROM stock WHERE warehouse = ?2)"
    " ELSE 0 END";

long long dict_uses(db *d, long long id) {
    cJSON *it = dict_get(d, id);
    if (!it) return 0;
    sqlite3_stmt *st = db_prepare(d, SQL_USES);
    if (!st) { cJSON_Delete(it); return -1; }
    sqlite3_bind_text(st, 1, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "category")), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "value")), -1, SQLITE_TRANSIENT);
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    cJSON_Delete(it);
    return n;
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
