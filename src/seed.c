/* seed.c — demo data; see seed.h. The demo users are audited as created by the system. The business
 * data (customers, contacts, interaction records, products, stock, orders) stands for history that
 * predates the system and is not audited. Generators and name lists: seed_data.c.
 *
 * Small runs (the default 200 customers) insert row by row with every trigger in place, so the
 * triggers of schema/003 and 017 maintain orders.total and line_count, customers.last_order_date and
 * the search indexes.
 * Large runs (--customers N, N >= SEED_BULK_MIN) load in bulk: one transaction in rollback-journal
 * mode with synchronous=OFF and a large cache, rows inserted in primary-key order with explicit ids,
 * the secondary indexes of the loaded tables dropped and recreated (sorted) at the end, the
 * order-total/line-count and last-order-date triggers bypassed (the values are computed here), the search
 * triggers bypassed and the search indexes filled by one INSERT ... SELECT each, the list-count
 * triggers (schema/005) bypassed and the counts filled by one GROUP BY. Both paths end with the same
 * verification: totals = sums of lines (and in bulk the line counts), last_order_date = latest order, every customer in the search
 * indexes with its name_key (the 名称 sort key, written by the insert itself) right, the list counts
 * equal to the customers. */
#include "seed.h"
#include "seed_data.h"
#include "audit.h"
#include "auth.h"
#include "log.h"
#include "users.h"
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const struct demo_user DEMO_USERS[] = {
    {"admin", "系统管理员", "admin", ""},
    {"director", "王主管", "director", ""},
    {"rep1", "张伟", "rep", "beijing"},
    {"rep2", "李娜", "rep", "shanghai"},
    {"exec", "陈总", "executive", ""},
    {NULL, NULL, NULL, NULL},
};

int seed_demo(db *d) {
    long long now = (long long)time(NULL);
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(DEMO_PASSWORD, hash) != 0) return -1;
    if (db_begin(d) != 0) return -1;
    for (int i = 0; DEMO_USERS[i].login; i++) {
        login_row row;
        if (users_login_lookup(d, DEMO_USERS[i].login, &row) == 1) continue;
        user_fields f = {DEMO_USERS[i].login, DEMO_USERS[i].name, DEMO_USERS[i].role, DEMO_USERS[i].region, "zh-CN"};
        long long id = users_create(d, &f, hash, now);
        if (id <= 0) { db_rollback(d); return -1; }
        cJSON *after = users_get(d, id);
        int rc = audit_write(d, now, 0, "user", id, "create", NULL, after);
        cJSON_Delete(after);
        if (rc != 0) { db_rollback(d); return -1; }
    }
    return db_commit(d);
}

/* ------------------------------------------------------------------------------------------------ */

#define SEED_RANDOM 0x5EED2026C0FFEEULL /* the fixed PRNG seed: the same data on every run */
#define WINDOW 1460                     /* day index WINDOW is today; customers arrive over four years */
#define CREATE_DAYS (WINDOW - 7)        /* the newest demo customer is a week old */
#define ORDER_DAYS 1095                 /* orders over the last three years */
#define NO_DAY 0xFFFF

/* PRNG streams: each record kind draws from its own, indexed by the record's position */
enum { S_PLAN = 1, S_CUSTOMER, S_ADDRESS, S_CONTACT, S_ACTIVITY, S_ORDER, S_PRODUCT };

enum { K_NONE, K_ACTIVE, K_CHURNED };

typedef struct cplan {
    uint16_t created, last;     /* day indexes: created, last order (NO_DAY if none) */
    uint8_t region, level, rep, kind, retired;
} cplan;

typedef struct oplan { uint32_t cust; uint16_t day; } oplan;

typedef struct day_info { char date[11], ymd[9]; long long midnight; } day_info;

typedef struct dict_entry { char value[64], label[64]; unsigned weight; const seed_region *g; } dict_entry;
typedef struct rep_entry { long long id; char region[64]; } rep_entry;

typedef struct seeder {
    db *d;
    FILE *out;
    long long n;
    bool bulk;
    long long now;
    day_info days[WINDOW + 1];
    dict_entry regions[64], levels[16], warehouses[16];
    int nregions, nlevels, nwarehouses;
    rep_entry reps[256];
    int nreps;
    long long cust_base, contact_base, activity_base, order_base, line_base, product_base, stock_base;
    cplan *cust;
    oplan *orders;
    long long norders;
    uint32_t cust_seq[WINDOW + 1], order_seq[WINDOW + 1];  /* per-day counters, continuing the table's */
    uint32_t cust_seq_start[WINDOW + 1], order_seq_start[WINDOW + 1];
    long long ncontacts, nactivities, nlines, nstock;
    long long showcase;  /* index of the showcase customer (SHOWCASE below), -1 if none */
    double t0;
} seeder;

/* The showcase: the first planned customer that is active and not retired takes the 字号 华为 and its
 * first contact is 张伟, so that the search examples (华为, 张伟) find a customer and a contact in the
 * demo data as well as at a million customers. Every other value is drawn as for any customer. */
static const struct showcase {
    const char *brand, *brand_pinyin, *contact, *contact_pinyin, *contact_gender;
} SHOWCASE = {"华为", "huawei", "张伟", "zhangwei", "male"};

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void say(seeder *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(seeder *s, const char *fmt, ...) {
    if (!s->out) return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(s->out, "seed: %6.1f s  ", now_s() - s->t0);
    vfprintf(s->out, fmt, ap);
    fputc('\n', s->out);
    fflush(s->out);
    va_end(ap);
}

/* Progress of a long phase, every tenth (bulk runs only). */
static void progress(seeder *s, const char *what, long long done, long long total) {
    if (!s->bulk || total < 10 || done % (total / 10) != 0 || done == 0) return;
    say(s, "  %s %lld/%lld", what, done, total);
}

static bool step_done(seeder *s, sqlite3_stmt *st, const char *what) {
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        log_error("seed: inserting %s failed: %s", what, sqlite3_errmsg(db_handle(s->d)));
        return false;
    }
    return true;
}

static long long scalar(db *d, const char *sql, long long a) {
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, a);
    long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return v;
}

/* ---- setup: calendar, dictionary, reps, counters */

static void build_days(seeder *s) {
    time_t t = (time_t)s->now;
    struct tm today;
    localtime_r(&t, &today);
    for (int k = 0; k <= WINDOW; k++) {
        struct tm tm = {0};
        tm.tm_year = today.tm_year;
        tm.tm_mon = today.tm_mon;
        tm.tm_mday = today.tm_mday - (WINDOW - k);
        tm.tm_isdst = -1;
        time_t m = mktime(&tm);  /* normalises the day; local midnight */
        s->days[k].midnight = (long long)m;
        strftime(s->days[k].date, sizeof s->days[k].date, "%Y-%m-%d", &tm);
        strftime(s->days[k].ymd, sizeof s->days[k].ymd, "%Y%m%d", &tm);
    }
}

static const char SQL_DICT[] = "SELECT value, item FROM dict_items WHERE category = ?1 ORDER BY sort, id";

static int load_dict(seeder *s, const char *category, dict_entry *out, int max) {
    sqlite3_stmt *st = db_prepare(s->d, SQL_DICT);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
    int n = 0;
    while (n < max && sqlite3_step(st) == SQLITE_ROW) {
        snprintf(out[n].value, sizeof out[n].value, "%s", db_text(st, 0));
        snprintf(out[n].label, sizeof out[n].label, "%s", db_text(st, 1));
        out[n].g = seed_region_info(out[n].value);
        out[n].weight = 1;
        n++;
    }
    sqlite3_reset(st);
    return n;
}

static const char SQL_REPS[] = "SELECT id, region FROM users WHERE role = 'rep' AND active = 1 ORDER BY id";

static int load_reps(seeder *s) {
    sqlite3_stmt *st = db_prepare(s->d, SQL_REPS);
    if (!st) return -1;
    s->nreps = 0;
    while (s->nreps < 256 && sqlite3_step(st) == SQLITE_ROW) {
        s->reps[s->nreps].id = sqlite3_column_int64(st, 0);
        snprintf(s->reps[s->nreps].region, sizeof s->reps[s->nreps].region, "%s", db_text(st, 1));
        s->nreps++;
    }
    sqlite3_reset(st);
    return s->nreps;
}

static int day_of_ymd(const seeder *s, const char *ymd) {
    int lo = 0, hi = WINDOW;
    while (lo <= hi) {
        int mid = (lo + hi) / 2, c = strcmp(s->days[mid].ymd, ymd);
        if (c == 0) return mid;
        if (c < 0) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
}

static const char SQL_COUNTERS_READ[] = "SELECT name, value FROM counters WHERE name >= ?1 AND name < ?2";

/* Per-day sequences continue from the counters already in the table (if any). */
static int load_counters(seeder *s, const char *prefix, uint32_t *seq) {
    char lo[32], hi[32];
    snprintf(lo, sizeof lo, "%s:", prefix);
    snprintf(hi, sizeof hi, "%s;", prefix);
    sqlite3_stmt *st = db_prepare(s->d, SQL_COUNTERS_READ);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
    size_t pl = strlen(lo);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = db_text(st, 0);
        int k = strlen(name) == pl + 8 ? day_of_ymd(s, name + pl) : -1;
        if (k >= 0) seq[k] = (uint32_t)sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return 0;
}

static const char SQL_COUNTER_SET[] =
    "INSERT INTO counters(name, value) VALUES (?1, ?2)"
    " ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)";

static bool save_counters(seeder *s, const char *prefix, const uint32_t *seq, const uint32_t *start) {
    sqlite3_stmt *st = db_prepare(s->d, SQL_COUNTER_SET);
    if (!st) return false;
    for (int k = 0; k <= WINDOW; k++) {
        if (seq[k] == start[k]) continue;
        char name[32];
        snprintf(name, sizeof name, "%s:%s", prefix, s->days[k].ymd);
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, seq[k]);
        if (!step_done(s, st, "counters")) return false;
    }
    return true;
}

/* ---- the plan: who each customer is, and when every order happens */

/* Mean days between two orders, by customer level (dictionary order: 普通客户 ... 战略合作伙伴). */
static double order_gap(int level) {
    static const double gaps[] = {170, 175, 90, 110, 50};
    return level < 5 ? gaps[level] : 150;
}
#define MAX_GAP 175  /* so an active customer's latest order is always within the last six months */

static bool push_order(seeder *s, long long *cap, uint32_t cust, int day) {
    if (s->norders == *cap) {
        long long nc = *cap ? *cap * 2 : 1024;
        oplan *o = realloc(s->orders, (size_t)nc * sizeof *o);
        if (!o) return false;
        s->orders = o;
        *cap = nc;
    }
    s->orders[s->norders].cust = cust;
    s->orders[s->norders].day = (uint16_t)day;
    s->norders++;
    return true;
}

static bool make_plan(seeder *s) {
    unsigned rw[64], lw[16];
    static const unsigned level_weights[] = {55, 20, 12, 9, 4};
    for (int i = 0; i < s->nregions; i++) rw[i] = s->regions[i].g->weight;
    for (int i = 0; i < s->nlevels; i++) lw[i] = i < 5 ? level_weights[i] : 3;
    /* reps by region, for the usual arrangement: a rep mostly looks after their own region */
    int local[64][256], nlocal[64];
    for (int i = 0; i < s->nregions; i++) {
        nlocal[i] = 0;
        for (int j = 0; j < s->nreps; j++)
            if (strcmp(s->reps[j].region, s->regions[i].value) == 0) local[i][nlocal[i]++] = j;
    }
    s->cust = calloc((size_t)s->n, sizeof *s->cust);
    if (!s->cust) return false;
    long long cap = 0;
    const int first_order_day = WINDOW - ORDER_DAYS;
    for (long long i = 0; i < s->n; i++) {
        seed_rng r = seed_rng_at(SEED_RANDOM, S_PLAN, (uint64_t)i);
        cplan *c = &s->cust[i];
        /* arrivals spread over four years, a little denser lately; ids follow the arrival order */
        c->created = (uint16_t)(CREATE_DAYS * pow(((double)i + 0.5) / (double)s->n, 0.8));
        c->region = (uint8_t)seed_weighted(&r, rw, (unsigned)s->nregions);
        c->level = (uint8_t)seed_weighted(&r, lw, (unsigned)s->nlevels);
        if (nlocal[c->region] && seed_chance(&r, 85)) c->rep = (uint8_t)local[c->region][seed_below(&r, (unsigned)nlocal[c->region])];
        else c->rep = (uint8_t)seed_below(&r, (unsigned)s->nreps);
        bool recent = c->created >= WINDOW - 180;
        unsigned p = seed_below(&r, 100);
        c->kind = recent ? (p < 50 ? K_NONE : K_ACTIVE) : (p < 8 ? K_NONE : p < 25 ? K_CHURNED : K_ACTIVE);
        int lo = c->created + 1 > first_order_day ? c->created + 1 : first_order_day;
        if (c->kind == K_CHURNED && lo > WINDOW - 190) c->kind = K_ACTIVE;
        if (lo > WINDOW) c->kind = K_NONE;
        c->last = NO_DAY;
        if (c->kind != K_NONE) {
            /* orders at roughly regular intervals from the first possible day; an active customer
             * keeps ordering until today, a churned one stopped 190 days to two years ago */
            int end = c->kind == K_ACTIVE ? WINDOW
                                          : seed_range(&r, lo > WINDOW - 730 ? lo : WINDOW - 730, WINDOW - 190);
            double g = order_gap(c->level);
            int day = lo + (int)seed_below(&r, (unsigned)(g < end - lo + 1 ? g : end - lo + 1));
            int last = day, k = 0;
            while (day <= end && k < 64) {
                if (!push_order(s, &cap, (uint32_t)i, day)) return false;
                last = day;
                k++;
                double step = g * (0.6 + 0.8 * (double)seed_below(&r, 1000) / 1000.0);
                day += 1 + (int)(step < MAX_GAP ? step : MAX_GAP);
            }
            c->last = (uint16_t)last;
        }
        c->retired = c->kind != K_ACTIVE && seed_chance(&r, 6);
        if (s->showcase < 0 && c->kind == K_ACTIVE && !c->retired) s->showcase = i;
    }
    /* orders get their ids in date order (a stable counting sort keeps customers in order within a day) */
    long long start[WINDOW + 2] = {0};
    for (long long j = 0; j < s->norders; j++) start[s->orders[j].day + 1]++;
    for (int k = 1; k <= WINDOW + 1; k++) start[k] += start[k - 1];
    oplan *sorted = malloc((size_t)(s->norders ? s->norders : 1) * sizeof *sorted);
    if (!sorted) return false;
    for (long long j = 0; j < s->norders; j++) sorted[start[s->orders[j].day]++] = s->orders[j];
    free(s->orders);
    s->orders = sorted;
    return true;
}

/* ---- rows */

/* (names no column later than schema 9, which tests/http/migrate.test.mjs seeds; the 名称 sort key of
 * schema/024 is written after, where the schema has it) */
static const char SQL_PRODUCT_INS[] =
    "INSERT INTO products(id, name, model, grade, unit, price, note, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, ?7)";
static const char SQL_PRODUCT_KEYS[] = "UPDATE products SET name_key = crm_name_key(name) WHERE id >= ?1";
static const char SQL_STOCK_INS[] =
    "INSERT INTO stock(id, product_id, warehouse, location, quantity, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";

static bool insert_products(seeder *s) {
    sqlite3_stmt *st = db_prepare(s->d, SQL_PRODUCT_INS);
    if (!st) return false;
    long long at = s->days[0].midnight + 10 * 3600;
    for (unsigned i = 0; i < SEED_PRODUCT_COUNT; i++) {
        const seed_product *p = &SEED_PRODUCTS[i];
        sqlite3_bind_int64(st, 1, s->product_base + i);
        sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, p->model, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, p->grade, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, p->unit, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 6, p->price);
        sqlite3_bind_int64(st, 7, at + i * 60);
        if (!step_done(s, st, "products")) return false;
    }
    if (db_schema_version(s->d) >= 24) {
        st = db_prepare(s->d, SQL_PRODUCT_KEYS);
        if (!st) return false;
        sqlite3_bind_int64(st, 1, s->product_base);
        if (!step_done(s, st, "product name keys")) return false;
    }
    if (s->nwarehouses == 0) return true;
    st = db_prepare(s->d, SQL_STOCK_INS);
    if (!st) return false;
    long long id = s->stock_base;
    for (unsigned i = 0; i < SEED_PRODUCT_COUNT; i++) {
        seed_rng r = seed_rng_at(SEED_RANDOM, S_PRODUCT, i);
        int first = (int)seed_below(&r, (unsigned)s->nwarehouses);
        int count = seed_range(&r, 1, s->nwarehouses < 3 ? s->nwarehouses : 3);
        for (int w = 0; w < count; w++) {
            char loc[32];
            snprintf(loc, sizeof loc, "%c-%02d-%02d", (char)('A' + seed_below(&r, 6)), seed_range(&r, 1, 20), seed_range(&r, 1, 40));
            sqlite3_bind_int64(st, 1, id++);
            sqlite3_bind_int64(st, 2, s->product_base + i);
            sqlite3_bind_text(st, 3, s->warehouses[(first + w) % s->nwarehouses].value, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 4, loc, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(st, 5, seed_chance(&r, 8) ? 0 : seed_range(&r, 1, 600));
            sqlite3_bind_int64(st, 6, at + 86400 + i * 60 + w);
            if (!step_done(s, st, "stock")) return false;
            s->nstock++;
        }
    }
    return true;
}

static const char SQL_CUSTOMER_INS[] =
    "INSERT INTO customers(id, no, name, region, manager_id, level, satisfaction, credit, address, postcode,"
    " phone, fax, website, license_no, legal_rep, reg_capital, annual_revenue, bank, bank_account,"
    " local_tax_no, national_tax_no, status, retired, last_order_date, version, created_at, updated_at, name_key)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
    " ?20, ?20, 'normal', ?21, ?22, 1, ?23, ?24, crm_name_key(?3))";

/* A customer's address, regenerated on demand (orders ship to it) from its own stream. */
static void customer_address(const seeder *s, long long i, char *out, size_t outlen) {
    seed_rng r = seed_rng_at(SEED_RANDOM, S_ADDRESS, (uint64_t)i);
    const dict_entry *reg = &s->regions[s->cust[i].region];
    seed_address_gen(&r, reg->g, reg->label, out, outlen);
}

static bool insert_customers(seeder *s) {
    sqlite3_stmt *st = db_prepare(s->d, SQL_CUSTOMER_INS);
    if (!st) return false;
    static const long long capitals[] = {50, 100, 200, 300, 500, 1000, 2000, 5000, 10000, 50000}; /* 万元 */
    for (long long i = 0; i < s->n; i++) {
        const cplan *c = &s->cust[i];
        seed_rng r = seed_rng_at(SEED_RANDOM, S_CUSTOMER, (uint64_t)i);
        const dict_entry *reg = &s->regions[c->region];
        char no[32], name[160], domain[64], website[80], address[256], postcode[8], phone[24], fax[24];
        char license[32], bank[128], account[24];
        seed_person legal;
        uint32_t seq = ++s->cust_seq[c->created];
        snprintf(no, sizeof no, "KH%s%04u", s->days[c->created].ymd, seq);
        bool showcase = i == s->showcase;
        seed_company_gen(&r, reg->label, showcase ? SHOWCASE.brand : NULL, SHOWCASE.brand_pinyin, name, sizeof name,
                         domain, sizeof domain);
        customer_address(s, i, address, sizeof address);
        seed_postcode_gen(&r, reg->g, postcode, sizeof postcode);
        seed_phone_gen(&r, reg->g, phone, sizeof phone);
        if (seed_chance(&r, 55)) seed_phone_gen(&r, reg->g, fax, sizeof fax); else fax[0] = 0;
        if (seed_chance(&r, 60)) snprintf(website, sizeof website, "www.%s", domain); else website[0] = 0;
        seed_license_gen(&r, reg->g, license, sizeof license);
        seed_person_gen(&r, &legal);
        seed_bank_gen(&r, reg->label, bank, sizeof bank, account, sizeof account);
        long long capital = capitals[seed_below(&r, 10)] * 1000000;  /* 万元 → 分 */
        long long revenue = capital / 100 * seed_range(&r, 30, 1500);
        unsigned sat_w[] = {3, 8, 30, 40, 19}, cred_w[] = {2, 6, 27, 45, 20};
        long long at = s->days[c->created].midnight + 9 * 3600 + (long long)((seq * 23) % 32000) + seed_below(&r, 20);
        sqlite3_bind_int64(st, 1, s->cust_base + i);
        sqlite3_bind_text(st, 2, no, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, reg->value, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, s->reps[c->rep].id);
        sqlite3_bind_text(st, 6, s->levels[c->level].value, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 7, 1 + (int)seed_weighted(&r, sat_w, 5));
        sqlite3_bind_int(st, 8, 1 + (int)seed_weighted(&r, cred_w, 5));
        sqlite3_bind_text(st, 9, address, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 10, postcode, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 11, phone, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 12, fax, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 13, website, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 14, license, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 15, legal.name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 16, capital);
        sqlite3_bind_int64(st, 17, revenue);
        sqlite3_bind_text(st, 18, bank, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 19, account, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 20, license, -1, SQLITE_STATIC);  /* 三证合一: the tax numbers are the credit code */
        sqlite3_bind_int(st, 21, c->retired);
        if (s->bulk && c->last != NO_DAY) sqlite3_bind_text(st, 22, s->days[c->last].date, -1, SQLITE_STATIC);
        else sqlite3_bind_null(st, 22);  /* the orders trigger sets it as orders arrive */
        sqlite3_bind_int64(st, 23, at);
        /* a retired customer was retired (its last change, schema/026) one to six months after its last order,
         * or after it arrived if it never ordered, and before today */
        long long updated = at;
        if (c->retired) {
            int base = c->last != NO_DAY ? c->last : c->created, day = base + (int)seed_range(&r, 30, 180);
            if (day > WINDOW - 1) day = WINDOW - 1;
            if (day > base) updated = s->days[day].midnight + 10 * 3600 + seed_below(&r, 28000);
        }
        sqlite3_bind_int64(st, 24, updated);
        if (!step_done(s, st, "customers")) return false;
        progress(s, "customers", i + 1, s->n);
    }
    return true;
}

static const char SQL_CONTACT_INS[] =
    "INSERT INTO contacts(id, customer_id, name, gender, title, office_phone, mobile, email, note, is_primary,"
    " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)";
static const char SQL_ACTIVITY_INS[] =
    "INSERT INTO activities(id, customer_id, at, place, summary, detail, user_id, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?3, ?3)";

static bool insert_contacts(seeder *s) {
    sqlite3_stmt *st = db_prepare(s->d, SQL_CONTACT_INS);
    if (!st) return false;
    long long id = s->contact_base;
    for (long long i = 0; i < s->n; i++) {
        const cplan *c = &s->cust[i];
        seed_rng r = seed_rng_at(SEED_RANDOM, S_CONTACT, (uint64_t)i);
        int count = seed_chance(&r, c->kind == K_NONE ? 25 : 4) ? 0 : 1 + seed_chance(&r, 45) + seed_chance(&r, 15);
        bool showcase = i == s->showcase;
        if (showcase && count == 0) count = 1;
        progress(s, "contacts of customers", i + 1, s->n);
        if (count == 0) continue;
        /* the company domain and switchboard come from the customer's own stream, as generated above */
        seed_rng cr = seed_rng_at(SEED_RANDOM, S_CUSTOMER, (uint64_t)i);
        const dict_entry *reg = &s->regions[c->region];
        char cname[160], domain[64], postcode[8], phone[24];
        seed_company_gen(&cr, reg->label, showcase ? SHOWCASE.brand : NULL, SHOWCASE.brand_pinyin, cname,
                         sizeof cname, domain, sizeof domain);
        seed_postcode_gen(&cr, reg->g, postcode, sizeof postcode);
        seed_phone_gen(&cr, reg->g, phone, sizeof phone);
        for (int k = 0; k < count; k++) {
            seed_person p;
            seed_person_gen(&r, &p);
            if (showcase && k == 0) {
                snprintf(p.name, sizeof p.name, "%s", SHOWCASE.contact);
                snprintf(p.email, sizeof p.email, "%s", SHOWCASE.contact_pinyin);
                p.gender = SHOWCASE.contact_gender;
            }
            char office[40], mobile[16], email[128];
            if (seed_chance(&r, 50)) snprintf(office, sizeof office, "%s-%d", phone, seed_range(&r, 800, 8999));
            else if (seed_chance(&r, 60)) seed_phone_gen(&r, reg->g, office, sizeof office);
            else office[0] = 0;
            seed_mobile_gen(&r, mobile, sizeof mobile);
            if (seed_chance(&r, 75)) snprintf(email, sizeof email, "%s@%s", p.email, domain); else email[0] = 0;
            long long at = s->days[c->created].midnight + 9 * 3600 + 600 + k * 60 + seed_below(&r, 30000);
            sqlite3_bind_int64(st, 1, id++);
            sqlite3_bind_int64(st, 2, s->cust_base + i);
            sqlite3_bind_text(st, 3, p.name, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 4, p.gender, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 5, seed_title_gen(&r), -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 6, office, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 7, mobile, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 8, email, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 9, seed_note_gen(&r), -1, SQLITE_STATIC);
            sqlite3_bind_int(st, 10, k == 0);
            sqlite3_bind_int64(st, 11, at);
            if (!step_done(s, st, "contacts")) return false;
            s->ncontacts++;
        }
    }
    return true;
}

static bool insert_activities(seeder *s) {
    sqlite3_stmt *st = db_prepare(s->d, SQL_ACTIVITY_INS);
    if (!st) return false;
    long long id = s->activity_base;
    for (long long i = 0; i < s->n; i++) {
        const cplan *c = &s->cust[i];
        seed_rng r = seed_rng_at(SEED_RANDOM, S_ACTIVITY, (uint64_t)i);
        int count = c->kind == K_ACTIVE ? seed_range(&r, 0, 3) : c->kind == K_CHURNED ? seed_range(&r, 0, 2) : seed_range(&r, 0, 1);
        /* chronological per customer */
        int day = c->created;
        for (int k = 0; k < count && day <= WINDOW; k++) {
            day = seed_range(&r, day, day + (WINDOW - day) / (count - k));
            const seed_activity *a = seed_activity_gen(&r);
            long long at = s->days[day].midnight + 9 * 3600 + seed_below(&r, 9 * 3600);
            if (at > s->now) at = s->now - seed_below(&r, 3600);
            sqlite3_bind_int64(st, 1, id++);
            sqlite3_bind_int64(st, 2, s->cust_base + i);
            sqlite3_bind_int64(st, 3, at);
            sqlite3_bind_text(st, 4, a->place, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 5, a->summary, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 6, a->detail, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 7, s->reps[c->rep].id);
            if (!step_done(s, st, "activities")) return false;
            s->nactivities++;
            day++;
        }
    }
    return true;
}

/* row by row the lines' triggers add up total and line_count (the insert leaves them 0, and it names no
 * column later than schema 9, which tests/http/migrate.test.mjs seeds); in bulk they are computed here */
static const char SQL_ORDER_INS[] =
    "INSERT INTO orders(id, customer_id, order_no, date, address, status, total, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?8, ?8)";
static const char SQL_ORDER_INS_BULK[] =
    "INSERT INTO orders(id, customer_id, order_no, date, address, status, total, line_count, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9, ?8, ?8)";
static const char SQL_LINE_INS[] =
    "INSERT INTO order_lines(id, order_id, product_id, quantity, unit, price, amount) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

static bool insert_orders(seeder *s) {
    sqlite3_stmt *so = db_prepare(s->d, s->bulk ? SQL_ORDER_INS_BULK : SQL_ORDER_INS);
    sqlite3_stmt *sl = db_prepare(s->d, SQL_LINE_INS);
    if (!so || !sl) return false;
    unsigned pw[128];
    for (unsigned p = 0; p < SEED_PRODUCT_COUNT && p < 128; p++) pw[p] = SEED_PRODUCTS[p].weight;
    long long line_id = s->line_base;
    for (long long j = 0; j < s->norders; j++) {
        const oplan *o = &s->orders[j];
        seed_rng r = seed_rng_at(SEED_RANDOM, S_ORDER, (uint64_t)j);
        struct { long long product, qty, price; } lines[5];
        static const unsigned line_weights[] = {28, 26, 20, 15, 11};  /* 1–5 lines, fewer more often */
        int nl = 1 + (int)seed_weighted(&r, line_weights, 5);
        long long total = 0;
        for (int k = 0; k < nl; k++) {
            unsigned p = seed_weighted(&r, pw, SEED_PRODUCT_COUNT);
            long long list = SEED_PRODUCTS[p].price;
            lines[k].product = p;
            lines[k].qty = list < 100000 ? seed_range(&r, 1, 50) : list < 1000000 ? seed_range(&r, 1, 10) : seed_range(&r, 1, 3);
            lines[k].price = list * seed_range(&r, 85, 100) / 100 / 100 * 100;  /* discounted, whole 元 */
            total += lines[k].qty * lines[k].price;
        }
        int age = WINDOW - o->day;
        bool paid = seed_chance(&r, age > 90 ? 96 : age > 30 ? 70 : 25);
        char no[32], address[256];
        snprintf(no, sizeof no, "DD%s%04u", s->days[o->day].ymd, ++s->order_seq[o->day]);
        customer_address(s, o->cust, address, sizeof address);
        long long at = s->days[o->day].midnight + 9 * 3600 + seed_below(&r, 9 * 3600);
        if (at > s->now) at = s->now - seed_below(&r, 600);
        long long order_id = s->order_base + j;
        sqlite3_bind_int64(so, 1, order_id);
        sqlite3_bind_int64(so, 2, s->cust_base + o->cust);
        sqlite3_bind_text(so, 3, no, -1, SQLITE_STATIC);
        sqlite3_bind_text(so, 4, s->days[o->day].date, -1, SQLITE_STATIC);
        sqlite3_bind_text(so, 5, address, -1, SQLITE_STATIC);
        sqlite3_bind_text(so, 6, paid ? "paid" : "unpaid", -1, SQLITE_STATIC);
        sqlite3_bind_int64(so, 8, at);
        if (s->bulk) {
            sqlite3_bind_int64(so, 7, total);
            sqlite3_bind_int64(so, 9, nl);
        }
        if (!step_done(s, so, "orders")) return false;
        for (int k = 0; k < nl; k++) {
            const seed_product *p = &SEED_PRODUCTS[lines[k].product];
            sqlite3_bind_int64(sl, 1, line_id++);
            sqlite3_bind_int64(sl, 2, order_id);
            sqlite3_bind_int64(sl, 3, s->product_base + lines[k].product);
            sqlite3_bind_int64(sl, 4, lines[k].qty);
            sqlite3_bind_text(sl, 5, p->unit, -1, SQLITE_STATIC);
            sqlite3_bind_int64(sl, 6, lines[k].price);
            sqlite3_bind_int64(sl, 7, lines[k].qty * lines[k].price);
            if (!step_done(s, sl, "order lines")) return false;
        }
        s->nlines += nl;
        progress(s, "orders", j + 1, s->norders);
    }
    return true;
}

/* ---- bulk mode: indexes and triggers out of the way while loading */

typedef struct saved_ddl { char *sql[64]; int n; } saved_ddl;

static const char SQL_INDEXES_OF[] =
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    " AND tbl_name IN ('customers', 'contacts', 'activities', 'orders', 'order_lines') ORDER BY name";
/* the triggers whose work the bulk load does itself (their effect is verified afterwards) */
static const char SQL_TRIGGERS_OF[] =
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN"
    " ('order_lines_ins', 'orders_ins', 'customers_search_ins', 'contacts_search_ins', 'customers_counts_ins',"
    " 'customers_counts_upd') ORDER BY name";

static bool drop_ddl(seeder *s, const char *query, const char *kind, saved_ddl *saved) {
    sqlite3_stmt *st = db_prepare(s->d, query);
    if (!st) return false;
    char names[64][128];
    int n = 0;
    while (n < 64 && sqlite3_step(st) == SQLITE_ROW) {
        snprintf(names[n], sizeof names[n], "%s", db_text(st, 0));
        saved->sql[saved->n++] = strdup(db_text(st, 1));
        n++;
    }
    sqlite3_reset(st);
    for (int i = 0; i < n; i++) {
        char sql[160];
        snprintf(sql, sizeof sql, "DROP %.8s \"%.128s\"", kind, names[i]);
        if (db_exec(s->d, sql) != 0) return false;
    }
    return true;
}

static bool restore_ddl(seeder *s, saved_ddl *saved, const char *what) {
    bool ok = true;
    for (int i = 0; i < saved->n; i++) {
        if (ok && db_exec(s->d, saved->sql[i]) != 0) ok = false;
        free(saved->sql[i]);
        if (ok && what) say(s, "  %s %d/%d", what, i + 1, saved->n);
    }
    saved->n = 0;
    return ok;
}

/* The search indexes in one pass each: the same values the search triggers write (the customers' hold
 * active customers only, schema/021: not customers_tri's 'rebuild', which would read every row). A pass this size
 * leaves each index in several segments (customers_bi at 1,000,000 customers: 10, on 4 levels), and
 * every query opens a reader on each: 'optimize' merges them into one (~8 s for the four indexes),
 * which makes the search's newest-first walk of a common term such as 科技 cost a third (1.03M -> 0.35M
 * instructions, scripts/profile-sql.sh; the walk backwards first reads each segment's last page of the term). */
static const char SQL_FILL_SEARCH[] =
    "INSERT INTO customers_tri(rowid, name, no, phone_digits) SELECT id, name, no, phone_digits FROM customers"
    " WHERE retired = 0 ORDER BY id;"
    "INSERT INTO customers_bi(rowid, grams) SELECT id, crm_bigrams(name || ' ' || phone) FROM customers"
    " WHERE retired = 0 ORDER BY id;"
    "INSERT INTO contacts_tri(contacts_tri) VALUES ('rebuild');"
    "INSERT INTO contacts_bi(rowid, grams) SELECT id, crm_bigrams(name || ' ' || mobile || ' ' || office_phone)"
    " FROM contacts ORDER BY id;"
    "INSERT INTO customers_tri(customers_tri) VALUES ('optimize');"
    "INSERT INTO customers_bi(customers_bi) VALUES ('optimize');"
    "INSERT INTO contacts_tri(contacts_tri) VALUES ('optimize');"
    "INSERT INTO contacts_bi(contacts_bi) VALUES ('optimize');";

/* The list counts (schema/005) in one pass: what the counts triggers keep. */
static const char SQL_FILL_COUNTS[] =
    "DELETE FROM customer_counts;"
    "INSERT INTO customer_counts(manager_id, region, level, status, n) SELECT manager_id, region, level, status,"
    " count(*) FROM customers WHERE retired = 0 GROUP BY 1, 2, 3, 4;"
    "INSERT INTO customer_counts(manager_id, region, level, status, n) SELECT 0, region, level, status,"
    " count(*) FROM customers WHERE retired = 0 GROUP BY 2, 3, 4;";

/* ---- verification (both modes) */

static const char SQL_BAD_TOTALS[] =
    "SELECT count(*) FROM orders o WHERE o.id >= ?1"
    " AND o.total != (SELECT coalesce(sum(l.amount), 0) FROM order_lines l WHERE l.order_id = o.id)";
/* bulk only, where the counts are computed here (row by row the trigger keeps them, and a database at
 * schema 9, which tests/http/migrate.test.mjs seeds, has no line_count yet) */
static const char SQL_BAD_LINE_COUNTS[] =
    "SELECT count(*) FROM orders o WHERE o.id >= ?1"
    " AND o.line_count != (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id)";
static const char SQL_BAD_LAST[] =
    "SELECT count(*) FROM customers c WHERE c.id >= ?1"
    " AND c.last_order_date IS NOT (SELECT max(o.date) FROM orders o WHERE o.customer_id = c.id)";
/* probes: a record must be found by the first characters of its name in each search index; a retired
 * customer must not be (schema/021; before it, the indexes held every customer, and tests/http/migrate.test.mjs
 * seeds a database at schema 9): 1 when the index answers as the customer's 已停用 flag says */
#define INDEXED "(SELECT retired = 0 OR (SELECT user_version FROM pragma_user_version) < 21 FROM customers WHERE id = ?1)"
static const char SQL_PROBE_CUSTOMER_TRI[] =
    "SELECT (SELECT count(*) FROM customers_tri WHERE customers_tri MATCH"
    " (SELECT '\"' || replace(substr(name, 1, 3), '\"', '\"\"') || '\"' FROM customers WHERE id = ?1) AND rowid = ?1)"
    " = " INDEXED;
static const char SQL_PROBE_CUSTOMER_BI[] =
    "SELECT (SELECT count(*) FROM customers_bi WHERE customers_bi MATCH"
    " (SELECT '\"' || crm_bigrams(substr(name, 1, 2)) || '\"' FROM customers WHERE id = ?1) AND rowid = ?1)"
    " = " INDEXED;
/* probe: a customer's name_key is its name's key (the 名称 sort, schema/008) */
static const char SQL_PROBE_CUSTOMER_KEY[] =
    "SELECT count(*) FROM customers WHERE id = ?1 AND name_key = crm_name_key(name)";
static const char SQL_PROBE_CONTACT_TRI[] =
    "SELECT count(*) FROM contacts_tri WHERE contacts_tri MATCH"
    " (SELECT '\"' || mobile || '\"' FROM contacts WHERE id = ?1) AND rowid = ?1";
static const char SQL_PROBE_CONTACT_BI[] =
    "SELECT count(*) FROM contacts_bi WHERE contacts_bi MATCH"
    " (SELECT '\"' || crm_bigrams(substr(name, 1, 2)) || '\"' FROM contacts WHERE id = ?1) AND rowid = ?1";

/* 25 records spread over [base, base + count) must each answer 1 to sql; else "seed: WHAT ID WHY" */
static bool probe(seeder *s, const char *sql, const char *what, long long base, long long count, const char *why) {
    for (long long k = 0; k < 25 && count > 0; k++) {
        long long id = base + (k * 7919) % count;
        if (scalar(s->d, sql, id) != 1) { log_error("seed: %s %lld %s", what, id, why); return false; }
    }
    return true;
}

/* combinations whose kept count differs from the customers (both modes: the triggers or the fill) */
static const char SQL_BAD_COUNTS[] =
    "SELECT count(*) FROM (SELECT manager_id, region, level, status, count(*) FROM customers WHERE retired = 0"
    " GROUP BY 1, 2, 3, 4 UNION ALL SELECT 0, region, level, status, count(*) FROM customers WHERE retired = 0"
    " GROUP BY 2, 3, 4 EXCEPT SELECT manager_id, region, level, status, n FROM customer_counts WHERE n > 0)";

static bool verify(seeder *s) {
    long long bad = scalar(s->d, SQL_BAD_TOTALS, s->order_base);
    if (bad != 0) { log_error("seed: %lld orders whose total is not the sum of their lines", bad); return false; }
    bad = s->bulk ? scalar(s->d, SQL_BAD_LINE_COUNTS, s->order_base) : 0;
    if (bad != 0) { log_error("seed: %lld orders whose line count is not that of their lines", bad); return false; }
    bad = scalar(s->d, SQL_BAD_LAST, s->cust_base);
    if (bad != 0) { log_error("seed: %lld customers whose last_order_date is not their latest order", bad); return false; }
    bad = scalar(s->d, SQL_BAD_COUNTS, 0);
    if (bad != 0) { log_error("seed: %lld customer count combinations differ from the customers", bad); return false; }
    const char *missing = "missing from its search index";
    const char *wrong = "missing from its search index, or retired and still in it";
    return probe(s, SQL_PROBE_CUSTOMER_TRI, "customer", s->cust_base, s->n, wrong) &&
           probe(s, SQL_PROBE_CUSTOMER_BI, "customer", s->cust_base, s->n, wrong) &&
           probe(s, SQL_PROBE_CUSTOMER_KEY, "customer", s->cust_base, s->n, "has a name_key that is not its name's") &&
           probe(s, SQL_PROBE_CONTACT_TRI, "contact", s->contact_base, s->ncontacts, missing) &&
           probe(s, SQL_PROBE_CONTACT_BI, "contact", s->contact_base, s->ncontacts, missing);
}

/* ---- the run */

/* (scalar() binds ?1; these take none, and the unused binding is ignored) */
static const char SQL_ANY_CUSTOMER[] = "SELECT EXISTS (SELECT 1 FROM customers)";
/* the first id to give: past every id the table holds and, for the AUTOINCREMENT tables (schema/010),
 * past every id it ever gave (sqlite_sequence), so the explicit ids never reuse a deleted record's id */
#define NEXT_ID(T) "SELECT max(coalesce((SELECT max(id) FROM " T "), 0)," \
                   " coalesce((SELECT seq FROM sqlite_sequence WHERE name = '" T "'), 0)) + 1"
static const char SQL_MAX_ID_CUSTOMERS[] = NEXT_ID("customers");
static const char SQL_MAX_ID_CONTACTS[] = NEXT_ID("contacts");
static const char SQL_MAX_ID_ACTIVITIES[] = NEXT_ID("activities");
static const char SQL_MAX_ID_ORDERS[] = NEXT_ID("orders");
static const char SQL_MAX_ID_LINES[] = NEXT_ID("order_lines");
static const char SQL_MAX_ID_PRODUCTS[] = NEXT_ID("products");
static const char SQL_MAX_ID_STOCK[] = NEXT_ID("stock");

static bool load(seeder *s) {
    s->cust_base = scalar(s->d, SQL_MAX_ID_CUSTOMERS, 0);
    s->contact_base = scalar(s->d, SQL_MAX_ID_CONTACTS, 0);
    s->activity_base = scalar(s->d, SQL_MAX_ID_ACTIVITIES, 0);
    s->order_base = scalar(s->d, SQL_MAX_ID_ORDERS, 0);
    s->line_base = scalar(s->d, SQL_MAX_ID_LINES, 0);
    s->product_base = scalar(s->d, SQL_MAX_ID_PRODUCTS, 0);
    s->stock_base = scalar(s->d, SQL_MAX_ID_STOCK, 0);
    if (load_counters(s, "customer", s->cust_seq) != 0 || load_counters(s, "order", s->order_seq) != 0) return false;
    memcpy(s->cust_seq_start, s->cust_seq, sizeof s->cust_seq);
    memcpy(s->order_seq_start, s->order_seq, sizeof s->order_seq);
    saved_ddl indexes = {{0}, 0}, triggers = {{0}, 0};
    bool ok = true;
    if (s->bulk) {
        ok = drop_ddl(s, SQL_INDEXES_OF, "INDEX", &indexes) && drop_ddl(s, SQL_TRIGGERS_OF, "TRIGGER", &triggers);
        if (ok) say(s, "dropped %d indexes and %d triggers of the loaded tables for the load", indexes.n, triggers.n);
    }
    if (ok) ok = insert_products(s);
    if (ok) say(s, "%u products, %lld stock rows", SEED_PRODUCT_COUNT, s->nstock);
    if (ok) ok = insert_customers(s);
    if (ok) say(s, "%lld customers", s->n);
    if (ok) ok = insert_contacts(s);
    if (ok) say(s, "%lld contacts", s->ncontacts);
    if (ok) ok = insert_activities(s);
    if (ok) say(s, "%lld interaction records", s->nactivities);
    if (ok) ok = insert_orders(s);
    if (ok) say(s, "%lld orders, %lld order lines", s->norders, s->nlines);
    if (ok) ok = save_counters(s, "customer", s->cust_seq, s->cust_seq_start) &&
                 save_counters(s, "order", s->order_seq, s->order_seq_start);
    if (s->bulk) {
        if (ok) ok = db_exec(s->d, SQL_FILL_SEARCH) == 0;
        if (ok) say(s, "search indexes filled");
        if (ok) ok = db_exec(s->d, SQL_FILL_COUNTS) == 0;
        if (ok) say(s, "list counts filled");
        if (ok) ok = restore_ddl(s, &indexes, "index");
        else restore_ddl(s, &indexes, NULL);
        if (ok) ok = restore_ddl(s, &triggers, NULL);
        else restore_ddl(s, &triggers, NULL);
        if (ok) say(s, "indexes and triggers recreated");
    }
    if (ok) ok = verify(s);
    if (ok) say(s, "verified: order totals, last order dates, search indexes, list counts");
    return ok;
}

int seed_customers(db *d, long long n, FILE *out) {
    seeder *s = calloc(1, sizeof *s);
    if (!s) return -1;
    s->d = d;
    s->out = out;
    s->n = n;
    s->showcase = -1;
    s->bulk = n >= SEED_BULK_MIN;
    s->now = (long long)time(NULL);
    s->t0 = now_s();
    int rc = -1;
    if (scalar(d, SQL_ANY_CUSTOMER, 0) != 0) {
        say(s, "customers exist; demo data not added");
        rc = 0;
        goto done;
    }
    build_days(s);
    s->nregions = load_dict(s, "region", s->regions, 64);
    s->nlevels = load_dict(s, "customer_level", s->levels, 16);
    s->nwarehouses = load_dict(s, "warehouse", s->warehouses, 16);
    if (s->nregions <= 0 || s->nlevels <= 0) { log_error("seed: the dictionary has no regions or customer levels"); goto done; }
    if (load_reps(s) <= 0) { log_error("seed: no active rep (客户经理) to manage the demo customers"); goto done; }
    if (!make_plan(s)) { log_error("seed: out of memory"); goto done; }
    if (s->bulk) say(s, "plan: %lld customers, %lld orders", s->n, s->norders);
    sqlite3 *h = db_handle(d);
    if (s->bulk) {
        /* one transaction, no WAL (it would double the writes), no fsync, a cache that holds the work */
        if (db_exec(d, "PRAGMA foreign_keys=OFF; PRAGMA journal_mode=DELETE; PRAGMA synchronous=OFF;"
                       "PRAGMA cache_size=-2000000; PRAGMA temp_store=MEMORY") != 0) goto done;
    }
    if (db_begin(d) != 0) goto restore;
    if (!load(s)) { db_rollback(d); goto restore; }
    if (db_commit(d) != 0) goto restore;
    say(s, "committed");
    rc = 0;
restore:
    if (s->bulk) {
        if (sqlite3_get_autocommit(h) && db_exec(d, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                                    "PRAGMA foreign_keys=ON; PRAGMA cache_size=-2000") != 0)
            rc = -1;
    }
    if (rc == 0 && out)
        fprintf(out, "seed: %lld customers, %lld contacts, %lld interaction records, %u products, %lld orders,"
                     " %lld order lines in %.1f s\n", s->n, s->ncontacts, s->nactivities, SEED_PRODUCT_COUNT,
                s->norders, s->nlines, now_s() - s->t0);
done:
    free(s->cust);
    free(s->orders);
    free(s);
    return rc;
}
