/* jsonmem.c — routes cJSON's allocations to the request arena; see jsonmem.h. */
#include "jsonmem.h"
#include <cJSON.h>
#include <stdlib.h>

static arena *current; /* the worker's request arena while a request is being handled */

static void *json_alloc(size_t n) { return current ? arena_alloc(current, n) : malloc(n); }
static void json_free(void *p) { if (!current) free(p); }

void jsonmem_init(void) {
    cJSON_Hooks h = {json_alloc, json_free};
    cJSON_InitHooks(&h);
}

void jsonmem_use(arena *a) { current = a; }

bool jsonmem_in_arena(void) { return current != NULL; }
arena *jsonmem_arena(void) { return current; }
