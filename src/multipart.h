/* multipart.h — multipart/form-data request bodies (RFC 7578, RFC 2046 §5.1), for file uploads.
 * Parsing never copies part data: each part points into the body the worker read. Limits: at most
 * MP_MAX_PARTS parts, MP_MAX_HEADERS header lines per part of at most MP_MAX_HEADER bytes each;
 * anything malformed (no boundary, a missing closing delimiter, a part without a name, bad
 * headers) refuses the whole body. Independent of FastCGI so it can be unit-tested. */
#ifndef CRM_MULTIPART_H
#define CRM_MULTIPART_H
#include <stddef.h>
#include "arena.h"

typedef struct mp_part {
    const char *name;          /* the form field name (Content-Disposition name="..."), arena copy */
    const char *filename;      /* NULL for a plain field; the file's base name otherwise ("" when none chosen) */
    const char *content_type;  /* the part's Content-Type, "" when absent */
    const char *data;          /* the part's bytes, pointing into the body */
    size_t len;
} mp_part;

enum mp_status {
    MP_OK = 0,
    MP_E_BOUNDARY,    /* the Content-Type names no usable boundary */
    MP_E_MALFORMED,   /* no opening or closing delimiter, bad headers, a part without a name */
    MP_E_TOO_MANY,    /* more than MP_MAX_PARTS parts */
    MP_E_HEADER,      /* a part's header block is too long or has too many lines */
};
#define MP_MAX_PARTS 64
#define MP_MAX_HEADERS 16
#define MP_MAX_HEADER 1024
#define MP_MAX_BOUNDARY 70

/* Returns the boundary of a "multipart/form-data; boundary=..." Content-Type (quoted or not; 1-70
 * characters) as an arena string, or NULL when the type is not multipart/form-data or has none. */
const char *multipart_boundary(arena *a, const char *content_type);
/* Parses body[0..len) into *parts (an arena array) and *nparts. Returns MP_OK or an mp_status.
 * A filename keeps only its last path segment (browsers on Windows once sent C:\...\x.csv);
 * filename*=UTF-8''... (RFC 5987) is decoded and wins over filename. */
int multipart_parse(arena *a, const char *body, size_t len, const char *boundary, mp_part **parts, size_t *nparts);
#endif
