/* h_import.h — 数据导入: CSV import of customers, contacts and orders (upload → preview → commit with
 * progress → result). The exports are h_export.h's. */
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
#endif
