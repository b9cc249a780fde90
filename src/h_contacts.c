/* h_contacts.c — 客户信息管理 › 联系人: add, edit and delete the contacts of a customer, within row
 * scope (a rep reaches only contacts of customers they manage; anything else answers 404). One
 * primary contact per customer: choosing one clears the previous one in the same transaction, and
 * both changes are audited. Also the helpers the record handlers share (see h_contacts.h). */
#include "h_contacts.h"
#include "audit.h"
#include "contacts.h"
#include "dict.h"
#include "jsonmem.h"
#include "scope.h"
#include "users.h"
#include <stdlib.h>
#include <string.h>

void rec_relabel(request *r, const char *module) {
    cJSON *list = cJSON_GetObjectItemCaseSensitive(r->view, "error_list");
    cJSON *e;
    cJSON_ArrayForEach(e, list) {
        const char *field = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "field"));
        if (!field) continue;
        const char *key = arena_printf(r->a, "%s.field.%s", module, field);
        const char *label = request_t(r, key);
        if (strcmp(label, key) != 0) cJSON_ReplaceItemInObjectCaseSensitive(e, "label", cJSON_CreateString(label));
    }
}

long long rec_num(const cJSON *o, const char *name) {
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, name);
    if (cJSON_IsNumber(it)) return (long long)it->valuedouble;
    if (cJSON_IsString(it)) return strtoll(it->valuestring, NULL, 10);
    return 0;
}

const char *rec_str(const cJSON *o, const char *name) {
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, name));
    return s ? s : "";
}

void rec_flag(cJSON *o, const char *name, bool cond) {
    if (cond) cJSON_AddTrueToObject(o, name);
}

void rec_count_view(request *r, long long n, long long cap) {
    cJSON_AddNumberToObject(r->view, "count", (double)n);
    rec_flag(r->view, "count_one", n == 1);
    cJSON_AddStringToObject(r->view, "count_text", count_format_capped(r->a, n, cap));
}

cJSON *rec_sort_choices(request *r, const char *module, const char *const codes[], int selected) {
    cJSON *out = cJSON_CreateArray();
    for (int i = 0; codes[i]; i++) {
        const char *c = codes[i];
        bool desc = c[0] == '-';
        const char *key = arena_cat(r->a, module, ".sort.", c + desc, desc ? "_desc" : "");
        /* by reference: the codes are static and the labels the worker's catalog (or the key, in the arena) */
        cJSON *o = cJSON_CreateObject();
        json_add_text_ref(o, "code", c);
        json_add_text_ref(o, "label", request_t(r, key));
        json_add_bool(o, "selected", i == selected);   /* explicit false: no outer "selected" leaks in */
        cJSON_AddItemToArray(out, o);
    }
    return out;
}

void rec_manager_choices(request *r, const char *name, long long selected, long long keep) {
    cJSON *arr = cJSON_AddArrayToObject(r->view, name);
    users_list_active(r->db, NULL, arr);
    bool listed = false;
    cJSON *it;
    cJSON_ArrayForEach(it, arr) {
        long long id = rec_num(it, "id");
        listed = listed || id == keep;
        json_add_bool(it, "selected", selected && id == selected);
        json_add_bool(it, "inactive", false);   /* explicit: Mustache would look outward for a missing one */
        json_add_text_ref(it, "role_label", request_t_of(r, "role.", rec_str(it, "role")));
    }
    const char *keep_name = keep && !listed ? users_name(r->db, r->a, keep) : "";
    if (!*keep_name) return;   /* active, none, or no such user */
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)keep);
    json_add_text_ref(o, "name", keep_name);
    json_add_text_ref(o, "role_label", request_t(r, "customers.manager_inactive"));
    json_add_bool(o, "inactive", true);
    json_add_bool(o, "selected", selected == keep);
    cJSON_AddItemToArray(arr, o);
}

const char *rec_return_to(const char *back, const char *const lists[], const char *otherwise) {
    size_t len = back ? strlen(back) : 0;
    bool named = false;
    for (int i = 0; back && lists[i] && !named; i++) {
        size_t n = strlen(lists[i]);
        named = strncmp(back, lists[i], n) == 0 && (back[n] == '\0' || back[n] == '?');
    }
    bool ok = named && len <= 1000;
    for (size_t i = 0; ok && i < len; i++) ok = back[i] > 0x20 && back[i] < 0x7f;
    return ok ? back : otherwise;
}

size_t rec_check_customer_filters(request *r, const field_value *v) {
    static const struct { int field; const char *name, *category; } DICT[] = {
        {CF_REGION, "region", "region"}, {CF_LEVEL, "level", "customer_level"}};
    size_t nerr = 0;
    for (size_t i = 0; i < sizeof DICT / sizeof DICT[0]; i++) {
        const field_value *fv = &v[DICT[i].field];
        if (fv->present && !dict_has(r->db, DICT[i].category, fv->text)) {
            request_add_error(r, DICT[i].name, "err.choice", 0);
            nerr++;
        }
    }
    return nerr;
}

long long rec_filter_manager(request *r, const field_value *v) {
    long long scope = scope_manager(r);
    return scope ? scope : v[CF_MANAGER].present ? v[CF_MANAGER].i : 0;
}

void rec_customer_filter_query(buf *b, const field_value *v, bool view_all) {
    static const struct { int field; const char *name; } TEXTS[] = {
        {CF_CUSTOMER, "customer"}, {CF_REGION, "region"}, {CF_LEVEL, "level"}};
    for (size_t i = 0; i < sizeof TEXTS / sizeof TEXTS[0]; i++) {
        const field_value *t = &v[TEXTS[i].field];
        if (!t->present) continue;
        buf_printf(b, "%s=", TEXTS[i].name);
        url_encode(b, t->text, strlen(t->text));
        buf_puts(b, "&");
    }
    if (view_all && v[CF_MANAGER].present) buf_printf(b, "manager=%lld&", v[CF_MANAGER].i);
}

void rec_customer_filter_view(request *r, const field_value *v, bool view_all) {
    cJSON_AddStringToObject(cJSON_AddObjectToObject(r->view, "filter"), "customer", v[CF_CUSTOMER].text);
    cJSON_AddItemToObject(r->view, "regions",
                          rec_dict_choices(r, "region", v[CF_REGION].present ? v[CF_REGION].text : NULL));
    cJSON_AddItemToObject(r->view, "levels",
                          rec_dict_choices(r, "customer_level", v[CF_LEVEL].present ? v[CF_LEVEL].text : NULL));
    if (!view_all) return;
    cJSON_AddTrueToObject(r->view, "view_all");
    long long m = v[CF_MANAGER].present ? v[CF_MANAGER].i : 0;
    rec_manager_choices(r, "managers", m, m);
}

cJSON *rec_dict_choices(request *r, const char *category, const char *selected) {
    cJSON *items = cJSON_CreateArray();
    dict_list(r->db, category, items);
    cJSON *it;
    cJSON_ArrayForEach(it, items) {
        if (selected && strcmp(rec_str(it, "value"), selected) == 0) cJSON_AddTrueToObject(it, "selected");
    }
    return items;
}

const char *rec_dict_label(const cJSON *items, const char *value) {
    const cJSON *it;
    cJSON_ArrayForEach(it, items) {
        if (value && strcmp(rec_str(it, "value"), value) == 0) return rec_str(it, "label");
    }
    return value ? value : "";
}

/* ---- contacts ---- */

static const char *const GENDERS[] = {"male", "female", NULL};

static const field_spec FIELDS[] = {
    {"name", F_TEXT, true, 1, 50, NULL},
    {"gender", F_ENUM, false, 0, 0, GENDERS},
    {"title", F_TEXT, false, 0, 50, NULL},
    {"office_phone", F_PHONE, false, 0, 0, NULL},
    {"mobile", F_PHONE, false, 0, 0, NULL},
    {"email", F_EMAIL, false, 0, 0, NULL},
    {"note", F_MULTILINE, false, 0, 1000, NULL},
    {"is_primary", F_BOOL, false, 0, 0, NULL},
    {"version", F_INT, true, 1, 1LL << 53, NULL},   /* update only */
};
#define NFIELDS 8

/* Adds gender flags and labels to a contact object. */
static void decorate(request *r, cJSON *c) {
    const char *g = rec_str(c, "gender");
    rec_flag(c, "is_male", strcmp(g, "male") == 0);
    rec_flag(c, "is_female", strcmp(g, "female") == 0);
    cJSON_AddStringToObject(c, "gender_label", *g ? request_t_of(r, "contacts.", g) : "");
    if (rec_num(c, "is_primary") == 1) cJSON_AddTrueToObject(c, "primary");
}

/* Where saving or deleting a contact sends the user: back to the 联系人 list they came from (its filters
 * and page) when back names it, else the customer's page. */
static const char *return_to(request *r, long long customer_id, const char *back) {
    static const char *const LISTS[] = {"/contacts", NULL};
    return rec_return_to(back, LISTS, arena_printf(r->a, "/customers/%lld", customer_id));
}

/* The page the form returns to, kept in its hidden fields and its 取消 link ("back" in the view only when
 * it is the 联系人 list). */
static void keep_back(request *r, long long customer_id, const kvlist *from) {
    const char *to = return_to(r, customer_id, kv_get(from, "back"));
    if (strncmp(to, "/contacts", strlen("/contacts")) == 0) cJSON_AddStringToObject(r->view, "back", to);
}

/* The form page around contact c for the parent customer (id, no, name). */
static void form_view(request *r, cJSON *customer, cJSON *c, bool is_new) {
    r->template_name = "contact_form";
    cJSON_AddStringToObject(r->view, "title", request_t(r, is_new ? "contacts.new" : "contacts.edit"));
    if (is_new) cJSON_AddTrueToObject(r->view, "is_new");
    cJSON_AddItemToObject(r->view, "customer", customer);
    decorate(r, c);
    cJSON_AddItemToObject(r->view, "contact", c);
}

/* The submitted values as a contact object (to show them again). */
static cJSON *echo(const field_value *v) {
    cJSON *c = cJSON_CreateObject();
    for (int i = 0; i < 7; i++) cJSON_AddStringToObject(c, FIELDS[i].name, v[i].text);
    cJSON_AddNumberToObject(c, "is_primary", v[7].i ? 1 : 0);
    return c;
}

static contact_fields to_fields(const field_value *v) {
    contact_fields f = {v[0].text, v[1].present ? GENDERS[v[1].i] : "", v[2].text, v[3].text,
                        v[4].text, v[5].text, v[6].text, v[7].i != 0};
    return f;
}

/* A customer brief {id, no, name} from a contact row. */
static cJSON *customer_of(const cJSON *c) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)rec_num(c, "customer_id"));
    cJSON_AddStringToObject(o, "no", rec_str(c, "customer_no"));
    cJSON_AddStringToObject(o, "name", rec_str(c, "customer_name"));
    return o;
}

/* When contact `id` (0 for a new one) becomes primary, the customer's current other primary contact
 * (before image), else NULL. */
static cJSON *other_primary(request *r, long long customer_id, long long id) {
    cJSON *all = cJSON_CreateArray();
    contacts_for_customer(r->db, customer_id, 0, all);
    cJSON *it;
    cJSON_ArrayForEach(it, all) {
        if (rec_num(it, "is_primary") == 1 && rec_num(it, "id") != id)
            return contacts_get(r->db, rec_num(it, "id"), 0);
    }
    return NULL;
}

/* Audits the primary flag moving away from `was` (inside the transaction). */
static int audit_cleared(request *r, cJSON *was) {
    if (!was) return 0;
    long long oid = rec_num(was, "id");
    return audit_write(r->db, r->now, r->user.id, "contact", oid, "update", was, contacts_get(r->db, oid, 0));
}

int h_contacts_new(request *r) {
    cJSON *cust = contacts_parent(r->db, r->path_id, scope_manager(r));
    if (!cust) return request_error(r, 404, "err.not_found");
    cJSON *c = cJSON_CreateObject();
    cJSON *existing = cJSON_CreateArray();
    if (contacts_for_customer(r->db, r->path_id, 1, existing) == 0) cJSON_AddNumberToObject(c, "is_primary", 1);
    form_view(r, cust, c, true);
    if (rec_num(cust, "retired") == 1) cJSON_AddStringToObject(r->view, "conflict", request_t(r, "contacts.retired_customer"));
    return 200;
}

int h_contacts_create(request *r) {
    field_value v[NFIELDS];
    cJSON *cust = contacts_parent(r->db, r->path_id, scope_manager(r));
    if (!cust) return request_error(r, 404, "err.not_found");
    if (request_validate(r, FIELDS, NFIELDS, v, false)) {
        rec_relabel(r, "contacts");
        form_view(r, cust, echo(v), true);
        return 422;
    }
    if (rec_num(cust, "retired") == 1) {
        form_view(r, cust, echo(v), true);
        cJSON_AddStringToObject(r->view, "conflict", request_t(r, "contacts.retired_customer"));
        return 409;
    }
    contact_fields f = to_fields(v);
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    cJSON *was = f.is_primary ? other_primary(r, r->path_id, 0) : NULL;
    long long id = contacts_create(r->db, r->path_id, &f, r->now);
    if (id <= 0 || audit_cleared(r, was) != 0 ||
        audit_write(r->db, r->now, r->user.id, "contact", id, "create", NULL, contacts_get(r->db, id, 0)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    cJSON_AddNumberToObject(r->view, "id", (double)id);
    request_redirect(r, arena_printf(r->a, "/customers/%lld", r->path_id), "contacts.created");
    return 303;
}

int h_contacts_edit(request *r) {
    cJSON *c = contacts_get(r->db, r->path_id, scope_manager(r));
    if (!c) return request_error(r, 404, "err.not_found");
    form_view(r, customer_of(c), c, false);
    keep_back(r, rec_num(c, "customer_id"), &r->query);
    return 200;
}

/* Shows the stored contact again after a refusal (stale version), keeping what the user typed. */
static int stale(request *r, const field_value *v) {
    cJSON *now = contacts_get(r->db, r->path_id, scope_manager(r));
    if (!now) return request_error(r, 404, "err.not_found");
    cJSON_Delete(r->view);
    r->view = cJSON_CreateObject();
    form_view(r, customer_of(now), now, false);
    keep_back(r, rec_num(now, "customer_id"), &r->form);
    if (v) cJSON_AddItemToObject(r->view, "mine", echo(v));
    cJSON_AddStringToObject(r->view, "conflict", request_t(r, "err.stale"));
    return 409;
}

int h_contacts_update(request *r) {
    field_value v[NFIELDS + 1];
    cJSON *before = contacts_get(r->db, r->path_id, scope_manager(r));
    if (!before) return request_error(r, 404, "err.not_found");
    if (request_validate(r, FIELDS, NFIELDS + 1, v, false)) {
        rec_relabel(r, "contacts");
        cJSON *c = echo(v);
        cJSON_AddNumberToObject(c, "id", (double)r->path_id);
        cJSON_AddNumberToObject(c, "version", (double)rec_num(before, "version"));
        form_view(r, customer_of(before), c, false);
        keep_back(r, rec_num(before, "customer_id"), &r->form);
        return 422;
    }
    contact_fields f = to_fields(v);
    long long customer_id = rec_num(before, "customer_id");
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    cJSON *was = f.is_primary ? other_primary(r, customer_id, r->path_id) : NULL;
    int rc = contacts_update(r->db, r->path_id, v[NFIELDS].i, &f, r->now);
    if (rc == STORE_STALE) { db_rollback(r->db); return stale(r, v); }
    if (rc == STORE_NOT_FOUND) { db_rollback(r->db); return request_error(r, 404, "err.not_found"); }
    if (rc != STORE_OK || audit_cleared(r, was) != 0 ||
        audit_write(r->db, r->now, r->user.id, "contact", r->path_id, "update", before,
                    contacts_get(r->db, r->path_id, 0)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, return_to(r, customer_id, kv_get(&r->form, "back")), "contacts.saved");
    return 303;
}

int h_contacts_delete(request *r) {
    static const field_spec specs[] = {{"version", F_INT, true, 1, 1LL << 53, NULL}};
    field_value v[1];
    cJSON *before = contacts_get(r->db, r->path_id, scope_manager(r));
    if (!before) return request_error(r, 404, "err.not_found");
    if (request_validate(r, specs, 1, v, false)) {
        rec_relabel(r, "contacts");
        form_view(r, customer_of(before), cJSON_Duplicate(before, true), false);
        keep_back(r, rec_num(before, "customer_id"), &r->form);
        return 422;
    }
    long long customer_id = rec_num(before, "customer_id");
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    int rc = contacts_delete(r->db, r->path_id, v[0].i);
    if (rc == STORE_STALE) { db_rollback(r->db); return stale(r, NULL); }
    if (rc == STORE_NOT_FOUND) { db_rollback(r->db); return request_error(r, 404, "err.not_found"); }
    if (rc != STORE_OK || audit_write(r->db, r->now, r->user.id, "contact", r->path_id, "delete", before, NULL) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, return_to(r, customer_id, kv_get(&r->form, "back")), "contacts.deleted");
    return 303;
}

const char *const *rec_level_order(request *r) {
    const dict_entry *e;
    size_t n = dict_items(r->db, "customer_level", &e);
    const char **order = arena_alloc(r->a, (n + 1) * sizeof *order);
    for (size_t i = 0; i < n; i++) order[i] = arena_strdup(r->a, e[i].value);
    order[n] = NULL;
    return order;
}
