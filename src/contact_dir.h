/* contact_dir.h — 联系人 of every customer a user may see (客户管理 › 联系人, /contacts), by the customers' 名称 in
 * pinyin order and then each customer's contacts in the order they were added: filtered by the customers'
 * 客户经理, 地区, 客户等级 and 名称 (its beginning), paged by key. A customer's own contacts are contacts.h.
 * Contacts of retired customers leave this list, as the customers leave theirs. */
#ifndef CRM_CONTACT_DIR_H
#define CRM_CONTACT_DIR_H
#include <stdbool.h>
#include <cJSON.h>
#include "db.h"

typedef struct contact_dir_filter {
    long long manager;           /* the customers' 客户经理 (row scope or the one chosen); 0 = any */
    long long customer_id;       /* one customer's contacts (retired or not; its page links them); 0 = any */
    const char *customer;        /* the customers' 名称 starts with this; NULL or "" = any */
    const char *region;          /* the customers' 地区 (a 数据字典 value); NULL or "" = any */
    const char *level;           /* the customers' 客户等级 (a 数据字典 value); NULL or "" = any */
    bool after;                  /* keyset: the contacts past contact after_id of customer after_customer */
    long long after_customer, after_id;
    int limit;
} contact_dir_filter;

/* Appends the filter's page to rows: objects id, customer_id, name, gender, title, office_phone, mobile,
 * email, note, is_primary, customer_no, customer_name. Returns the count or -1. */
int contact_dir_list(db *d, const contact_dir_filter *f, cJSON *rows);
/* How many contacts match (the keyset aside), counting up to cap. Returns the count or -1. */
long long contact_dir_count(db *d, const contact_dir_filter *f, long long cap);
#endif
