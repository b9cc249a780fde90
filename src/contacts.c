/* contacts.c — SQL for 联系人 (contacts); see contacts.h. The single primary contact per customer is
 * kept by clearing the others before setting one (same transaction as the caller's), with the unique
 * partial index contacts_one_primary as the backstop. */
#include "contacts.h"
#include "log.h"

/* Prepares, binds (via the caller), steps once and resets a write statement.
 * Returns the sqlite3_step result, or SQLITE_ERROR when it cannot be prepared. */
typedef void (*binder)(sqlite3_stmt *st, const void *arg);
static int run_write(db *d, const char *sql, binder bind, const void *arg) {
    sqlite3_stmt *st = db_prepare(d, sql);
    int rc = SQLITE_ERROR;
    if (st) {
        bind(st, arg);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
    }
    return rc;
}

#define CONTACT_COLS                                                                                 \
    "k.id, k.customer_id, k.name, k.gender, k.title, k.office_phone, k.mobile, k.email, k.note,"     \
    " k.is_primary, k.version, k.created_at, k.updated_at"

static const char SQL_PARENT[] =
    "SELECT id, no, name, manager_id, retired, address FROM customers WHERE id = ?1";
static const char SQL_PARENT_SCOPED[] =
    "SELECT id, no, name, manager_id, retired, address FROM customers WHERE id = ?1 AND manager_id = ?2";

cJSON *contacts_parent(db *d, long long customer_id, long long manager) {
    sqlite3_stmt *st = db_prepare(d, manager ? SQL_PARENT_SCOPED : SQL_PARENT);
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, customer_id);
    if (manager) sqlite3_bind_int64(st, 2, manager);
    cJSON *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) o = db_row_json(st);
    sqlite3_reset(st);
    return o;
}

/* in contacts_by_customer's order: "ORDER BY is_primary DESC, id" sorted in a temporary b-tree, which cost
 * more than the rest of the query; the one primary contact (contacts_one_primary) is moved first below */
static const char SQL_FOR_CUSTOMER[] =
    "SELECT " CONTACT_COLS " FROM contacts k WHERE k.customer_id = ?1 ORDER BY k.id LIMIT ?2";
static const char SQL_PRIMARY[] =   /* contacts_one_primary */
    "SELECT " CONTACT_COLS " FROM contacts k WHERE k.customer_id = ?1 AND k.is_primary = 1";
static const char SQL_COUNT[] = "SELECT count(*) FROM contacts WHERE customer_id = ?1";

int contacts_for_customer(db *d, long long customer_id, int limit, cJSON *rows) {
    sqlite3_stmt *st = db_prepare(d, SQL_FOR_CUSTOMER);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, customer_id);
    sqlite3_bind_int(st, 2, limit > 0 ? limit : -1);
    int before = cJSON_GetArraySize(rows), n = db_rows_json(st, rows), i = 0;
    if (n < 0) return -1;
    cJSON *it;
    bool moved = false;
    cJSON_ArrayForEach(it, rows) {
        if (i++ < before) continue;
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(it, "is_primary");
        if (cJSON_IsNumber(p) && p->valuedouble != 0) {
            if (i - 1 > before) cJSON_InsertItemInArray(rows, before, cJSON_DetachItemViaPointer(rows, it));
            moved = true;
            break;
        }
    }
    if (!moved && limit > 0 && n == limit) {   /* the primary contact may come later by id */
        cJSON *primary = cJSON_CreateArray();
        sqlite3_stmt *one = db_prepare(d, SQL_PRIMARY);
        if (!one) return -1;
        sqlite3_bind_int64(one, 1, customer_id);
        if (db_rows_json(one, primary) == 1) {
            cJSON_InsertItemInArray(rows, before, cJSON_DetachItemFromArray(primary, 0));
            n++;
        }
    }
    return n;
}

long long contacts_count(db *d, long long customer_id) {
    sqlite3_stmt *st = db_prepare(d, SQL_COUNT);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, customer_id);
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

static const char SQL_GET[] =
    "SELECT " CONTACT_COLS ", c.name AS customer_name, c.no AS customer_no, c.manager_id"
    " FROM contacts k JOIN customers c ON c.id = k.customer_id WHERE k.id = ?1";
static const char SQL_GET_SCOPED[] =
    "SELECT " CONTACT_COLS ", c.name AS customer_name, c.no AS customer_no, c.manager_id"
    " FROM contacts k JOIN customers c ON c.id = k.customer_id WHERE k.id = ?1 AND c.manager_id = ?2";

cJSON *contacts_get(db *d, long long id, long long manager) {
    sqlite3_stmt *st = db_prepare(d, manager ? SQL_GET_SCOPED : SQL_GET);
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, id);
    if (manager) sqlite3_bind_int64(st, 2, manager);
    cJSON *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) o = db_row_json(st);
    sqlite3_reset(st);
    return o;
}

static const char SQL_CLEAR_PRIMARY[] =
    "UPDATE contacts SET is_primary = 0, version = version + 1, updated_at = ?3"
    " WHERE customer_id = ?1 AND is_primary = 1 AND id != ?2";

/* Clears the primary flag of every other contact of the customer. */
struct clear_args { long long customer_id, keep_id, now; };
static void bind_clear(sqlite3_stmt *st, const void *arg) {
    const struct clear_args *a = arg;
    sqlite3_bind_int64(st, 1, a->customer_id);
    sqlite3_bind_int64(st, 2, a->keep_id);
    sqlite3_bind_int64(st, 3, a->now);
}

static int clear_primary(db *d, long long customer_id, long long keep_id, long long now) {
    struct clear_args a = {customer_id, keep_id, now};
    int rc = run_write(d, SQL_CLEAR_PRIMARY, bind_clear, &a);
    if (rc != SQLITE_DONE) { log_error("contact primary clear failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return STORE_OK;
}

static void bind_fields(sqlite3_stmt *st, int from, const contact_fields *f) {
    sqlite3_bind_text(st, from, f->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, from + 1, f->gender ? f->gender : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, from + 2, f->title ? f->title : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, from + 3, f->office_phone ? f->office_phone : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, from + 4, f->mobile ? f->mobile : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, from + 5, f->email ? f->email : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, from + 6, f->note ? f->note : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, from + 7, f->is_primary ? 1 : 0);
}

static const char SQL_INSERT[] =
    "INSERT INTO contacts(customer_id, name, gender, title, office_phone, mobile, email, note, is_primary,"
    " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)";

struct write_args { long long id, version; const contact_fields *f; long long now; };
static void bind_insert(sqlite3_stmt *st, const void *arg) {
    const struct write_args *a = arg;
    sqlite3_bind_int64(st, 1, a->id);
    bind_fields(st, 2, a->f);
    sqlite3_bind_int64(st, 10, a->now);
}

long long contacts_create(db *d, long long customer_id, const contact_fields *f, long long now) {
    if (f->is_primary && clear_primary(d, customer_id, 0, now) != STORE_OK) return STORE_ERROR;
    struct write_args a = {customer_id, 0, f, now};
    int rc = run_write(d, SQL_INSERT, bind_insert, &a);
    if (rc != SQLITE_DONE) { log_error("contact insert failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_last_id(d);
}

static const char SQL_VERSION[] = "SELECT version, customer_id FROM contacts WHERE id = ?1";

/* The stored version and customer of a contact; STORE_NOT_FOUND when there is none. */
static int current(db *d, long long id, long long *version, long long *customer_id) {
    sqlite3_stmt *st = db_prepare(d, SQL_VERSION);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st), out = STORE_NOT_FOUND;
    if (rc == SQLITE_ROW) {
        *version = sqlite3_column_int64(st, 0);
        *customer_id = sqlite3_column_int64(st, 1);
        out = STORE_OK;
    } else if (rc != SQLITE_DONE) {
        out = STORE_ERROR;
    }
    sqlite3_reset(st);
    return out;
}

static const char SQL_UPDATE[] =
    "UPDATE contacts SET name = ?3, gender = ?4, title = ?5, office_phone = ?6, mobile = ?7, email = ?8,"
    " note = ?9, is_primary = ?10, version = version + 1, updated_at = ?11 WHERE id = ?1 AND version = ?2";

static void bind_update(sqlite3_stmt *st, const void *arg) {
    const struct write_args *a = arg;
    sqlite3_bind_int64(st, 1, a->id);
    sqlite3_bind_int64(st, 2, a->version);
    bind_fields(st, 3, a->f);
    sqlite3_bind_int64(st, 11, a->now);
}

int contacts_update(db *d, long long id, long long version, const contact_fields *f, long long now) {
    long long cur = 0, customer_id = 0;
    int rc = current(d, id, &cur, &customer_id);
    if (rc != STORE_OK) return rc;
    if (cur != version) return STORE_STALE;
    if (f->is_primary && clear_primary(d, customer_id, id, now) != STORE_OK) return STORE_ERROR;
    struct write_args a = {id, version, f, now};
    rc = run_write(d, SQL_UPDATE, bind_update, &a);
    if (rc != SQLITE_DONE) { log_error("contact update failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_changes(d) == 1 ? STORE_OK : STORE_STALE;
}

static const char SQL_DELETE[] = "DELETE FROM contacts WHERE id = ?1 AND version = ?2";

static void bind_delete(sqlite3_stmt *st, const void *arg) {
    const struct write_args *a = arg;
    sqlite3_bind_int64(st, 1, a->id);
    sqlite3_bind_int64(st, 2, a->version);
}

int contacts_delete(db *d, long long id, long long version) {
    long long cur = 0, customer_id = 0;
    int rc = current(d, id, &cur, &customer_id);
    if (rc != STORE_OK) return rc;
    if (cur != version) return STORE_STALE;
    struct write_args a = {id, version, NULL, 0};
    rc = run_write(d, SQL_DELETE, bind_delete, &a);
    if (rc != SQLITE_DONE) { log_error("contact delete failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_changes(d) == 1 ? STORE_OK : STORE_STALE;
}
