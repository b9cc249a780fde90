/* audit_view.h — how an audit entry's change reads on the 操作日志 page (see audit_view.c). */
#ifndef CRM_AUDIT_VIEW_H
#define CRM_AUDIT_VIEW_H
#include "request.h"

/* Adds to entry (a row of audit_list: record_type, before_json, after_json) what the page shows instead of
 * the stored JSON: "diff" [{label, before, after}] for the fields a change moved ("unchanged" when a save
 * moved none), or "fields" [{label, value}] for the fields a created, deleted or imported record held, with
 * "summary" (its name and how many fields follow) when there are more than a few. Labels and values are in
 * r's language. */
void audit_view_change(request *r, cJSON *entry);
#endif
