/* fcgi_out.h — sends a whole reply to nginx in as few system calls as possible (see fcgi_out.c). */
#ifndef CRM_FCGI_OUT_H
#define CRM_FCGI_OUT_H
#include <fcgiapp.h>
#include <stddef.h>

/* Writes the reply, head (the CGI headers) then body, to q's FCGI_STDOUT. A reply that fits the stream's
 * buffer goes through it, so FCGX_Finish_r sends it with the end of the request in one write; a
 * larger one is written straight to the connection as FastCGI records in one writev, instead of one
 * write per 8 KB that libfcgi's stream makes. Nothing may have been written to q->out before.
 * Returns 0, or -1 when the connection failed (the request is then dropped, as libfcgi does). */
int fcgi_send(FCGX_Request *q, const char *head, size_t head_len, const char *body, size_t body_len);

#endif
