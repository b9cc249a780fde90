/* h_dict.c — 系统管理 › 数据字典: list by category, add, edit, delete items. Items marked not
 * editable (可编辑 = 否) are shown but cannot be changed or deleted. */
#include "audit.h"
#include "dict.h"
#include "handlers.h"
#include <string.h>

static void categories(request *r, const char *selected) {
    cJSON *cats = cJSON_AddArrayToObject(r->view, "categories");
    for (int i = 0; DICT_CATEGORIES[i]; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", DICT_CATEGORIES[i]);
        cJSON_AddStringToObject(o, "label", request_t_of(r, "dict.cat.", DICT_CATEGORIES[i]));
        if (selected && strcmp(selected, DICT_CATEGORIES[i]) == 0) cJSON_AddTrueToObject(o, "selected");
        cJSON_AddItemToArray(cats, o);
    }
}

static const field_spec LIST_FIELDS[] = {
    {"category", F_ENUM, false, 0, 0, DICT_CATEGORIES},
};

/* Fills the list page for category (NULL = all). */
static int list_view(request *r, const char *category) {
    r->template_name = "dict";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "dict.title"));
    categories(r, category);
    if (category) cJSON_AddStringToObject(r->view, "category", category);
    cJSON *items = cJSON_AddArrayToObject(r->view, "items");
    if (dict_list(r->db, category, items) < 0) return request_error(r, 500, "err.internal");
    cJSON *it;
    cJSON_ArrayForEach(it, items) {
        const char *cat = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "category"));
        cJSON_AddStringToObject(it, "category_label", request_t_of(r, "dict.cat.", cat ? cat : ""));
        if (cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "editable")) == 1)
            cJSON_AddTrueToObject(it, "is_editable");
    }
    if (cJSON_GetArraySize(items) == 0) cJSON_AddTrueToObject(r->view, "empty");
    return 200;
}

int h_dict_list(request *r) {
    field_value v[1];
    if (request_validate(r, LIST_FIELDS, 1, v, true)) return list_view(r, NULL) == 200 ? 400 : 500;
    return list_view(r, v[0].present ? DICT_CATEGORIES[v[0].i] : NULL);
}

/* an item's fields in the order of the form; a new item is posted with its category, a saved one with
 * its version */
enum { DI_ITEM, DI_ITEM_EN, DI_VALUE, DI_SORT, DI_COUNT };
static const field_spec ITEM_FIELDS[DI_COUNT] = {
    {"item", F_TEXT, true, 1, 50, NULL},
    {"item_en", F_TEXT, false, 0, 50, NULL},
    {"value", F_TEXT, true, 1, 50, NULL},
    {"sort", F_INT, false, 0, 9999, NULL},
};
static const field_spec CATEGORY_FIELD = {"category", F_ENUM, true, 0, 0, DICT_CATEGORIES};
static const field_spec VERSION_FIELD = {"version", F_INT, true, 1, 1LL << 53, NULL};

/* Reads the item's fields and then extra (category or version) into v[DI_COUNT]; returns request_validate's. */
static int read_item(request *r, field_spec extra, field_value *v) {
    field_spec specs[DI_COUNT + 1];
    memcpy(specs, ITEM_FIELDS, sizeof ITEM_FIELDS);
    specs[DI_COUNT] = extra;
    return request_validate(r, specs, DI_COUNT + 1, v, false);
}

static void echo(request *r, const field_value *v) {
    cJSON *f = cJSON_AddObjectToObject(r->view, "form");
    for (int i = 0; i < DI_COUNT; i++) cJSON_AddStringToObject(f, ITEM_FIELDS[i].name, v[i].text ? v[i].text : "");
}

static dict_fields fields_of(const char *category, const field_value *v) {
    return (dict_fields){category, v[DI_ITEM].text, v[DI_ITEM_EN].present ? v[DI_ITEM_EN].text : "", v[DI_VALUE].text,
                         v[DI_SORT].present ? v[DI_SORT].i : 0};
}

int h_dict_create(request *r) {
    field_value v[DI_COUNT + 1];
    const field_value *category = &v[DI_COUNT];
    if (read_item(r, CATEGORY_FIELD, v)) {
        list_view(r, category->present ? DICT_CATEGORIES[category->i] : NULL);
        echo(r, v);
        return 422;
    }
    dict_fields f = fields_of(DICT_CATEGORIES[category->i], v);
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    long long id = dict_create(r->db, &f);
    if (id == STORE_DUPLICATE) {
        db_rollback(r->db);
        list_view(r, f.category);
        request_add_error(r, "value", "dict.duplicate", 0);
        echo(r, v);
        return 409;
    }
    if (id <= 0 || audit_write(r->db, r->now, r->user.id, "dict_item", id, "create", NULL, dict_get(r->db, id)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, arena_printf(r->a, "/admin/dict?category=%s", f.category), "notice.saved");
    return 303;
}

static int edit_view(request *r, cJSON *item) {
    r->template_name = "dict_edit";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "dict.edit"));
    const char *cat = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "category"));
    cJSON_AddStringToObject(item, "category_label", request_t_of(r, "dict.cat.", cat ? cat : ""));
    if (cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(item, "editable")) == 1)
        cJSON_AddTrueToObject(item, "is_editable");
    cJSON_AddItemToObject(r->view, "item", item);
    return 200;
}

int h_dict_edit(request *r) {
    cJSON *item = dict_get(r->db, r->path_id);
    if (!item) return request_error(r, 404, "err.not_found");
    return edit_view(r, item);
}

/* Maps a store refusal to a reply on the edit page. */
static int refused(request *r, int rc) {
    cJSON *now = dict_get(r->db, r->path_id);
    if (rc == STORE_NOT_FOUND || !now) return request_error(r, 404, "err.not_found");
    edit_view(r, now);
    if (rc == STORE_LOCKED) { cJSON_AddStringToObject(r->view, "conflict", request_t(r, "dict.locked")); return 403; }
    if (rc == STORE_STALE) { cJSON_AddStringToObject(r->view, "conflict", request_t(r, "err.stale")); return 409; }
    if (rc == STORE_DUPLICATE) { request_add_error(r, "value", "dict.duplicate", 0); return 409; }
    if (rc == STORE_IN_USE) {
        cJSON_AddStringToObject(r->view, "conflict", request_t_n(r, "dict.in_use", dict_uses(r->db, r->path_id)));
        return 409;
    }
    return request_error(r, 500, "err.internal");
}

int h_dict_update(request *r) {
    field_value v[DI_COUNT + 1];
    cJSON *before = dict_get(r->db, r->path_id);
    if (!before) return request_error(r, 404, "err.not_found");
    if (read_item(r, VERSION_FIELD, v)) {
        edit_view(r, dict_get(r->db, r->path_id));
        echo(r, v);
        return 422;
    }
    const char *cat = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(before, "category"));
    dict_fields f = fields_of(cat, v);
    if (!kv_get(&r->form, "item_en"))   /* not sent (a script written before it existed): kept */
        f.item_en = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(before, "item_en"));
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    /* a value records use stays: its text, order and the rest may change */
    const char *was = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(before, "value"));
    bool editable = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(before, "editable")) == 1;
    int rc = editable && strcmp(was ? was : "", f.value) != 0 && dict_uses(r->db, r->path_id) != 0 ? STORE_IN_USE
           : dict_update(r->db, r->path_id, v[DI_COUNT].i, &f);
    if (rc != STORE_OK) { db_rollback(r->db); return refused(r, rc); }
    if (audit_write(r->db, r->now, r->user.id, "dict_item", r->path_id, "update", before, dict_get(r->db, r->path_id)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, arena_printf(r->a, "/admin/dict?category=%s", cat), "notice.saved");
    return 303;
}

int h_dict_delete(request *r) {
    static const field_spec specs[] = {{"version", F_INT, true, 1, 1LL << 53, NULL}};
    field_value v[1];
    cJSON *before = dict_get(r->db, r->path_id);
    if (!before) return request_error(r, 404, "err.not_found");
    if (request_validate(r, specs, 1, v, false)) { edit_view(r, before); return 422; }
    const char *cat = arena_strdup(r->a, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(before, "category")));
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    bool editable = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(before, "editable")) == 1;
    int rc = editable && dict_uses(r->db, r->path_id) != 0 ? STORE_IN_USE : dict_delete(r->db, r->path_id, v[0].i);
    if (rc != STORE_OK) { db_rollback(r->db); return refused(r, rc); }
    if (audit_write(r->db, r->now, r->user.id, "dict_item", r->path_id, "delete", before, NULL) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, arena_printf(r->a, "/admin/dict?category=%s", cat), "notice.deleted");
    return 303;
}
