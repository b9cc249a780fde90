/* fuzz_name_key.c — libFuzzer target for the 名称 sort key (src/name_key.c), which every customer
 * name, search query and order-list name filter goes through: no input may crash or write past
 * NAME_KEY_MAX, and the properties the name indexes rely on must hold for any two texts:
 *   - the key never holds 0x00, every unit ends with 0x01, and the key ends with one;
 *   - the key of a text is a byte prefix of the key of that text followed by anything, and below
 *     key || 0xFF (the name-prefix range);
 *   - the same text gives the same key. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "name_key.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t split = size ? data[0] % (size + 1) : 0;   /* a prefix of the rest, chosen by the first byte */
    const char *text = size ? (const char *)data + 1 : "";
    size_t n = size ? size - 1 : 0;
    if (split > n) split = n;
    unsigned char *whole = malloc(NAME_KEY_MAX(n)), *head = malloc(NAME_KEY_MAX(split)), *again = malloc(NAME_KEY_MAX(n));
    long lw = name_key_make(text, n, whole);
    long lh = name_key_make(text, split, head);
    long la = name_key_make(text, n, again);
    if (lw < 0 || lh < 0 || la < 0) abort();                              /* the collator opens */
    if (lw != la || memcmp(whole, again, (size_t)lw) != 0) abort();       /* deterministic */
    if ((size_t)lw > NAME_KEY_MAX(n) || (size_t)lh > NAME_KEY_MAX(split)) abort();
    if (memchr(whole, 0, (size_t)lw) || (lw && whole[lw - 1] != 0x01)) abort();
    /* a head that ends inside a UTF-8 sequence is not a prefix of the text's characters: check heads
     * followed by a byte that is not a continuation byte (then every sequence before the split reads
     * the same in the head and in the whole, valid or not) */
    unsigned char next = split < n ? (unsigned char)text[split] : 0;
    bool boundary = split == n || (next & 0xC0) != 0x80;
    if (boundary) {
        if (lh > lw || memcmp(head, whole, (size_t)lh) != 0) abort();      /* a byte prefix */
        if (lw > lh && whole[lh] == 0xFF) abort();                         /* below key || FF */
    }
    free(whole);
    free(head);
    free(again);
    return 0;
}
