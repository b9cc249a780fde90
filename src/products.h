/* products.h — 基础数据 › 产品: name, 型号, 等级/批次, 单位 (dict 'unit'), 单价 (分), 备注. Products are
 * never deleted (order lines point at them); retiring one hides it from new orders. */
#ifndef CRM_PRODUCTS_H
#define CRM_PRODUCTS_H
#include <stdbool.h>
#include <cJSON.h>
#include "arena.h"
#include "db.h"
#include "store.h"

typedef struct product_fields {
    const char *name, *model, *grade, *unit, *note;
    long long price;   /* 分 */
} product_fields;

/* List orders, as the sort=... query value names them (PRODUCTS_SORTS[i]). */
enum products_sort { PS_NAME, PS_MODEL, PS_PRICE, PS_PRICE_DESC, PS__COUNT };
extern const char *const PRODUCTS_SORTS[];   /* "name", "model", "price", "-price", NULL */

typedef struct products_filter {
    const char *q;          /* substring of name or model; NULL = any */
    bool include_retired;
    int sort;               /* enum products_sort */
    const char *after_key; long long after_id;   /* keyset on (sort column, id); after_key NULL = first page */
    int limit;
} products_filter;

/* Products in the chosen order, ties by id (with price_text). The substring search is a scan (instr):
 * products number at most tens of thousands, so this stays in the low milliseconds. For the price
 * sorts after_key is the price in 分 as text. Returns count or -1. */
int products_list(db *d, const products_filter *f, cJSON *rows);
/* Room for a keyset key: a name or 型号 (at most 100 characters of 4 bytes) or a price. */
#define PRODUCTS_KEY_MAX 512
/* Moves f's keyset past row, the last row products_list returned in f's order, so the next call reads
 * the page after it; the key's text is written to key (len bytes, PRODUCTS_KEY_MAX). */
void products_after_row(products_filter *f, const cJSON *row, char *key, size_t len);
/* Active products for pickers: {id, name, model, unit, price}, by name, at most limit. */
int products_active(db *d, int limit, cJSON *rows);
/* One product (with price_text and used = number of order lines) or NULL. */
cJSON *products_get(db *d, long long id);
/* A product as the order and stock forms show and take it: "名称（型号）", or the name alone without a 型号. */
const char *products_label(arena *a, const char *name, const char *model);
/* The active product a typed text names: a label as products_label writes it, else a name or a 型号 that
 * only one active product has. Returns its id, 0 when none does, PRODUCT_AMBIGUOUS when several do, -1 on
 * a database error. */
#define PRODUCT_AMBIGUOUS (-2)
/* The label of product id (retired or not), or "#id" when there is no such product. */
const char *products_label_of(db *d, arena *a, long long id);
long long products_by_label(db *d, const char *text);
/* The active products' labels and prices, by name, at most limit, as {label, price ("1234.50")} objects
 * appended to out: the suggestions of a typed product field. Returns the count or -1. */
int products_suggestions(db *d, arena *a, int limit, cJSON *out);
/* Returns the new id or STORE_ERROR. */
long long products_create(db *d, const product_fields *f, long long now);
/* At version: STORE_OK, STORE_STALE, STORE_NOT_FOUND, STORE_ERROR. */
int products_update(db *d, long long id, long long version, const product_fields *f, long long now);
/* Retires (or restores) at version. */
int products_set_retired(db *d, long long id, long long version, bool retired, long long now);
#endif
