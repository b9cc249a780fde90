/* mustache.c — owns the Mustache renderer declared in mustache.h: the compiler that turns template
 * text into a flat node array (standalone-line removal and block re-indentation are resolved here,
 * once), the per-worker cache of compiled templates keyed by name, and the renderer that walks the
 * nodes against a cJSON context stack. Rendering allocates nothing except growth of the output buf
 * (and compiling a partial the first time it is used). */
#include "mustache.h"
#include "decimal.h"
#include "html.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL, N_BLOCK, N_PARENT };

#define MAX_NEST 100              /* open sections/blocks/parents inside one template */
#define MAX_NAME 256              /* bytes in a tag name */
#define MAX_DELIM 16              /* bytes in a custom delimiter */
#define MAX_PARTIAL_DEPTH 100     /* partials/parents including each other */
#define MAX_DEPTH 256             /* nested node lists while rendering (bounds the C stack) */
#define MAX_INDENT 1024           /* bytes of accumulated standalone indentation */
#define MAX_STEPS 50000000L       /* nodes visited by one render (stops exponential templates) */
#define MAX_OUTPUT ((size_t)256 << 20)
#define MAX_INDEXED 128           /* members of the innermost object context lookup indexes */

typedef struct tpl tpl;

/* Where a name was last found in an object: its position there and the member's name pointer, trusted
 * as the same name only in the render numbered gen (see at_memo). */
typedef struct name_memo {
    const char *key;
    uint32_t pos;
    unsigned long gen;
} name_memo;

/* One compiled node. Nodes that own children (sections, blocks, parents) are followed directly by
 * their children; `next` is the index just past the subtree, so siblings are walked with i = next. */
typedef struct node {
    uint8_t type;
    uint8_t has_nl;       /* TEXT: contains '\n' */
    uint16_t nparts;      /* VAR/RAW/SECTION/INVERTED: dotted name parts, 0 for "." */
    uint32_t next;
    uint32_t soff, slen;  /* TEXT: the text; others: name in the pool (parts NUL-separated) */
    uint32_t ioff, ilen;  /* PARTIAL/PARENT: standalone indentation; BLOCK (site): indentation
                             relative to the enclosing block */
    tpl *ref;             /* PARTIAL/PARENT: the cached template, resolved on first render */
    /* VAR/RAW/SECTION/INVERTED: what lookup learnt about this name (see lookup_slow). Kept from
     * render to render: where the first part was last found in the innermost object context
     * (position and name pointer, checked again on use), and for a dotted name reached through the
     * cache's stable object what the rest resolved to. For the render numbered memo_gen only: the
     * outer context it was found in (level, object, value) and what the rest of a dotted name
     * resolved to from the first part's value. */
    name_memo first;       /* the first part, in the innermost object context */
    bool stable_set;
    const cJSON *stable_val;
    unsigned long memo_gen;
    int32_t out_level;
    const cJSON *out_obj, *out_val;
    const cJSON *dot_first, *dot_val;
    name_memo second;      /* a dotted name's second part, in the first part's value */
} node;

/* A compiled template. Owns nodes and pool. If err is set the template failed to compile; if
 * missing is set the loader had no source for it (renders as empty text when used as a partial). */
struct tpl {
    node *nodes;
    uint32_t n;
    char *pool;
    char *err;
    int missing;
};

typedef struct centry { char *name; uint32_t hash; tpl *t; } centry;

struct mustache_cache {
    mustache_load_fn load;
    void *ud;
    centry *tab;
    size_t cap, count;
    const cJSON *stable;   /* an object that never changes while templates are cached (mustache_cache_set_stable) */
};

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) { fputs("crm: out of memory\n", stderr); abort(); }
    return p;
}

static void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) { fputs("crm: out of memory\n", stderr); abort(); }
    return q;
}

/* Returns a malloc'd copy of s; the caller frees. */
static char *xstrdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = xmalloc(n);
    memcpy(d, s, n);
    return d;
}

static void tpl_free(tpl *t) {
    if (!t) return;
    free(t->nodes);
    free(t->pool);
    free(t->err);
    free(t);
}

/* ------------------------------------------------------------------------------------------------
 * Compiler
 * ---------------------------------------------------------------------------------------------- */

typedef struct open_tag {
    uint32_t idx;         /* node index */
    uint8_t type;         /* N_SECTION, N_INVERTED, N_BLOCK or N_PARENT */
    bool standalone;      /* N_PARENT: its opening tag was standalone */
    uint32_t strip;       /* indentation removed from each line of text inside */
    const char *name;     /* in the source, for matching the closing tag */
    size_t nlen;
    size_t pos;           /* where the tag starts, for messages */
} open_tag;

typedef struct cstate {
    const char *src;
    size_t len;
    node *nodes;
    uint32_t n, cap;
    buf pool;
    char otag[MAX_DELIM + 2], ctag[MAX_DELIM + 2];
    size_t olen, clen;
    open_tag open[MAX_NEST];
    int nopen;
    long last_text;       /* index of a TEXT node that following text may extend, or -1 */
    char err[256];
} cstate;

static int line_of(const char *src, size_t pos) {
    int line = 1;
    for (size_t i = 0; i < pos; i++) line += src[i] == '\n';
    return line;
}

/* Records a compile error "line N: ..." in cs->err and returns -1. */
__attribute__((format(printf, 3, 4)))
static int cfail(cstate *cs, size_t pos, const char *fmt, ...) {
    int k = snprintf(cs->err, sizeof cs->err, "line %d: ", line_of(cs->src, pos));
    if (k < 0 || (size_t)k >= sizeof cs->err) return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cs->err + k, sizeof cs->err - (size_t)k, fmt, ap);
    va_end(ap);
    return -1;
}

/* Appends a node of the given type and returns its index (next = index + 1). */
static uint32_t add_node(cstate *cs, int type) {
    if (cs->n == cs->cap) {
        cs->cap = cs->cap ? cs->cap * 2 : 16;
        cs->nodes = xrealloc(cs->nodes, cs->cap * sizeof *cs->nodes);
    }
    uint32_t i = cs->n++;
    node *nd = &cs->nodes[i];
    memset(nd, 0, sizeof *nd);
    nd->type = (uint8_t)type;
    nd->next = i + 1;
    cs->last_text = -1;
    return i;
}

static bool in_parent_body(const cstate *cs) {
    return cs->nopen > 0 && cs->open[cs->nopen - 1].type == N_PARENT;
}

static uint32_t cur_strip(const cstate *cs) {
    return cs->nopen > 0 ? cs->open[cs->nopen - 1].strip : 0;
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* Adds source text [a, b) as a TEXT node (merged with a preceding TEXT sibling). Inside a block,
 * up to `strip` blanks are removed from the start of every source line (block re-indentation).
 * Text directly inside a parent tag pair is ignored, as the spec says. */
static void add_text(cstate *cs, size_t a, size_t b) {
    if (a >= b || in_parent_body(cs)) return;
    const char *src = cs->src;
    uint32_t strip = cur_strip(cs);
    size_t before = cs->pool.len;
    if (strip == 0) {
        buf_append(&cs->pool, src + a, b - a);
    } else {
        size_t p = a;
        while (p < b) {
            if (p == 0 || src[p - 1] == '\n')
                for (uint32_t k = 0; k < strip && p < b && is_blank(src[p]); k++) p++;
            if (p >= b) break;
            const char *nl = memchr(src + p, '\n', b - p);
            size_t e = nl ? (size_t)(nl - src) + 1 : b;
            buf_append(&cs->pool, src + p, e - p);
            p = e;
        }
    }
    size_t added = cs->pool.len - before;
    if (!added) return;
    bool nl = memchr(cs->pool.data + before, '\n', added) != NULL;
    if (cs->last_text >= 0) {
        node *t = &cs->nodes[cs->last_text];
        if ((size_t)t->soff + t->slen == before) {
            t->slen += (uint32_t)added;
            t->has_nl |= nl;
            return;
        }
    }
    uint32_t i = add_node(cs, N_TEXT);
    cs->nodes[i].soff = (uint32_t)before;
    cs->nodes[i].slen = (uint32_t)added;
    cs->nodes[i].has_nl = nl;
    cs->last_text = i;
}

/* Stores a name in the pool as NUL-terminated parts ("a.b" -> "a\0b\0", "." -> ".\0").
 * Returns the pool offset; *nparts gets the part count (0 for "."). */
static uint32_t add_name(cstate *cs, const char *name, size_t nlen, uint16_t *nparts) {
    uint32_t off = (uint32_t)cs->pool.len;
    if (nlen == 1 && name[0] == '.') {
        buf_append(&cs->pool, ".", 2);
        *nparts = 0;
        return off;
    }
    uint16_t parts = 1;
    for (size_t i = 0; i < nlen; i++) {
        if (name[i] == '.') { buf_putc(&cs->pool, '\0'); parts++; }
        else buf_putc(&cs->pool, name[i]);
    }
    buf_putc(&cs->pool, '\0');
    *nparts = parts;
    return off;
}

/* Stores a whole name (no splitting) NUL-terminated in the pool; returns its offset. */
static uint32_t add_plain(cstate *cs, const char *s, size_t n) {
    uint32_t off = (uint32_t)cs->pool.len;
    buf_append(&cs->pool, s, n);
    buf_putc(&cs->pool, '\0');
    return off;
}

/* True if only blanks lie between the start of the line and pos; *ls gets the line's start. */
static bool left_clear(const cstate *cs, size_t pos, size_t *ls) {
    size_t p = pos;
    while (p > 0 && is_blank(cs->src[p - 1])) p--;
    *ls = p;
    return p == 0 || cs->src[p - 1] == '\n';
}

/* True if only blanks lie between pos and the end of the line (or text); *after gets the position
 * just past the line ending. */
static bool right_clear(const cstate *cs, size_t pos, size_t *after) {
    size_t p = pos;
    *after = pos;
    while (p < cs->len && is_blank(cs->src[p])) p++;
    if (p == cs->len) { *after = p; return true; }
    if (cs->src[p] == '\n') { *after = p + 1; return true; }
    if (cs->src[p] == '\r' && p + 1 < cs->len && cs->src[p + 1] == '\n') { *after = p + 2; return true; }
    return false;
}

/* Parses the inside of a {{=open close=}} tag and installs the new delimiters. Returns 0 or -1. */
static int set_delims(cstate *cs, size_t a, size_t b, size_t tagpos) {
    const char *s = cs->src;
    while (a < b && (is_blank(s[a]) || s[a] == '\n' || s[a] == '\r')) a++;
    while (b > a && (is_blank(s[b - 1]) || s[b - 1] == '\n' || s[b - 1] == '\r')) b--;
    size_t o1 = a;
    while (a < b && !is_blank(s[a]) && s[a] != '\n' && s[a] != '\r') a++;
    size_t o2 = a;
    while (a < b && (is_blank(s[a]) || s[a] == '\n' || s[a] == '\r')) a++;
    size_t c1 = a;
    while (a < b && !is_blank(s[a]) && s[a] != '\n' && s[a] != '\r') a++;
    size_t c2 = a;
    if (o2 == o1 || c2 == c1 || a != b || o2 - o1 > MAX_DELIM || c2 - c1 > MAX_DELIM ||
        memchr(s + o1, '=', o2 - o1) || memchr(s + c1, '=', c2 - c1))
        return cfail(cs, tagpos, "bad set-delimiter tag (want {{=open close=}})");
    memcpy(cs->otag, s + o1, o2 - o1);
    cs->olen = o2 - o1;
    memcpy(cs->ctag, s + c1, c2 - c1);
    cs->clen = c2 - c1;
    return 0;
}

static const char *kind_word(int type) {
    switch (type) {
    case N_BLOCK: return "block";
    case N_PARENT: return "parent";
    default: return "section";
    }
}

/* The compile loop: scans tags with the current delimiters, decides which are standalone, and
 * builds the node array. Returns 0, or -1 with cs->err set. */
static int compile_into(cstate *cs) {
    const char *src = cs->src;
    size_t len = cs->len, pos = 0, text_start = 0;
    for (;;) {
        const char *hit = pos < len ? memmem(src + pos, len - pos, cs->otag, cs->olen) : NULL;
        if (!hit) { add_text(cs, text_start, len); break; }
        size_t ts = (size_t)(hit - src), q = ts + cs->olen;
        if (q >= len) return cfail(cs, ts, "unclosed tag '%s'", cs->otag);
        char ty = src[q];
        size_t cstart = q + 1, cend, te;
        if (ty == '{') {
            char needle[MAX_DELIM + 2];
            needle[0] = '}';
            memcpy(needle + 1, cs->ctag, cs->clen);
            const char *e = memmem(src + cstart, len - cstart, needle, cs->clen + 1);
            if (!e) return cfail(cs, ts, "unclosed tag (no '}%s')", cs->ctag);
            cend = (size_t)(e - src);
            te = cend + 1 + cs->clen;
        } else {
            if (!strchr("!=#^/><$&", ty) || ty == '\0') cstart = q;
            const char *e = memmem(src + cstart, len - cstart, cs->ctag, cs->clen);
            if (!e) return cfail(cs, ts, "unclosed tag (no '%s')", cs->ctag);
            cend = (size_t)(e - src);
            te = cend + cs->clen;
        }

        int kind;   /* node type, or -1 comment, -2 delimiters, -3 close */
        switch (ty) {
        case '!': kind = -1; break;
        case '=': kind = -2; break;
        case '/': kind = -3; break;
        case '{': case '&': kind = N_RAW; break;
        case '#': kind = N_SECTION; break;
        case '^': kind = N_INVERTED; break;
        case '>': kind = N_PARTIAL; break;
        case '<': kind = N_PARENT; break;
        case '$': kind = N_BLOCK; break;
        default: kind = N_VAR; break;
        }

        /* the name, trimmed */
        const char *name = src + cstart;
        size_t nlen = cend - cstart;
        if (kind != -1 && kind != -2) {
            while (nlen && (is_blank(*name) || *name == '\n' || *name == '\r')) { name++; nlen--; }
            while (nlen && (is_blank(name[nlen - 1]) || name[nlen - 1] == '\n' || name[nlen - 1] == '\r')) nlen--;
            if (nlen == 0) return cfail(cs, ts, "empty tag name");
            if (nlen > MAX_NAME) return cfail(cs, ts, "tag name longer than %d bytes", MAX_NAME);
            for (size_t i = 0; i < nlen; i++)
                if ((unsigned char)name[i] <= ' ')
                    return cfail(cs, ts, "bad tag name '%.*s'", (int)nlen, name);
        }

        /* Standalone rules. A tag alone on its line (blanks only) loses the line's leading blanks
         * (strip_left) and its line ending (eat_right). Inheritance tags differ because text
         * directly inside {{<parent}}...{{/parent}} is ignored: a parent's opening tag needs only a
         * clear left side; an argument block's opening tag only a clear right side; an argument
         * block's closing tag strips its left blanks but keeps the line ending (ignored anyway); a
         * parent's closing tag needs a clear right side and either a clear left side or a
         * standalone opening tag ({{<p}}{{/p}} on one line counts as one standalone pair). */
        size_t ls, after;
        bool lclear = left_clear(cs, ts, &ls);
        bool rclear = right_clear(cs, te, &after);
        if (ls < text_start) { ls = text_start; lclear = false; }  /* defensive; cannot happen */
        bool strip_left = false, eat_right = false;
        open_tag *top = cs->nopen > 0 ? &cs->open[cs->nopen - 1] : NULL;
        bool inparent = in_parent_body(cs);
        switch (kind) {
        case N_VAR: case N_RAW:
            break;
        case N_PARENT:
            /* what follows the tag is ignored text, so only the left side matters */
            strip_left = lclear;
            eat_right = lclear && rclear;
            break;
        case N_BLOCK:
            if (inparent) strip_left = eat_right = rclear;  /* left side is ignored parent text */
            else strip_left = eat_right = lclear && rclear;
            break;
        case -3:
            if (!top) return cfail(cs, ts, "closing tag '%.*s' with no open section", (int)nlen, name);
            if (top->type == N_PARENT) {
                strip_left = eat_right = rclear && (lclear || top->standalone);
            } else if (top->type == N_BLOCK && cs->nopen > 1 && cs->open[cs->nopen - 2].type == N_PARENT) {
                strip_left = lclear;   /* an argument block: what follows is ignored text */
            } else {
                strip_left = eat_right = lclear && rclear;
            }
            break;
        default:
            strip_left = eat_right = lclear && rclear;
            break;
        }
        add_text(cs, text_start, strip_left ? ls : ts);
        text_start = pos = eat_right ? after : te;

        uint32_t strip = cur_strip(cs);
        switch (kind) {
        case -1:
            break;
        case -2:
            if (cend == cstart || src[cend - 1] != '=')
                return cfail(cs, ts, "bad set-delimiter tag (want {{=open close=}})");
            if (set_delims(cs, cstart, cend - 1, ts) < 0) return -1;
            break;
        case N_VAR: case N_RAW: {
            if (inparent) break;
            uint16_t np;
            uint32_t off = add_name(cs, name, nlen, &np);
            uint32_t i = add_node(cs, kind);
            cs->nodes[i].soff = off;
            cs->nodes[i].nparts = np;
            break;
        }
        case N_PARTIAL: {
            if (inparent) break;
            uint32_t off = add_plain(cs, name, nlen), ioff = 0, ilen = 0;
            if (strip_left && ts - ls > strip) {
                ioff = add_plain(cs, src + ls + strip, ts - ls - strip);
                ilen = (uint32_t)(ts - ls - strip);
            }
            uint32_t i = add_node(cs, N_PARTIAL);
            cs->nodes[i].soff = off;
            cs->nodes[i].ioff = ioff;
            cs->nodes[i].ilen = ilen;
            break;
        }
        case N_SECTION: case N_INVERTED: case N_BLOCK: case N_PARENT: {
            if (cs->nopen == MAX_NEST) return cfail(cs, ts, "sections nested deeper than %d", MAX_NEST);
            uint32_t off, ioff = 0, ilen = 0, inner = strip;
            uint16_t np = 0;
            if (kind == N_SECTION || kind == N_INVERTED) {
                off = add_name(cs, name, nlen, &np);
            } else {
                off = add_plain(cs, name, nlen);
            }
            if (kind == N_PARENT && strip_left && ts - ls > strip) {
                ioff = add_plain(cs, src + ls + strip, ts - ls - strip);
                ilen = (uint32_t)(ts - ls - strip);
            }
            if (kind == N_BLOCK) {
                /* The block's intrinsic indentation: that of the first content line when the
                 * opening tag is standalone, else the blanks before the tag if only blanks are. */
                const char *ind = NULL;
                size_t n = 0;
                if (eat_right) {
                    ind = src + after;
                    while (after + n < len && is_blank(src[after + n])) n++;
                } else if (lclear) {
                    ind = src + ls;
                    n = ts - ls;
                }
                if (n > MAX_INDENT) n = MAX_INDENT;
                if (n > strip) {
                    inner = (uint32_t)n;
                    if (!inparent) {
                        ioff = add_plain(cs, ind + strip, n - strip);
                        ilen = (uint32_t)(n - strip);
                    }
                }
            }
            uint32_t i = add_node(cs, kind);
            cs->nodes[i].soff = off;
            cs->nodes[i].nparts = np;
            cs->nodes[i].ioff = ioff;
            cs->nodes[i].ilen = ilen;
            open_tag *o = &cs->open[cs->nopen++];
            o->idx = i;
            o->type = (uint8_t)kind;
            o->standalone = strip_left;
            o->strip = inner;
            o->name = name;
            o->nlen = nlen;
            o->pos = ts;
            break;
        }
        case -3:
            if (top->nlen != nlen || memcmp(top->name, name, nlen) != 0)
                return cfail(cs, ts, "closing tag '%.*s' does not match %s '%.*s' opened on line %d",
                             (int)nlen, name, kind_word(top->type), (int)top->nlen, top->name,
                             line_of(src, top->pos));
            cs->nodes[top->idx].next = cs->n;
            cs->nopen--;
            cs->last_text = -1;
            break;
        }
    }
    if (cs->nopen > 0) {
        open_tag *o = &cs->open[cs->nopen - 1];
        return cfail(cs, o->pos, "unclosed %s '%.*s'", kind_word(o->type), (int)o->nlen, o->name);
    }
    return 0;
}

/* Compiles src[0..len). Returns a new template the caller frees with tpl_free; on a syntax error
 * the template has err set (and no nodes). Never returns NULL. */
static tpl *compile(const char *src, size_t len) {
    tpl *t = xmalloc(sizeof *t);
    memset(t, 0, sizeof *t);
    if (len > (size_t)1 << 30) {
        t->err = xstrdup("template larger than 1 GiB");
        return t;
    }
    cstate *cs = xmalloc(sizeof *cs);
    cs->src = src ? src : "";
    cs->len = src ? len : 0;
    cs->nodes = NULL;
    cs->n = cs->cap = 0;
    buf_init(&cs->pool);
    buf_putc(&cs->pool, '\0');     /* offset 0 is an empty string; pool is never NULL */
    memcpy(cs->otag, "{{", 3);
    memcpy(cs->ctag, "}}", 3);
    cs->olen = cs->clen = 2;
    cs->nopen = 0;
    cs->last_text = -1;
    cs->err[0] = 0;
    if (compile_into(cs) < 0) {
        t->err = xstrdup(cs->err);
        free(cs->nodes);
        buf_free(&cs->pool);
    } else {
        t->nodes = cs->nodes;
        t->n = cs->n;
        t->pool = cs->pool.data;   /* ownership moves to the template */
    }
    free(cs);
    return t;
}

/* ------------------------------------------------------------------------------------------------
 * Cache
 * ---------------------------------------------------------------------------------------------- */

static uint32_t hash_name(const char *s) {
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

mustache_cache *mustache_cache_new(mustache_load_fn load, void *ud) {
    mustache_cache *c = xmalloc(sizeof *c);
    c->load = load;
    c->ud = ud;
    c->cap = 64;
    c->count = 0;
    c->stable = NULL;
    c->tab = xmalloc(c->cap * sizeof *c->tab);
    memset(c->tab, 0, c->cap * sizeof *c->tab);
    return c;
}

void mustache_cache_set_stable(mustache_cache *c, const cJSON *obj) {
    if (c) c->stable = obj;
}

void mustache_cache_clear(mustache_cache *c) {
    if (!c) return;
    for (size_t i = 0; i < c->cap; i++) {
        if (!c->tab[i].name) continue;
        free(c->tab[i].name);
        tpl_free(c->tab[i].t);
        c->tab[i].name = NULL;
        c->tab[i].t = NULL;
    }
    c->count = 0;
}

void mustache_cache_free(mustache_cache *c) {
    if (!c) return;
    mustache_cache_clear(c);
    free(c->tab);
    free(c);
}

static void cache_grow(mustache_cache *c) {
    size_t ncap = c->cap * 2;
    centry *nt = xmalloc(ncap * sizeof *nt);
    memset(nt, 0, ncap * sizeof *nt);
    for (size_t i = 0; i < c->cap; i++) {
        if (!c->tab[i].name) continue;
        size_t j = c->tab[i].hash & (ncap - 1);
        while (nt[j].name) j = (j + 1) & (ncap - 1);
        nt[j] = c->tab[i];
    }
    free(c->tab);
    c->tab = nt;
    c->cap = ncap;
}

/* Returns the cached template called name, loading and compiling it on first use. Never NULL:
 * a template the loader lacks is cached as `missing`, one that fails to compile keeps its error.
 * The cache owns the result; it lives until mustache_cache_clear/free. */
static tpl *cache_get(mustache_cache *c, const char *name) {
    uint32_t h = hash_name(name);
    size_t j = h & (c->cap - 1);
    for (; c->tab[j].name; j = (j + 1) & (c->cap - 1))
        if (c->tab[j].hash == h && strcmp(c->tab[j].name, name) == 0) return c->tab[j].t;
    size_t slen = 0;
    const char *src = c->load ? c->load(c->ud, name, &slen) : NULL;
    tpl *t;
    if (src) {
        t = compile(src, slen);
    } else {
        t = xmalloc(sizeof *t);
        memset(t, 0, sizeof *t);
        t->missing = 1;
    }
    if ((c->count + 1) * 4 > c->cap * 3) {
        cache_grow(c);
        j = h & (c->cap - 1);
        while (c->tab[j].name) j = (j + 1) & (c->cap - 1);
    }
    c->tab[j].name = xstrdup(name);
    c->tab[j].hash = h;
    c->tab[j].t = t;
    c->count++;
    return t;
}

/* ------------------------------------------------------------------------------------------------
 * Renderer
 * ---------------------------------------------------------------------------------------------- */

/* The block arguments in force: the parent node t->nodes[idx] and, further out, its callers'.
 * Lives on the C stack of the render that pushed it. */
typedef struct ovr {
    tpl *t;
    uint32_t idx;
    const struct ovr *outer;
} ovr;

/* An object's first members, listed so that a remembered position costs no walk. */
typedef struct member_index {
    const cJSON *obj;
    uint32_t n;
    const cJSON *at[MAX_INDEXED];
} member_index;

typedef struct rstate {
    mustache_cache *c;
    buf *out;
    size_t out0;
    const cJSON *ctx[MAX_DEPTH + 2];
    int nctx;
    int depth, pdepth;
    long steps;
    unsigned long gen;        /* this render's number (lookup's memo) */
    member_index inner;       /* the innermost object context (lookup's memo) */
    member_index dotted;      /* the first part of the last dotted name ({{customer.name}}) looked in */
    bool at_bol;              /* the last text written ended a source line */
    size_t indlen;
    char *err;
    size_t errlen;
    char ind[MAX_INDENT];
} rstate;

/* Writes a one-line message to err (if given) and returns -1. */
__attribute__((format(printf, 3, 4)))
static int set_err(char *err, size_t errlen, const char *fmt, ...) {
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static void put_indent(rstate *st) {
    if (st->at_bol && st->indlen) buf_append(st->out, st->ind, st->indlen);
    st->at_bol = false;
}

/* Writes template text, prefixing every source line with the current indentation. */
static void emit_text(rstate *st, const char *s, size_t n, bool has_nl) {
    if (!n) return;
    if (st->indlen == 0) {
        buf_append(st->out, s, n);
        st->at_bol = s[n - 1] == '\n';
        return;
    }
    if (!has_nl) {
        put_indent(st);
        buf_append(st->out, s, n);
        return;
    }
    while (n) {
        put_indent(st);
        const char *nl = memchr(s, '\n', n);
        size_t k = nl ? (size_t)(nl - s) + 1 : n;
        buf_append(st->out, s, k);
        st->at_bol = nl != NULL;
        s += k;
        n -= k;
    }
}

/* Formats a number into b (at least 32 bytes): integers without decimals, others in the shortest
 * form that reads back as the same double. Returns the length. */
static size_t fmt_number(double d, char *b) {
    if (d >= -9007199254740992.0 && d <= 9007199254740992.0) {
        long long ll = (long long)d;
        if ((double)ll == d) return decimal_lld(ll, b);
    }
    int k = 0;
    for (int prec = 15; prec <= 17; prec++) {
        k = snprintf(b, 32, "%.*g", prec, d);
        if (strtod(b, NULL) == d) break;
    }
    return k > 0 ? (size_t)k : 0;
}

/* The type of a value, as cJSON_Is*() tests it (those are calls into the library; these checks run
 * for every tag of every row). */
#define JTYPE(v) ((v)->type & 0xFF)

/* Interpolates a value: strings, numbers and booleans; null, objects and arrays write nothing. */
static void emit_value(rstate *st, const cJSON *v, bool escape) {
    if (!v) return;
    char nb[32];
    const char *s;
    size_t n;
    if (JTYPE(v) == cJSON_String || JTYPE(v) == cJSON_Raw) {
        s = v->valuestring;
        if (!s) return;
        n = strlen(s);
    } else if (JTYPE(v) == cJSON_Number) {
        n = fmt_number(v->valuedouble, nb);
        s = nb;
    } else if (JTYPE(v) == cJSON_True) {
        s = "true"; n = 4;
    } else if (JTYPE(v) == cJSON_False) {
        s = "false"; n = 5;
    } else {
        return;
    }
    if (!n) return;
    put_indent(st);
    if (escape && JTYPE(v) != cJSON_Number) html_escape(st->out, s, n);   /* digits need no escaping */
    else buf_append(st->out, s, n);
}

static bool truthy(const cJSON *v) {
    if (!v || JTYPE(v) == cJSON_False || JTYPE(v) == cJSON_NULL || JTYPE(v) == cJSON_Invalid) return false;
    if (JTYPE(v) == cJSON_Array) return v->child != NULL;
    if (JTYPE(v) == cJSON_String) return v->valuestring && v->valuestring[0];
    return true;
}

/* Returns obj's member called key (case-sensitive, first match, like cJSON), or NULL; *pos gets its
 * position. Checks the first two bytes before strcmp: lookups are the renderer's hottest path, and
 * many names of a large object (the catalog's) share their first letter. */
static const cJSON *member(const cJSON *obj, const char *key, uint32_t *pos) {
    uint32_t k = 0;
    for (const cJSON *it = obj->child; it; it = it->next, k++)
        if (it->string && it->string[0] == key[0] && (!key[0] || (it->string[1] == key[1] && strcmp(it->string, key) == 0))) {
            *pos = k;
            return it;
        }
    return NULL;
}

/* Resolves a (dotted) name against the context stack. Returns a borrowed value or NULL.
 * Contexts that are not objects hold no names, so the search starts at the innermost object.
 * Memos on the node spare most of the searching:
 * - the rows of a list are objects with the same keys in the same order, and a page's view is built
 *   in the same order each time, so a name is looked for first at the position where it was found
 *   in the innermost object before (st->inner lists that object's members, so the check costs no
 *   walk): the member there is taken when its name is the same text, or, within one render, the
 *   same pointer (db.c's rows and the members handlers add with cJSON_AddItemToObjectCS share
 *   their names);
 * - within one render (its number in st->gen) no object changes and no name is freed, so a name
 *   found in an outer context (a flag or a label beside the list, say) is that context's value
 *   again once the contexts inside it are seen not to hold it, and the rest of a dotted name
 *   resolves to the same value from the same first value;
 * - the rest of a dotted name whose first part is the cache's stable object (the message catalog
 *   behind {{t.customers.title}}) resolves to the same value in every render. */
static unsigned long render_count;

/* Lists obj's first members in x (once per row of a list, for the innermost context). */
static inline void index_members(member_index *x, const cJSON *obj) {
    if (x->obj == obj) return;
    uint32_t k = 0;
    for (const cJSON *it = obj->child; it && k < MAX_INDEXED; it = it->next) x->at[k++] = it;
    x->n = k;
    x->obj = obj;
}

/* The member at m's remembered position in the indexed object, if it is called name. */
static inline const cJSON *at_memo(const member_index *x, name_memo *m, const char *name, unsigned long gen) {
    if (!m->key || m->pos >= x->n) return NULL;
    const cJSON *it = x->at[m->pos];
    if (it->string == m->key && m->gen == gen) return it;
    /* a pointer from an earlier render may since name something else (the arena is reused) */
    if (!it->string || strcmp(it->string, name) != 0) return NULL;
    m->key = it->string;
    m->gen = gen;
    return it;
}

static inline void remember(name_memo *m, const cJSON *v, uint32_t pos, unsigned long gen) {
    m->key = v->string;
    m->pos = pos;
    m->gen = gen;
}

/* obj's member called name, for the second part of n's dotted name: looked for first at the position
 * where it was found before (a page's {{customer.…}} names all look in one object), else by a walk. */
static const cJSON *second_part(rstate *st, node *n, const cJSON *obj, const char *name) {
    index_members(&st->dotted, obj);
    const cJSON *v = at_memo(&st->dotted, &n->second, name, st->gen);
    if (v) return v;
    uint32_t pos;
    v = member(obj, name, &pos);
    if (v) remember(&n->second, v, pos, st->gen);
    return v;
}

static const cJSON *lookup_slow(rstate *st, const tpl *t, node *n) {
    int top = st->nctx - 1;
    if (n->nparts == 0) return top >= 0 ? st->ctx[top] : NULL;
    while (top >= 0 && (!st->ctx[top] || JTYPE(st->ctx[top]) != cJSON_Object)) top--;
    if (n->memo_gen != st->gen) {
        n->memo_gen = st->gen;
        n->out_level = -1;
        n->dot_first = NULL;
    }
    const char *part = t->pool + n->soff;
    const cJSON *v = NULL;
    if (top >= 0) {
        index_members(&st->inner, st->ctx[top]);
        v = at_memo(&st->inner, &n->first, part, st->gen);
    }
    if (!v) {
        int stop = n->out_level >= 0 && n->out_level < top && st->ctx[n->out_level] == n->out_obj ? n->out_level : -1;
        int i = top;
        uint32_t pos = 0;
        for (; i > stop && !v; i--)
            if (st->ctx[i] && JTYPE(st->ctx[i]) == cJSON_Object) v = member(st->ctx[i], part, &pos);
        if (v && ++i == top) {
            remember(&n->first, v, pos, st->gen);
        } else if (v) {
            n->out_level = i;
            n->out_obj = st->ctx[i];
            n->out_val = v;
        } else if (stop >= 0) {
            v = n->out_val;
        }
    }
    if (n->nparts > 1 && v) {
        const cJSON *stable = st->c->stable;
        bool in_stable = stable && JTYPE(v) == cJSON_Object && v->child && v->child == stable->child;
        if (in_stable && n->stable_set) return n->stable_val;
        if (!in_stable && n->dot_first == v) return n->dot_val;
        const cJSON *first = v;
        for (uint16_t k = 1; k < n->nparts && v; k++) {
            uint32_t pos;
            part += strlen(part) + 1;
            if (JTYPE(v) != cJSON_Object) v = NULL;
            else v = k == 1 && !in_stable ? second_part(st, n, v, part) : member(v, part, &pos);
        }
        if (in_stable) {
            n->stable_set = true;
            n->stable_val = v;
        } else {
            n->dot_first = first;
            n->dot_val = v;
        }
    }
    return v;
}

/* lookup's common case, inline in the render loop: a plain name found again at its place in the
 * innermost object (see lookup_slow for the rest). */
static inline const cJSON *lookup(rstate *st, const tpl *t, node *n) {
    if (n->nparts == 1 && n->first.key) {
        int top = st->nctx - 1;
        while (top >= 0 && (!st->ctx[top] || JTYPE(st->ctx[top]) != cJSON_Object)) top--;
        if (top >= 0) {
            index_members(&st->inner, st->ctx[top]);
            const cJSON *v = at_memo(&st->inner, &n->first, t->pool + n->soff, st->gen);
            if (v) return v;
        }
    }
    return lookup_slow(st, t, n);
}

static int render_list(rstate *st, tpl *t, uint32_t b, uint32_t e, const ovr *ov);

/* Pushes n's indentation; *saved gets the length to restore. Returns 0 or -1. */
static int push_indent(rstate *st, const tpl *t, const node *n, size_t *saved) {
    *saved = st->indlen;
    if (!n->ilen) return 0;
    if (st->indlen + n->ilen > MAX_INDENT)
        return set_err(st->err, st->errlen, "indentation deeper than %d characters", MAX_INDENT);
    memcpy(st->ind + st->indlen, t->pool + n->ioff, n->ilen);
    st->indlen += n->ilen;
    return 0;
}

static int render_section(rstate *st, tpl *t, uint32_t i, const ovr *ov) {
    node *n = &t->nodes[i];
    const cJSON *v = lookup(st, t, n);
    if (!truthy(v)) return 0;
    if (st->nctx >= MAX_DEPTH + 1)
        return set_err(st->err, st->errlen, "sections nested more than %d deep", MAX_DEPTH);
    int rc = 0;
    if (JTYPE(v) == cJSON_Array) {
        for (const cJSON *it = v->child; it && rc == 0; it = it->next) {
            st->ctx[st->nctx++] = it;
            rc = render_list(st, t, i + 1, n->next, ov);
            st->nctx--;
        }
    } else {
        st->ctx[st->nctx++] = v;
        rc = render_list(st, t, i + 1, n->next, ov);
        st->nctx--;
    }
    return rc;
}

/* Renders a partial ({{>x}}) or a parent ({{<x}}...{{/x}}) at node i. A missing one renders empty.
 * A parent adds its argument blocks to the chain; a partial passes the chain on unchanged, so a
 * partial included by a layout (a header, say) can hold blocks the page overrides (the spec leaves
 * this open). Returns 0 or -1 with st->err set. */
static int render_include(rstate *st, tpl *t, uint32_t i, const ovr *ov) {
    node *n = &t->nodes[i];
    const char *name = t->pool + n->soff;
    if (!n->ref) n->ref = cache_get(st->c, name);
    tpl *p = n->ref;
    if (p->missing) return 0;
    const char *what = n->type == N_PARENT ? "parent" : "partial";
    if (p->err) return set_err(st->err, st->errlen, "%s '%s': %s", what, name, p->err);
    if (st->pdepth >= MAX_PARTIAL_DEPTH)
        return set_err(st->err, st->errlen, "%s '%s' nested more than %d deep (recursive include?)",
                       what, name, MAX_PARTIAL_DEPTH);
    size_t saved;
    if (push_indent(st, t, n, &saved) < 0) return -1;
    ovr o = {t, i, ov};
    st->pdepth++;
    int rc = render_list(st, p, 0, p->n, n->type == N_PARENT ? &o : ov);
    st->pdepth--;
    st->indlen = saved;
    return rc;
}

/* Renders the block site at node i: the outermost argument of the same name if any caller passed
 * one, else the block's own default content, re-indented to the site. */
static int render_block(rstate *st, tpl *t, uint32_t i, const ovr *ov) {
    const node *n = &t->nodes[i];
    const char *name = t->pool + n->soff;
    tpl *bt = t;
    uint32_t bi = i;
    for (const ovr *o = ov; o; o = o->outer) {
        const node *pn = &o->t->nodes[o->idx];
        for (uint32_t j = o->idx + 1; j < pn->next; j = o->t->nodes[j].next) {
            const node *a = &o->t->nodes[j];
            if (a->type == N_BLOCK && strcmp(o->t->pool + a->soff, name) == 0) {
                bt = o->t;
                bi = j;
                break;
            }
        }
    }
    size_t saved;
    if (push_indent(st, t, n, &saved) < 0) return -1;
    int rc = render_list(st, bt, bi + 1, bt->nodes[bi].next, ov);
    st->indlen = saved;
    return rc;
}

/* Renders nodes [b, e) of t (siblings). Returns 0 or -1 with st->err set. */
static int render_list(rstate *st, tpl *t, uint32_t b, uint32_t e, const ovr *ov) {
    if (st->depth >= MAX_DEPTH)
        return set_err(st->err, st->errlen, "templates nested more than %d deep (recursive partial or block?)",
                       MAX_DEPTH);
    st->depth++;
    int rc = 0;
    for (uint32_t i = b; i < e && rc == 0; i = t->nodes[i].next) {
        node *n = &t->nodes[i];
        if (--st->steps < 0) {
            rc = set_err(st->err, st->errlen, "render stopped after %ld steps (runaway template?)", MAX_STEPS);
            break;
        }
        switch (n->type) {
        case N_TEXT:   /* adds no more than the template's own text: no output check */
            emit_text(st, t->pool + n->soff, n->slen, n->has_nl);
            continue;
        case N_VAR:
        case N_RAW:
            emit_value(st, lookup(st, t, n), n->type == N_VAR);
            break;
        case N_SECTION:
            rc = render_section(st, t, i, ov);
            break;
        case N_INVERTED:
            if (!truthy(lookup(st, t, n))) rc = render_list(st, t, i + 1, n->next, ov);
            break;
        case N_PARTIAL:
        case N_PARENT:
            rc = render_include(st, t, i, ov);
            break;
        case N_BLOCK:
            rc = render_block(st, t, i, ov);
            break;
        }
        if (rc == 0 && st->out->len - st->out0 > MAX_OUTPUT)
            rc = set_err(st->err, st->errlen, "render output larger than %zu bytes", MAX_OUTPUT);
    }
    st->depth--;
    return rc;
}

/* Renders a compiled template into out; on failure out is restored to its previous length. */
static int render_top(mustache_cache *c, tpl *t, const cJSON *ctx, buf *out, char *err, size_t errlen) {
    rstate st;
    st.c = c;
    st.out = out;
    st.out0 = out->len;
    st.nctx = 0;
    if (ctx) st.ctx[st.nctx++] = ctx;
    st.depth = st.pdepth = 0;
    st.steps = MAX_STEPS;
    st.gen = ++render_count;
    st.inner.obj = st.dotted.obj = NULL;
    st.inner.n = st.dotted.n = 0;
    st.at_bol = true;
    st.indlen = 0;
    st.err = err;
    st.errlen = errlen;
    int rc = render_list(&st, t, 0, t->n, NULL);
    if (rc < 0) {
        out->len = st.out0;
        if (out->data) out->data[out->len] = 0;
    }
    return rc;
}

int mustache_render_named(mustache_cache *c, const char *name, const cJSON *ctx, buf *out,
                          char *err, size_t errlen) {
    if (err && errlen) err[0] = 0;
    if (!c || !name || !out) return set_err(err, errlen, "mustache_render_named: missing argument");
    tpl *t = cache_get(c, name);
    if (t->missing) return set_err(err, errlen, "unknown template '%s'", name);
    if (t->err) return set_err(err, errlen, "template '%s': %s", name, t->err);
    return render_top(c, t, ctx, out, err, errlen);
}

int mustache_render_text(mustache_cache *c, const char *text, size_t len, const cJSON *ctx, buf *out,
                         char *err, size_t errlen) {
    if (err && errlen) err[0] = 0;
    if (!c || !out || (!text && len)) return set_err(err, errlen, "mustache_render_text: missing argument");
    tpl *t = compile(text, len);
    int rc;
    if (t->err) rc = set_err(err, errlen, "template: %s", t->err);
    else rc = render_top(c, t, ctx, out, err, errlen);
    tpl_free(t);
    return rc;
}
