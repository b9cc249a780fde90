/* html.h — the one place that escapes text for HTML. Everything the site shows goes through here
 * (the Mustache renderer calls it for every {{name}}). */
#ifndef CRM_HTML_H
#define CRM_HTML_H
#include <stddef.h>
#include "buf.h"
#include "highlight.h"

/* Appends s[0..n) to out with & < > " ' replaced by entities. */
void html_escape(buf *out, const char *s, size_t n);
/* Appends text escaped as html_escape does, its pieces that are hits (highlight.c: a search's terms)
 * inside <mark>: the only HTML besides escaped text a page is given ({{{…_marked}}}, scripts/check.sh). */
void html_marked(buf *out, const char *text, const hl_piece *pieces, int n);
/* Appends s[0..n) percent-encoded for use inside a URL query value. */
void url_encode(buf *out, const char *s, size_t n);
#endif
