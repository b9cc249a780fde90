/* validate.h — every input field a route accepts is declared here-style with its validator:
 * a field_spec table per form. validate_form() turns the raw kvlist into typed field_values
 * and a list of field errors (message keys for the catalogs, with one numeric parameter).
 * Handlers read only validated values. */
#ifndef CRM_VALIDATE_H
#define CRM_VALIDATE_H
#include <stdbool.h>
#include <stddef.h>
#include "arena.h"
#include "http.h"

typedef enum field_kind {
    F_TEXT,      /* one line: trimmed, no control characters; min/max = length in characters */
    F_MULTILINE, /* like F_TEXT but \n and \t allowed (\r\n normalised to \n) */
    F_INT,       /* decimal integer, optional sign; min/max = value range */
    F_MONEY,     /* "1234", "1,234.5", "-3.25" → integer fen (cents); min/max in fen; at most 2 decimals */
    F_DATE,      /* YYYY-MM-DD, a real calendar date, years 1900-2999; i = days since 1970-01-01 */
    F_DATETIME,  /* YYYY-MM-DDTHH:MM or "YYYY-MM-DD HH:MM[:SS]"; text normalised to YYYY-MM-DD HH:MM:SS */
    F_ENUM,      /* one of choices[] (exact match) ; i = index in choices */
    F_PHONE,     /* digits with optional leading +, spaces, '-', parentheses, optional "ext"/"转" suffix; 5-20 digits */
    F_EMAIL,     /* local@domain.tld, no spaces, at most 254 characters */
    F_BOOL,      /* absent/""/"0"/"off"/"false" = false; "1"/"on"/"true"/"yes" = true; anything else = error */
    F_ID,        /* positive integer id (1 .. 2^53) */
    F_PASSWORD,  /* not trimmed; min/max = length in characters */
} field_kind;

typedef struct field_spec {
    const char *name;              /* form field name */
    field_kind kind;
    bool required;                 /* absent or empty (after trimming) → "err.required" */
    long long min, max;            /* meaning depends on kind; both 0 = default bounds (text max 200 chars) */
    const char *const *choices;    /* F_ENUM: NULL-terminated list */
} field_spec;

typedef struct field_value {
    bool present;       /* field given and not empty */
    const char *text;   /* normalised text (trimmed etc.), "" when absent; arena-owned */
    long long i;        /* F_INT/F_ID value, F_MONEY fen, F_DATE days, F_ENUM index, F_BOOL 0/1 */
} field_value;

typedef struct field_error {
    const char *field;  /* spec name */
    const char *key;    /* message key: err.required, err.too_long, err.too_short, err.not_int, err.range,
                           err.money, err.date, err.datetime, err.choice, err.phone, err.email, err.bool,
                           err.encoding */
    long long param;    /* e.g. the maximum length for err.too_long */
} field_error;

#define VALIDATE_MAX_ERRORS 64

/* Validates every spec against input. values[i] matches specs[i]. Fields in input that no spec names
 * are ignored. Returns the number of errors written to errs (at most VALIDATE_MAX_ERRORS). */
size_t validate_form(arena *a, const field_spec *specs, size_t nspecs, const kvlist *input,
                     field_value *values, field_error *errs);
/* Validates one raw value against one spec; returns NULL if valid (filling *out) or the error key
 * (filling *param). raw may be NULL for absent. */
const char *validate_field(arena *a, const field_spec *spec, const char *raw, size_t rawlen,
                           field_value *out, long long *param);
/* Formats a whole number as "12,345" (a count, a number of pieces) into an arena string. */
char *count_format(arena *a, long long n);
/* A list's count line as counted up to cap + 1: "12" … "1,000", and "1,000+" past cap. */
char *count_format_capped(arena *a, long long n, long long cap);
/* Formats fen as "1,234.50" into an arena string. */
char *money_format(arena *a, long long fen);
/* The same text into out (at most outlen - 1 bytes and a NUL). Returns its length. */
size_t money_format_to(long long fen, char *out, size_t outlen);
/* Days since 1970-01-01 to YYYY-MM-DD (arena string). */
char *date_format(arena *a, long long days);
/* The unix time of local midnight (the configured zone) starting a date given as days since
 * 1970-01-01 (an F_DATE value): where a date filter's range starts, or ends with the next day's. */
long long local_midnight(long long days);
#endif
