/* h_export.h — 数据导出: CSV downloads of the lists as filtered (customers, retired customers, contacts, a customer's
 * 交往记录, orders, products, stock, the 操作日志), each within the user's row scope, UTF-8 with BOM so Excel opens them cleanly. */
#ifndef CRM_H_EXPORT_H
#define CRM_H_EXPORT_H
#include "request.h"

int h_export_customers(request *r);  /* GET /customers/export.csv?<the customer list's filters> */
int h_export_retired(request *r);    /* GET /customers/retired/export.csv?<the 已停用客户 page's filters> */
int h_export_contacts(request *r);   /* GET /contacts/export.csv?customer=&customer_id= */
int h_export_feed(request *r);       /* GET /activities/export.csv?<the 交往记录 list's filters> */
int h_export_activities(request *r); /* GET /customers/{id}/activities/export.csv?<its 交往记录 page's filters> */
int h_export_orders(request *r);     /* GET /orders/export.csv?<the order list's filters> (one row per line) */
int h_export_products(request *r);   /* GET /products/export.csv?<the product list's filters> */
int h_export_stock(request *r);      /* GET /stock/export.csv?<the stock list's filters> */
int h_export_audit(request *r);      /* GET /admin/audit/export.csv?<the 操作日志 page's filters> */
#endif
