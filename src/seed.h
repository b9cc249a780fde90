/* seed.h — demo data for trying the system: one user per role (two reps), then customers with
 * contacts, interaction records, products, stock and three years of orders (`crm seed`), scalable to
 * a million customers for benchmarks (`crm seed --customers N`). */
#ifndef CRM_SEED_H
#define CRM_SEED_H
#include "db.h"
#include <stdio.h>
/* Demo accounts and their password, printed by `make run`. */
extern const struct demo_user { const char *login, *name, *role, *region; } DEMO_USERS[];
#define DEMO_PASSWORD "demo1234"
/* Inserts the demo users that do not exist yet. Returns 0 or -1. */
int seed_demo(db *d);

/* Customers in `crm seed` without --customers, and the largest N accepted. */
#define SEED_DEMO_CUSTOMERS 200
#define SEED_MAX_CUSTOMERS 10000000
/* From this many customers on, the bulk loader is used (see seed.c). */
#define SEED_BULK_MIN 20000
/* Adds n demo customers and everything that hangs off them (deterministic: the same n gives the same
 * data, dates relative to today), on top of the demo users; managers are the active reps. Does
 * nothing if any customer exists. Progress and timings go to out (may be NULL). Returns 0 or -1. */
int seed_customers(db *d, long long n, FILE *out);
#endif
