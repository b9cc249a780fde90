/* audit_view.c — owns how an audit entry reads on the 操作日志 page. The log stores each change as the
 * record's JSON before and after (append-only, exported as written); a reader wants "电话：010-1 → 010-2".
 * So a change is shown as the fields that differ, and a record created, deleted or imported as the fields
 * it held, each under its label in the user's language and with its value as the record's pages show it
 * (dictionary texts, states, yes/no, money in yuan, times in the configured zone). Bookkeeping every record
 * carries (id, version, times of the row) is left out; an id with a name beside it shows as the name. */
#include "audit_view.h"
#include "arena.h"
#include "dict.h"
#include "jsonmem.h"
#include "validate.h"
#include <stdio.h>
#include <string.h>

#define SUMMARY_AFTER 3    /* a record with more fields than this opens from one summary line */
#define VALUE_MAX 200      /* bytes of a long text shown (an interaction's 详细信息, say) */

/* The catalog module of each record type (its fields are "<module>.field.<key>") */
static const char *const MODULES[][2] = {
    {"customer", "customers"}, {"contact", "contacts"}, {"activity", "activities"}, {"order", "orders"},
    {"product", "products"},   {"stock", "stock"},      {"user", "users"},          {"dict_item", "dict"},
    {"import", "import"},      {"role_perms", "roles"},
};

/* bookkeeping, and the customer's manager an order or contact image carries for the row scope */
static const char *const HIDDEN[] = {"id", "version", "created_at", "updated_at", "manager_active", "manager_id",
                                     "failed_logins", "locked_until", "used", "product_retired", NULL};
/* the field that names a record, first found: the head of its summary line */
static const char *const NAMING[] = {"name", "order_no", "summary", "item", "product_name", "kind", NULL};
static const char *const YES_NO[] = {"active", "is_primary", "editable", "retired", NULL};
static const char *const MONEY[] = {"reg_capital", "annual_revenue", "price", "total", "amount", NULL};
/* fields holding a 数据字典 value, and its category */
static const char *const DICT_FIELDS[][2] = {
    {"region", "region"}, {"level", "customer_level"}, {"unit", "unit"}, {"product_unit", "unit"}, {"warehouse", "warehouse"},
};

static bool listed(const char *const *names, const char *key) {
    for (; *names; names++)
        if (strcmp(*names, key) == 0) return true;
    return false;
}

/* The catalog's text for prefix + code, or NULL when it has none. */
static const char *text_of(request *r, const char *prefix, const char *code) {
    const char *t = request_t_of(r, prefix, code);
    size_t n = strlen(prefix);
    return strncmp(t, prefix, n) == 0 && strcmp(t + n, code) == 0 ? NULL : t;
}

static const char *label_of(request *r, const char *module, const char *key) {
    const char *t;
    if ((t = text_of(r, arena_cat(r->a, "audit.", module, "."), key))) return t;   /* where the form's label differs */
    if ((t = text_of(r, arena_cat(r->a, module, ".field."), key))) return t;
    if ((t = text_of(r, "audit.field.", key))) return t;
    if ((t = text_of(r, "field.", key))) return t;
    if (strcmp(module, "roles") == 0 && (t = text_of(r, "role.", key))) return t;
    return arena_strdup(r->a, key);
}

/* A copy of s in the request arena (the parsed entry is freed before the page renders), cut to VALUE_MAX
 * bytes at a character's start, with "…" when cut. */
static const char *clipped(request *r, const char *s) {
    size_t n = strlen(s);
    if (n <= VALUE_MAX) return arena_strdup(r->a, s);
    n = VALUE_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    return arena_cat(r->a, arena_strndup(r->a, s, n), "…");
}

/* Whether d is a whole number a long long holds exactly (the JSON is ours, but a cast out of range is
 * undefined). */
static bool whole(double d) { return d >= -9007199254740992.0 && d <= 9007199254740992.0 && d == (double)(long long)d; }

static const char *number_text(request *r, double d) {
    return whole(d) ? arena_printf(r->a, "%lld", (long long)d) : arena_printf(r->a, "%g", d);
}

/* An order's lines: "机架式服务器 HX-R2200 × 2 台 @ 100.00；…" */
static const char *lines_text(request *r, const cJSON *lines) {
    buf b = BUF_INIT;
    const cJSON *l;
    cJSON_ArrayForEach(l, lines) {
        if (b.len) buf_puts(&b, request_t(r, "audit.line_sep"));
        const char *unit = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "unit"));
        const char *unit_label = unit ? dict_label(r->db, "unit", unit) : NULL;
        const char *model = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "product_model"));
        const char *price = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "price_text"));
        const char *product = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "product_name"));
        buf_printf(&b, "%s%s%s × %s%s%s @ %s", product ? product : "",
                   model && *model ? " " : "", model ? model : "",
                   number_text(r, cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(l, "quantity"))),
                   unit_label || unit ? " " : "", unit_label ? unit_label : unit ? unit : "", price ? price : "");
    }
    const char *s = arena_strdup(r->a, buf_str(&b));
    buf_free(&b);
    return s;
}

static bool has_string(const cJSON *codes, const char *code) {
    const cJSON *c;
    cJSON_ArrayForEach(c, codes)
        if (cJSON_IsString(c) && strcmp(c->valuestring, code) == 0) return true;
    return false;
}

/* A list of permission codes (the 角色权限 matrix): their labels, "、" between; with other, only those
 * other does not hold (what a change added or took away). */
static const char *perms_text(request *r, const cJSON *codes, const cJSON *other) {
    buf b = BUF_INIT;
    const cJSON *c;
    cJSON_ArrayForEach(c, codes) {
        const char *code = cJSON_GetStringValue(c);
        if (!code || (other && has_string(other, code))) continue;
        if (b.len) buf_puts(&b, request_t(r, "customers.list_sep"));
        const char *t = text_of(r, "perm.", code);
        buf_puts(&b, t ? t : code);
    }
    const char *s = arena_strdup(r->a, buf_str(&b));
    buf_free(&b);
    return s;
}

/* key's value in obj as the record's pages show it; "" for none. */
static const char *value_text(request *r, const char *module, const cJSON *obj, const char *key, const cJSON *v) {
    if (!v || cJSON_IsNull(v)) return "";
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(obj, arena_cat(r->a, key, "_text"));
    if (cJSON_IsString(text)) return clipped(r, text->valuestring);
    if (cJSON_IsArray(v)) return strcmp(key, "lines") == 0 ? lines_text(r, v) : perms_text(r, v, NULL);
    if (cJSON_IsBool(v)) return request_t(r, cJSON_IsTrue(v) ? "form.yes" : "form.no");
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (strcmp(key, "active") == 0 && strcmp(module, "users") == 0) return request_t(r, d != 0 ? "users.active" : "users.inactive");
        if (listed(YES_NO, key)) return request_t(r, d != 0 ? "form.yes" : "form.no");
        if (listed(MONEY, key) && whole(d)) return money_format(r->a, (long long)d);
        if (strcmp(key, "at") == 0 && whole(d)) return request_time(r, (long long)d);
        return number_text(r, d);
    }
    const char *s = cJSON_GetStringValue(v);
    if (!s) return "";
    if (!*s) return "";
    for (size_t i = 0; i < sizeof DICT_FIELDS / sizeof DICT_FIELDS[0]; i++)
        if (strcmp(key, DICT_FIELDS[i][0]) == 0) {
            const char *t = dict_label(r->db, DICT_FIELDS[i][1], s);
            return t ? arena_strdup(r->a, t) : clipped(r, s);   /* a value since deleted from the dictionary: as stored */
        }
    const char *t = NULL;
    if (strcmp(key, "status") == 0) t = text_of(r, arena_cat(r->a, module, ".status."), s);
    else if (strcmp(key, "gender") == 0) t = text_of(r, "contacts.", s);
    else if (strcmp(key, "role") == 0) t = text_of(r, "role.", s);
    else if (strcmp(key, "kind") == 0) t = text_of(r, "import.kind.", s);
    else if (strcmp(key, "category") == 0) t = text_of(r, "dict.cat.", s);
    else if (strcmp(key, "lang") == 0) t = text_of(r, "audit.lang.", s);
    else if (strcmp(key, "duplicate_rows") == 0) t = text_of(r, "audit.dup_rows.", s);
    return t ? t : clipped(r, s);
}

/* Whether key is shown at all: not bookkeeping, not the text twin of a shown value ("total_text" beside
 * "total"), not an id with its name beside it ("manager_id" beside "manager_name"). */
static bool shown(const cJSON *obj, const char *key, arena *a) {
    if (listed(HIDDEN, key)) return false;
    size_t n = strlen(key);
    if (n > 5 && strcmp(key + n - 5, "_text") == 0 && cJSON_GetObjectItemCaseSensitive(obj, arena_strndup(a, key, n - 5)))
        return false;
    if (n > 3 && strcmp(key + n - 3, "_id") == 0 &&
        cJSON_GetObjectItemCaseSensitive(obj, arena_cat(a, arena_strndup(a, key, n - 3), "_name")))
        return false;
    return true;
}

static const char *none_or(request *r, const char *s) { return *s ? s : request_t(r, "form.none"); }

/* The fields that differ between b and a, in a's order, then those only b has. */
static void add_diff(request *r, cJSON *entry, const char *module, const cJSON *b, const cJSON *a) {
    cJSON *diff = cJSON_CreateArray();
    const cJSON *sides[2] = {a, b};
    for (int s = 0; s < 2; s++) {
        const cJSON *it;
        cJSON_ArrayForEach(it, sides[s]) {
            const char *key = it->string;
            if (!key || !shown(sides[s], key, r->a)) continue;
            if (s == 1 && cJSON_GetObjectItemCaseSensitive(a, key)) continue;   /* seen with a's */
            const cJSON *was = cJSON_GetObjectItemCaseSensitive(b, key), *now = cJSON_GetObjectItemCaseSensitive(a, key);
            if (was && now && cJSON_Compare(was, now, true)) continue;
            cJSON *o = cJSON_CreateObject();
            if (cJSON_IsArray(was) && cJSON_IsArray(now) && strcmp(key, "lines") != 0) {
                /* a set (a role's permissions): what it gained and what it lost */
                json_add_bool(o, "set", true);
                json_add_text_ref(o, "added", perms_text(r, now, was));
                json_add_text_ref(o, "removed", perms_text(r, was, now));
            } else {
                const char *before = value_text(r, module, b, key, was), *after = value_text(r, module, a, key, now);
                if (strcmp(before, after) == 0) {   /* null and "" alike, say */
                    cJSON_Delete(o);
                    continue;
                }
                json_add_bool(o, "set", false);
                json_add_text_ref(o, "before", none_or(r, before));
                json_add_text_ref(o, "after", none_or(r, after));
            }
            json_add_text_ref(o, "label", label_of(r, module, key));
            cJSON_AddItemToArray(diff, o);
        }
    }
    if (cJSON_GetArraySize(diff)) {
        cJSON_AddItemToObject(entry, "diff", diff);
    } else {
        cJSON_Delete(diff);
        cJSON_AddTrueToObject(entry, "unchanged");   /* saved as it was */
    }
}

/* The fields a record held (created, deleted, imported), those with a value. */
static void add_fields(request *r, cJSON *entry, const char *module, const cJSON *rec) {
    cJSON *fields = cJSON_CreateArray();
    const cJSON *it;
    cJSON_ArrayForEach(it, rec) {
        if (!it->string || !shown(rec, it->string, r->a)) continue;
        const char *value = value_text(r, module, rec, it->string, it);
        if (!*value) continue;
        cJSON *o = cJSON_CreateObject();
        json_add_text_ref(o, "label", label_of(r, module, it->string));
        json_add_text_ref(o, "value", value);
        cJSON_AddItemToArray(fields, o);
    }
    int n = cJSON_GetArraySize(fields);
    if (n == 0) {
        cJSON_Delete(fields);
        return;
    }
    if (n > SUMMARY_AFTER) {
        const cJSON *first = cJSON_GetArrayItem(fields, 0);
        const char *label = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(first, "label"));
        const char *value = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(first, "value"));
        for (const char *const *k = NAMING; *k; k++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, *k);
            if (!cJSON_IsString(v) || !*v->valuestring) continue;
            label = label_of(r, module, *k);
            value = value_text(r, module, rec, *k, v);
            break;
        }
        cJSON_AddStringToObject(entry, "summary",
                                arena_cat(r->a, label, request_t(r, "audit.colon"), value, request_t_n(r, "audit.more_fields", n - 1)));
    }
    cJSON_AddItemToObject(entry, "fields", fields);
}

void audit_view_change(request *r, cJSON *entry) {
    const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "record_type"));
    const char *module = type ? type : "";
    for (size_t i = 0; type && i < sizeof MODULES / sizeof MODULES[0]; i++)
        if (strcmp(type, MODULES[i][0]) == 0) module = MODULES[i][1];
    const char *bs = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "before_json"));
    const char *as = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "after_json"));
    cJSON *b = bs ? cJSON_Parse(bs) : NULL, *a = as ? cJSON_Parse(as) : NULL;
    bool bo = cJSON_IsObject(b), ao = cJSON_IsObject(a);
    if (bo && ao) add_diff(r, entry, module, b, a);
    else if (ao) add_fields(r, entry, module, a);
    else if (bo) add_fields(r, entry, module, b);
    cJSON_Delete(b);
    cJSON_Delete(a);
}
