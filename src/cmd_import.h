/* cmd_import.h — the `crm import` subcommand (cmd_import.c). */
#ifndef CRM_CMD_IMPORT_H
#define CRM_CMD_IMPORT_H
#include "db.h"

/* argv: KIND FILE [options]; the catalogs must be loaded (i18n_load). Returns the exit status. */
int cmd_import(db *d, int argc, char **argv);
#endif
