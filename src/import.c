/* import.c — the CSV import engine and its SQL; see import.h. Records are written through their data
 * modules (customers_create_batch, contacts_create, orders_create), so an imported record is exactly
 * what the forms would have written; this file holds only the lookups, duplicate searches, the bulk audit
 * entries and the contacts export query. */
#include "import.h"
#include "contacts.h"
#include "customers.h"
#include "csv.h"
#include "i18n.h"
#include "log.h"
#include "orders.h"
#include "store.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const IMPORT_KINDS[] = {"customers", "contacts", "orders", NULL};

#define MONEY_MAX 9000000000000000LL
#define MAX_COLS 32

/* ---- the columns ---- */

/* Customers: also the column order of the customers export (h_import.c writes them in this order). */
enum { CU_NO, CU_NAME, CU_REGION, CU_LEVEL, CU_MANAGER, CU_MANAGER_NAME, CU_SATISFACTION, CU_CREDIT, CU_ADDRESS,
       CU_POSTCODE, CU_PHONE, CU_FAX, CU_WEBSITE, CU_LICENSE, CU_LEGAL_REP, CU_REG_CAPITAL, CU_REVENUE, CU_BANK,
       CU_BANK_ACCOUNT, CU_LOCAL_TAX, CU_NATIONAL_TAX, CU_STATUS, CU_LAST_ORDER, CU_CREATED, CU_COUNT };

static const import_column CUSTOMER_COLS[CU_COUNT] = {
    [CU_NO] = {"no", "客户编号", NULL, {"no", F_TEXT, false, 0, 30, NULL}, true},
    [CU_NAME] = {"name", "客户名称", "名称", {"name", F_TEXT, true, 1, 100, NULL}, false},
    [CU_REGION] = {"region", "地区", NULL, {"region", F_TEXT, true, 1, 50, NULL}, false},
    [CU_LEVEL] = {"level", "客户等级", NULL, {"level", F_TEXT, false, 0, 50, NULL}, false},
    [CU_MANAGER] = {"manager", "客户经理(登录名)", NULL, {"manager", F_TEXT, false, 0, 50, NULL}, false},
    [CU_MANAGER_NAME] = {"manager_name", "客户经理姓名", NULL, {"manager_name", F_TEXT, false, 0, 50, NULL}, true},
    [CU_SATISFACTION] = {"satisfaction", "满意度", NULL, {"satisfaction", F_INT, false, 1, 5, NULL}, false},
    [CU_CREDIT] = {"credit", "信用度", NULL, {"credit", F_INT, false, 1, 5, NULL}, false},
    [CU_ADDRESS] = {"address", "地址", NULL, {"address", F_TEXT, false, 0, 200, NULL}, false},
    [CU_POSTCODE] = {"postcode", "邮编", "邮政编码", {"postcode", F_TEXT, false, 0, 10, NULL}, false},
    [CU_PHONE] = {"phone", "电话", NULL, {"phone", F_PHONE, false, 0, 0, NULL}, false},
    [CU_FAX] = {"fax", "传真", NULL, {"fax", F_PHONE, false, 0, 0, NULL}, false},
    [CU_WEBSITE] = {"website", "网址", NULL, {"website", F_TEXT, false, 0, 200, NULL}, false},
    [CU_LICENSE] = {"license_no", "营业执照注册号", NULL, {"license_no", F_TEXT, false, 0, 50, NULL}, false},
    [CU_LEGAL_REP] = {"legal_rep", "法人", "法定代表人", {"legal_rep", F_TEXT, false, 0, 50, NULL}, false},
    [CU_REG_CAPITAL] = {"reg_capital", "注册资金(元)", NULL, {"reg_capital", F_MONEY, false, 0, MONEY_MAX, NULL}, false},
    [CU_REVENUE] = {"annual_revenue", "年营业额(元)", NULL, {"annual_revenue", F_MONEY, false, 0, MONEY_MAX, NULL}, false},
    [CU_BANK] = {"bank", "开户银行", NULL, {"bank", F_TEXT, false, 0, 100, NULL}, false},
    [CU_BANK_ACCOUNT] = {"bank_account", "银行帐号", "银行账号", {"bank_account", F_TEXT, false, 0, 50, NULL}, false},
    [CU_LOCAL_TAX] = {"local_tax_no", "地税登记号", NULL, {"local_tax_no", F_TEXT, false, 0, 50, NULL}, false},
    [CU_NATIONAL_TAX] = {"national_tax_no", "国税登记号", NULL, {"national_tax_no", F_TEXT, false, 0, 50, NULL}, false},
    /* 状态 follows the churn workflow, never an import: read (exports write it) but not imported */
    [CU_STATUS] = {"status", "状态", NULL, {"status", F_TEXT, false, 0, 10, NULL}, true},
    [CU_LAST_ORDER] = {"last_order_date", "最近下单日期", NULL, {"last_order_date", F_TEXT, false, 0, 20, NULL}, true},
    [CU_CREATED] = {"created_at", "创建时间", NULL, {"created_at", F_TEXT, false, 0, 30, NULL}, true},
};

/* Contacts and orders: also the column orders of their exports. */
enum { CO_CUSTOMER_NO, CO_CUSTOMER, CO_NAME, CO_GENDER, CO_TITLE, CO_OFFICE, CO_MOBILE, CO_EMAIL, CO_NOTE,
       CO_PRIMARY, CO_COUNT };

static const import_column CONTACT_COLS[CO_COUNT] = {
    [CO_CUSTOMER_NO] = {"customer_no", "客户编号", NULL, {"customer_no", F_TEXT, false, 0, 30, NULL}, false},
    [CO_CUSTOMER] = {"customer", "客户名称", NULL, {"customer", F_TEXT, false, 0, 100, NULL}, false},
    [CO_NAME] = {"name", "姓名", "联系人", {"name", F_TEXT, true, 1, 50, NULL}, false},
    [CO_GENDER] = {"gender", "性别", NULL, {"gender", F_TEXT, false, 0, 10, NULL}, false},
    [CO_TITLE] = {"title", "职位", NULL, {"title", F_TEXT, false, 0, 50, NULL}, false},
    [CO_OFFICE] = {"office_phone", "办公电话", NULL, {"office_phone", F_PHONE, false, 0, 0, NULL}, false},
    [CO_MOBILE] = {"mobile", "手机", "手机号", {"mobile", F_PHONE, false, 0, 0, NULL}, false},
    [CO_EMAIL] = {"email", "邮箱", "电子邮箱", {"email", F_EMAIL, false, 0, 0, NULL}, false},
    [CO_NOTE] = {"note", "备注", NULL, {"note", F_MULTILINE, false, 0, 1000, NULL}, false},
    [CO_PRIMARY] = {"is_primary", "首要联系人", NULL, {"is_primary", F_TEXT, false, 0, 10, NULL}, false},
};

enum { OR_NO, OR_CUSTOMER_NO, OR_CUSTOMER, OR_DATE, OR_ADDRESS, OR_STATUS, OR_PRODUCT, OR_MODEL, OR_QUANTITY,
       OR_UNIT, OR_PRICE, OR_AMOUNT, OR_COUNT };

static const import_column ORDER_COLS[OR_COUNT] = {
    [OR_NO] = {"order_no", "订单号", NULL, {"order_no", F_TEXT, false, 0, 30, NULL}, false},
    [OR_CUSTOMER_NO] = {"customer_no", "客户编号", NULL, {"customer_no", F_TEXT, false, 0, 30, NULL}, false},
    [OR_CUSTOMER] = {"customer", "客户名称", NULL, {"customer", F_TEXT, false, 0, 100, NULL}, false},
    [OR_DATE] = {"date", "日期", "订单日期", {"date", F_DATE, false, 0, 0, NULL}, false, true},
    [OR_ADDRESS] = {"address", "送货地址", NULL, {"address", F_TEXT, false, 0, 200, NULL}, false},
    [OR_STATUS] = {"status", "状态", "回款状态", {"status", F_TEXT, false, 0, 10, NULL}, false},
    [OR_PRODUCT] = {"product", "产品", "产品名称", {"product", F_TEXT, true, 1, 100, NULL}, false},
    [OR_MODEL] = {"model", "型号", NULL, {"model", F_TEXT, false, 0, 50, NULL}, false},
    [OR_QUANTITY] = {"quantity", "数量", NULL, {"quantity", F_INT, true, 1, 1000000000LL, NULL}, false},
    [OR_UNIT] = {"unit", "单位", NULL, {"unit", F_TEXT, false, 0, 20, NULL}, false},
    [OR_PRICE] = {"price", "单价(元)", NULL, {"price", F_MONEY, false, 0, MONEY_MAX, NULL}, false},
    [OR_AMOUNT] = {"amount", "金额(元)", NULL, {"amount", F_MONEY, false, 0, 0, NULL}, true},
};

const char *import_header_en(import_kind k, const import_column *col) {
    char key[96];
    snprintf(key, sizeof key, "import.header.%s.%s", IMPORT_KINDS[k], col->key);
    const char *text = i18n_get("en", key);
    return text == key ? col->key : text;   /* (no text: the field's name, which the import accepts too) */
}

const import_column *import_columns(import_kind k, size_t *n) {
    switch (k) {
    case IMPORT_CONTACTS: *n = CO_COUNT; return CONTACT_COLS;
    case IMPORT_ORDERS: *n = OR_COUNT; return ORDER_COLS;
    default: *n = CU_COUNT; return CUSTOMER_COLS;
    }
}

/* ---- a small string map (open addressing; one slot array on the heap, keys in an arena) ---- */

typedef struct map_slot_t { const char *key; size_t len; uint64_t h; long long val; } map_slot_t;
typedef struct strmap { map_slot_t *s; size_t cap, n; } strmap;

static uint64_t hash(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211ULL; }
    return h ^ (h >> 29);
}

/* cap: a power of two */
static void map_init(strmap *m, size_t cap) {
    m->cap = cap;
    m->n = 0;
    m->s = calloc(cap, sizeof *m->s);
    if (!m->s) abort();
}

static void map_free(strmap *m) {
    free(m->s);
    memset(m, 0, sizeof *m);
}

/* The slot of key (hash h): its own, or the empty one where it would go. */
static map_slot_t *map_slot(const strmap *m, const char *k, size_t n, uint64_t h) {
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        map_slot_t *e = &m->s[i];
        if (!e->key || (e->h == h && e->len == n && memcmp(e->key, k, n) == 0)) return e;
    }
}

/* The value slot for key, or NULL. A slot stays valid until the next map_add. */
static long long *map_get(const strmap *m, const char *k, size_t n) {
    if (!m->cap) return NULL;
    map_slot_t *e = map_slot(m, k, n, hash(k, n));
    return e->key ? &e->val : NULL;
}

/* Inserts key → v unless present (a new key is copied into a); returns the slot, existing or new. */
static long long *map_add(arena *a, strmap *m, const char *k, size_t n, long long v) {
    if ((m->n + 1) * 2 > m->cap) {
        strmap g;
        map_init(&g, m->cap ? m->cap * 2 : 64);
        for (size_t i = 0; i < m->cap; i++)
            if (m->s[i].key) *map_slot(&g, m->s[i].key, m->s[i].len, m->s[i].h) = m->s[i];
        g.n = m->n;
        map_free(m);
        *m = g;
    }
    uint64_t h = hash(k, n);
    map_slot_t *e = map_slot(m, k, n, h);
    if (!e->key) {
        *e = (map_slot_t){arena_strndup(a, k, n), n, h, v};
        m->n++;
    }
    return &e->val;
}

static long long *map_adds(arena *a, strmap *m, const char *k, long long v) { return map_add(a, m, k, strlen(k), v); }
static long long *map_gets(const strmap *m, const char *k) { return map_get(m, k, strlen(k)); }

/* ---- SQL ---- */

static const char SQL_DICT[] =
    "SELECT category, item, value, item_en FROM dict_items WHERE category IN ('region', 'customer_level', 'unit')";
static const char SQL_USERS[] = "SELECT id, login, name FROM users WHERE active = 1";
static const char SQL_PRODUCTS[] = "SELECT id, name, model, unit, price FROM products WHERE retired = 0";

/* by name: through the name indexes, which are on name_key (schema/008), then the name itself */
static const char SQL_DUP_NAME[] =
    "SELECT no, name FROM customers WHERE name_key = crm_name_key(?1) AND name = ?1 AND retired = 0 LIMIT 1";
static const char SQL_DUP_NAME_SCOPED[] =
    "SELECT no, name FROM customers WHERE manager_id = ?2 AND name_key = crm_name_key(?1) AND name = ?1"
    " AND retired = 0 LIMIT 1";
static const char SQL_DUP_PHONE[] =
    "SELECT no, name FROM customers WHERE phone = ?1 AND phone != '' AND retired = 0 LIMIT 1";
static const char SQL_DUP_PHONE_SCOPED[] =
    "SELECT no, name FROM customers WHERE phone = ?1 AND phone != '' AND retired = 0 AND manager_id = ?2 LIMIT 1";
static const char SQL_DUP_LICENSE[] =
    "SELECT no, name FROM customers WHERE license_no = ?1 AND license_no != '' AND retired = 0 LIMIT 1";
static const char SQL_DUP_LICENSE_SCOPED[] =
    "SELECT no, name FROM customers WHERE license_no = ?1 AND license_no != '' AND retired = 0"
    " AND manager_id = ?2 LIMIT 1";

static const char SQL_CUSTOMER_BY_NO[] =
    "SELECT id, no, name, manager_id FROM customers WHERE no = ?1 AND retired = 0";
static const char SQL_CUSTOMER_BY_NAME[] =
    "SELECT id, no, name, manager_id FROM customers WHERE name_key = crm_name_key(?1) AND name = ?1"
    " AND retired = 0 LIMIT 2";
static const char SQL_CUSTOMER_BY_NAME_SCOPED[] =
    "SELECT id, no, name, manager_id FROM customers WHERE manager_id = ?2 AND name_key = crm_name_key(?1)"
    " AND name = ?1 AND retired = 0 LIMIT 2";

static const char SQL_CONTACT_DUP[] =
    "SELECT name, mobile FROM contacts WHERE customer_id = ?1 AND (name = ?2 OR (?3 != '' AND mobile = ?3)) LIMIT 1";
static const char SQL_ORDER_EXISTS[] = "SELECT 1 FROM orders WHERE order_no = ?1";

/* An imported primary contact takes the flag from the customer's current one (contacts_create clears
 * it): that contact's change is audited like the form does, before and after. */
#define CONTACT_JSON                                                                                    \
    "json_object('id', id, 'customer_id', customer_id, 'name', name, 'gender', gender, 'title', title,"  \
    " 'office_phone', office_phone, 'mobile', mobile, 'email', email, 'note', note, 'is_primary', is_primary," \
    " 'version', version)"
static const char SQL_PRIMARY_BEFORE[] =
    "SELECT id, " CONTACT_JSON " FROM contacts WHERE customer_id = ?1 AND is_primary = 1";
static const char SQL_AUDIT_PRIMARY_CLEARED[] =
    "INSERT INTO audit_log(at, user_id, record_type, record_id, action, before_json, after_json)"
    " SELECT ?1, ?2, 'contact', id, 'update', ?3, " CONTACT_JSON " FROM contacts WHERE id = ?4";


/* One audit 'create' entry per record written by this import, in one statement per kind: the ids of a
 * kind written inside one write transaction form the range [?3, ?4] (nobody else can insert meanwhile). */
static const char SQL_AUDIT_CUSTOMERS[] =
    "INSERT INTO audit_log(at, user_id, record_type, record_id, action, after_json)"
    " SELECT ?1, ?2, 'customer', id, 'create', json_object('id', id, 'no', no, 'name', name, 'region', region,"
    " 'manager_id', manager_id, 'level', level, 'satisfaction', satisfaction, 'credit', credit, 'address', address,"
    " 'postcode', postcode, 'phone', phone, 'fax', fax, 'website', website, 'license_no', license_no,"
    " 'legal_rep', legal_rep, 'reg_capital', reg_capital, 'annual_revenue', annual_revenue, 'bank', bank,"
    " 'bank_account', bank_account, 'local_tax_no', local_tax_no, 'national_tax_no', national_tax_no,"
    " 'status', status, 'version', version, 'source', 'import')"
    " FROM customers WHERE id BETWEEN ?3 AND ?4";
static const char SQL_AUDIT_CONTACTS[] =
    "INSERT INTO audit_log(at, user_id, record_type, record_id, action, after_json)"
    " SELECT ?1, ?2, 'contact', id, 'create', json_object('id', id, 'customer_id', customer_id, 'name', name,"
    " 'gender', gender, 'title', title, 'office_phone', office_phone, 'mobile', mobile, 'email', email,"
    " 'note', note, 'is_primary', is_primary, 'version', version, 'source', 'import')"
    " FROM contacts WHERE id BETWEEN ?3 AND ?4";
static const char SQL_AUDIT_ORDERS[] =
    "INSERT INTO audit_log(at, user_id, record_type, record_id, action, after_json)"
    " SELECT ?1, ?2, 'order', o.id, 'create', json_object('id', o.id, 'customer_id', o.customer_id,"
    " 'order_no', o.order_no, 'date', o.date, 'address', o.address, 'status', o.status, 'total', o.total,"
    " 'lines', (SELECT json_group_array(json_object('product_id', l.product_id, 'quantity', l.quantity,"
    " 'unit', l.unit, 'price', l.price, 'amount', l.amount)) FROM order_lines l WHERE l.order_id = o.id),"
    " 'version', o.version, 'source', 'import')"
    " FROM orders o WHERE o.id BETWEEN ?3 AND ?4";

#define EXPORT_CONTACTS_HEAD                                                                                  \
    "SELECT c.no AS customer_no, c.name AS customer_name, k.name, k.gender, k.title, k.office_phone, k.mobile,"  \
    " k.email, k.note, k.is_primary FROM contacts k JOIN customers c ON c.id = k.customer_id WHERE c.retired = 0"
static const char SQL_EXPORT_CUSTOMER[] =
    "SELECT c.no, c.name, c.region, c.level, u.login, u.name, c.satisfaction, c.credit, c.address, c.postcode,"
    " c.phone, c.fax, c.website, c.license_no, c.legal_rep, c.reg_capital, c.annual_revenue, c.bank,"
    " c.bank_account, c.local_tax_no, c.national_tax_no, c.status, c.last_order_date, c.created_at"
    " FROM customers c JOIN users u ON u.id = c.manager_id WHERE c.id = ?1";
static const char SQL_EXPORT_CONTACTS[] = EXPORT_CONTACTS_HEAD
    " AND (?2 = 0 OR c.id = ?2) AND (?3 = '' OR (c.name >= ?3 AND c.name < ?4)) ORDER BY k.customer_id, k.id";
static const char SQL_EXPORT_CONTACTS_SCOPED[] = EXPORT_CONTACTS_HEAD
    " AND c.manager_id = ?1 AND (?2 = 0 OR c.id = ?2) AND (?3 = '' OR (c.name >= ?3 AND c.name < ?4))"
    " ORDER BY k.customer_id, k.id";

/* ---- the engine's state ---- */

typedef struct customer_ref { long long id, manager; const char *no, *name; } customer_ref;
typedef struct product_ref { long long id, price; const char *name, *model, *unit; } product_ref;

typedef struct order_group {
    long row;                  /* first row */
    long cust;                 /* index in ctx.custs */
    const char *order_no;      /* NULL = generate */
    long long customer_id;
    const char *customer_no, *date, *address, *status;
    order_line *lines;
    int nlines, cap;
} order_group;

typedef struct ctx {
    db *d;
    arena *a;                      /* what outlives a row: results, map keys, lookups */
    arena *row_arena;              /* what a row needs while it is read (cells, lookup keys): reset per row */
    const import_opts *o;
    import_result *res;
    const import_column *cols;
    size_t ncols;
    int at[MAX_COLS];              /* column → index in the file's records, -1 when absent */
    const char *label[MAX_COLS];   /* column → header text as written (or the Chinese name) */
    size_t nfile;                  /* fields in the header */
    field_value v[MAX_COLS];
    long row;
    bool row_bad, row_dup;
    unsigned long long bad_cols;   /* columns of this row with a problem (bit k = column k) */
    /* lookups */
    strmap dict, users, products, customers_by_no, customers_by_name;
    product_ref *prods;
    size_t nprods;
    customer_ref *custs;
    size_t ncusts, custs_cap;
    /* file-level duplicate detection */
    strmap seen_name, seen_phone, seen_license, seen_contact, primaries;
    /* records being written: id ranges for the audit entries */
    long long first_id, last_id;
    customers_batch nos;          /* 客户编号 taken in blocks (customers_create_batch) */
    /* orders */
    strmap groups_by_no;
    order_group *groups;
    size_t ngroups, groups_cap;
} ctx;

/* The cell text (at most 60 characters, cut on a character boundary) for showing in a problem list. */
static const char *shown(arena *a, const char *s, size_t n) {
    size_t i = 0, chars = 0;
    while (i < n && chars < 60) {
        unsigned char c = (unsigned char)s[i];
        i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        chars++;
    }
    if (i > n) i = n;
    char *o = arena_strndup(a, s, i);
    for (size_t k = 0; k < i; k++)
        if (o[k] == 0 || o[k] == '\r' || o[k] == '\n') o[k] = o[k] ? ' ' : '?';
    if (i < n) o = arena_printf(a, "%s…", o);
    return o;
}

static void problem(ctx *c, int col, const char *value, size_t vlen, const char *key, long long param) {
    import_result *r = c->res;
    if (!c->row_bad) { c->row_bad = true; r->bad_rows++; }
    if (col >= 0 && col < 64) c->bad_cols |= 1ULL << col;
    r->problems_total++;
    if (r->nproblems >= IMPORT_MAX_LISTED) return;
    if (r->nproblems == r->problems_cap) {
        size_t cap = r->problems_cap ? r->problems_cap * 2 : 64;
        import_problem *p = arena_alloc(c->a, cap * sizeof *p);
        if (r->nproblems) memcpy(p, r->problems, r->nproblems * sizeof *p);
        r->problems = p;
        r->problems_cap = cap;
    }
    r->problems[r->nproblems++] = (import_problem){
        c->row, col >= 0 ? c->label[col] : "", value ? shown(c->a, value, vlen) : "", key, param};
}

static void duplicate(ctx *c, const char *what, const char *value, const char *no, const char *name, long match_row) {
    import_result *r = c->res;
    if (!c->row_dup) { c->row_dup = true; r->dup_rows++; }
    if (r->ndups >= IMPORT_MAX_LISTED) return;
    if (r->ndups == r->dups_cap) {
        size_t cap = r->dups_cap ? r->dups_cap * 2 : 64;
        import_dup *p = arena_alloc(c->a, cap * sizeof *p);
        if (r->ndups) memcpy(p, r->dups, r->ndups * sizeof *p);
        r->dups = p;
        r->dups_cap = cap;
    }
    r->dups[r->ndups++] = (import_dup){c->row, what, arena_strdup(c->a, value), no ? arena_strdup(c->a, no) : NULL,
                                       name ? arena_strdup(c->a, name) : NULL, match_row};
}

/* ---- header ---- */

/* A header or column name reduced for matching: trimmed, a trailing '*' (required marker) and a
 * parenthesised note "(登录名)" / "（元）" dropped, ASCII lower-cased. */
static char *norm_header(arena *a, const char *s, size_t n) {
    const char *e = s + n;
    while (s < e && (*s == ' ' || *s == '\t')) s++;
    if (e - s >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3;  /* a BOM left by a tool */
    for (const char *p = s; p < e; p++)
        if (*p == '(' || (e - p >= 3 && memcmp(p, "\xEF\xBC\x88", 3) == 0)) { e = p; break; }
    for (;;) {
        if (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '*')) e--;
        else if (e - s >= 3 && memcmp(e - 3, "\xE3\x80\x80", 3) == 0) e -= 3;
        else if (e - s >= 3 && memcmp(e - 3, "\xEF\xBC\x8A", 3) == 0) e -= 3;   /* full-width * */
        else break;
    }
    while (s < e && *s == '*') s++;
    char *o = arena_strndup(a, s, (size_t)(e - s));
    for (char *p = o; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
    return o;
}

/* Maps the header record to columns. Returns false (with a problem on row 1) when it cannot be used. */
static bool read_header(ctx *c, const csv_record *rec) {
    import_result *r = c->res;
    for (size_t k = 0; k < c->ncols; k++) { c->at[k] = -1; c->label[k] = c->cols[k].zh; }
    c->nfile = rec->nfields;
    r->unknown = arena_alloc(c->a, (rec->nfields + 1) * sizeof *r->unknown);
    r->columns = arena_alloc(c->a, (rec->nfields + 1) * sizeof *r->columns);
    c->row = 1;
    bool ok = true;
    for (size_t i = 0; i < rec->nfields; i++) {
        const csv_field *f = &rec->fields[i];
        if (memchr(f->s, 0, f->n)) { problem(c, -1, f->s, f->n, "import.err.undecodable", 0); ok = false; continue; }
        char *h = norm_header(c->a, f->s, f->n);
        if (!*h) continue;
        int found = -1;
        for (size_t k = 0; k < c->ncols && found < 0; k++) {
            const import_column *col = &c->cols[k];
            const char *en = import_header_en(c->o->kind, col);
            if (strcmp(h, col->key) == 0 || strcmp(h, norm_header(c->a, col->zh, strlen(col->zh))) == 0 ||
                strcmp(h, norm_header(c->a, en, strlen(en))) == 0 || (col->alt && strcmp(h, col->alt) == 0))
                found = (int)k;
        }
        const char *text = shown(c->a, f->s, f->n);
        if (found < 0) { r->unknown[r->nunknown++] = text; continue; }
        if (c->at[found] >= 0) { problem(c, -1, f->s, f->n, "import.err.column_twice", 0); ok = false; continue; }
        c->at[found] = (int)i;
        c->label[found] = text;
        r->columns[r->ncolumns++] = text;
    }
    for (size_t k = 0; k < c->ncols; k++)
        if ((c->cols[k].spec.required || c->cols[k].needed) && c->at[k] < 0) {
            problem(c, (int)k, "", 0, "import.err.column_missing", 0);
            ok = false;
        }
    if (c->o->kind != IMPORT_CUSTOMERS) {
        int no = c->o->kind == IMPORT_CONTACTS ? CO_CUSTOMER_NO : OR_CUSTOMER_NO;
        int name = c->o->kind == IMPORT_CONTACTS ? CO_CUSTOMER : OR_CUSTOMER;
        if (c->at[no] < 0 && c->at[name] < 0) { problem(c, name, "", 0, "import.err.column_missing", 0); ok = false; }
    }
    return ok;
}

/* ---- lookups ---- */

static void lower_ascii(char *s) {
    for (; *s; s++) if (*s >= 'A' && *s <= 'Z') *s = (char)(*s + 32);
}

/* Loads the dictionary values, active users and (for orders) products into maps. */
static int load_lookups(ctx *c) {
    arena *a = c->a;
    map_init(&c->dict, 256);
    sqlite3_stmt *st = db_prepare(c->d, SQL_DICT);
    if (!st) return -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *cat = db_text(st, 0), *item = db_text(st, 1), *value = db_text(st, 2);
        const char *v = arena_strdup(a, value);
        long long handle = (long long)(intptr_t)v;
        map_adds(a, &c->dict, arena_printf(a, "%s\x1f%s", cat, item), handle);
        char *lower = arena_printf(a, "%s\x1f%s", cat, value);
        lower_ascii(lower);
        map_adds(a, &c->dict, lower, handle);
        if (*db_text(st, 3)) {   /* the English text, in any case (a value or text named first keeps its key) */
            char *english = arena_printf(a, "%s\x1f%s", cat, db_text(st, 3));
            lower_ascii(english);
            map_adds(a, &c->dict, english, handle);
        }
    }
    sqlite3_reset(st);
    map_init(&c->users, 256);
    if (!(st = db_prepare(c->d, SQL_USERS))) return -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        char *login = arena_strdup(a, db_text(st, 1));
        for (char *p = login; *p; p++) if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
        map_adds(a, &c->users, arena_printf(a, "l\x1f%s", login), id);
        long long *slot = map_adds(a, &c->users, arena_printf(a, "n\x1f%s", db_text(st, 2)), id);
        if (*slot != id) *slot = -1;   /* two active users share the name: ambiguous */
    }
    sqlite3_reset(st);
    if (c->o->kind == IMPORT_ORDERS) {
        map_init(&c->products, 1024);
        if (!(st = db_prepare(c->d, SQL_PRODUCTS))) return -1;
        size_t cap = 256;
        c->prods = malloc(cap * sizeof *c->prods);
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (c->nprods == cap) { cap *= 2; c->prods = realloc(c->prods, cap * sizeof *c->prods); }
            if (!c->prods) abort();
            product_ref *p = &c->prods[c->nprods];
            p->id = sqlite3_column_int64(st, 0);
            p->name = arena_strdup(a, db_text(st, 1));
            p->model = arena_strdup(a, db_text(st, 2));
            p->unit = arena_strdup(a, db_text(st, 3));
            p->price = sqlite3_column_int64(st, 4);
            map_adds(a, &c->products, arena_printf(a, "m\x1f%s\x1f%s", p->name, p->model), (long long)c->nprods);
            long long *slot = map_adds(a, &c->products, arena_printf(a, "n\x1f%s", p->name), (long long)c->nprods);
            if (*slot != (long long)c->nprods) *slot = -1;
            c->nprods++;
        }
        sqlite3_reset(st);
    }
    map_init(&c->customers_by_no, 256);
    map_init(&c->customers_by_name, 256);
    return 0;
}

/* "prefix\x1ftext" in space (or in the row arena when longer), for the lookup maps. */
static char *lookup_key(ctx *c, char *space, size_t cap, const char *prefix, const char *text) {
    size_t p = strlen(prefix), t = strlen(text);
    char *k = p + t + 2 <= cap ? space : arena_alloc(c->row_arena, p + t + 2);
    memcpy(k, prefix, p);
    k[p] = '\x1f';
    memcpy(k + p + 1, text, t + 1);
    return k;
}

/* Dictionary value for a label or value of category, or NULL. */
static const char *dict_value(ctx *c, const char *cat, const char *text) {
    char space[160];
    char *k = lookup_key(c, space, sizeof space, cat, text);
    long long *v = map_gets(&c->dict, k);
    if (!v) {
        lower_ascii(k);
        v = map_gets(&c->dict, k);
    }
    return v ? (const char *)(intptr_t)*v : NULL;
}

/* The active user a 客户经理 cell names (login, any case; or a unique 姓名): id, 0 unknown, -1 ambiguous. */
static long long user_id(ctx *c, const char *text) {
    char space[160];
    char *login = lookup_key(c, space, sizeof space, "l", text);
    lower_ascii(login);
    long long *v = map_gets(&c->users, login);
    if (v) return *v;
    v = map_gets(&c->users, lookup_key(c, space, sizeof space, "n", text));
    return v ? *v : 0;
}

static customer_ref *remember_customer(ctx *c, sqlite3_stmt *st) {
    if (c->ncusts == c->custs_cap) {
        c->custs_cap = c->custs_cap ? c->custs_cap * 2 : 256;
        c->custs = realloc(c->custs, c->custs_cap * sizeof *c->custs);
        if (!c->custs) abort();
    }
    customer_ref *cr = &c->custs[c->ncusts++];
    cr->id = sqlite3_column_int64(st, 0);
    cr->no = arena_strdup(c->a, db_text(st, 1));
    cr->name = arena_strdup(c->a, db_text(st, 2));
    cr->manager = sqlite3_column_int64(st, 3);
    return cr;
}

/* Resolves the customer a contact or order row names (客户编号 wins over 客户名称), within scope.
 * Returns its index in c->custs, or -1 after adding a problem. */
static long resolve_customer(ctx *c, int col_no, int col_name) {
    const field_value *no = &c->v[col_no], *name = &c->v[col_name];
    long long scope = c->o->scope_manager;
    if (no->present) {
        long long *hit = map_gets(&c->customers_by_no, no->text);
        long idx;
        if (hit) idx = (long)*hit;
        else {
            sqlite3_stmt *st = db_prepare(c->d, SQL_CUSTOMER_BY_NO);
            if (!st) return -1;
            sqlite3_bind_text(st, 1, no->text, -1, SQLITE_STATIC);
            idx = -1;
            if (sqlite3_step(st) == SQLITE_ROW && (!scope || sqlite3_column_int64(st, 3) == scope)) {
                remember_customer(c, st);
                idx = (long)c->ncusts - 1;
            }
            sqlite3_reset(st);
            map_adds(c->a, &c->customers_by_no, no->text, idx);
        }
        if (idx < 0) { problem(c, col_no, no->text, strlen(no->text), "import.err.no_customer", 0); return -1; }
        if (name->present && strcmp(c->custs[idx].name, name->text) != 0) {
            problem(c, col_name, name->text, strlen(name->text), "import.err.customer_mismatch", 0);
            return -1;
        }
        return idx;
    }
    if (!name->present) { problem(c, col_name, "", 0, "import.err.customer_required", 0); return -1; }
    long long *hit = map_gets(&c->customers_by_name, name->text);
    long idx;
    if (hit) idx = (long)*hit;
    else {
        sqlite3_stmt *st = db_prepare(c->d, scope ? SQL_CUSTOMER_BY_NAME_SCOPED : SQL_CUSTOMER_BY_NAME);
        if (!st) return -1;
        sqlite3_bind_text(st, 1, name->text, -1, SQLITE_STATIC);
        if (scope) sqlite3_bind_int64(st, 2, scope);
        idx = -1;
        if (sqlite3_step(st) == SQLITE_ROW) {
            remember_customer(c, st);
            idx = (long)c->ncusts - 1;
            if (sqlite3_step(st) == SQLITE_ROW) idx = -2;  /* two customers of that name */
        }
        sqlite3_reset(st);
        map_adds(c->a, &c->customers_by_name, name->text, idx);
    }
    if (idx == -2) { problem(c, col_name, name->text, strlen(name->text), "import.err.customer_ambiguous", 0); return -1; }
    if (idx < 0) { problem(c, col_name, name->text, strlen(name->text), "import.err.no_customer", 0); return -1; }
    return idx;
}

/* ---- reading a row's cells ---- */

/* Validates every column of the record into c->v, adding problems. */
static void read_cells(ctx *c, const csv_record *rec) {
    if (rec->error == CSV_E_UNCLOSED) problem(c, -1, "", 0, "import.err.unclosed_quote", 0);
    else if (rec->error == CSV_E_AFTER_QUOTE) problem(c, -1, "", 0, "import.err.after_quote", 0);
    else if (rec->error == CSV_E_TOO_MANY) problem(c, -1, "", 0, "import.err.too_many_fields", CSV_MAX_FIELDS);
    else if (rec->error == CSV_E_TOO_LONG) problem(c, -1, "", 0, "import.err.field_too_long", CSV_MAX_FIELD);
    if (rec->nfields > c->nfile && c->nfile > 0) {
        /* cells beyond the header: fine when empty (Excel pads), a problem when they hold text */
        for (size_t i = c->nfile; i < rec->nfields; i++)
            if (rec->fields[i].n) { problem(c, -1, rec->fields[i].s, rec->fields[i].n, "import.err.extra_cells", (long long)c->nfile); break; }
    }
    for (size_t i = 0; i < rec->nfields; i++)
        if (memchr(rec->fields[i].s, 0, rec->fields[i].n)) {
            int col = -1;
            for (size_t k = 0; k < c->ncols; k++) if (c->at[k] == (int)i) col = (int)k;
            problem(c, col, rec->fields[i].s, rec->fields[i].n, "import.err.undecodable", 0);
        }
    for (size_t k = 0; k < c->ncols; k++) {
        field_value *v = &c->v[k];
        const char *s = NULL;
        size_t n = 0;
        if (c->at[k] >= 0 && (size_t)c->at[k] < rec->nfields) {
            s = rec->fields[c->at[k]].s;
            n = rec->fields[c->at[k]].n;
        }
        if (s && memchr(s, 0, n)) { *v = (field_value){false, "", 0}; continue; }   /* reported above */
        if (s && csv_is_neutralised(s, n)) { s++; n--; }  /* our own export's '=... guard */
        long long param = 0;
        const char *err = validate_field(c->row_arena, &c->cols[k].spec, s, n, v, &param);
        if (err && !c->cols[k].ignored) problem(c, (int)k, s ? s : "", n, err, param);
        if (err) *v = (field_value){false, "", 0};
    }
}

/* Maps a cell of a small vocabulary (Chinese and English words) to a stored code; NULL when the cell
 * names none of them. pairs: word, code, word, code, ..., NULL. */
static const char *vocab(const char *text, const char *const *pairs) {
    for (size_t i = 0; pairs[i]; i += 2)
        if (strcasecmp(text, pairs[i]) == 0) return pairs[i + 1];
    return NULL;
}

static const char *const GENDER[] = {"男", "male", "女", "female", "male", "male", "female", "female", "m", "male",
                                     "f", "female", "先生", "male", "女士", "female", NULL};
static const char *const YESNO[] = {"是", "1", "否", "0", "y", "1", "n", "0", "yes", "1", "no", "0", "true", "1",
                                    "false", "0", "1", "1", "0", "0", "√", "1", "✓", "1", "x", "0", "首要", "1", NULL};
static const char *const ORDER_STATUS[] = {"未回款", "unpaid", "已回款", "paid", "unpaid", "unpaid", "paid", "paid",
                                           "未付款", "unpaid", "已付款", "paid", NULL};

/* ---- customers ---- */

/* Finds a duplicate of value among earlier rows (seen) and existing customers; records it. */
static int customer_dup(ctx *c, strmap *seen, const char *what, const char *value, const char *sql, const char *sql_scoped) {
    long long *prev = map_adds(c->a, seen, value, c->row);
    if (*prev != c->row) { duplicate(c, what, value, NULL, NULL, (long)*prev); return 0; }
    long long scope = c->o->scope_manager;
    sqlite3_stmt *st = db_prepare(c->d, scope ? sql_scoped : sql);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
    if (scope) sqlite3_bind_int64(st, 2, scope);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) duplicate(c, what, value, db_text(st, 0), db_text(st, 1), 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int customer_insert(ctx *c, const char *region, long long manager, const char *level) {
    const field_value *v = c->v;
    customer_fields f = {
        .name = v[CU_NAME].text, .region = region, .level = level, .manager_id = manager,
        .satisfaction = v[CU_SATISFACTION].present ? (int)v[CU_SATISFACTION].i : 3,
        .credit = v[CU_CREDIT].present ? (int)v[CU_CREDIT].i : 3,
        .address = v[CU_ADDRESS].text, .postcode = v[CU_POSTCODE].text, .phone = v[CU_PHONE].text,
        .fax = v[CU_FAX].text, .website = v[CU_WEBSITE].text, .license_no = v[CU_LICENSE].text,
        .legal_rep = v[CU_LEGAL_REP].text,
        .reg_capital = v[CU_REG_CAPITAL].present ? v[CU_REG_CAPITAL].i : 0,
        .annual_revenue = v[CU_REVENUE].present ? v[CU_REVENUE].i : 0,
        .bank = v[CU_BANK].text, .bank_account = v[CU_BANK_ACCOUNT].text, .local_tax_no = v[CU_LOCAL_TAX].text,
        .national_tax_no = v[CU_NATIONAL_TAX].text,
    };
    /* (the table's CHECK may be off while an import writes: see customers_checks_off) */
    if (f.satisfaction < 1 || f.satisfaction > 5 || f.credit < 1 || f.credit > 5) return -1;
    long long id = customers_create_batch(c->d, &c->nos, &f, c->o->now);
    if (id <= 0) return -1;
    if (!c->first_id) c->first_id = id;
    c->last_id = id;
    return 0;
}

static int customer_row(ctx *c) {
    const field_value *v = c->v;
    const char *region = NULL, *level = "normal";
    long long manager = c->o->user_id;
    if (v[CU_REGION].present && !(region = dict_value(c, "region", v[CU_REGION].text)))
        problem(c, CU_REGION, v[CU_REGION].text, strlen(v[CU_REGION].text), "import.err.no_region", 0);
    if (v[CU_LEVEL].present && !(level = dict_value(c, "customer_level", v[CU_LEVEL].text)))
        problem(c, CU_LEVEL, v[CU_LEVEL].text, strlen(v[CU_LEVEL].text), "import.err.no_level", 0);
    if (v[CU_MANAGER].present) {
        long long id = user_id(c, v[CU_MANAGER].text);
        if (id == 0) problem(c, CU_MANAGER, v[CU_MANAGER].text, strlen(v[CU_MANAGER].text), "import.err.no_user", 0);
        else if (id < 0) problem(c, CU_MANAGER, v[CU_MANAGER].text, strlen(v[CU_MANAGER].text), "import.err.user_ambiguous", 0);
        else if (c->o->scope_manager && id != c->o->scope_manager)
            problem(c, CU_MANAGER, v[CU_MANAGER].text, strlen(v[CU_MANAGER].text), "import.err.not_own", 0);
        else manager = id;
    }
    if (c->o->scope_manager) manager = c->o->scope_manager;
    if (v[CU_NAME].present && customer_dup(c, &c->seen_name, "name", v[CU_NAME].text, SQL_DUP_NAME, SQL_DUP_NAME_SCOPED)) return -1;
    if (v[CU_PHONE].present && customer_dup(c, &c->seen_phone, "phone", v[CU_PHONE].text, SQL_DUP_PHONE, SQL_DUP_PHONE_SCOPED)) return -1;
    if (v[CU_LICENSE].present &&
        customer_dup(c, &c->seen_license, "license_no", v[CU_LICENSE].text, SQL_DUP_LICENSE, SQL_DUP_LICENSE_SCOPED))
        return -1;
    if (c->row_bad) return 0;
    if (c->row_dup && c->o->skip_duplicates) { c->res->skipped++; return 0; }
    c->res->records++;
    if (!c->o->commit || c->res->bad_rows) return 0;
    return customer_insert(c, region, manager, level);
}

/* ---- contacts ---- */

static int contact_row(ctx *c) {
    const field_value *v = c->v;
    long idx = resolve_customer(c, CO_CUSTOMER_NO, CO_CUSTOMER);
    const char *gender = "";
    bool primary = false;
    if (v[CO_GENDER].present && !(gender = vocab(v[CO_GENDER].text, GENDER)))
        problem(c, CO_GENDER, v[CO_GENDER].text, strlen(v[CO_GENDER].text), "import.err.gender", 0);
    if (v[CO_PRIMARY].present) {
        const char *b = vocab(v[CO_PRIMARY].text, YESNO);
        if (!b) problem(c, CO_PRIMARY, v[CO_PRIMARY].text, strlen(v[CO_PRIMARY].text), "err.bool", 0);
        else primary = *b == '1';
    }
    if (idx < 0) return 0;
    const customer_ref *cu = &c->custs[idx];
    if (primary) {
        long long *prev = map_adds(c->a, &c->primaries, cu->no, c->row);
        if (*prev != c->row)
            problem(c, CO_PRIMARY, v[CO_PRIMARY].text, strlen(v[CO_PRIMARY].text), "import.err.two_primaries", *prev);
    }
    if (v[CO_NAME].present) {
        /* same 姓名 (or 手机) at the same customer: earlier row, then the customer's contacts */
        long long *prev = map_adds(c->a, &c->seen_contact, arena_printf(c->row_arena, "%lld\x1fn%s", cu->id, v[CO_NAME].text), c->row);
        if (*prev != c->row) duplicate(c, "name", v[CO_NAME].text, cu->no, cu->name, (long)*prev);
        if (v[CO_MOBILE].present) {
            prev = map_adds(c->a, &c->seen_contact, arena_printf(c->row_arena, "%lld\x1fm%s", cu->id, v[CO_MOBILE].text), c->row);
            if (*prev != c->row) duplicate(c, "mobile", v[CO_MOBILE].text, cu->no, cu->name, (long)*prev);
        }
        if (!c->row_dup) {
            sqlite3_stmt *st = db_prepare(c->d, SQL_CONTACT_DUP);
            if (!st) return -1;
            sqlite3_bind_int64(st, 1, cu->id);
            sqlite3_bind_text(st, 2, v[CO_NAME].text, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 3, v[CO_MOBILE].text, -1, SQLITE_STATIC);
            if (sqlite3_step(st) == SQLITE_ROW) {
                bool same_name = strcmp(db_text(st, 0), v[CO_NAME].text) == 0;
                duplicate(c, same_name ? "name" : "mobile", same_name ? v[CO_NAME].text : v[CO_MOBILE].text, cu->no,
                          cu->name, 0);
            }
            sqlite3_reset(st);
        }
    }
    if (c->row_bad) return 0;
    if (c->row_dup && c->o->skip_duplicates) { c->res->skipped++; return 0; }
    c->res->records++;
    if (!c->o->commit || c->res->bad_rows) return 0;
    contact_fields f = {v[CO_NAME].text, gender, v[CO_TITLE].text, v[CO_OFFICE].text, v[CO_MOBILE].text,
                        v[CO_EMAIL].text, v[CO_NOTE].text, primary};
    long long was = 0;
    const char *was_json = NULL;
    if (primary) {
        sqlite3_stmt *st = db_prepare(c->d, SQL_PRIMARY_BEFORE);
        if (!st) return -1;
        sqlite3_bind_int64(st, 1, cu->id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            was = sqlite3_column_int64(st, 0);
            was_json = arena_strdup(c->row_arena, db_text(st, 1));
        }
        sqlite3_reset(st);
    }
    long long id = contacts_create(c->d, cu->id, &f, c->o->now);
    if (id <= 0) return -1;
    if (was) {
        sqlite3_stmt *st = db_prepare(c->d, SQL_AUDIT_PRIMARY_CLEARED);
        if (!st) return -1;
        sqlite3_bind_int64(st, 1, c->o->now);
        sqlite3_bind_int64(st, 2, c->o->user_id);
        sqlite3_bind_text(st, 3, was_json, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, was);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) { log_error("import audit failed: %s", sqlite3_errstr(rc)); return -1; }
    }
    if (!c->first_id) c->first_id = id;
    c->last_id = id;
    return 0;
}

/* ---- orders ---- */

static order_group *new_group(ctx *c) {
    if (c->ngroups == c->groups_cap) {
        c->groups_cap = c->groups_cap ? c->groups_cap * 2 : 256;
        c->groups = realloc(c->groups, c->groups_cap * sizeof *c->groups);
        if (!c->groups) abort();
    }
    order_group *g = &c->groups[c->ngroups++];
    memset(g, 0, sizeof *g);
    return g;
}

static void add_line(order_group *g, const order_line *l) {
    if (g->nlines == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 4;
        g->lines = realloc(g->lines, (size_t)g->cap * sizeof *g->lines);
        if (!g->lines) abort();
    }
    g->lines[g->nlines++] = *l;
}

/* One order line. The first line of an order number holds the order's cells (customer, 日期, 送货地址,
 * 状态); its later lines may repeat them (they must agree) or leave them empty. */
static int order_row(ctx *c) {
    const field_value *v = c->v;
    /* an order number met on an earlier row: its group, or -(row) when that first row was bad */
    long long *gi = v[OR_NO].present ? map_gets(&c->groups_by_no, v[OR_NO].text) : NULL;
    order_group *g = gi && *gi >= 0 ? &c->groups[*gi] : NULL;
    long idx = -1;
    if (gi && !v[OR_CUSTOMER_NO].present && !v[OR_CUSTOMER].present) idx = g ? g->cust : -1;
    else idx = resolve_customer(c, OR_CUSTOMER_NO, OR_CUSTOMER);
    const char *status = "unpaid";
    if (v[OR_STATUS].present && !(status = vocab(v[OR_STATUS].text, ORDER_STATUS)))
        problem(c, OR_STATUS, v[OR_STATUS].text, strlen(v[OR_STATUS].text), "import.err.order_status", 0);
    const char *date = v[OR_DATE].present ? date_format(c->row_arena, v[OR_DATE].i) : NULL;
    if (!gi && !date && !(c->bad_cols & (1ULL << OR_DATE))) problem(c, OR_DATE, "", 0, "err.required", 0);
    /* the product: 产品 + 型号, or 产品 alone when only one active product has that name */
    const product_ref *p = NULL;
    if (v[OR_PRODUCT].present) {
        long long *hit = v[OR_MODEL].present
            ? map_gets(&c->products, arena_printf(c->row_arena, "m\x1f%s\x1f%s", v[OR_PRODUCT].text, v[OR_MODEL].text))
            : map_gets(&c->products, arena_printf(c->row_arena, "n\x1f%s", v[OR_PRODUCT].text));
        if (hit && *hit >= 0) p = &c->prods[*hit];
        else if (hit) problem(c, OR_PRODUCT, v[OR_PRODUCT].text, strlen(v[OR_PRODUCT].text), "import.err.product_ambiguous", 0);
        else problem(c, v[OR_MODEL].present ? OR_MODEL : OR_PRODUCT,
                     v[OR_MODEL].present ? v[OR_MODEL].text : v[OR_PRODUCT].text,
                     strlen(v[OR_MODEL].present ? v[OR_MODEL].text : v[OR_PRODUCT].text), "import.err.no_product", 0);
    }
    /* 单位: a dictionary unit (label or value), or the product's own unit as it is stored */
    const char *unit = NULL;
    if (v[OR_UNIT].present) {
        unit = dict_value(c, "unit", v[OR_UNIT].text);
        if (!unit && p && strcmp(v[OR_UNIT].text, p->unit) == 0) unit = p->unit;
        if (!unit) problem(c, OR_UNIT, v[OR_UNIT].text, strlen(v[OR_UNIT].text), "import.err.no_unit", 0);
    }
    order_line line = {0};
    if (p && v[OR_QUANTITY].present) {
        line.product_id = p->id;
        line.quantity = v[OR_QUANTITY].i;
        line.unit = unit ? unit : p->unit;
        line.price = v[OR_PRICE].present ? v[OR_PRICE].i : p->price;
        if (__builtin_mul_overflow(line.quantity, line.price, &line.amount) || line.amount > MONEY_MAX)
            problem(c, OR_PRICE, v[OR_PRICE].text, strlen(v[OR_PRICE].text), "import.err.amount_too_large", 0);
    }
    if (g) {
        /* another line of an order already seen: the order-level cells it fills must agree */
        if (idx >= 0 && c->custs[idx].id != g->customer_id) {
            const char *shown_name = c->custs[idx].name;
            int col = v[OR_CUSTOMER].present ? OR_CUSTOMER : OR_CUSTOMER_NO;
            if (col == OR_CUSTOMER_NO) shown_name = c->custs[idx].no;
            problem(c, col, shown_name, strlen(shown_name), "import.err.order_differs", g->row);
        }
        if (date && strcmp(date, g->date) != 0) problem(c, OR_DATE, date, strlen(date), "import.err.order_differs", g->row);
        if (v[OR_ADDRESS].present && strcmp(v[OR_ADDRESS].text, g->address) != 0)
            problem(c, OR_ADDRESS, v[OR_ADDRESS].text, strlen(v[OR_ADDRESS].text), "import.err.order_differs", g->row);
        if (v[OR_STATUS].present && strcmp(status, g->status) != 0)
            problem(c, OR_STATUS, v[OR_STATUS].text, strlen(v[OR_STATUS].text), "import.err.order_differs", g->row);
    } else if (v[OR_NO].present) {
        /* the first line of an order number, or a later line of an order whose first line is bad */
        sqlite3_stmt *st = db_prepare(c->d, SQL_ORDER_EXISTS);
        if (!st) return -1;
        sqlite3_bind_text(st, 1, v[OR_NO].text, -1, SQLITE_STATIC);
        bool taken = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
        if (taken) problem(c, OR_NO, v[OR_NO].text, strlen(v[OR_NO].text), "import.err.order_exists", 0);
        else if (gi) problem(c, OR_NO, v[OR_NO].text, strlen(v[OR_NO].text), "import.err.order_first_bad", -*gi);
    }
    if (c->row_bad || idx < 0) {
        /* later lines of this order number are reported as belonging to a bad order */
        if (v[OR_NO].present && !gi) map_adds(c->a, &c->groups_by_no, v[OR_NO].text, -(long long)c->row);
        return 0;
    }
    if (!g) {
        const customer_ref *cu = &c->custs[idx];
        g = new_group(c);
        g->row = c->row;
        g->cust = idx;
        g->order_no = v[OR_NO].present ? arena_strdup(c->a, v[OR_NO].text) : NULL;
        g->customer_id = cu->id;
        g->customer_no = cu->no;
        g->date = arena_strdup(c->a, date);
        g->address = arena_strdup(c->a, v[OR_ADDRESS].text);
        g->status = status;
        if (g->order_no) map_adds(c->a, &c->groups_by_no, g->order_no, (long long)(g - c->groups));
        c->res->records++;
    }
    add_line(g, &line);
    c->res->lines++;
    return 0;
}

/* Writes the orders gathered from the file (every row was good). Returns 0 or -1. */
static int write_orders(ctx *c, long total, long long *first, long long *last) {
    for (size_t i = 0; i < c->ngroups; i++) {
        order_group *g = &c->groups[i];
        order_fields f = {g->order_no, g->date, g->address, g->status};
        long long id = orders_create(c->d, g->customer_id, &f, g->lines, g->nlines, c->o->now);
        if (id == STORE_DUPLICATE) {
            c->row = g->row;
            problem(c, OR_NO, g->order_no ? g->order_no : "", g->order_no ? strlen(g->order_no) : 0, "import.err.order_exists", 0);
            return 0;
        }
        if (id <= 0) return -1;
        if (!*first) *first = id;
        *last = id;
        if (c->o->progress && i % 256 == 255)
            c->o->progress(c->o->progress_ctx, total / 2 + (long)((double)i / (double)c->ngroups * (double)(total - total / 2)), total);
    }
    return 0;
}

static int audit_range(ctx *c, const char *sql, long long first, long long last) {
    if (!first) return 0;
    sqlite3_stmt *st = db_prepare(c->d, sql);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, c->o->now);
    sqlite3_bind_int64(st, 2, c->o->user_id);
    sqlite3_bind_int64(st, 3, first);
    sqlite3_bind_int64(st, 4, last);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("import audit failed: %s", sqlite3_errstr(rc)); return -1; }
    return 0;
}

/* ---- the triggers while an import writes ----
 * FTS5 writes its pending index data out at every statement savepoint (its xSavepoint/xRelease flush),
 * and inside the import's one transaction every customer or contact INSERT is such a statement (its
 * search trigger writes the FTS5 tables): one tiny segment per row, merged again and again — about
 * 5 million instructions a row at a million customers, 60 s for 100,000 customers. So while the rows
 * are written this connection runs with triggers off, and then each insert trigger's statements run
 * once for the whole id range written: "INSERT INTO t(...) VALUES (new.a, ...)" as
 * "INSERT INTO t(...) SELECT new.a, ... FROM <table> AS new WHERE new.id BETWEEN ?1 AND ?2", and the
 * customer counts' upserts (schema/005) as one upsert per combination with the number of rows added.
 * The fast way is taken only when every trigger on the table is one listed below and each insert
 * trigger is, white space aside, exactly the statement below (schema/009_phone_digits.sql, 021, 005), so the
 * rows the bulk statements write are what the triggers would have written; the update and delete
 * triggers listed do not fire on what an import writes. Otherwise the rows are written with the
 * triggers on. */
#define CU_TRI "INSERT INTO customers_tri(rowid, name, no, phone_digits)"
#define CU_TRI_V "new.id, new.name, new.no, new.phone_digits"
#define CU_BI "INSERT INTO customers_bi(rowid, grams)"
#define CU_BI_V "new.id, crm_bigrams(new.name || ' ' || new.phone)"
#define CO_TRI "INSERT INTO contacts_tri(rowid, name, mobile_digits, office_digits)"
#define CO_TRI_V "new.id, new.name, new.mobile_digits, new.office_digits"
#define CO_BI "INSERT INTO contacts_bi(rowid, grams)"
#define CO_BI_V "new.id, crm_bigrams(new.name || ' ' || new.mobile || ' ' || new.office_phone)"
#define RANGE(TABLE) " FROM " TABLE " AS new WHERE new.id BETWEEN ?1 AND ?2"
/* the customers' indexes hold active customers only (schema/021; an import adds none retired) */
static const char SQL_FILL_CU_TRI[] = CU_TRI " SELECT " CU_TRI_V RANGE("customers") " AND new.retired = 0";
static const char SQL_FILL_CU_BI[] = CU_BI " SELECT " CU_BI_V RANGE("customers") " AND new.retired = 0";
static const char SQL_FILL_CO_TRI[] = CO_TRI " SELECT " CO_TRI_V RANGE("contacts");
static const char SQL_FILL_CO_BI[] = CO_BI " SELECT " CO_BI_V RANGE("contacts");
static const char SQL_CACHE_SIZE[] = "PRAGMA cache_size";
static const char SQL_TRIGGERS_ON[] = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1";

/* FTS5 settings of one index (its shadow table %_config, read-only here; set through the special insert). */
#define FTS_SET(T) "INSERT INTO " T "(" T ", rank) VALUES (?1, ?2)"
#define FTS_GET(T) "SELECT v FROM " T "_config WHERE k = ?1"
#define FTS_STRUCTURE(T) "SELECT block FROM " T "_data WHERE id = 10"
typedef struct fill { const char *sql, *set, *get, *structure; } fill;
#define FILL(SQL, T) {SQL, FTS_SET(T), FTS_GET(T), FTS_STRUCTURE(T)}

/* customer_counts (schema/005): one upsert per combination of the rows added, for each of the insert
 * trigger's two statements (the manager's row, and manager 0 for all managers) */
#define COUNTS_ADD(MANAGER, GROUP)                                                                        \
    "INSERT INTO customer_counts(manager_id, region, level, status, n) SELECT " MANAGER ", region, level,"  \
    " status, count(*) FROM customers WHERE id BETWEEN ?1 AND ?2 AND retired = 0 GROUP BY " GROUP         \
    " ON CONFLICT(manager_id, region, level, status) DO UPDATE SET n = n + excluded.n"
static const char SQL_FILL_COUNTS_MANAGER[] = COUNTS_ADD("manager_id", "1, 2, 3, 4");
static const char SQL_FILL_COUNTS_ALL[] = COUNTS_ADD("0", "2, 3, 4");
#define COUNTS_UPSERT(MANAGER)                                                                           \
    " INSERT INTO customer_counts(manager_id, region, level, status, n) VALUES (" MANAGER ", new.region,"  \
    " new.level, new.status, 1) ON CONFLICT(manager_id, region, level, status) DO UPDATE SET n = n + 1;"

enum { BULK_NONE, BULK_SEARCH, BULK_COUNTS };
typedef struct known_trigger {
    const char *name, *sql;   /* sql: the CREATE TRIGGER statement of an insert trigger; NULL: does not fire */
    int bulk;
} known_trigger;
#define SEARCH_INS(T, WHEN, TRI, TRI_V, BI, BI_V) \
    "CREATE TRIGGER " T "_search_ins AFTER INSERT ON " T WHEN " BEGIN " TRI " VALUES (" TRI_V "); " BI " VALUES (" BI_V "); END"
static const char CU_COUNTS_INS[] = "CREATE TRIGGER customers_counts_ins AFTER INSERT ON customers WHEN new.retired = 0"
                                    " BEGIN" COUNTS_UPSERT("new.manager_id") COUNTS_UPSERT("0") " END";

static const struct deferrable {
    const char *table;
    known_trigger triggers[6];
    fill fills[2];                /* the search indexes */
    const char *counts[2];        /* customer_counts */
} DEFERRABLE[] = {
    {"customers",
     {{"customers_search_ins", SEARCH_INS("customers", " WHEN new.retired = 0", CU_TRI, CU_TRI_V, CU_BI, CU_BI_V),
       BULK_SEARCH},
      {"customers_search_upd", NULL, BULK_NONE}, {"customers_search_del", NULL, BULK_NONE},
      {"customers_counts_ins", CU_COUNTS_INS, BULK_COUNTS},
      {"customers_counts_upd", NULL, BULK_NONE}, {"customers_counts_del", NULL, BULK_NONE}},
     {FILL(SQL_FILL_CU_TRI, "customers_tri"), FILL(SQL_FILL_CU_BI, "customers_bi")},
     {SQL_FILL_COUNTS_MANAGER, SQL_FILL_COUNTS_ALL}},
    {"contacts",
     {{"contacts_search_ins", SEARCH_INS("contacts", "", CO_TRI, CO_TRI_V, CO_BI, CO_BI_V), BULK_SEARCH},
      {"contacts_search_upd", NULL, BULK_NONE}, {"contacts_search_del", NULL, BULK_NONE}},
     {FILL(SQL_FILL_CO_TRI, "contacts_tri"), FILL(SQL_FILL_CO_BI, "contacts_bi")},
     {NULL, NULL}},
};

typedef struct deferred {
    const struct deferrable *k;   /* set while this connection's triggers are off */
    bool counts;                  /* customer_counts to add to at the end */
    bool checks_off;              /* CHECK constraints not evaluated (customers_checks_off) */
} deferred;

static bool blank(char ch) { return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r'; }

/* True when sql equals want, each run of white space in sql standing for one blank of want. */
static bool same_sql(const char *sql, const char *want) {
    while (blank(*sql)) sql++;
    while (*want) {
        if (*want == ' ') {
            if (!blank(*sql)) return false;
            while (blank(*sql)) sql++;
            want++;
        } else if (*sql++ != *want++) {
            return false;
        }
    }
    while (blank(*sql)) sql++;
    return *sql == 0;
}

/* The listed trigger of that name, or NULL. */
static const known_trigger *known(const struct deferrable *k, const char *name) {
    for (size_t i = 0; i < sizeof k->triggers / sizeof k->triggers[0] && k->triggers[i].name; i++)
        if (strcmp(k->triggers[i].name, name) == 0) return &k->triggers[i];
    return NULL;
}

/* ---- CHECK constraints while customers are written ----
 * The customers table's CHECK (状态 IN ('normal', 'warning', 'lost')) is evaluated through a small
 * temporary b-tree that SQLite builds again for every INSERT statement: a quarter of the cost of
 * inserting a customer (33,000 of 130,000 instructions at a million customers). The import writes
 * only values those constraints already hold: 满意度 and 信用度 are validated to 1–5 (CUSTOMER_COLS,
 * checked again in customer_insert), and 状态 and retired are left to their defaults. So while its
 * customers are written the connection skips CHECK constraints (PRAGMA ignore_check_constraints),
 * but only when the table's CHECK constraints are exactly these four, defaults included; a table
 * with any other CHECK keeps them evaluated. Turned back on with the triggers (defer_end). */
static const char SQL_TABLE_SQL[] = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'customers'";
static const char *const CU_CHECKS[] = {
    "satisfaction INTEGER NOT NULL DEFAULT 3 CHECK (satisfaction BETWEEN 1 AND 5)",
    "credit INTEGER NOT NULL DEFAULT 3 CHECK (credit BETWEEN 1 AND 5)",
    "status TEXT NOT NULL DEFAULT 'normal' CHECK (status IN ('normal', 'warning', 'lost'))",
    "retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))",
};

/* sql with every run of white space made one blank (malloc'd), or NULL. */
static char *one_blank(const char *sql) {
    char *o = malloc(strlen(sql) + 1), *w = o;
    if (!o) return NULL;
    for (const char *p = sql; *p; p++) {
        if (!blank(*p)) *w++ = *p;
        else if (w > o && w[-1] != ' ') *w++ = ' ';
    }
    *w = 0;
    return o;
}

/* True when the customers table's CHECK constraints are exactly CU_CHECKS. */
static bool customers_checks_known(db *d) {
    sqlite3_stmt *st = db_prepare(d, SQL_TABLE_SQL);
    if (!st) return false;
    char *sql = sqlite3_step(st) == SQLITE_ROW ? one_blank(db_text(st, 0)) : NULL;
    sqlite3_reset(st);
    if (!sql) return false;
    size_t n = 0, want = sizeof CU_CHECKS / sizeof CU_CHECKS[0];
    for (const char *p = sql; (p = strcasestr(p, "check")) != NULL; p++) n++;
    bool ok = n == want;
    for (size_t i = 0; ok && i < want; i++) ok = strstr(sql, CU_CHECKS[i]) != NULL;
    free(sql);
    return ok;
}

static void customers_checks_off(db *d, deferred *df) {
    if (customers_checks_known(d) && db_exec(d, "PRAGMA ignore_check_constraints = ON") == 0) df->checks_off = true;
}

/* Turns this connection's triggers off while rows of kind are written, when their work can follow. */
static void defer_begin(db *d, import_kind kind, deferred *df) {
    memset(df, 0, sizeof *df);
    const struct deferrable *k = kind == IMPORT_CUSTOMERS ? &DEFERRABLE[0]
                               : kind == IMPORT_CONTACTS ? &DEFERRABLE[1] : NULL;
    sqlite3_stmt *st = k ? db_prepare(d, SQL_TRIGGERS_ON) : NULL;
    if (!st) return;
    sqlite3_bind_text(st, 1, k->table, -1, SQLITE_STATIC);
    bool ok = true, search = false, counts = false;
    while (ok && sqlite3_step(st) == SQLITE_ROW) {
        const known_trigger *t = known(k, db_text(st, 0));
        ok = t && (!t->sql || same_sql(db_text(st, 1), t->sql));
        if (ok && t->bulk == BULK_SEARCH) search = true;
        if (ok && t->bulk == BULK_COUNTS) counts = true;
    }
    sqlite3_reset(st);
    if (!ok || !search) return;
    df->k = k;
    df->counts = counts;
    sqlite3_db_config(db_handle(d), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
    if (kind == IMPORT_CUSTOMERS) customers_checks_off(d, df);
}

/* The bulk fill of an FTS5 index. FTS5 keeps an index as segments on levels; new rows become a segment
 * on level 0, and after writing n leaf pages it merges n × (number of levels) pages of segments (five
 * levels at a million customers): with the default settings that merge work is two thirds of the fill,
 * and most of it finishes merges older writes left unfinished. So the fill runs with 'automerge' off and
 * a pending-data buffer ('hashsize') for the whole fill, and then level 0 is merged, and only it (see
 * fill_parts): level 0 is where every later write adds a segment, and once it holds 'crisismerge' (16)
 * segments the write that adds the 16th merges them all at once — with an import's segment among them,
 * a user's save would wait seconds. Merges left unfinished elsewhere stay for later writes, as before.
 * The settings are put back (they live in the index's %_config table, inside the import's transaction).
 * Only done when the index's structure record is in the format read below; otherwise the fill runs as
 * FTS5 would. */
#define FILL_HASHSIZE (256LL * 1024 * 1024)
enum { FTS_AUTOMERGE, FTS_HASHSIZE, FTS_USERMERGE, FTS_NSETTINGS };
static const char *const FTS_KEY[FTS_NSETTINGS] = {"automerge", "hashsize", "usermerge"};
static const long long FTS_DEFAULT[FTS_NSETTINGS] = {4, 1024 * 1024, 4};   /* FTS5's own defaults */

static int fts_set(db *d, const fill *f, const char *key, long long value) {
    sqlite3_stmt *st = db_prepare(d, f->set);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, value);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("import: search index %s failed: %s", key, sqlite3_errstr(rc)); return -1; }
    return 0;
}

/* The index's setting key as stored, or dflt (FTS5's default). */
static long long fts_value(db *d, const fill *f, const char *key, long long dflt) {
    sqlite3_stmt *st = db_prepare(d, f->get);
    if (!st) return dflt;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : dflt;
    sqlite3_reset(st);
    return v;
}

static long long fts_get(db *d, const fill *f, int k) { return fts_value(d, f, FTS_KEY[k], FTS_DEFAULT[k]); }

/* An SQLite varint at *p (below end); false past the end. */
static bool varint(const unsigned char **p, const unsigned char *end, unsigned long long *v) {
    *v = 0;
    for (int i = 0; i < 9; i++) {
        if (*p >= end) return false;
        unsigned char c = *(*p)++;
        if (i == 8) { *v = (*v << 8) | c; return true; }
        *v = (*v << 7) | (c & 0x7f);
        if (!(c & 0x80)) return true;
    }
    return true;
}

typedef struct shape { unsigned long long nmerge, nseg, pages; } shape;   /* level 0: being merged, all, leaf pages */

/* One segment's leaf pages (its id, first and last page); 0 when the record ends. */
static unsigned long long segment(const unsigned char **p, const unsigned char *end) {
    unsigned long long id, firstpg, lastpg;
    if (!varint(p, end, &id) || !varint(p, end, &firstpg) || !varint(p, end, &lastpg) || lastpg < firstpg) return 0;
    return lastpg - firstpg + 1;
}

/* Level 0 of the index from its structure record (fts5_index.c: a 4-byte cookie, then varints: levels,
 * segments, write counter; per level: segments being merged, segments, and per segment its id, first
 * and last leaf page). Returns 0, or -1 when the record is missing or in another format. */
static int fts_shape(db *d, const fill *f, shape *sh) {
    memset(sh, 0, sizeof *sh);
    sqlite3_stmt *st = db_prepare(d, f->structure);
    if (!st) return -1;
    int rc = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *p = sqlite3_column_blob(st, 0), *end = p + sqlite3_column_bytes(st, 0);
        unsigned long long nlevel, nsegment, counter, size;
        bool ok = p && end - p > 8 && p[4] != 0xFF && (p += 4, varint(&p, end, &nlevel)) &&
                  varint(&p, end, &nsegment) && varint(&p, end, &counter) && nlevel > 0 &&
                  varint(&p, end, &sh->nmerge) && varint(&p, end, &sh->nseg) && sh->nseg <= nsegment;
        for (unsigned long long i = 0; ok && i < sh->nseg; i++)
            if ((ok = (size = segment(&p, end)) > 0)) sh->pages += size;
        rc = ok ? 0 : -1;
    }
    sqlite3_reset(st);
    return rc;
}

/* Runs one bulk statement for ids first..last. */
static int fill_range(db *d, const char *sql, long long first, long long last) {
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, first);
    sqlite3_bind_int64(st, 2, last);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("import: bulk trigger work failed: %s", sqlite3_errstr(rc)); return -1; }
    return 0;
}

/* After fill_parts, when level 0 still holds more than one segment (a merge was under way there):
 * 'merge' for about its pages ('merge' takes the level with the most segments, at least 'usermerge' of
 * them, and stops once it wrote the pages given; a few rounds while it works on level 0). */
static int merge_level0(db *d, const fill *f) {
    shape l, after;
    if (fts_shape(d, f, &l) != 0) return 0;
    for (int round = 0; round < 3 && (l.nseg >= 2 || l.nmerge); round++) {
        if (fts_set(d, f, "merge", (long long)l.pages) != 0) return -1;
        if (fts_shape(d, f, &after) != 0) return 0;
        bool moved = after.nseg != l.nseg || after.pages != l.pages || after.nmerge != l.nmerge;
        l = after;
        if (!moved) break;   /* it took another level */
    }
    if (l.nseg >= 2 || l.nmerge) log_warn("import: search index level 0 left with %llu segments", l.nseg);
    return 0;
}

/* Fills ids first..last. A large fill goes in as one segment, after single rows as their own segments
 * until level 0 holds one fewer than 'crisismerge': so the large segment's flush (the savepoint after
 * it) finds level 0 full and merges it whole at once — the new rows with the older segments no larger
 * than them, which FTS5 moves down to level 0 for that — and nothing else ('merge' would go on with
 * whatever level it finds next, leaving merges half done on low levels for users' saves to finish).
 * Returns 1 when level 0 is to be checked and merged, 0 for a small fill (as any write), -1 on error. */
#define SMALL_FILL 2000
static int fill_parts(db *d, const fill *f, const shape *sh, long long first, long long last) {
    if (last - first + 1 <= SMALL_FILL) return fill_range(d, f->sql, first, last) == 0 ? 0 : -1;
    long long crisis = fts_value(d, f, "crisismerge", 16), lead = crisis - 1 - (long long)sh->nseg;
    if (sh->nmerge || lead < 0) lead = 0;
    for (long long i = 0; i < lead; i++)
        if (fill_range(d, f->sql, first + i, first + i) != 0) return -1;
    if (fill_range(d, f->sql, first + lead, last) != 0 || db_exec(d, "SAVEPOINT fill") != 0 ||
        db_exec(d, "RELEASE fill") != 0)
        return -1;
    return 1;
}

static int fill_index(db *d, const fill *f, long long first, long long last) {
    shape sh;
    if (fts_shape(d, f, &sh) != 0) return fill_range(d, f->sql, first, last);
    long long was[FTS_NSETTINGS];
    const long long during[FTS_NSETTINGS] = {0, FILL_HASHSIZE, 2};
    for (int k = 0; k < FTS_NSETTINGS; k++) {
        was[k] = fts_get(d, f, k);
        if (fts_set(d, f, FTS_KEY[k], during[k]) != 0) return -1;
    }
    int parts = fill_parts(d, f, &sh, first, last);
    if (parts < 0 || (parts > 0 && merge_level0(d, f) != 0)) return -1;
    for (int k = 0; k < FTS_NSETTINGS; k++)
        if (fts_set(d, f, FTS_KEY[k], was[k]) != 0) return -1;
    return 0;
}


/* Triggers back on; with write set, first what the insert triggers would have written for ids
 * first..last (search rows, customer counts). Returns 0 or -1. */
static int defer_end(db *d, deferred *df, bool write, long long first, long long last) {
    const struct deferrable *k = df->k;
    if (!k) return 0;
    df->k = NULL;
    sqlite3_db_config(db_handle(d), SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, NULL);
    if (df->checks_off && db_exec(d, "PRAGMA ignore_check_constraints = OFF") != 0) return -1;
    df->checks_off = false;
    if (!write || !first) return 0;
    for (size_t i = 0; i < sizeof k->fills / sizeof k->fills[0]; i++)
        if (fill_index(d, &k->fills[i], first, last) != 0) return -1;
    for (size_t i = 0; df->counts && i < sizeof k->counts / sizeof k->counts[0]; i++)
        if (fill_range(d, k->counts[i], first, last) != 0) return -1;
    return 0;
}

/* ---- the run ---- */

/* The data rows of the file (a first pass, for the progress bar). */
static long count_rows(arena *row_arena, const char *text, size_t len) {
    csv_reader rd;
    csv_record rec;
    long total = 0;
    csv_reader_init(&rd, row_arena, text, len, 0);
    bool first = true;
    for (;;) {
        arena_reset(row_arena);
        if (!csv_next(&rd, &rec)) break;
        if (first) { first = false; continue; }
        if (!rec.blank) total++;
    }
    csv_reader_free(&rd);
    arena_reset(row_arena);
    return total;
}

/* Map slots for a key per line of the file (a map grows when half full): sized once, not regrown. */
static size_t map_cap(const char *text, size_t len) {
    size_t lines = 1, cap = 1024;
    for (const char *p = text, *e = text + len; p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++) lines++;
    while (cap < 2 * lines + 2) cap *= 2;
    return cap;
}

int import_run(db *d, arena *a, const char *text, size_t len, const import_opts *o, import_result *res) {
    memset(res, 0, sizeof *res);
    ctx c;
    memset(&c, 0, sizeof c);
    c.d = d;
    c.a = a;
    c.o = o;
    c.res = res;
    c.cols = import_columns(o->kind, &c.ncols);
    int rc = -1, cache_before = 0;
    deferred df = {0};   /* (before any goto done) */
    c.row_arena = arena_new(64 * 1024);
    size_t rows_cap = map_cap(text, len), cu = o->kind == IMPORT_CUSTOMERS ? rows_cap : 64;
    map_init(&c.seen_name, cu);
    map_init(&c.seen_phone, cu);
    map_init(&c.seen_license, cu);
    map_init(&c.seen_contact, o->kind == IMPORT_CONTACTS ? rows_cap : 64);
    map_init(&c.primaries, 64);
    map_init(&c.groups_by_no, o->kind == IMPORT_ORDERS ? rows_cap : 64);
    /* a check alone reads in one transaction: one snapshot, and no read lock taken per statement */
    bool read_txn = !o->commit && sqlite3_get_autocommit(db_handle(d)) && db_exec(d, "BEGIN") == 0;
    if (load_lookups(&c) != 0) goto done;
    /* a large import touches many pages of the tables, their indexes and the search indexes inside one
     * transaction: with the default 2 MB page cache, dirty pages spill to the WAL before the commit */
    if (o->commit) {
        sqlite3_stmt *st = db_prepare(d, SQL_CACHE_SIZE);
        if (st && sqlite3_step(st) == SQLITE_ROW) cache_before = sqlite3_column_int(st, 0);
        if (st) sqlite3_reset(st);
        db_exec(d, "PRAGMA cache_size = -262144");
    }
    if (o->commit) defer_begin(d, o->kind, &df);
    res->bulk = df.k != NULL;

    long total = o->progress ? count_rows(c.row_arena, text, len) : 0;
    csv_reader rd;
    csv_record rec;
    /* the reader's arena is the row arena: a record's unquoted copies live until the next record */
    csv_reader_init(&rd, c.row_arena, text, len, 0);   /* sniffs the same again, and skips a "sep=" line */
    if (!csv_next(&rd, &rec) || rec.blank) {
        c.row = 1;
        problem(&c, -1, "", 0, "import.err.no_header", 0);
        csv_reader_free(&rd);
        rc = 0;
        goto done;
    }
    /* (a "sep=" line is not counted: Excel hides it too, so row numbers stay what Excel shows) */
    c.row = 1;
    if (!read_header(&c, &rec)) { csv_reader_free(&rd); rc = 0; goto done; }
    long done_rows = 0;
    for (;;) {
        arena_reset(c.row_arena);
        if (!csv_next(&rd, &rec)) break;
        if (rec.blank && rec.error == CSV_OK) continue;
        c.row = rec.row;
        c.row_bad = c.row_dup = false;
        c.bad_cols = 0;
        res->rows++;
        read_cells(&c, &rec);
        int r = 0;
        switch (o->kind) {
        case IMPORT_CUSTOMERS: r = customer_row(&c); break;
        case IMPORT_CONTACTS: r = contact_row(&c); break;
        default: r = order_row(&c); break;
        }
        if (r != 0) { csv_reader_free(&rd); goto done; }
        /* orders are written after all rows are read: reading counts as the first half */
        if (o->progress && ++done_rows % 256 == 0)
            o->progress(o->progress_ctx, o->kind == IMPORT_ORDERS ? done_rows / 2 : done_rows, total);
    }
    csv_reader_free(&rd);
    if (res->rows == 0) { c.row = 2; problem(&c, -1, "", 0, "import.err.no_rows", 0); }
    if (o->commit && res->bad_rows == 0) {
        if (o->kind == IMPORT_CUSTOMERS) {
            if (customers_batch_end(d, &c.nos) != 0) goto done;
            if (defer_end(d, &df, true, c.first_id, c.last_id) != 0) goto done;
            if (audit_range(&c, SQL_AUDIT_CUSTOMERS, c.first_id, c.last_id) != 0) goto done;
        } else if (o->kind == IMPORT_CONTACTS) {
            if (defer_end(d, &df, true, c.first_id, c.last_id) != 0) goto done;
            if (audit_range(&c, SQL_AUDIT_CONTACTS, c.first_id, c.last_id) != 0) goto done;
        } else {
            long long f = 0, l = 0;
            if (write_orders(&c, total, &f, &l) != 0) goto done;
            if (res->bad_rows == 0 && audit_range(&c, SQL_AUDIT_ORDERS, f, l) != 0) goto done;
        }
    }
    if (o->progress) o->progress(o->progress_ctx, total, total);
    rc = 0;
done:
    defer_end(d, &df, false, 0, 0);   /* (nothing written: the caller rolls the rows back) */
    if (read_txn) db_rollback(d);      /* (read only) */
    if (cache_before) {
        char pragma[48];
        snprintf(pragma, sizeof pragma, "PRAGMA cache_size = %d", cache_before);
        db_exec(d, pragma);
    }
    for (size_t i = 0; i < c.ngroups; i++) free(c.groups[i].lines);
    free(c.groups);
    free(c.custs);
    free(c.prods);
    strmap *maps[] = {&c.dict, &c.users, &c.products, &c.customers_by_no, &c.customers_by_name, &c.seen_name,
                      &c.seen_phone, &c.seen_license, &c.seen_contact, &c.primaries, &c.groups_by_no};
    for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++) map_free(maps[i]);
    arena_free(c.row_arena);
    return rc;
}

/* ---- exports ---- */

long import_export_contacts(db *d, long long manager, long long customer_id, const char *customer_prefix,
                            int (*fn)(void *arg, sqlite3_stmt *st), void *arg) {
    sqlite3_stmt *st = db_prepare(d, manager ? SQL_EXPORT_CONTACTS_SCOPED : SQL_EXPORT_CONTACTS);
    if (!st) return -1;
    char upper[256];
    sqlite3_bind_int64(st, 1, manager);
    sqlite3_bind_int64(st, 2, customer_id);
    const char *prefix = customer_prefix ? customer_prefix : "";
    snprintf(upper, sizeof upper, "%s\xf5", prefix);
    sqlite3_bind_text(st, 3, prefix, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, upper, -1, SQLITE_TRANSIENT);
    long n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        n++;
        if (fn(arg, st) != 0) break;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) { log_error("contacts export failed: %s", sqlite3_errstr(rc)); return -1; }
    return n;
}

int import_export_customer(db *d, long long id, int (*fn)(void *arg, sqlite3_stmt *st), void *arg) {
    sqlite3_stmt *st = db_prepare(d, SQL_EXPORT_CUSTOMER);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st), n = 0;
    if (rc == SQLITE_ROW) { n = 1; fn(arg, st); }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) { log_error("customer export failed: %s", sqlite3_errstr(rc)); return -1; }
    return n;
}
