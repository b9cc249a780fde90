/* fcgi_out.h — sends a whole reply to nginx in as few system calls as possible, and ends the
 * request without waiting on nginx (see fcgi_out.c). */
#ifndef CRM_FCGI_OUT_H
#define CRM_FCGI_OUT_H
#include <fcgiapp.h>
#include <stdbool.h>
#include <stddef.h>

/* Writes the reply, head (the CGI headers) then body, to q's connection as FCGI_STDOUT records, in one
 * writev. With last, the request's closing records (the end of FCGI_STDOUT and FCGI_END_REQUEST) go in
 * the same writev and the request must be ended with fcgi_end(q, FCGI_SENT); without, more output may
 * follow through q->out and the request ends with FCGX_Finish_r. Nothing may have been written to q->out
 * before. Returns 0, or -1 when the connection failed. */
int fcgi_send(FCGX_Request *q, const char *head, size_t head_len, const char *body, size_t body_len, bool last);

/* How a request's reply went out: whole, with its closing records, through fcgi_send (FCGI_SENT), or
 * fcgi_send failed on the connection (FCGI_FAILED; both are fcgi_send's return values), or its body
 * was streamed through q->out after fcgi_send without last (FCGI_STREAMED). */
enum fcgi_sent { FCGI_SENT = 0, FCGI_FAILED = -1, FCGI_STREAMED = 1 };

/* Ends the request. A streamed one ends as libfcgi ends it (FCGX_Finish_r). Otherwise: reads what is
 * left of its input, frees libfcgi's state for it and closes the connection (keeps it when nginx asked
 * to), without libfcgi's lingering close. */
void fcgi_end(FCGX_Request *q, enum fcgi_sent sent);

#endif
