/* h_contact_dir.h — 客户管理 › 联系人 (h_contact_dir.c): the contacts of every customer a user may see, and
 * the query its CSV export (h_export.c) reads the same way. */
#ifndef CRM_H_CONTACT_DIR_H
#define CRM_H_CONTACT_DIR_H
#include "contact_dir.h"
#include "h_contacts.h"
#include "request.h"
#include "validate.h"

/* GET /contacts?customer=&region=&level=&manager=&after_customer=&after=, or ?customer_id= (one customer's
 * contacts, linked from its page when it has more than the page lists) */
int h_contact_dir(request *r);

/* the query fields: the customer filters (CF_*, h_contacts.h), one customer, then the keyset */
enum { CQ_CUSTOMER_ID = CF_COUNT, CQ_AFTER_CUSTOMER, CQ_AFTER, CQ_COUNT };
/* Reads and checks the page's filters and key into v[CQ_COUNT] and f (f->limit left 0), within r's row
 * scope (a manager asked for by a user who sees only their own is ignored); an unknown 地区 or 客户等级 is an
 * error. Returns the number of errors, each added to the view. */
size_t contact_dir_query(request *r, field_value *v, contact_dir_filter *f);
#endif
