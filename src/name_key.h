/* name_key.h — the sort key of a customer's 名称 in pinyin order (按拼音), as crm_name_key() stores
 * it in customers.name_key (schema/008, schema/014). */
#ifndef NAME_KEY_H
#define NAME_KEY_H
#include <stddef.h>

/* The most bytes name_key_make writes for n bytes of UTF-8 (a character's unit is at most 32 bytes
 * and takes at least one byte of input). */
#define NAME_KEY_MAX(n) (32 * (n) + 1)

/* Writes the key of the UTF-8 text s[0..n) to out (room for NAME_KEY_MAX(n) bytes); returns its
 * length, or -1 when ICU's collator cannot be opened. Keys compare with memcmp (as SQLite compares
 * BLOBs). See name_key.c for the order and the prefix property. */
long name_key_make(const char *s, size_t n, unsigned char *out);

#endif
