/* handlers.h — every handler named in the route table. Each handler file owns one area:
 * h_auth.c (sign-in, sign-out, password, language), h_home.c (home pages, health),
 * h_users.c, h_roles.c, h_dict.c, h_audit.c (系统管理). */
#ifndef CRM_HANDLERS_H
#define CRM_HANDLERS_H
#include "audit.h"
#include "request.h"
#include "validate.h"

int h_login_form(request *r);
int h_login(request *r);
int h_logout(request *r);
int h_password_form(request *r);
int h_password_change(request *r);
int h_set_lang(request *r);

int h_home(request *r);
int h_health(request *r);

int h_users_list(request *r);
int h_users_new(request *r);
int h_users_create(request *r);
int h_users_edit(request *r);
int h_users_update(request *r);
int h_users_reset_password(request *r);
int h_users_set_active(request *r);

int h_roles_matrix(request *r);
int h_roles_save(request *r);

int h_dict_list(request *r);
int h_dict_create(request *r);
int h_dict_edit(request *r);
int h_dict_update(request *r);
int h_dict_delete(request *r);

int h_audit_list(request *r);
/* The 操作日志 page's query fields, in this order; its CSV export (h_export.c) reads the same. */
enum { AQ_USER, AQ_TYPE, AQ_ACTION, AQ_FROM, AQ_TO, AQ_BEFORE, AQ_RECORD, AQ_BEFORE_AT, AQ_COUNT };
/* Reads and checks the 操作日志 query into v[AQ_COUNT], adding what is wrong to r's errors, and fills f
 * with what it asks for (the page fields before and before_at included). Returns the error count. */
size_t audit_query(request *r, field_value *v, audit_filter *f);
#endif
