/* routes.h — the one route table: method, path, handler, flags, permission. The worker matches a
 * request here and then applies, in one place, sign-in, CSRF/same-origin and permission checks. */
#ifndef CRM_ROUTES_H
#define CRM_ROUTES_H
#include <stdbool.h>
#include "perm.h"
#include "request.h"

/* A handler fills r->view/r->template_name (or r->redirect) and returns the HTTP status. */
typedef int (*handler_fn)(request *r);

enum route_flags {
    R_LOGIN = 1 << 0,  /* needs a signed-in user */
    R_CSRF = 1 << 1,   /* changes state: needs the CSRF token and a same-origin request */
    R_PUBLIC = 1 << 2, /* reachable without signing in */
    R_UPLOAD = 1 << 3, /* accepts multipart/form-data bodies (file uploads) up to MAX_UPLOAD, not MAX_BODY */
    R_EXPORT = 1 << 4, /* takes data out (a CSV download): needs data.export besides its permission */
};

typedef struct route {
    const char *method;   /* GET or POST */
    const char *path;     /* literal segments and {id} for a positive integer */
    handler_fn handler;
    unsigned flags;
    perm permission;      /* P_NONE = any signed-in user (with R_LOGIN) */
    const char *name;     /* for the request log and the route dump */
} route;

extern const route ROUTES[];
extern const int ROUTE_COUNT;

/* Finds the route for method+path. Returns it (and fills *id for {id}), or NULL; *path_known is set
 * when some route has this path with another method (→ 405). */
const route *route_match(const char *method, const char *path, long long *id, bool *path_known);
/* Prints the table as JSON (for `crm routes` and the role × route test). */
void routes_dump(void);
#endif
