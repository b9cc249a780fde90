/* roles.h — the role × permission matrix (table role_perms). */
#ifndef CRM_ROLES_H
#define CRM_ROLES_H
#include <stdbool.h>
#include "db.h"
#include "perm.h"

/* The permission set of each role, indexed like ROLES[]. Returns 0 or -1. */
int roles_load(db *d, permset out[ROLE_COUNT]);
/* Replaces the matrix with m (indexed like ROLES[]). Caller holds the transaction. Returns 0 or -1. */
int roles_save(db *d, const permset m[ROLE_COUNT]);
#endif
