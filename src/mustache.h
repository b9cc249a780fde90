/* mustache.h — our Mustache renderer (no Debian package exists). It implements the official spec:
 * interpolation, sections, inverted sections, comments, set delimiters, partials (with standalone
 * indentation) and template inheritance (blocks {{$x}} and parents {{<x}}); lambdas are out of scope.
 * The context is a cJSON value tree. {{name}} is HTML-escaped through html_escape (html.h);
 * {{{name}}} and {{&name}} write raw text. Templates are compiled once and kept in a cache that a
 * worker owns; mustache_cache_clear drops them when templates change on disk. */
#ifndef CRM_MUSTACHE_H
#define CRM_MUSTACHE_H
#include <stddef.h>
#include <cJSON.h>
#include "buf.h"

/* Returns the source text of the named template or partial, or NULL if there is none.
 * The returned text must stay valid until the cache is cleared or freed. */
typedef const char *(*mustache_load_fn)(void *ud, const char *name, size_t *len);

typedef struct mustache_cache mustache_cache;

/* Returns a new empty cache that loads sources through load(ud, ...). Free with mustache_cache_free. */
mustache_cache *mustache_cache_new(mustache_load_fn load, void *ud);
void mustache_cache_free(mustache_cache *c);
/* Declares obj (an object, or NULL for none) unchanging for as long as the cache holds compiled
 * templates: a message catalog, say. Dotted names through it ({{t.nav.home}}) are then resolved once
 * and remembered across renders, matched by obj's member list (so a reference to obj counts too).
 * Clear the cache when obj changes or is freed. */
void mustache_cache_set_stable(mustache_cache *c, const cJSON *obj);
/* Forgets every compiled template (sources will be loaded again on next use). */
void mustache_cache_clear(mustache_cache *c);

/* Renders the template called name with ctx, appending to out.
 * Returns 0, or -1 with a one-line reason in err (unknown template, unclosed section, ...).
 * A missing partial renders as empty text, as the spec requires. */
int mustache_render_named(mustache_cache *c, const char *name, const cJSON *ctx, buf *out,
                          char *err, size_t errlen);
/* Same, for template text given directly (not cached); partials still come from the cache's loader. */
int mustache_render_text(mustache_cache *c, const char *text, size_t len, const cJSON *ctx, buf *out,
                         char *err, size_t errlen);
#endif
