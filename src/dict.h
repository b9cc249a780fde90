/* dict.h — the 数据字典 (dict_items): categories of list values used across the CRM
 * (客户等级, 地区, 服务类型, 机会来源, 单位). Items marked not editable (可编辑 = 否) cannot be changed
 * or deleted, because workflows depend on their values. */
#ifndef CRM_DICT_H
#define CRM_DICT_H
#include <stdbool.h>
#include <cJSON.h>
#include "db.h"
#include "store.h"

/* The categories an admin may add items to, in display order (NULL-terminated). */
extern const char *const DICT_CATEGORIES[];
bool dict_category_valid(const char *category);

typedef struct dict_fields { const char *category, *item, *item_en, *value; long long sort; } dict_fields;

/* One item as the per-worker cache holds it (reads come from the cache; see dict.c). */
typedef struct dict_entry {
    long long id, sort, version;
    char *category, *item, *item_en, *value;   /* item_en: the English text, "" = none */
    bool editable;
} dict_entry;
/* The session lookup notes the committed dict_generation (schema/006) at the start of a request; the
 * worker notes 0 (unknown) before each request. */
void dict_note_generation(long long generation);
/* The worker notes each request's language ("en" or "zh-CN") once it is known: the texts below are in
 * it (the English text where an item has one, else the Chinese). */
void dict_note_language(const char *lang);
/* An item's text in the noted language. */
const char *dict_entry_label(const dict_entry *e);
/* Items of one category (NULL = all) as objects (id, category, item, item_en, label: the text in the noted
 * language, value, editable, sort, version),
 * ordered by category, sort, id. Returns 0 or -1. */
int dict_list(db *d, const char *category, cJSON *rows);
/* The cached items of category, in order: *items points into the cache, valid until the next dict_*
 * call of a later request or after a change. Returns the count. */
size_t dict_items(db *d, const char *category, const dict_entry **items);
/* The display text (dict_entry_label) of value in category (pointing into the cache, as above), or NULL. */
const char *dict_label(db *d, const char *category, const char *value);
/* One item or NULL. */
cJSON *dict_get(db *d, long long id);
/* True if value is an item of category. */
bool dict_has(db *d, const char *category, const char *value);
/* New editable item; returns id, STORE_DUPLICATE (value taken in category) or STORE_ERROR. */
long long dict_create(db *d, const dict_fields *f);
/* Updates item/value/sort of an editable item at version. */
int dict_update(db *d, long long id, long long version, const dict_fields *f);
/* How many records use the item's value (customers, users, products, stock by category; 0 for the
 * categories nothing stores yet), or -1. */
long long dict_uses(db *d, long long id);
/* Deletes an editable item at version. */
int dict_delete(db *d, long long id, long long version);
#endif
