/* http.h — request input parsing, independent of FastCGI so it can be unit-tested:
 * percent-decoding, query strings and application/x-www-form-urlencoded bodies, Cookie headers,
 * Accept negotiation. Everything parsed lives in the request arena. Limits are enforced here:
 * too many fields, an over-long name or value, bad percent escapes or invalid UTF-8 make the
 * whole input refused with a status the caller turns into a clear message. */
#ifndef CRM_HTTP_H
#define CRM_HTTP_H
#include <stdbool.h>
#include <stddef.h>
#include "arena.h"

typedef struct kv { const char *key; const char *val; size_t vlen; } kv;
typedef struct kvlist { kv *items; size_t n, cap; } kvlist;

enum http_status {
    HTTP_OK = 0,
    HTTP_E_MALFORMED,     /* bad percent escape, bad syntax */
    HTTP_E_TOO_MANY,      /* more than HTTP_MAX_FIELDS fields */
    HTTP_E_TOO_LONG,      /* a name longer than HTTP_MAX_NAME or a value longer than HTTP_MAX_VALUE bytes */
    HTTP_E_ENCODING,      /* decoded text is not valid UTF-8 or holds a NUL */
};
#define HTTP_MAX_FIELDS 200
#define HTTP_MAX_NAME 64
#define HTTP_MAX_VALUE (64 * 1024)

/* Parses "a=1&b=x%20y" (also '+' for space) into out (appending). Empty pairs are skipped.
 * Returns HTTP_OK or an http_status error; on error out may hold a prefix of the fields. */
int http_parse_urlencoded(arena *a, const char *s, size_t len, kvlist *out);
/* Parses a Cookie header "a=1; b=2" into out. Malformed pairs are skipped (browsers send junk). */
int http_parse_cookies(arena *a, const char *header, kvlist *out);
/* Returns the first value for key, or NULL. */
const char *kv_get(const kvlist *l, const char *key);
/* Appends a pair (arena-owned copies are the caller's business). */
void kv_add(arena *a, kvlist *l, const char *key, const char *val, size_t vlen);
/* Decodes %XX and '+' in s[0..n) into a new arena string; returns NULL on a bad escape. */
char *http_percent_decode(arena *a, const char *s, size_t n, size_t *outlen);
/* True if the Accept header prefers application/json over text/html. */
bool http_wants_json(const char *accept);
/* True if s[0..n) is valid UTF-8 with no NUL bytes. */
bool utf8_valid(const char *s, size_t n);
/* Number of code points in valid UTF-8 s[0..n). */
size_t utf8_length(const char *s, size_t n);
#endif
