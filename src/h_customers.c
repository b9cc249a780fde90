/* h_customers.c — 客户管理 › 客户信息: the customer list (filters, sorts, keyset pages, capped count,
 * row scope), create, view (contacts, 交往记录, 历史订单 with totals over every order, recent changes
 * with what changed), edit with version check (a stale save is refused and the form merged against the
 * version the user started from, see stale_form), retire (never delete; the page stays reachable,
 * read-only), and reassigning the manager of one or many customers (customer.reassign).
 * All SQL is in customers.c (and contacts.c, activities.c, orders.c, audit.c for the sections of the view). */
#include "h_customers.h"
#include "h_contacts.h"
#include "activities.h"
#include "audit.h"
#include "audit_view.h"
#include "contacts.h"
#include "dict.h"
#include "jsonmem.h"
#include "orders.h"
#include "scope.h"
#include "search.h"
#include "users.h"
#include <ctype.h>
#include <string.h>
#include <strings.h>

#define PAGE 50
#define COUNT_CAP 1000
#define REASSIGN_MAX 500          /* customers ticked in one reassignment */
#define CONTACTS_SHOWN 50         /* a customer's page lists this many contacts, then links all of them */
#define REASSIGN_ALL_MAX 10000    /* customers 分配全部 moves at once (one transaction, an audit entry each) */
#define VIEW_ROWS 20

static const char *const SCORES[] = {"1", "2", "3", "4", "5", NULL};

/* --- small helpers ---------------------------------------------------------------------------- */

/* o's member k (case-sensitive, first match, as cJSON_GetObjectItemCaseSensitive), comparing first
 * bytes before calling strcmp: a customer has ~30 members and the detail page asks for ~40 names. */
static const cJSON *jget(const cJSON *o, const char *k) {
    if (!o) return NULL;
    for (const cJSON *it = o->child; it; it = it->next)
        if (it->string && it->string[0] == k[0] && strcmp(it->string, k) == 0) return it;
    return NULL;
}
static const char *jstr(const cJSON *o, const char *k) {
    const char *s = cJSON_GetStringValue(jget(o, k));
    return s ? s : "";
}
static long long jnum(const cJSON *o, const char *k) {
    const cJSON *v = jget(o, k);
    return cJSON_IsNumber(v) ? (long long)v->valuedouble : 0;
}

/* Field labels of the error summary come from customers.field.* (the platform's field.name is 姓名). */
static void relabel(request *r) {
    cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(r->view, "error_list")) {
        const char *field = jstr(e, "field");
        const char *key = arena_printf(r->a, "customers.field.%s", field);
        const char *label = request_t(r, key);
        if (strcmp(label, key) != 0) cJSON_ReplaceItemInObject(e, "label", cJSON_CreateString(label));
    }
}

/* The text of a dictionary item for value, or value itself. */
static const char *dict_text(request *r, const char *category, const char *value) {
    const char *label = dict_label(r->db, category, value);
    return label ? label : value;
}

/* The items of a category as choices {value, item (the Chinese text), label (in the page's language, as
 * dict_list gives them), selected} (selected always set, so Mustache never looks outward). */
static cJSON *dict_choices(request *r, const char *name, const char *category, const char *selected) {
    cJSON *arr = cJSON_AddArrayToObject(r->view, name);
    const dict_entry *e;
    size_t n = dict_items(r->db, category, &e);
    for (size_t i = 0; i < n; i++) {
        /* constant member names; the texts copied into the request arena (the worker's dictionary cache
         * may be re-read by a later request) */
        cJSON *it = cJSON_CreateObject();
        const char *item = arena_strdup(r->a, e[i].item), *label = dict_entry_label(&e[i]);
        json_add_text_ref(it, "value", arena_strdup(r->a, e[i].value));
        json_add_text_ref(it, "item", item);
        json_add_text_ref(it, "label", label == e[i].item ? item : arena_strdup(r->a, label));
        json_add_bool(it, "selected", selected && strcmp(e[i].value, selected) == 0);
        cJSON_AddItemToArray(arr, it);
    }
    return arr;
}

/* True when field already has an error in this reply. */
static bool has_error(request *r, const char *field) {
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r->view, "errors"), field) != NULL;
}

static const char *status_label(request *r, const char *status) {
    static const char *const keys[] = {"customers.status.normal", "customers.status.warning", "customers.status.lost"};
    for (int i = 0; CUSTOMER_STATES[i]; i++)
        if (strcmp(CUSTOMER_STATES[i], status) == 0) return request_t(r, keys[i]);
    return request_t_of(r, "customers.status.", status);
}

/* The catalog text for key with each {name} replaced by its value (names/values: n entries). */
static const char *fill(request *r, const char *key, int n, const char *const *names, const char *const *values) {
    const char *text = request_t(r, key);
    buf b = BUF_INIT;
    for (const char *p = text; *p;) {
        int hit = -1;
        size_t len = 0;
        if (*p == '{')
            for (int i = 0; i < n && hit < 0; i++) {
                len = strlen(names[i]);
                if (strncmp(p + 1, names[i], len) == 0 && p[1 + len] == '}') hit = i;
            }
        if (hit >= 0) {
            buf_puts(&b, values[hit]);
            p += len + 2;
        } else {
            buf_putc(&b, *p++);
        }
    }
    const char *out = arena_strdup(r->a, buf_str(&b));
    buf_free(&b);
    return out;
}

/* A customer r's user may see: within scope (a rep's own, retired ones included: a retired customer
 * leaves the lists and search, but its page and history stay reachable, read-only). */
static cJSON *visible_customer(request *r, long long id) {
    return customers_get(r->db, id, scope_manager(r));
}

/* --- the list --------------------------------------------------------------------------------- */

static const char *const COUNT_ALL[] = {"all", NULL};
const field_spec CUSTOMER_LIST_FIELDS[CL_COUNT] = {
    {"q", F_TEXT, false, 0, 100, NULL},
    {"region", F_TEXT, false, 0, 50, NULL},
    {"level", F_TEXT, false, 0, 50, NULL},
    {"manager", F_ID, false, 0, 0, NULL},
    {"status", F_ENUM, false, 0, 0, CUSTOMER_STATES},
    {"from", F_DATE, false, 0, 0, NULL},
    {"to", F_DATE, false, 0, 0, NULL},
    {"sort", F_ENUM, false, 0, 0, CUSTOMERS_SORTS},
    {"after", F_ID, false, 0, 0, NULL},
    {"key", F_TEXT, false, 0, 300, NULL},
    {"count", F_ENUM, false, 0, 0, COUNT_ALL},   /* count=all: a text's matches counted for 分配全部 */
};

size_t customers_query(request *r, list_source src, field_value *v, customers_filter *f) {
    size_t nerr = 0;
    if (src != LIST_FROM_NONE) {
        nerr = request_validate(r, CUSTOMER_LIST_FIELDS, CL_COUNT, v, src == LIST_FROM_QUERY);
    } else {
        kvlist none = {0};
        field_error errs[VALIDATE_MAX_ERRORS];
        validate_form(r->a, CUSTOMER_LIST_FIELDS, CL_COUNT, &none, v, errs);
    }
    if (v[CL_REGION].present && !dict_has(r->db, "region", v[CL_REGION].text)) {
        request_add_error(r, "region", "err.choice", 0);
        nerr++;
    }
    if (v[CL_LEVEL].present && !dict_has(r->db, "customer_level", v[CL_LEVEL].text)) {
        request_add_error(r, "level", "err.choice", 0);
        nerr++;
    }
    search_match m = {"", "", "", ""};
    if (v[CL_Q].present && search_build(r->a, v[CL_Q].text, &m) == SEARCH_TOO_SHORT) {
        request_add_error(r, "q", "customers.err.q_short", 0);
        nerr++;
    }
    nerr += request_check_range(r, &v[CL_FROM], &v[CL_TO]);
    /* the row scope: a rep asking for another manager's customers asks for manager -1, which has none */
    memset(f, 0, sizeof *f);
    long long scope = scope_manager(r);
    f->manager = scope ? scope : (v[CL_MANAGER].present ? v[CL_MANAGER].i : 0);
    if (scope && v[CL_MANAGER].present && v[CL_MANAGER].i != scope) f->manager = -1;
    f->tri = m.tri;
    f->bi = m.bi;
    f->text = m.whole;
    f->region = v[CL_REGION].present ? v[CL_REGION].text : NULL;
    f->level = v[CL_LEVEL].present ? v[CL_LEVEL].text : NULL;
    f->status = v[CL_STATUS].present ? CUSTOMER_STATES[v[CL_STATUS].i] : NULL;
    f->created_from = v[CL_FROM].present ? local_midnight(v[CL_FROM].i) : 0;
    f->created_to = v[CL_TO].present ? local_midnight(v[CL_TO].i + 1) : 0;
    f->sort = v[CL_SORT].present ? (int)v[CL_SORT].i : CS_ID_DESC;
    if (f->sort == CS_LEVEL) f->level_order = rec_level_order(r);
    return nerr;
}

/* Appends "&name=value" (URL-encoded) when value is non-empty. */
static void add_param(buf *b, const char *name, const char *value) {
    if (!value || !*value) return;
    buf_printf(b, "%s%s=", b->len ? "&" : "", name);
    url_encode(b, value, strlen(value));
}

/* The display texts of the row before (rows of a page mostly share a region, a level, a state and
 * a manager): decorate_row looks a text up only when the row's value differs. */
typedef struct row_texts {
    const char *region, *region_label, *level, *level_label, *status, *status_label, *manager_name;
    long long manager;
    bool have_manager;
    /* the rows' member names, shared by all rows of a page (db.c): once one is known, a pointer test */
    const char *k_region, *k_level, *k_status, *k_created, *k_manager;
} row_texts;

/* True when name is key: the same pointer as last time, or the same text (then remembered). */
static bool is_key(const char *name, const char *key, const char **seen) {
    if (name == *seen) return true;
    if (name[0] != key[0] || strcmp(name, key) != 0) return false;
    *seen = name;
    return true;
}

/* Adds a list row's display texts (manager_name, region_label, level_label, status_label, status_normal,
 * created). One pass over the row's members; the labels are borrowed from the dictionary cache and the
 * catalog (alive for the whole request) and the member names are constants, so only the manager's name
 * (from the users cache) and the date are copied. */
static void decorate_row(request *r, cJSON *row, row_texts *before) {
    const char *region = "", *level = "", *status = "";
    long long created = 0, manager = 0;
    for (const cJSON *m = row->child; m; m = m->next) {
        const char *k = m->string;
        if (!k) continue;
        bool text = (m->type & 0xFF) == cJSON_String, number = (m->type & 0xFF) == cJSON_Number;
        if (text && is_key(k, "region", &before->k_region)) region = m->valuestring;
        else if (text && is_key(k, "level", &before->k_level)) level = m->valuestring;
        else if (text && is_key(k, "status", &before->k_status)) status = m->valuestring;
        else if (number && is_key(k, "created_at", &before->k_created)) created = (long long)m->valuedouble;
        else if (number && is_key(k, "manager_id", &before->k_manager)) manager = (long long)m->valuedouble;
    }
    if (!before->have_manager || before->manager != manager) {
        before->manager = manager;
        before->manager_name = users_name(r->db, r->a, manager);
        before->have_manager = true;
    }
    if (!before->region || strcmp(before->region, region) != 0) {
        before->region = region;
        before->region_label = dict_text(r, "region", region);
    }
    if (!before->level || strcmp(before->level, level) != 0) {
        before->level = level;
        before->level_label = dict_text(r, "customer_level", level);
    }
    if (!before->status || strcmp(before->status, status) != 0) {
        before->status = status;
        before->status_label = status_label(r, status);
    }
    json_add_text_ref(row, "manager_name", before->manager_name);
    json_add_text_ref(row, "region_label", before->region_label);
    json_add_text_ref(row, "level_label", before->level_label);
    json_add_text_ref(row, "status_label", before->status_label);
    json_add_bool(row, "status_normal", strcmp(status, "normal") == 0);
    json_add_text_ref(row, "created", request_date(r, created));
}

/* Fills the list page from the query string (or from nothing, after a refused reassign). */
/* The list's reassign form posts the list's filters (filter_fields), so that a refused reassignment shows
 * the same list again and 分配全部 moves every customer the list holds: offered when they are more than a
 * page, counted exactly (count, else -1) and at most REASSIGN_ALL_MAX. The count goes along with the
 * form and is checked again (h_customers_reassign): the list may have changed since it was shown. */
static void reassign_view(request *r, const field_value *v, long long count) {
    cJSON *fields = cJSON_AddArrayToObject(r->view, "filter_fields");
    const char *values[CL_COUNT] = {0};
    for (int i = CL_Q; i <= CL_TO; i++) values[i] = v[i].present ? v[i].text : NULL;
    if (v[CL_MANAGER].present) values[CL_MANAGER] = arena_lld(r->a, v[CL_MANAGER].i);
    if (v[CL_STATUS].present) values[CL_STATUS] = CUSTOMER_STATES[v[CL_STATUS].i];
    for (int i = CL_Q; i <= CL_TO; i++) {
        if (!values[i] || !*values[i]) continue;
        cJSON *o = cJSON_CreateObject();
        json_add_text_ref(o, "name", CUSTOMER_LIST_FIELDS[i].name);
        json_add_text_ref(o, "value", values[i]);
        cJSON_AddItemToArray(fields, o);
    }
    static const char *const names[] = {"n"};
    if (count > REASSIGN_ALL_MAX) {   /* said beside the form, rather than the button gone without a word */
        const char *max[] = {count_format(r->a, REASSIGN_ALL_MAX)};
        cJSON_AddStringToObject(r->view, "reassign_all_too_many", fill(r, "customers.err.all_too_many", 1, names, max));
        return;
    }
    if (count <= PAGE) return;
    const char *n[] = {count_format(r->a, count)};
    cJSON *all = cJSON_AddObjectToObject(r->view, "reassign_all");
    cJSON_AddNumberToObject(all, "count", (double)count);
    cJSON_AddStringToObject(all, "label", fill(r, "customers.reassign_all", 1, names, n));
    cJSON_AddStringToObject(all, "confirm", fill(r, "customers.confirm_reassign_all", 1, names, n));
}

static int list_view(request *r, list_source src) {
    field_value v[CL_COUNT];
    r->template_name = "customers_list";
    json_add_text_ref(r->view, "title", request_t(r, "customers.title"));
    customers_filter f;
    size_t nerr = customers_query(r, src, v, &f);
    bool view_all = scope_manager(r) == 0;
    relabel(r);
    int sort = f.sort;

    /* filters as shown again, and the pickers (texts added by reference: the catalog's, literals and the
     * request arena's, all alive as long as the view) */
    cJSON *filter = cJSON_AddObjectToObject(r->view, "filter");
    json_add_text_ref(filter, "q", v[CL_Q].text);
    json_add_text_ref(filter, "from", v[CL_FROM].text);
    json_add_text_ref(filter, "to", v[CL_TO].text);
    dict_choices(r, "regions", "region", v[CL_REGION].text);
    dict_choices(r, "levels", "customer_level", v[CL_LEVEL].text);
    cJSON *states = cJSON_AddArrayToObject(r->view, "states");
    for (int i = 0; CUSTOMER_STATES[i]; i++) {
        cJSON *o = cJSON_CreateObject();
        json_add_text_ref(o, "code", CUSTOMER_STATES[i]);
        json_add_text_ref(o, "label", status_label(r, CUSTOMER_STATES[i]));
        cJSON_AddBoolToObject(o, "selected", v[CL_STATUS].present && v[CL_STATUS].i == i);
        cJSON_AddItemToArray(states, o);
    }
    cJSON_AddItemToObject(r->view, "sorts", rec_sort_choices(r, "customers", CUSTOMERS_SORTS, sort));
    if (view_all) {
        long long m = v[CL_MANAGER].present ? v[CL_MANAGER].i : 0;
        rec_manager_choices(r, "managers", m, m);
        cJSON_AddTrueToObject(r->view, "view_all");
    }
    bool can_reassign = perm_has(r->user.perms, P_CUSTOMER_REASSIGN), offer_count_all = false;
    if (can_reassign) {
        cJSON_AddTrueToObject(r->view, "can_reassign");
        if (!view_all) rec_manager_choices(r, "managers", 0, 0);
    }
    if (perm_has(r->user.perms, P_CUSTOMER_EDIT)) cJSON_AddTrueToObject(r->view, "can_create");
    cJSON *rows = cJSON_AddArrayToObject(r->view, "customers");
    if (nerr) {
        cJSON_AddTrueToObject(r->view, "empty");
        return 400;
    }

    /* the query's page; a rep asking for another manager's customers (f.manager -1) gets none */
    bool nothing = f.manager < 0;
    f.after = v[CL_AFTER].present;
    f.after_id = v[CL_AFTER].i;
    f.after_key = v[CL_KEY].text;
    f.limit = PAGE;
    customers_page page = {0};
    long long count = 0;
    bool exact = true;
    if (!nothing) {
        if (customers_list(r->db, &f, rows, &page) < 0) return request_error(r, 500, "err.internal");
        count = customers_count(r->db, &f, COUNT_CAP + 1, &exact);
        if (count < 0) return request_error(r, 500, "err.internal");
    }
    bool capped = !exact && count > COUNT_CAP;
    if (can_reassign) {
        /* 分配全部 needs the exact number: past the cap, a list without a text (whose count walks an index
         * range) is counted again up to REASSIGN_ALL_MAX; a text's matches (10,000 cost ~18 ms at a million)
         * only when the user asks, by the link to the same page with count=all (统计全部) */
        long long all = nothing ? -1 : count;
        bool text = (f.tri && *f.tri) || (f.bi && *f.bi);
        if (!nothing && capped && (!text || v[CL_COUNT_ALL].present)) {
            all = customers_count(r->db, &f, REASSIGN_ALL_MAX + 1, NULL);
            if (all < 0) return request_error(r, 500, "err.internal");
            if (all <= REASSIGN_ALL_MAX) {   /* counted exactly: the count line says so too */
                count = all;
                capped = false;
            }
        } else if (capped) {   /* a text's matches: counting them that far is paid for only when asked */
            all = -1;
            offer_count_all = true;
        }
        reassign_view(r, v, all);
    }
    cJSON_AddNumberToObject(r->view, "count", (double)(capped ? COUNT_CAP + 1 : count));
    if (count == 1) cJSON_AddTrueToObject(r->view, "count_one");   /* English says "1 customer" */
    json_add_text_ref(r->view, "count_text", capped ? count_format_capped(r->a, COUNT_CAP + 1, COUNT_CAP)
                                                    : count_format(r->a, count));
    if (capped) cJSON_AddTrueToObject(r->view, "count_capped");

    /* links keep the filters: sort links drop the page, the next page keeps the sort */
    buf base = BUF_INIT;
    add_param(&base, "q", v[CL_Q].text);
    add_param(&base, "region", v[CL_REGION].text);
    add_param(&base, "level", v[CL_LEVEL].text);
    if (v[CL_MANAGER].present) add_param(&base, "manager", arena_lld(r->a, v[CL_MANAGER].i));
    if (v[CL_STATUS].present) add_param(&base, "status", CUSTOMER_STATES[v[CL_STATUS].i]);
    add_param(&base, "from", v[CL_FROM].text);
    add_param(&base, "to", v[CL_TO].text);
    const char *qs = arena_strdup(r->a, buf_str(&base)), *amp = *qs ? "&" : "";
    const char *sort_code = CUSTOMERS_SORTS[sort];
    cJSON *sort_links = cJSON_AddObjectToObject(r->view, "sort_links");
    json_add_text_ref(sort_links, "id", arena_cat(r->a, "/customers?", qs, amp, "sort=", sort == CS_ID_DESC ? "id" : "-id"));
    json_add_text_ref(sort_links, "name", arena_cat(r->a, "/customers?", qs, amp, "sort=name"));
    json_add_text_ref(sort_links, "region", arena_cat(r->a, "/customers?", qs, amp, "sort=region"));
    json_add_text_ref(sort_links, "level", arena_cat(r->a, "/customers?", qs, amp, "sort=level"));
    json_add_text_ref(sort_links, "manager", arena_cat(r->a, "/customers?", qs, amp, "sort=manager"));
    /* the column the list is sorted by, for the header's arrow and aria-sort */
    static const char *const sort_cols[] = {"id", "id", "name", "region", "level", "manager"};
    cJSON *sorted = cJSON_AddObjectToObject(cJSON_AddObjectToObject(r->view, "sorted"), sort_cols[sort]);
    json_add_text_ref(sorted, "aria", sort == CS_ID_DESC ? "descending" : "ascending");
    json_add_text_ref(sorted, "arrow", sort == CS_ID_DESC ? "↓" : "↑");
    json_add_text_ref(r->view, "first_page", arena_cat(r->a, "/customers?", qs, amp, "sort=", sort_code));
    if (page.more) {
        buf_clear(&base);
        buf_puts(&base, arena_cat(r->a, "/customers?", qs, amp, "sort=", sort_code, "&after=", arena_lld(r->a, page.next_id)));
        if (page.next_key && *page.next_key) {
            buf_puts(&base, "&key=");
            url_encode(&base, page.next_key, strlen(page.next_key));
        }
        if (v[CL_COUNT_ALL].present) buf_puts(&base, "&count=all");   /* 分配全部 stays on the next pages */
        cJSON_AddStringToObject(r->view, "next_page", buf_str(&base));   /* (copied: base is freed below) */
    }
    if (offer_count_all) {   /* this same page, counted */
        buf_clear(&base);
        buf_puts(&base, arena_cat(r->a, "/customers?", qs, amp, "sort=", sort_code));
        if (v[CL_AFTER].present) buf_puts(&base, arena_cat(r->a, "&after=", arena_lld(r->a, v[CL_AFTER].i)));
        if (v[CL_KEY].present && *v[CL_KEY].text) {
            buf_puts(&base, "&key=");
            url_encode(&base, v[CL_KEY].text, strlen(v[CL_KEY].text));
        }
        buf_puts(&base, "&count=all");
        cJSON_AddStringToObject(r->view, "count_all_href", buf_str(&base));
    }
    buf_free(&base);
    json_add_text_ref(r->view, "back", arena_cat(r->a, "/customers", *qs ? "?" : "", qs));
    if (perm_has(r->user.perms, P_DATA_EXPORT))   /* the same filters and order as this list (h_import.c) */
        json_add_text_ref(r->view, "export_href", arena_cat(r->a, "/customers/export.csv?", qs, amp, "sort=", sort_code));
    if (v[CL_AFTER].present) cJSON_AddTrueToObject(r->view, "paged");

    cJSON *row;
    row_texts before = {0};
    cJSON_ArrayForEach(row, rows) decorate_row(r, row, &before);
    if (cJSON_GetArraySize(rows) == 0) cJSON_AddTrueToObject(r->view, "empty");
    return 200;
}

int h_customers_list(request *r) { return list_view(r, LIST_FROM_QUERY); }

/* --- the form ----------------------------------------------------------------------------------- */

static const field_spec CUSTOMER_FIELDS[] = {
    {"name", F_TEXT, true, 1, 100, NULL},
    {"region", F_TEXT, true, 1, 50, NULL},
    {"level", F_TEXT, true, 1, 50, NULL},
    {"manager_id", F_ID, false, 0, 0, NULL},
    {"satisfaction", F_ENUM, true, 0, 0, SCORES},
    {"credit", F_ENUM, true, 0, 0, SCORES},
    {"address", F_TEXT, false, 0, 200, NULL},
    {"postcode", F_TEXT, false, 0, 20, NULL},
    {"phone", F_PHONE, false, 0, 0, NULL},
    {"fax", F_PHONE, false, 0, 0, NULL},
    {"website", F_TEXT, false, 0, 200, NULL},
    {"license_no", F_TEXT, false, 0, 30, NULL},
    {"legal_rep", F_TEXT, false, 0, 50, NULL},
    {"reg_capital", F_MONEY, false, 0, 9000000000000000LL, NULL},
    {"annual_revenue", F_MONEY, false, 0, 9000000000000000LL, NULL},
    {"bank", F_TEXT, false, 0, 100, NULL},
    {"bank_account", F_TEXT, false, 0, 40, NULL},
    {"local_tax_no", F_TEXT, false, 0, 30, NULL},
    {"national_tax_no", F_TEXT, false, 0, 30, NULL},
    {"version", F_INT, true, 1, 1LL << 53, NULL},
};
enum {
    C_NAME, C_REGION, C_LEVEL, C_MANAGER, C_SAT, C_CREDIT, C_ADDRESS, C_POSTCODE, C_PHONE, C_FAX, C_WEBSITE,
    C_LICENSE, C_LEGAL, C_CAPITAL, C_REVENUE, C_BANK, C_ACCOUNT, C_LTAX, C_NTAX, C_VERSION, C_COUNT
};

/* http(s):// optional, a host name with a dot and a letter TLD, optional :port, optional path. */
static bool website_ok(const char *s) {
    if (strncasecmp(s, "http://", 7) == 0) s += 7;
    else if (strncasecmp(s, "https://", 8) == 0) s += 8;
    int labels = 0, len = 0, tld_alpha = 1;
    for (; *s && *s != '/' && *s != ':' && *s != '?' && *s != '#'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '.') {
            if (len == 0) return false;
            labels++;
            len = 0;
            tld_alpha = 1;
            continue;
        }
        if (!isalnum(c) && c != '-') return false;
        if (!isalpha(c)) tld_alpha = 0;
        len++;
    }
    if (labels == 0 || len < 2 || !tld_alpha) return false;
    if (*s == ':') {
        s++;
        int digits = 0;
        while (*s >= '0' && *s <= '9') { s++; digits++; }
        if (digits == 0 || digits > 5) return false;
    }
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`' || c >= 0x7f) return false;
    }
    return true;
}

/* Upper-cases ASCII letters in place; true when only digits and letters remain, of min..max chars. */
static bool code_ok(char *s, size_t min, size_t max) {
    size_t n = 0;
    for (char *p = s; *p; p++, n++) {
        *p = (char)toupper((unsigned char)*p);
        if (!isdigit((unsigned char)*p) && !isupper((unsigned char)*p)) return false;
    }
    return n >= min && n <= max;
}

/* 8 to 30 digits, with spaces or hyphens between groups. */
static bool account_ok(const char *s) {
    int digits = 0;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s)) digits++;
        else if (*s != ' ' && *s != '-') return false;
    }
    return digits >= 8 && digits <= 30;
}

/* Validates the customer form. Returns the error count; fills v (C_COUNT entries) and *manager. */
static size_t validate_customer(request *r, field_value *v, bool is_new, long long keep_manager, long long *manager) {
    size_t nerr;
    if (is_new) {
        nerr = request_validate(r, CUSTOMER_FIELDS, C_COUNT - 1, v, false);
        v[C_VERSION] = (field_value){0};
    } else {
        nerr = request_validate(r, CUSTOMER_FIELDS, C_COUNT, v, false);
    }
    if (v[C_REGION].present && !dict_has(r->db, "region", v[C_REGION].text)) {
        request_add_error(r, "region", "err.choice", 0);
        nerr++;
    }
    if (v[C_LEVEL].present && !dict_has(r->db, "customer_level", v[C_LEVEL].text)) {
        request_add_error(r, "level", "err.choice", 0);
        nerr++;
    }
    const char *pc = v[C_POSTCODE].text;
    if (v[C_POSTCODE].present && (strlen(pc) != 6 || strspn(pc, "0123456789") != 6)) {
        request_add_error(r, "postcode", "customers.err.postcode", 0);
        nerr++;
    }
    if (v[C_WEBSITE].present && !website_ok(v[C_WEBSITE].text)) {
        request_add_error(r, "website", "customers.err.website", 0);
        nerr++;
    }
    struct { int i; size_t min, max; const char *key; } codes[] = {
        {C_LICENSE, 15, 18, "customers.err.license"},
        {C_LTAX, 15, 20, "customers.err.tax_no"},
        {C_NTAX, 15, 20, "customers.err.tax_no"},
    };
    for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++) {
        field_value *fv = &v[codes[k].i];
        if (!fv->present) continue;
        char *t = arena_strdup(r->a, fv->text);
        bool ok = code_ok(t, codes[k].min, codes[k].max) && (codes[k].i != C_LICENSE || strlen(t) == 15 || strlen(t) == 18);
        if (ok) fv->text = t;
        else {
            request_add_error(r, CUSTOMER_FIELDS[codes[k].i].name, codes[k].key, 0);
            nerr++;
        }
    }
    if (v[C_ACCOUNT].present && !account_ok(v[C_ACCOUNT].text)) {
        request_add_error(r, "bank_account", "customers.err.bank_account", 0);
        nerr++;
    }
    /* the manager: a rep's customers are their own; those who may reassign choose an active user */
    *manager = keep_manager;
    if (perm_has(r->user.perms, P_CUSTOMER_REASSIGN)) {
        if (has_error(r, "manager_id")) {
            /* already refused by its validator */
        } else if (v[C_MANAGER].present && v[C_MANAGER].i == keep_manager) {
            *manager = keep_manager;   /* unchanged: keeping a since deactivated manager is not assigning */
        } else if (v[C_MANAGER].present) {
            cJSON *u = users_get(r->db, v[C_MANAGER].i);
            if (!u || jnum(u, "active") != 1) {
                request_add_error(r, "manager_id", "customers.err.manager", 0);
                nerr++;
            } else {
                *manager = v[C_MANAGER].i;
            }
        } else if (is_new) {
            request_add_error(r, "manager_id", "err.required", 0);
            nerr++;
        }
    } else if (is_new) {
        *manager = r->user.id;
    }
    relabel(r);
    return nerr;
}

static customer_fields fields_of(const field_value *v, long long manager) {
    customer_fields f = {
        v[C_NAME].text, v[C_REGION].text, v[C_LEVEL].text, manager,
        (int)v[C_SAT].i + 1, (int)v[C_CREDIT].i + 1,
        v[C_ADDRESS].text, v[C_POSTCODE].text, v[C_PHONE].text, v[C_FAX].text, v[C_WEBSITE].text,
        v[C_LICENSE].text, v[C_LEGAL].text, v[C_CAPITAL].i, v[C_REVENUE].i,
        v[C_BANK].text, v[C_ACCOUNT].text, v[C_LTAX].text, v[C_NTAX].text,
    };
    return f;
}

/* The form's values (all strings) from a stored customer. */
static cJSON *form_from_db(request *r, const cJSON *c) {
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; i < C_COUNT; i++) {
        const char *name = CUSTOMER_FIELDS[i].name;
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(c, name);
        if (cJSON_IsString(x)) cJSON_AddStringToObject(o, name, x->valuestring);
        else if (i == C_CAPITAL || i == C_REVENUE)
            cJSON_AddStringToObject(o, name, x->valuedouble ? money_format(r->a, (long long)x->valuedouble) : "");
        else if (cJSON_IsNumber(x)) cJSON_AddStringToObject(o, name, arena_printf(r->a, "%.0f", x->valuedouble));
        else cJSON_AddStringToObject(o, name, "");
    }
    return o;
}

/* The form's values as submitted. */
static cJSON *form_from_input(request *r, const field_value *v, long long manager) {
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; i < C_COUNT; i++) cJSON_AddStringToObject(o, CUSTOMER_FIELDS[i].name, v[i].text);
    if (manager) cJSON_ReplaceItemInObject(o, "manager_id", cJSON_CreateString(arena_printf(r->a, "%lld", manager)));
    return o;
}

/* Fills the form page: the customer's values (strings), pickers, and what the page is for. */
static void form_view(request *r, cJSON *form, const cJSON *stored, bool is_new) {
    r->template_name = "customer_form";
    cJSON_AddStringToObject(r->view, "title", request_t(r, is_new ? "customers.new" : "customers.edit"));
    if (is_new) cJSON_AddTrueToObject(r->view, "is_new");
    if (stored) {
        cJSON_AddNumberToObject(form, "id", (double)jnum(stored, "id"));
        cJSON_AddStringToObject(form, "no", jstr(stored, "no"));
        cJSON_AddStringToObject(form, "status_label", status_label(r, jstr(stored, "status")));
        cJSON_AddStringToObject(form, "manager_name", jstr(stored, "manager_name"));
    } else if (!perm_has(r->user.perms, P_CUSTOMER_REASSIGN)) {
        cJSON_AddStringToObject(form, "manager_name", r->user.name);
    }
    cJSON_AddItemToObject(r->view, "customer", form);
    dict_choices(r, "regions", "region", jstr(form, "region"));
    dict_choices(r, "levels", "customer_level", jstr(form, "level"));
    const char *score_fields[] = {"satisfaction", "credit"};
    for (int k = 0; k < 2; k++) {
        cJSON *arr = cJSON_AddArrayToObject(r->view, arena_printf(r->a, "%s_choices", score_fields[k]));
        for (int i = 0; SCORES[i]; i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "value", SCORES[i]);
            cJSON_AddStringToObject(o, "label", request_t_of(r, "customers.score.", SCORES[i]));
            cJSON_AddBoolToObject(o, "selected", strcmp(jstr(form, score_fields[k]), SCORES[i]) == 0);
            cJSON_AddItemToArray(arr, o);
        }
    }
    if (perm_has(r->user.perms, P_CUSTOMER_REASSIGN)) {
        cJSON_AddTrueToObject(r->view, "choose_manager");
        long long sel = 0;
        sscanf(jstr(form, "manager_id"), "%lld", &sel);
        /* a stored manager who has since been deactivated stays choosable for this customer only */
        rec_manager_choices(r, "managers", sel, stored ? jnum(stored, "manager_id") : 0);
    }
}

int h_customers_new(request *r) {
    cJSON *form = cJSON_CreateObject();
    cJSON_AddStringToObject(form, "satisfaction", "3");
    cJSON_AddStringToObject(form, "credit", "3");
    cJSON_AddStringToObject(form, "level", "normal");
    cJSON *me = users_get(r->db, r->user.id);
    cJSON_AddStringToObject(form, "region", me ? jstr(me, "region") : "");
    form_view(r, form, NULL, true);
    return 200;
}

/* The form asks first whether the customer is already there (check_duplicates=1, which its 仍然创建 /
 * 仍然保存 / 仍然恢复 button leaves out): another active customer with the same 名称, 电话 or 营业执照注册号 among those
 * the user may see. On an edit (stored: the customer before it) only the fields it changes are looked
 * for, and the customer itself is not one. Puts them in view["duplicates"] (with why) and returns
 * their count; 0 when not asked or none; -1 when the database failed. */
static int probable_duplicates(request *r, const customer_fields *f, const cJSON *stored) {
    const char *check = kv_get(&r->form, "check_duplicates");
    if (!check || strcmp(check, "1") != 0) return 0;
    customer_fields look = *f;
    if (stored) {
        if (strcmp(f->name, jstr(stored, "name")) == 0) look.name = "";
        if (!f->phone || strcmp(f->phone, jstr(stored, "phone")) == 0) look.phone = "";
        if (!f->license_no || strcmp(f->license_no, jstr(stored, "license_no")) == 0) look.license_no = "";
        if (!*look.name && !*look.phone && !*look.license_no) return 0;
    }
    cJSON *dups = cJSON_CreateArray();
    if (customers_duplicates(r->db, &look, scope_manager(r), dups) < 0) { cJSON_Delete(dups); return -1; }
    long long self = stored ? jnum(stored, "id") : 0;
    for (int i = cJSON_GetArraySize(dups) - 1; i >= 0; i--)
        if (jnum(cJSON_GetArrayItem(dups, i), "id") == self) cJSON_DeleteItemFromArray(dups, i);
    int n = cJSON_GetArraySize(dups);
    if (n == 0) { cJSON_Delete(dups); return 0; }
    cJSON *d;
    cJSON_ArrayForEach(d, dups) cJSON_AddStringToObject(d, "same_label", request_t_of(r, "customers.same.", jstr(d, "same")));
    cJSON_AddItemToObject(r->view, "duplicates", dups);
    return n;
}

int h_customers_create(request *r) {
    field_value v[C_COUNT];
    long long manager = 0;
    if (validate_customer(r, v, true, 0, &manager)) {
        form_view(r, form_from_input(r, v, 0), NULL, true);
        return 422;
    }
    customer_fields f = fields_of(v, manager);
    int dup = probable_duplicates(r, &f, NULL);
    if (dup < 0) return request_error(r, 500, "err.internal");
    if (dup > 0) {
        form_view(r, form_from_input(r, v, 0), NULL, true);
        cJSON_AddTrueToObject(r->view, "has_duplicates");
        return 409;
    }
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    long long id = customers_create(r->db, &f, r->now);
    if (id <= 0 || audit_write(r->db, r->now, r->user.id, "customer", id, "create", NULL, customers_get(r->db, id, 0)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    cJSON_AddNumberToObject(r->view, "id", (double)id);
    request_redirect(r, arena_printf(r->a, "/customers/%lld", id), "customers.notice.created");
    return 303;
}

/* --- view -------------------------------------------------------------------------------------- */

/* Adds a stored customer's display texts. They are borrowed, not copied: labels from the dictionary cache
 * and the catalog, the rest from the request arena, all alive as long as the view. */
static void decorate(request *r, cJSON *c) {
    json_add_text_ref(c, "region_label", dict_text(r, "region", jstr(c, "region")));
    json_add_text_ref(c, "level_label", dict_text(r, "customer_level", jstr(c, "level")));
    json_add_text_ref(c, "status_label", status_label(r, jstr(c, "status")));
    json_add_bool(c, "status_normal", strcmp(jstr(c, "status"), "normal") == 0);
    json_add_text_ref(c, "satisfaction_label", request_t_of(r, "customers.score.", arena_lld(r->a, jnum(c, "satisfaction"))));
    json_add_text_ref(c, "credit_label", request_t_of(r, "customers.score.", arena_lld(r->a, jnum(c, "credit"))));
    json_add_text_ref(c, "reg_capital_text", money_format(r->a, jnum(c, "reg_capital")));
    json_add_text_ref(c, "annual_revenue_text", money_format(r->a, jnum(c, "annual_revenue")));
    json_add_text_ref(c, "created", request_time(r, jnum(c, "created_at")));
    json_add_text_ref(c, "updated", request_time(r, jnum(c, "updated_at")));
    json_add_bool(c, "is_retired", jnum(c, "retired") == 1);
    json_add_bool(c, "manager_inactive", jnum(c, "manager_active") != 1);
    const char *w = jstr(c, "website");
    if (*w && website_ok(w))   /* only checked addresses become links (never javascript: etc.) */
        json_add_text_ref(c, "website_href",
                          strncasecmp(w, "http://", 7) == 0 || strncasecmp(w, "https://", 8) == 0
                              ? w : arena_printf(r->a, "http://%s", w));
}

/* Recent audit entries of the customer, labelled. */
static void history(request *r, long long id) {
    cJSON *h = cJSON_AddArrayToObject(r->view, "history");
    audit_filter af = {0};
    af.record_type = "customer";
    af.record_id = id;
    af.limit = 10;
    audit_list(r->db, &af, h);
    /* the card shows the newest 10; whoever may read the 操作日志 gets the rest there */
    if (cJSON_GetArraySize(h) > 0 && perm_has(r->user.perms, P_AUDIT_VIEW))
        cJSON_AddStringToObject(r->view, "history_href", arena_printf(r->a, "/admin/audit?type=customer&record=%lld", id));
    cJSON *e;
    cJSON_ArrayForEach(e, h) {
        const char *action = jstr(e, "action");
        const char *key = arena_printf(r->a, "customers.action.%s", action);
        const char *label = request_t(r, key);
        cJSON_AddStringToObject(e, "when", request_time(r, jnum(e, "at")));
        cJSON_AddStringToObject(e, "action_label", strcmp(label, key) == 0 ? action : label);
        /* what changed (a field's before → after) as the 操作日志 shows it; a new, retired or restored
         * customer says so in its action */
        if (strcmp(action, "update") == 0 || strcmp(action, "reassign") == 0) audit_view_change(r, e);
    }
}

/* Fills the detail page for a visible customer c. */
static int view_page(request *r, cJSON *c) {
    long long id = jnum(c, "id");
    r->template_name = "customer_view";
    decorate(r, c);
    json_add_text_ref(r->view, "title", jstr(c, "name"));
    cJSON_AddItemToObject(r->view, "customer", c);
    bool retired = jnum(c, "retired") == 1;
    if (perm_has(r->user.perms, P_CUSTOMER_EDIT)) cJSON_AddTrueToObject(r->view, retired ? "can_restore" : "can_edit");
    if (perm_has(r->user.perms, P_DATA_EXPORT)) cJSON_AddTrueToObject(r->view, "can_export");
    if (!retired && perm_has(r->user.perms, P_CUSTOMER_REASSIGN)) {
        cJSON_AddTrueToObject(r->view, "can_reassign");
        rec_manager_choices(r, "managers", jnum(c, "manager_id"), 0);
    }
    cJSON *contacts = cJSON_AddArrayToObject(r->view, "contacts");
    if (contacts_for_customer(r->db, id, CONTACTS_SHOWN + 1, contacts) > CONTACTS_SHOWN) {
        /* more than the page shows: the first ones (primary first) and a link to all of them, paged */
        while (cJSON_GetArraySize(contacts) > CONTACTS_SHOWN)
            cJSON_DeleteItemFromArray(contacts, cJSON_GetArraySize(contacts) - 1);
        static const char *const names[] = {"n", "shown"};
        const char *values[] = {count_format(r->a, contacts_count(r->db, id)), arena_lld(r->a, CONTACTS_SHOWN)};
        cJSON *more = cJSON_AddObjectToObject(r->view, "contacts_more");
        cJSON_AddStringToObject(more, "text", fill(r, "customers.contacts_more", 2, names, values));
        cJSON_AddStringToObject(more, "href", arena_printf(r->a, "/contacts?customer_id=%lld", id));
    }
    cJSON *k;
    cJSON_ArrayForEach(k, contacts) {
        const char *g = jstr(k, "gender");
        json_add_text_ref(k, "gender_label", *g ? request_t_of(r, "contacts.", g) : "");
        json_add_bool(k, "primary", jnum(k, "is_primary") == 1);
        /* the address may wrap only before its '@' (the template puts the break there) */
        const char *email = jstr(k, "email"), *at = strrchr(email, '@');
        if (*email && at && at > email) {
            cJSON *parts = cJSON_AddObjectToObject(k, "email_parts");
            json_add_text_ref(parts, "user", arena_strndup(r->a, email, (size_t)(at - email)));
            json_add_text_ref(parts, "domain", at);
        }
    }
    customer_stats cs;
    if (customers_stats(r->db, id, &cs) != 0) return request_error(r, 500, "err.internal");
    cJSON *acts = cJSON_AddArrayToObject(r->view, "activities");
    activities_for_customer(r->db, id, VIEW_ROWS, acts);
    cJSON *a;
    cJSON_ArrayForEach(a, acts) json_add_text_ref(a, "when", request_time(r, jnum(a, "at")));
    cJSON *orders = cJSON_AddArrayToObject(r->view, "orders");
    orders_for_customer(r->db, id, VIEW_ROWS, orders);
    long long sum = 0;
    cJSON *o;
    cJSON_ArrayForEach(o, orders) {
        sum += jnum(o, "total");
        const char *st = jstr(o, "status");
        json_add_text_ref(o, "status_label", request_t_of(r, "customers.order_status.", st));
        json_add_bool(o, "paid", strcmp(st, "paid") == 0);
        json_add_text_ref(o, "lines_text", request_t_n(r, "customers.order_lines_n", jnum(o, "line_count")));
        if (!jget(o, "total_text"))
            json_add_text_ref(o, "total_text", money_format(r->a, jnum(o, "total")));
    }
    json_add_text_ref(r->view, "orders_total", money_format(r->a, sum));
    /* every order and interaction record, not only the newest VIEW_ROWS shown */
    cJSON *stats = cJSON_AddObjectToObject(r->view, "stats");
    cJSON_AddNumberToObject(stats, "orders", (double)cs.orders);
    cJSON_AddNumberToObject(stats, "orders_total", (double)cs.orders_total);
    cJSON_AddNumberToObject(stats, "orders_paid", (double)cs.orders_paid);
    cJSON_AddNumberToObject(stats, "activities", (double)cs.activities);
    static const char *const names[] = {"n", "total", "paid", "unpaid", "shown"};
    const char *values[] = {
        arena_lld(r->a, cs.orders), money_format(r->a, cs.orders_total), money_format(r->a, cs.orders_paid),
        money_format(r->a, cs.orders_total - cs.orders_paid), arena_lld(r->a, cJSON_GetArraySize(orders)),
    };
    if (cs.orders) cJSON_AddStringToObject(stats, "orders_text", fill(r, "customers.orders_summary", 5, names, values));
    if (cs.orders > cJSON_GetArraySize(orders))
        cJSON_AddStringToObject(stats, "orders_more", fill(r, "customers.orders_more", 5, names, values));
    if (cs.activities > cJSON_GetArraySize(acts)) {
        const char *avalues[] = {arena_lld(r->a, cs.activities), "", "", "", arena_lld(r->a, cJSON_GetArraySize(acts))};
        cJSON_AddStringToObject(stats, "activities_more", fill(r, "customers.activities_more", 5, names, avalues));
    }
    cJSON_AddBoolToObject(r->view, "has_contacts", cJSON_GetArraySize(contacts) > 0);
    cJSON_AddBoolToObject(r->view, "has_activities", cJSON_GetArraySize(acts) > 0);
    cJSON_AddBoolToObject(r->view, "has_orders", cJSON_GetArraySize(orders) > 0);
    cJSON_AddStringToObject(r->view, "orders_href", arena_printf(r->a, "/orders?customer_id=%lld", id));
    cJSON_AddNumberToObject(r->view, "orders_shown", cJSON_GetArraySize(orders));
    history(r, id);
    return 200;
}

int h_customers_view(request *r) {
    cJSON *c = visible_customer(r, r->path_id);
    if (!c) return request_error(r, 404, "err.not_found");
    return view_page(r, c);
}

/* --- edit -------------------------------------------------------------------------------------- */

int h_customers_edit(request *r) {
    cJSON *c = visible_customer(r, r->path_id);
    if (!c) return request_error(r, 404, "err.not_found");
    if (jnum(c, "retired")) return request_error(r, 409, "customers.err.retired");
    form_view(r, form_from_db(r, c), c, false);
    return 200;
}

/* Display text of field i for the conflict table: labels for pickers, formatted money. */
static const char *shown(request *r, int i, const char *text, cJSON *managers) {
    if (i == C_REGION) return dict_text(r, "region", text);
    if (i == C_LEVEL) return dict_text(r, "customer_level", text);
    if (i == C_MANAGER) {
        cJSON *u;
        cJSON_ArrayForEach(u, managers)
            if (strcmp(arena_printf(r->a, "%lld", jnum(u, "id")), text) == 0) return jstr(u, "name");
    }
    return text;
}

/* The customer as it was at version, from a full image in its audit entries (create, update and
 * retire store every column), or NULL when none is left (seeded or imported rows, or a version made by
 * a reassignment, whose images hold only the manager). */
static cJSON *customer_at_version(request *r, long long id, long long version) {
    cJSON *h = cJSON_CreateArray();
    audit_filter af = {0};
    af.record_type = "customer";
    af.record_id = id;
    af.limit = 50;
    if (audit_list(r->db, &af, h) < 0) return NULL;
    cJSON *e;
    cJSON_ArrayForEach(e, h) {
        const char *images[] = {jstr(e, "after_json"), jstr(e, "before_json")};
        for (int k = 0; k < 2; k++) {
            cJSON *o = cJSON_Parse(images[k]);
            if (o && cJSON_GetObjectItemCaseSensitive(o, "name") && cJSON_GetObjectItemCaseSensitive(o, "version") &&
                jnum(o, "version") == version)
                return o;
        }
    }
    return NULL;
}

/* A save at a stale version: refused (409), nothing written. The table lists every field where the
 * stored record now differs from what this user sent (theirs and mine). When the audit log still holds
 * the version this user started from, the form is merged three ways: a field only the other person
 * changed takes their value (row marked green), a field only this user changed keeps theirs, a field
 * both changed keeps this user's value (row marked red); the lines under the table name both groups.
 * Without the starting version the form keeps everything this user typed. */
static int stale_form(request *r, const field_value *v, long long manager) {
    cJSON *now = customers_get(r->db, r->path_id, 0);
    if (!now) return request_error(r, 404, "err.not_found");
    cJSON *orig = customer_at_version(r, r->path_id, v[C_VERSION].i);
    cJSON *base = orig ? form_from_db(r, orig) : NULL;
    cJSON *cur = form_from_db(r, now);
    cJSON *mine = form_from_input(r, v, manager);
    cJSON_ReplaceItemInObject(mine, "version", cJSON_CreateString(jstr(cur, "version")));
    enum { SAME, MINE, TAKEN, BOTH, DIFFERS } state[C_COUNT];
    const char *typed[C_COUNT];
    for (int i = 0; i < C_VERSION; i++) {
        const char *name = CUSTOMER_FIELDS[i].name;
        bool money = i == C_CAPITAL || i == C_REVENUE;
        const char *theirs = jstr(cur, name), *my = jstr(mine, name);
        typed[i] = arena_strdup(r->a, my);   /* mine[name] may be replaced below */
        bool same = money ? jnum(now, name) == v[i].i : strcmp(theirs, my) == 0;
        if (same) { state[i] = SAME; continue; }
        if (!base) { state[i] = DIFFERS; continue; }
        bool they_changed = money ? jnum(orig, name) != jnum(now, name) : strcmp(jstr(base, name), theirs) != 0;
        bool i_changed = money ? jnum(orig, name) != v[i].i : strcmp(jstr(base, name), my) != 0;
        state[i] = !they_changed ? MINE : i_changed ? BOTH : TAKEN;
        if (state[i] == TAKEN) cJSON_ReplaceItemInObject(mine, name, cJSON_CreateString(theirs));
    }
    form_view(r, mine, now, false);
    cJSON *managers = cJSON_CreateArray();
    users_list_active(r->db, NULL, managers);
    cJSON *mu = users_get(r->db, jnum(now, "manager_id"));
    if (mu) cJSON_AddItemToArray(managers, mu);
    cJSON *diff = cJSON_AddArrayToObject(r->view, "conflict_fields");
    buf taken = BUF_INIT, both = BUF_INIT;
    const char *sep = request_t(r, "customers.list_sep");
    for (int i = 0; i < C_VERSION; i++) {
        if (state[i] == SAME) continue;
        const char *name = CUSTOMER_FIELDS[i].name;
        const char *label = request_t_of(r, "customers.field.", name);
        cJSON *d = cJSON_CreateObject();
        cJSON_AddStringToObject(d, "field", name);
        cJSON_AddStringToObject(d, "label", label);
        cJSON_AddStringToObject(d, "theirs", shown(r, i, jstr(cur, name), managers));
        cJSON_AddStringToObject(d, "mine", shown(r, i, typed[i], managers));
        cJSON_AddBoolToObject(d, "taken", state[i] == TAKEN);
        cJSON_AddBoolToObject(d, "both", state[i] == BOTH);
        cJSON_AddItemToArray(diff, d);
        buf *group = state[i] == TAKEN ? &taken : state[i] == BOTH ? &both : NULL;
        if (group) {
            if (group->len) buf_puts(group, sep);
            buf_puts(group, label);
        }
    }
    static const char *const names[] = {"fields"};
    if (taken.len) {
        const char *values[] = {buf_str(&taken)};
        cJSON_AddStringToObject(r->view, "conflict_taken", fill(r, "customers.conflict_taken", 1, names, values));
    }
    if (both.len) {
        const char *values[] = {buf_str(&both)};
        cJSON_AddStringToObject(r->view, "conflict_both", fill(r, "customers.conflict_both", 1, names, values));
    }
    buf_free(&taken);
    buf_free(&both);
    cJSON_AddBoolToObject(r->view, "merged", base != NULL);
    cJSON_AddStringToObject(r->view, "conflict", request_t(r, "customers.err.stale"));
    cJSON_AddStringToObject(r->view, "conflict_hint", request_t(r, base ? "customers.conflict_hint" : "customers.conflict_hint_unknown"));
    return 409;
}

int h_customers_update(request *r) {
    cJSON *before = visible_customer(r, r->path_id);
    if (!before) return request_error(r, 404, "err.not_found");
    if (jnum(before, "retired")) return request_error(r, 409, "customers.err.retired");
    field_value v[C_COUNT];
    long long manager = 0;
    if (validate_customer(r, v, false, jnum(before, "manager_id"), &manager)) {
        form_view(r, form_from_input(r, v, 0), before, false);
        cJSON_ReplaceItemInObject(cJSON_GetObjectItemCaseSensitive(r->view, "customer"), "version",
                                  cJSON_CreateString(v[C_VERSION].present ? v[C_VERSION].text : jstr(form_from_db(r, before), "version")));
        return 422;
    }
    customer_fields f = fields_of(v, manager);
    int dup = probable_duplicates(r, &f, before);
    if (dup < 0) return request_error(r, 500, "err.internal");
    if (dup > 0) {
        form_view(r, form_from_input(r, v, 0), before, false);
        cJSON_ReplaceItemInObject(cJSON_GetObjectItemCaseSensitive(r->view, "customer"), "version", cJSON_CreateString(v[C_VERSION].text));
        cJSON_AddTrueToObject(r->view, "has_duplicates");
        return 409;
    }
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    int rc = customers_update(r->db, r->path_id, v[C_VERSION].i, &f, r->now);
    if (rc == STORE_STALE) {
        db_rollback(r->db);
        return stale_form(r, v, manager);
    }
    if (rc == STORE_NOT_FOUND) { db_rollback(r->db); return request_error(r, 404, "err.not_found"); }
    if (rc == STORE_LOCKED) { db_rollback(r->db); return request_error(r, 409, "customers.err.retired"); }
    if (rc != STORE_OK ||
        audit_write(r->db, r->now, r->user.id, "customer", r->path_id, "update", before,
                    customers_get(r->db, r->path_id, 0)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, arena_printf(r->a, "/customers/%lld", r->path_id), "customers.notice.saved");
    return 303;
}

/* --- retire ------------------------------------------------------------------------------------ */

static const field_spec RETIRE_FIELDS[] = {
    {"version", F_INT, true, 1, 1LL << 53, NULL},
};

/* 停用 and 恢复: one change in its two directions, and what differs between them */
typedef struct retire_change {
    bool retire;
    const char *already;   /* the customer is already so (409) */
    const char *stale;     /* someone changed it meanwhile (409, the latest shown) */
    const char *action;    /* the audit entry's */
    const char *notice;
} retire_change;
static const retire_change RETIRE = {true, "customers.err.retired", "customers.err.stale_retire", "retire",
                                     "customers.notice.retired"};
static const retire_change RESTORE = {false, "customers.err.not_retired", "customers.err.stale_restore", "restore",
                                      "customers.notice.restored"};

/* Retires or restores the visible customer at the version its page showed; back to the list (停用) or to its
 * page (恢复). */
static int change_retired(request *r, const retire_change *c) {
    cJSON *before = visible_customer(r, r->path_id);
    if (!before) return request_error(r, 404, "err.not_found");
    field_value v[1];
    if (request_validate(r, RETIRE_FIELDS, 1, v, false)) {
        relabel(r);
        view_page(r, before);
        return 422;
    }
    if ((jnum(before, "retired") == 1) == c->retire) return request_error(r, 409, c->already);
    if (!c->retire) {
        /* asked first (the page's 恢复客户 sends check_duplicates=1, its 仍然恢复 does not): an active customer
         * with its 名称, 电话 or 营业执照注册号 may have taken its place while it was retired */
        customer_fields same = {.name = jstr(before, "name"), .phone = jstr(before, "phone"),
                                .license_no = jstr(before, "license_no")};
        int dup = probable_duplicates(r, &same, NULL);
        if (dup < 0) return request_error(r, 500, "err.internal");
        if (dup > 0) {
            cJSON_AddTrueToObject(r->view, "has_duplicates");
            view_page(r, before);
            return 409;
        }
    }
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    int rc = customers_set_retired(r->db, r->path_id, v[0].i, c->retire, r->now);
    if (rc == STORE_STALE) {
        db_rollback(r->db);
        view_page(r, customers_get(r->db, r->path_id, 0));
        cJSON_AddStringToObject(r->view, "conflict", request_t(r, c->stale));
        return 409;
    }
    if (rc == STORE_LOCKED) { db_rollback(r->db); return request_error(r, 409, c->already); }
    if (rc == STORE_NOT_FOUND) { db_rollback(r->db); return request_error(r, 404, "err.not_found"); }
    if (rc != STORE_OK ||
        audit_write(r->db, r->now, r->user.id, "customer", r->path_id, c->action, before,
                    customers_get(r->db, r->path_id, 0)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    /* back on the lists under a manager who has left since: said, as the page's 重新分配 is the next step */
    bool orphan = !c->retire && jnum(before, "manager_active") != 1;
    request_redirect(r, c->retire ? "/customers" : arena_printf(r->a, "/customers/%lld", r->path_id),
                     orphan ? "customers.notice.restored_manager_inactive" : c->notice);
    return 303;
}

int h_customers_retire(request *r) { return change_retired(r, &RETIRE); }
int h_customers_restore(request *r) { return change_retired(r, &RESTORE); }

/* --- reassign ---------------------------------------------------------------------------------- */

static const field_spec REASSIGN_FIELDS[] = {
    {"manager_id", F_ID, true, 0, 0, NULL},
    {"back", F_TEXT, false, 0, 1000, NULL},
    {"all", F_BOOL, false, 0, 0, NULL},       /* 分配全部: every customer of the posted list's filters */
    {"expect", F_INT, false, 0, 0, NULL},     /* with all: how many the list showed */
};
enum { RA_MANAGER, RA_BACK, RA_ALL, RA_EXPECT, RA_COUNT };
static const field_spec ID_SPEC = {"ids", F_ID, true, 0, 0, NULL};

/* A manager id and name, for the audit entry. */
static cJSON *manager_json(long long id, const char *name) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "manager_id", (double)id);
    cJSON_AddStringToObject(o, "manager_name", name);
    return o;
}

/* A refused reassignment is shown where it was asked: on the customer's page when back names one the
 * user may see (/customers/ID, the detail page's form), else on the list. Returns 422 (or an error). */
static int reassign_refused(request *r, const char *back) {
    relabel(r);
    long long id = 0;
    if (strncmp(back, "/customers/", 11) == 0 && back[11] >= '1' && back[11] <= '9') {
        char *end = NULL;
        id = strtoll(back + 11, &end, 10);
        if (!end || *end) id = 0;
    }
    cJSON *c = id > 0 ? visible_customer(r, id) : NULL;
    int st = c ? view_page(r, c) : list_view(r, LIST_FROM_FORM);   /* the list it was sent from */
    return st == 200 || st == 400 ? 422 : st;
}

/* The ticked customers: repeated ids / ids[] fields, each may also hold a comma-separated list (JSON
 * clients), into ids (at most REASSIGN_MAX, duplicates dropped). Returns the count, or adds an error
 * and returns -1. */
static int ticked_ids(request *r, long long *ids) {
    int nids = 0;
    bool bad_id = false, too_many = false;
    for (size_t i = 0; i < r->form.n; i++) {
        const kv *p = &r->form.items[i];
        if (strcmp(p->key, "ids") != 0 && strcmp(p->key, "ids[]") != 0) continue;
        const char *s = p->val;
        while (*s) {
            size_t len = strcspn(s, ",");
            field_value one;
            long long param = 0;
            if (len > 0) {
                if (validate_field(r->a, &ID_SPEC, s, len, &one, &param)) bad_id = true;
                else if (nids >= REASSIGN_MAX) too_many = true;
                else {
                    bool dup = false;
                    for (int k = 0; k < nids; k++) dup = dup || ids[k] == one.i;
                    if (!dup) ids[nids++] = one.i;
                }
            }
            s += len;
            if (*s == ',') s++;
        }
    }
    if (bad_id) request_add_error(r, "ids", "err.not_int", 0);
    else if (too_many) request_add_error(r, "ids", "customers.err.too_many", REASSIGN_MAX);
    else if (nids == 0) request_add_error(r, "ids", "customers.err.ids", 0);
    return bad_id || too_many || nids == 0 ? -1 : nids;
}

/* Every customer of the list the form was posted from (its filters, customers_query), when they are
 * as many as the list showed (expect) and at most REASSIGN_ALL_MAX, into ids. Returns the count, or
 * adds an error and returns -1 (-2 when the database failed). */
static int listed_ids(request *r, const field_value *expect, long long *ids) {
    field_value v[CL_COUNT];
    customers_filter f;
    if (customers_query(r, LIST_FROM_FORM, v, &f)) return -1;
    bool exact = true;
    long long count = f.manager < 0 ? 0 : customers_count(r->db, &f, REASSIGN_ALL_MAX + 1, &exact);
    if (count < 0) return -2;
    if (count > REASSIGN_ALL_MAX) {
        request_add_error(r, "ids", "customers.err.all_too_many", REASSIGN_ALL_MAX);
        return -1;
    }
    if (!expect->present || expect->i != count) {   /* the list changed since it was shown */
        request_add_error(r, "ids", "customers.err.all_changed", count);
        return -1;
    }
    int n = 0;
    f.limit = 200;
    jsonmem_use(NULL);   /* each page is freed before the next */
    for (bool more = count > 0; more;) {
        cJSON *rows = cJSON_CreateArray();
        customers_page page = {0};
        int got = customers_list(r->db, &f, rows, &page);
        cJSON *it;
        if (got >= 0) cJSON_ArrayForEach(it, rows) if (n < REASSIGN_ALL_MAX) ids[n++] = (long long)jnum(it, "id");
        more = got > 0 && page.more && n < REASSIGN_ALL_MAX;
        f.after = true;
        f.after_id = page.next_id;
        f.after_key = arena_strdup(r->a, page.next_key ? page.next_key : "");
        cJSON_Delete(rows);
        if (got < 0) { jsonmem_use(r->a); return -2; }
    }
    jsonmem_use(r->a);
    if (n != count) {   /* changed between the count and the pages */
        request_add_error(r, "ids", "customers.err.all_changed", n);
        return -1;
    }
    return n;
}

int h_customers_reassign(request *r) {
    field_value v[RA_COUNT];
    size_t nerr = request_validate(r, REASSIGN_FIELDS, RA_COUNT, v, false);
    bool all = v[RA_ALL].present && v[RA_ALL].i;
    long long *ids = arena_alloc(r->a, sizeof(long long) * (all ? REASSIGN_ALL_MAX : REASSIGN_MAX));
    int nids = 0;
    if (!all) {
        nids = ticked_ids(r, ids);
        if (nids < 0) nerr++;
    }
    cJSON *to = v[RA_MANAGER].present ? users_get(r->db, v[RA_MANAGER].i) : NULL;
    if (v[RA_MANAGER].present && (!to || jnum(to, "active") != 1)) {
        request_add_error(r, "manager_id", "customers.err.manager", 0);
        nerr++;
    }
    if (nerr) return reassign_refused(r, v[RA_BACK].text);
    long long scope = scope_manager(r);
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    if (all) {   /* the list is read in the transaction that changes it */
        nids = listed_ids(r, &v[RA_EXPECT], ids);
        if (nids < 0) {
            db_rollback(r->db);
            return nids == -2 ? request_error(r, 500, "err.internal") : reassign_refused(r, v[RA_BACK].text);
        }
    }
    int changed = 0;
    for (int i = 0; i < nids; i++) {
        cJSON *c = customers_get(r->db, ids[i], scope);
        if (!c || jnum(c, "retired")) {
            db_rollback(r->db);
            request_add_error(r, "ids", "customers.err.ids_missing", 0);
            return reassign_refused(r, v[RA_BACK].text);
        }
        if (jnum(c, "manager_id") == v[RA_MANAGER].i) continue;
        if (customers_set_manager(r->db, ids[i], v[RA_MANAGER].i, r->now) != STORE_OK ||
            audit_write(r->db, r->now, r->user.id, "customer", ids[i], "reassign",
                        manager_json(jnum(c, "manager_id"), jstr(c, "manager_name")),
                        manager_json(v[RA_MANAGER].i, jstr(to, "name"))) != 0) {
            db_rollback(r->db);
            return request_error(r, 500, "err.internal");
        }
        changed++;
    }
    if (db_commit(r->db) != 0) { db_rollback(r->db); return request_error(r, 500, "err.internal"); }
    cJSON_AddNumberToObject(r->view, "changed", changed);
    const char *back = v[RA_BACK].text;
    bool local = strncmp(back, "/customers", 10) == 0 && (back[10] == 0 || back[10] == '?' || back[10] == '/');
    request_redirect(r, local ? back : "/customers", "customers.notice.reassigned");
    return 303;
}
