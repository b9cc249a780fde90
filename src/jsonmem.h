/* jsonmem.h — cJSON allocates from the current request arena while a request runs, and from the
 * heap otherwise (catalogs, configuration). A request's view model therefore needs no freeing:
 * it disappears with the arena. Never cJSON_Delete a tree built during a request. */
#ifndef CRM_JSONMEM_H
#define CRM_JSONMEM_H
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
#endif
