/* seed.h — demo data for trying the system: one user per role (two reps). */
#ifndef CRM_SEED_H
#define CRM_SEED_H
#include "db.h"
/* Demo accounts and their password, printed by `make run`. */
extern const struct demo_user { const char *login, *name, *role, *region; } DEMO_USERS[];
#define DEMO_PASSWORD "demo1234"
/* Inserts the demo users that do not exist yet. Returns 0 or -1. */
int seed_demo(db *d);
#endif
