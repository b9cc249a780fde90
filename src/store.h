/* store.h — status codes shared by the data modules (users.c, dict.c, roles.c, ...). Each data module
 * owns the SQL for one kind of record; handlers never see SQL. */
#ifndef CRM_STORE_H
#define CRM_STORE_H
enum store_status {
    STORE_OK = 0,
    STORE_ERROR = -1,      /* database failure (logged) */
    STORE_STALE = -2,      /* version mismatch: someone else saved first */
    STORE_NOT_FOUND = -3,
    STORE_DUPLICATE = -4,  /* a unique value is taken */
    STORE_LOCKED = -5,     /* the record may not be changed (e.g. dictionary item not editable) */
    STORE_IN_USE = -6,     /* other records use the value (e.g. a dictionary item's value) */
};
#endif
