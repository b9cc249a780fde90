/* import.h — CSV import of customers, contacts and orders (order lines: one row per line, the order
 * number repeated), and the row sources of the CSV exports.
 *
 * One engine serves the preview and the commit: import_run() reads the decoded CSV, maps the header
 * row to columns (Chinese or English names), validates every row with the same field validators as the
 * forms (validate.h) plus the lookups a row needs (dictionary values, 客户经理 by login, the customer a
 * contact or order belongs to, products), and finds probable duplicates (same 名称, 电话 or 营业执照注册号
 * as an existing customer in the importer's scope or as an earlier row of the file; for contacts the same
 * 姓名 or 手机 at the same customer). With commit set it also writes, inside the caller's transaction:
 * nothing is written unless every row is good (the caller rolls back when bad_rows > 0).
 *
 * Row scope: with scope_manager set (a rep), customers are imported with the importer as 客户经理 (a row
 * naming someone else is bad), contacts and orders only attach to customers that manager manages, and
 * duplicates are looked for among those customers only (nothing outside the scope is revealed).
 *
 * Customers get a generated 客户编号 (customers_create_batch: as the form gives them, taken in blocks).
 * Audit: one 'create' entry per customer, contact and order, written in bulk by one INSERT ... SELECT per import
 * (measured: about 4% of the commit time at 100,000 customers), an 'update' entry for a customer's former
 * primary contact when an imported one takes its place, and the caller adds one 'import' entry.
 *
 * Orders: the first row of an 订单号 holds the order's cells (customer, 日期, 送货地址, 状态); later rows of
 * the same number add lines and may repeat those cells (they must agree) or leave them empty. */
#ifndef CRM_IMPORT_H
#define CRM_IMPORT_H
#include <stdbool.h>
#include <stddef.h>
#include "arena.h"
#include "db.h"
#include "validate.h"

typedef enum import_kind { IMPORT_CUSTOMERS = 0, IMPORT_CONTACTS, IMPORT_ORDERS, IMPORT_KIND_COUNT } import_kind;
/* "customers", "contacts", "orders" (NULL-terminated, indexed by import_kind; for F_ENUM specs). */
extern const char *const IMPORT_KINDS[];

typedef struct import_column {
    const char *key;    /* field name; also accepted as the header (the English one: import_header_en) */
    const char *zh;     /* Chinese header (the one templates and exports write) */
    const char *alt;    /* another accepted Chinese header, or NULL */
    field_spec spec;    /* validator; spec.name == key */
    bool ignored;       /* recognised but not imported (e.g. 客户编号 of a customer: always generated) */
    bool needed;        /* the header must have the column though a row may leave it empty (an order's
                         * 日期: later lines of an order repeat or leave out the order's cells) */
} import_column;

/* The English header of a column of kind k (the English template and exports write it; the import takes it,
 * in any case, as it takes the Chinese header and the field's name). */
const char *import_header_en(import_kind k, const import_column *col);
/* The columns of a kind, in template order. */
const import_column *import_columns(import_kind k, size_t *n);

/* One problem with one cell (or a whole row when column is ""). */
typedef struct import_problem {
    long row;             /* the row number Excel shows (header = 1) */
    const char *column;   /* the header text as written in the file */
    const char *value;    /* the cell as read (at most 60 characters), "" for row-level problems */
    const char *key;      /* message key (err.* of the validators or import.err.*) */
    long long param;      /* {n} in the message */
} import_problem;

/* A probable duplicate: the row matches an existing record or an earlier row. */
typedef struct import_dup {
    long row;
    const char *what;       /* field key that matched: name, phone, license_no, mobile */
    const char *value;
    const char *match_no;   /* 客户编号 of the existing customer (or the contact's customer), or NULL */
    const char *match_name; /* its name, or NULL */
    long match_row;         /* the earlier row of the file, or 0 */
} import_dup;

#define IMPORT_MAX_LISTED 5000   /* problems and duplicates kept for display (counts stay exact) */

typedef struct import_result {
    long rows;          /* data rows (blank rows are skipped and not counted) */
    long records;       /* customers / contacts / orders written (commit) or to be written (preview) */
    long lines;         /* order lines written or to be written */
    long skipped;       /* rows skipped as duplicates */
    long bad_rows;      /* rows with at least one problem (the header row counts when it has one) */
    long dup_rows;      /* rows with at least one probable duplicate */
    bool bulk;          /* commit: the search indexes (and customer counts) were filled in bulk for the
                           whole range written, not row by row (see import.c: the triggers while an
                           import writes); false means a schema change made the triggers unknown */
    import_problem *problems;
    size_t nproblems, problems_cap;
    long problems_total;
    import_dup *dups;
    size_t ndups, dups_cap;
    const char **unknown;   /* header texts of columns that are not recognised (ignored) */
    size_t nunknown;
    const char **columns;   /* the recognised header texts, in file order */
    size_t ncolumns;
} import_result;

/* Progress callback: rows done of total (called every few hundred rows and at the end). */
typedef void (*import_progress_fn)(void *ctx, long done, long total);

typedef struct import_opts {
    import_kind kind;
    long long user_id;        /* the importer (audit, and 客户经理 when a rep) */
    long long scope_manager;  /* 0 = all customers; else restricted to this manager's (see above) */
    bool commit;              /* false = preview only (nothing is written) */
    bool skip_duplicates;     /* commit: leave rows flagged as duplicates out */
    long long now;            /* unix seconds (客户编号 uses its day in the configured zone) */
    import_progress_fn progress;
    void *progress_ctx;
} import_opts;

/* Runs the import over decoded UTF-8 text[0..len) (see csv_decode: NUL bytes mark undecodable input).
 * Fills *res (arena-allocated lists). With o->commit, run inside a transaction and roll back unless
 * the return is 0 and res->bad_rows == 0. Returns 0, or -1 on a database failure (logged). */
int import_run(db *d, arena *a, const char *text, size_t len, const import_opts *o, import_result *res);

/* ---- exports (rows streamed by callback; SQL here, CSV layout in h_import.c) ---- */

/* Calls fn once with a statement on customer id's export columns (no, name, region, level, manager
 * login, manager name, satisfaction, credit, address, postcode, phone, fax, website, license_no,
 * legal_rep, reg_capital, annual_revenue, bank, bank_account, local_tax_no, national_tax_no, status,
 * last_order_date, created_at). The caller found id through the list (and its scope). Returns 1, 0
 * (no such customer) or -1. */
int import_export_customer(db *d, long long id, int (*fn)(void *arg, sqlite3_stmt *st), void *arg);
/* Contacts of customers in scope (manager 0 = all; customer_id 0 = any), by customer then id; for each
 * row calls fn with a statement positioned on it (columns: customer_no, customer_name, name, gender,
 * title, office_phone, mobile, email, note, is_primary). Stops early when fn returns non-zero.
 * Returns the row count or -1. */
long import_export_contacts(db *d, long long manager, long long customer_id, const char *customer_prefix,
                            int (*fn)(void *arg, sqlite3_stmt *st), void *arg);
#endif
