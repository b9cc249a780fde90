/* contacts.h — 联系人: the contacts of a customer (姓名, 性别, 职位, phones, 邮箱, 备注, 首要联系人).
 * At most one primary contact per customer: setting one clears the others in the same transaction
 * (the unique partial index contacts_one_primary enforces it). Row scope: every read and change that
 * takes a manager id (non-zero) is restricted to customers that manager manages. */
#ifndef CRM_CONTACTS_H
#define CRM_CONTACTS_H
#include <stdbool.h>
#include <cJSON.h>
#include "db.h"
#include "store.h"

typedef struct contact_fields {
    const char *name, *gender, *title, *office_phone, *mobile, *email, *note;
    bool is_primary;
} contact_fields;

/* The parent customer {id, no, name, manager_id, retired, address} when it exists within the manager's scope
 * (0 = all), else NULL. Contacts, interaction records and orders all check their parent with this. */
cJSON *contacts_parent(db *d, long long customer_id, long long manager);
/* A customer's contacts, primary first, then by id: all of them (limit 0), or the first limit by id with the
 * primary contact put first even when it is not among them (limit + 1 rows then). Returns the row count or
 * -1. */
int contacts_for_customer(db *d, long long customer_id, int limit, cJSON *rows);
/* How many contacts a customer has, or -1. */
long long contacts_count(db *d, long long customer_id);
/* One contact (with customer_name, customer_no) within the manager's scope (0 = all), or NULL. */
cJSON *contacts_get(db *d, long long id, long long manager);
/* Inserts a contact (clearing any other primary first when f->is_primary). Run inside a transaction.
 * Returns the new id or STORE_ERROR. */
long long contacts_create(db *d, long long customer_id, const contact_fields *f, long long now);
/* Updates at version (clearing other primaries when f->is_primary). Returns STORE_OK, STORE_STALE,
 * STORE_NOT_FOUND or STORE_ERROR. Run inside a transaction. */
int contacts_update(db *d, long long id, long long version, const contact_fields *f, long long now);
/* Deletes at version. Returns STORE_OK, STORE_STALE, STORE_NOT_FOUND or STORE_ERROR. */
int contacts_delete(db *d, long long id, long long version);
#endif
