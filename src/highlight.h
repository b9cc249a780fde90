/* highlight.h — where a search's terms occur in a result's text, for the page to mark them. */
#ifndef CRM_HIGHLIGHT_H
#define CRM_HIGHLIGHT_H
#include <stdbool.h>
#include <stddef.h>

#define HL_MAX_TERMS 8

/* The terms of a query as the search takes them: split on white space (ASCII or the ideographic space),
 * those of two or more characters; pointers into the query. */
typedef struct hl_terms {
    const char *at[HL_MAX_TERMS];
    size_t len[HL_MAX_TERMS];
    unsigned char first[HL_MAX_TERMS];   /* its first byte, a Latin letter in lower case */
    char first_digit[HL_MAX_TERMS];      /* its first digit when it has two or more, else 0 */
    bool latin[HL_MAX_TERMS];            /* it holds Latin letters (matched in any case) */
    int n;
} hl_terms;
void hl_terms_of(const char *q, hl_terms *t);

/* One piece of a text: bytes [at, at + len), a term's occurrence or not. */
typedef struct hl_piece {
    size_t at, len;
    bool hit;
} hl_piece;
/* Cuts text into pieces where the terms occur (ASCII letters in any case; the longest term at a place;
 * occurrences do not overlap; in a phone also a term's digits with separators between them), at most max
 * pieces (the rest of the text is one last piece). Returns the number of pieces: 0 for an empty text, 1
 * with hit false when no term occurs. */
int hl_pieces(const hl_terms *t, const char *text, bool phone, hl_piece *out, int max);
#endif
