/* master.h — `crm serve`: the master process owns the FastCGI socket, forks the workers and a
 * maintenance process, re-forks any that die, reloads on SIGHUP and stops on SIGTERM/SIGINT.
 * It does no request work itself. */
#ifndef CRM_MASTER_H
#define CRM_MASTER_H
#include "config.h"
/* Runs until stopped. config_path (may be NULL) is re-read on SIGHUP. Returns the exit status. */
int master_run(config *cfg, const char *config_path);
#endif
