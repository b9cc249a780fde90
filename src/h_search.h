/* h_search.h — the search page (h_search.c): one box for customers and contacts. */
#ifndef CRM_H_SEARCH_H
#define CRM_H_SEARCH_H
#include "request.h"

int h_search(request *r);
#endif
