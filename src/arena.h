/* arena.h — the per-request bump allocator.
 * A worker owns one request arena and resets it after every reply, so nothing a
 * request allocates outlives it and nothing grows across requests. */
#ifndef CRM_ARENA_H
#define CRM_ARENA_H
#include <stddef.h>

typedef struct arena arena;

/* Returns a new empty arena (chunks of at least chunk_size bytes); free with arena_free. */
arena *arena_new(size_t chunk_size);
/* Frees every chunk and the arena itself. */
void arena_free(arena *a);
/* Returns n bytes aligned for any type, valid until the next arena_reset; never NULL (aborts on OOM). */
void *arena_alloc(arena *a, size_t n);
/* Returns n zeroed bytes. */
void *arena_calloc(arena *a, size_t n);
/* Returns a NUL-terminated copy of s / of the first n bytes of s. */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
/* Returns a formatted string allocated in the arena. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the concatenation of the strings given: arena_cat(a, "/x?", qs) (the macro ends the list with
 * a NULL for arena_cat_strings). */
char *arena_cat_strings(arena *a, ...) __attribute__((sentinel));
#define arena_cat(a, ...) arena_cat_strings((a), __VA_ARGS__, (const char *)NULL)
/* Returns the decimal text of n ("-12345"), without printf's cost. */
char *arena_lld(arena *a, long long n);
/* Forgets every allocation but keeps the first chunk for reuse. */
void arena_reset(arena *a);
/* Bytes currently handed out (for tests and the request log). */
size_t arena_used(const arena *a);
#endif
