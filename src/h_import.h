/* h_import.h — 数据导入 and 数据导出: CSV import of customers, contacts and orders (upload → preview →
 * commit with progress → result) and CSV export of the customer, contact and order lists. */
#ifndef CRM_H_IMPORT_H
#define CRM_H_IMPORT_H
#include "request.h"

int h_import_form(request *r);       /* GET  /import: choose what to import, upload, column reference */
int h_import_template(request *r);   /* GET  /import/template.csv?kind=: the header row and an example */
int h_import_upload(request *r);     /* POST /import/upload (multipart): keeps the file, → preview */
int h_import_preview(request *r);    /* GET  /import/preview?token=: every bad row and duplicate */
int h_import_commit(request *r);     /* POST /import/commit: all or nothing, in one transaction */
int h_import_progress(request *r);   /* GET  /import/progress?token=: {state, done, total, percent} */
int h_import_result(request *r);     /* GET  /import/result?token=: what the commit wrote */
int h_import_cancel(request *r);     /* POST /import/cancel: forgets the upload */

int h_export_customers(request *r);  /* GET /customers/export.csv?<the customer list's filters> */
int h_export_contacts(request *r);   /* GET /contacts/export.csv?customer=&customer_id= */
int h_export_orders(request *r);     /* GET /orders/export.csv?<the order list's filters> (one row per line) */
#endif
