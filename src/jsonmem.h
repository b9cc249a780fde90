/* jsonmem.h — cJSON allocates from the current request arena while a request runs, and from the
 * heap otherwise (catalogs, configuration). A request's view model therefore needs no freeing:
 * it disappears with the arena. Never cJSON_Delete a tree built during a request. */
#ifndef CRM_JSONMEM_H
#define CRM_JSONMEM_H
#include <cJSON.h>
#include <stdbool.h>
#include "arena.h"
/* Installs the hooks (once per process). */
void jsonmem_init(void);
/* Sets the arena cJSON uses from now on; NULL means the heap. */
void jsonmem_use(arena *a);
/* True while cJSON allocates from an arena (trees built now are never freed one by one). */
bool jsonmem_in_arena(void);
/* The arena cJSON allocates from now, or NULL (the heap). */
arena *jsonmem_arena(void);
/* Add a member named name (a constant: never copied or freed) to obj: a reference to text, which must
 * outlive the tree (a constant, the worker's catalog, or the request arena), or a bool. In an arena
 * they are built in place, one allocation each, instead of by cJSON's constructor and link calls
 * (a 50-row list adds ~300 such members); on the heap they are cJSON's own. A number as well. */
void json_add_text_ref(cJSON *obj, const char *name, const char *text);
void json_add_bool(cJSON *obj, const char *name, bool value);
void json_add_number(cJSON *obj, const char *name, double value);
#endif
