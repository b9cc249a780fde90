/* arena.c — bump allocator with a chain of chunks; see arena.h. */
#include "arena.h"
#include "decimal.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CRM_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CRM_ASAN 1
#endif
#ifdef CRM_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} chunk;

struct arena {
    chunk *head;       /* current chunk, newest first */
    size_t chunk_size;
    size_t total_used;
};

static chunk *chunk_new(size_t size) {
    chunk *c = malloc(sizeof(chunk) + size);
    if (!c) { fputs("crm: out of memory\n", stderr); abort(); }
    c->next = NULL; c->size = size; c->used = 0;
    POISON(c->data, size);
    return c;
}

arena *arena_new(size_t chunk_size) {
    arena *a = malloc(sizeof *a);
    if (!a) { fputs("crm: out of memory\n", stderr); abort(); }
    a->chunk_size = chunk_size < 1024 ? 1024 : chunk_size;
    a->head = chunk_new(a->chunk_size);
    a->total_used = 0;
    return a;
}

void arena_free(arena *a) {
    if (!a) return;
    chunk *c = a->head;
    while (c) { chunk *n = c->next; free(c); c = n; }
    free(a);
}

void *arena_alloc(arena *a, size_t n) {
    size_t need = (n + 15) & ~(size_t)15;
    if (need == 0) need = 16;
    chunk *c = a->head;
    if (c->size - c->used < need) {
        size_t size = need > a->chunk_size ? need : a->chunk_size;
        chunk *nc = chunk_new(size);
        nc->next = a->head;
        a->head = nc;
        c = nc;
    }
    void *p = c->data + c->used;
    c->used += need;
    a->total_used += need;
    UNPOISON(p, n);
    return p;
}

void *arena_calloc(arena *a, size_t n) {
    void *p = arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n) {
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *arena_strdup(arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

char *arena_cat_strings(arena *a, ...) {
    va_list ap;
    size_t len = 0;
    va_start(ap, a);
    for (const char *s; (s = va_arg(ap, const char *));) len += strlen(s);
    va_end(ap);
    char *out = arena_alloc(a, len + 1), *p = out;
    va_start(ap, a);
    for (const char *s; (s = va_arg(ap, const char *));) {
        size_t n = strlen(s);
        memcpy(p, s, n);
        p += n;
    }
    va_end(ap);
    *p = 0;
    return out;
}

char *arena_lld(arena *a, long long n) {
    char text[24];
    size_t len = decimal_lld(n, text);
    return arena_strndup(a, text, len);
}

char *arena_printf(arena *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void arena_reset(arena *a) {
    /* keep the oldest chunk (the tail), free the rest */
    chunk *c = a->head;
    while (c->next) { chunk *n = c->next; free(c); c = n; }
    a->head = c;
    /* a huge request may have made this chunk larger than usual: keep it bounded */
    if (c->size > a->chunk_size) { free(c); a->head = chunk_new(a->chunk_size); c = a->head; }
    c->used = 0;
    POISON(c->data, c->size);
    a->total_used = 0;
}

size_t arena_used(const arena *a) { return a->total_used; }
