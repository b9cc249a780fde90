/* h_contacts.h — handlers for 联系人 (contacts of a customer), plus the small helpers the record
 * handlers (h_contacts.c, h_activities.c, h_orders.c, h_products.c) share. */
#ifndef CRM_H_CONTACTS_H
#define CRM_H_CONTACTS_H
#include "request.h"
#include "validate.h"

int h_contacts_new(request *r);
int h_contacts_create(request *r);
int h_contacts_edit(request *r);
int h_contacts_update(request *r);
int h_contacts_delete(request *r);

/* Relabels the error summary with this module's field labels ("<module>.field.<name>"), since the
 * platform catalog only knows its own fields. Call after request_validate / request_add_error. */
void rec_relabel(request *r, const char *module);
/* Number or string member of a JSON object as long long (0 when absent). */
long long rec_num(const cJSON *o, const char *name);
/* String member ("" when absent). */
const char *rec_str(const cJSON *o, const char *name);
/* Adds a boolean member "<name>" = true when cond holds (Mustache sections). */
void rec_flag(cJSON *o, const char *name, bool cond);
/* A list's count line in the view, n counted up to cap + 1: count (n), count_one (English says "1 order"),
 * count_text ("1,000", or "1,000+" past cap). */
void rec_count_view(request *r, long long n, long long cap);
/* The dictionary items of category with "selected" on the one whose value is selected. */
cJSON *rec_dict_choices(request *r, const char *category, const char *selected);
/* The 客户经理 choices, r->view's array name: the active users {id, name, role, role_label, selected (the
 * one whose id is selected)}, and keep when it names a user no longer active (a filter or a customer still
 * on them), last, marked inactive and labelled so: a page never shows another choice than the one in use. */
void rec_manager_choices(request *r, const char *name, long long selected, long long keep);
/* The item (label) of a dictionary value among items from dict_list, or the value itself. */
const char *rec_dict_label(const cJSON *items, const char *value);
/* The choices of a list's sort <select>: {code, label, selected} for each of codes (NULL-terminated),
 * labelled by "<module>.sort.<code>" where a leading '-' reads as a "_desc" suffix ("-price" → price_desc). */
cJSON *rec_sort_choices(request *r, const char *module, const char *const codes[], int selected);
/* The 客户等级 codes in the 数据字典's order (copied into the request arena, NULL-terminated): the
 * order of the customer list's and export's 等级 sort. */
const char *const *rec_level_order(request *r);

/* Where a record's form returns after saving or deleting: back when it names one of lists (paths,
 * NULL-terminated), bare or with a query (the list's filters and page, as the lists' edit links carry
 * it) — plain URL characters only, at most 1,000, since it becomes the Location header — else otherwise. */
const char *rec_return_to(const char *back, const char *const lists[], const char *otherwise);

/* The customer filters of the lists across customers (交往记录, 联系人): the first four of their query
 * fields, in this order, as REC_CUSTOMER_FILTERS spells them. */
enum { CF_CUSTOMER, CF_REGION, CF_LEVEL, CF_MANAGER, CF_COUNT };
#define REC_CUSTOMER_FILTERS                                                                        \
    {"customer", F_TEXT, false, 0, 50, NULL},   /* the beginning of the customer's 名称 */             \
    {"region", F_TEXT, false, 0, 50, NULL},     /* the customer's 地区 (a 数据字典 value) */           \
    {"level", F_TEXT, false, 0, 50, NULL},      /* the customer's 客户等级 (a 数据字典 value) */       \
    {"manager", F_ID, false, 0, 0, NULL}        /* the customer's 客户经理 (whoever sees every customer) */
/* Checks v's 地区 and 客户等级 against the 数据字典 (an unknown one: err.choice). Returns the error count. */
size_t rec_check_customer_filters(request *r, const field_value *v);
/* The 客户经理 the list is narrowed to: r's row scope, else the one chosen, else 0. */
long long rec_filter_manager(request *r, const field_value *v);
/* Appends v's customer filters to b as query parameters, each followed by '&' (the 客户经理 only for
 * whoever sees every customer). */
void rec_customer_filter_query(buf *b, const field_value *v, bool view_all);
/* Adds the filters' view: filter.customer, the 地区 and 客户等级 choices and, for whoever sees every customer,
 * view_all and the 客户经理 choices. */
void rec_customer_filter_view(request *r, const field_value *v, bool view_all);
#endif
