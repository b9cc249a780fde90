/* render.h — turns a handled request into the FastCGI reply: the view model rendered through its
 * Mustache template (with the layout's shared parts: catalog, user, menu, CSRF token, notice) for
 * browsers, or serialised as JSON for clients that ask for application/json. */
#ifndef CRM_RENDER_H
#define CRM_RENDER_H
#include "buf.h"
#include "request.h"
/* Writes status line, headers and body for r into out; a rendered page's body stays where it was
 * rendered and is named by r->body_out (sent after out). */
void render_reply(request *r, buf *out);
#endif
