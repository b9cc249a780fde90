/* worker.h — a worker process: accepts FastCGI requests on the master's socket one at a time and
 * runs each through the request pipeline (worker.c) until told to stop. */
#ifndef CRM_WORKER_H
#define CRM_WORKER_H
#include "config.h"
/* Runs the accept loop on listen_fd. Returns the process exit status. */
int worker_main(const config *cfg, int listen_fd);
#endif
