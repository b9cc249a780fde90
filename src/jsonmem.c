/* jsonmem.c — routes cJSON's allocations to the request arena; see jsonmem.h. */
#include "jsonmem.h"
#include <limits.h>
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

/* Appends it to obj's members the way cJSON links them: the first member's prev is the last. */
static void append_member(cJSON *obj, cJSON *it) {
    cJSON *first = obj->child;
    if (!first) {
        obj->child = it;
        it->prev = it;
        return;
    }
    cJSON *last = first->prev;
    last->next = it;
    it->prev = last;
    first->prev = it;
}

static cJSON *new_member(const char *name, int type) {
    cJSON *it = arena_alloc(current, sizeof *it);
    *it = (cJSON){.type = type | cJSON_StringIsConst, .string = (char *)name};
    return it;
}

void json_add_text_ref(cJSON *obj, const char *name, const char *text) {
    if (!current) {
        cJSON_AddItemToObjectCS(obj, name, cJSON_CreateStringReference(text));
        return;
    }
    cJSON *it = new_member(name, cJSON_String | cJSON_IsReference);
    it->valuestring = (char *)text;
    append_member(obj, it);
}

void json_add_bool(cJSON *obj, const char *name, bool value) {
    if (!current) {
        cJSON_AddItemToObjectCS(obj, name, cJSON_CreateBool(value));
        return;
    }
    append_member(obj, new_member(name, value ? cJSON_True : cJSON_False));
}

void json_add_number(cJSON *obj, const char *name, double value) {
    if (!current) {
        cJSON_AddItemToObjectCS(obj, name, cJSON_CreateNumber(value));
        return;
    }
    cJSON *it = new_member(name, cJSON_Number);
    it->valuedouble = value;   /* valueint as cJSON_CreateNumber sets it: saturated */
    it->valueint = value >= INT_MAX ? INT_MAX : value <= (double)INT_MIN ? INT_MIN : (int)value;
    append_member(obj, it);
}
