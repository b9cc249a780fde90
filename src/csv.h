/* csv.h — CSV files as spreadsheets write and read them (RFC 4180): fields separated by a delimiter
 * (comma; a file's header line may also show semicolons or tabs, or Excel's "sep=;" line), records
 * ending in CRLF or LF (a lone CR too), quoted fields with doubled quotes and embedded newlines.
 * Reading also decodes the file's bytes: UTF-8 with or without BOM (also when a few bytes are broken:
 * they are marked, not guessed), otherwise GB18030/GBK (what Excel saves on a Chinese Windows),
 * converted with iconv(3); files that are no text at all (workbooks, binaries) are told apart first. Writing produces what Excel opens cleanly:
 * UTF-8 with BOM, CRLF, quoting where needed, and formula injection neutralised. */
#ifndef CRM_CSV_H
#define CRM_CSV_H
#include <stdbool.h>
#include <stddef.h>
#include "arena.h"
#include "buf.h"

/* ---- decoding ---- */

typedef enum csv_encoding {
    CSV_ENC_UTF8 = 0,     /* UTF-8, no BOM: valid, or with a few undecodable bytes among many valid
                           * multi-byte sequences (marked as below) */
    CSV_ENC_UTF8_BOM,     /* UTF-8 with a BOM (undecodable bytes, if any, are marked as below) */
    CSV_ENC_GB18030,      /* not (mostly) UTF-8: converted from GB18030 (a superset of GBK and GB2312) */
    CSV_ENC_UTF16,        /* UTF-16 BOM: refused (Excel's "Unicode text"); nothing decoded */
} csv_encoding;

/* Decodes data[0..len) to UTF-8 in a new arena buffer (NUL-terminated; *outlen excludes the NUL),
 * without the BOM. Every byte that cannot be decoded becomes one NUL byte ('\0') in the output, so the
 * rows holding it can be reported (a NUL byte in the input is kept as NUL, and is bad as well);
 * *bad counts them. Returns NULL only for CSV_ENC_UTF16 or when iconv is unavailable. */
char *csv_decode(arena *a, const char *data, size_t len, size_t *outlen, csv_encoding *enc, size_t *bad);
/* What a file is before any decoding: CSV_TEXT (worth decoding), CSV_WORKBOOK (an Excel .xlsx — a zip
 * — or a legacy .xls, saved as a workbook instead of CSV) or CSV_BINARY (holds NUL bytes: an image, an
 * executable, UTF-16 without a BOM; no CSV text has them). A UTF-16 BOM counts as text (csv_decode
 * names it). */
enum { CSV_TEXT = 0, CSV_WORKBOOK, CSV_BINARY };
int csv_not_text(const char *data, size_t len);
/* Name of an encoding for messages and logs: "UTF-8", "UTF-8 (BOM)", "GB18030", "UTF-16". */
const char *csv_encoding_name(csv_encoding enc);

/* ---- reading ---- */

typedef struct csv_field {
    const char *s;   /* points into the decoded text, or into the arena for quoted fields with "" */
    size_t n;
} csv_field;

enum csv_record_error {
    CSV_OK = 0,
    CSV_E_UNCLOSED,     /* a quoted field runs to the end of the file */
    CSV_E_AFTER_QUOTE,  /* text between a closing quote and the next delimiter (kept, but reported) */
    CSV_E_TOO_MANY,     /* more than CSV_MAX_FIELDS fields (the rest are dropped) */
    CSV_E_TOO_LONG,     /* a field longer than CSV_MAX_FIELD bytes (truncated) */
};
#define CSV_MAX_FIELDS 256
#define CSV_MAX_FIELD (64 * 1024)

typedef struct csv_record {
    csv_field *fields;  /* valid until the next csv_next call */
    size_t nfields;
    long row;           /* record number, 1 = the first record (the header): Excel's row number */
    long line;          /* physical line (1-based) where the record starts */
    int error;          /* csv_record_error */
    bool blank;         /* every field is empty (such records are usually skipped) */
} csv_record;

typedef struct csv_reader {
    const char *p, *end;
    char delim;
    long row, line;
    arena *a;
    csv_field *fields;  /* growable, malloc'd; csv_reader_free releases it */
    size_t cap;
} csv_reader;

/* Starts reading text[0..len) (decoded UTF-8). delim 0 = sniff it from the first line: a "sep=X"
 * line sets X (and is skipped); otherwise the most frequent of , ; TAB outside quotes (comma on ties). */
void csv_reader_init(csv_reader *rd, arena *a, const char *text, size_t len, char delim);
void csv_reader_free(csv_reader *rd);
/* Reads the next record into *rec. Returns true, or false at the end of the text. */
bool csv_next(csv_reader *rd, csv_record *rec);

/* ---- writing ---- */

/* Appends one field: quoted when it holds the delimiter (comma), a quote, CR or LF, or starts or ends
 * with a space; quotes doubled. A text field (number = false) that starts with = + - @ TAB or CR gets a
 * leading apostrophe so a spreadsheet shows it as text instead of running it as a formula. Numbers we
 * formatted ourselves pass number = true and are written as they are. Adds the comma before it unless first. */
void csv_put(buf *b, const char *s, size_t n, bool first, bool number);
/* Ends a record (CRLF). */
void csv_end_row(buf *b);
/* The UTF-8 BOM, written once at the start of an export so Excel reads UTF-8. */
#define CSV_BOM "\xEF\xBB\xBF"
/* Undoes csv_put's apostrophe on import: true when s starts with ' followed by one of = + - @. */
bool csv_is_neutralised(const char *s, size_t n);
#endif
