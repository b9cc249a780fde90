/* i18n.h — message catalogs. templates/i18n/<module>.<lang>.json files hold nested objects of UI text
 * ({"nav": {"users": "用户管理"}}); the files of one language are merged (a top-level key may appear
 * in one file only). Templates reach the text as {{t.nav.users}} (filled in at load, app.c) and C code
 * as i18n_get(lang, "nav.users"). zh-CN is the default and the fallback for any missing key. */
#ifndef CRM_I18N_H
#define CRM_I18N_H
#include <cJSON.h>

/* Loads and merges every *.zh-CN.json and *.en.json in dir. Returns 0 or -1 with err (unreadable file,
 * invalid JSON, a top-level key defined twice). */
int i18n_load(const char *dir, char *err, size_t errlen);
void i18n_free(void);
/* The catalog object for lang (zh-CN when unknown). Owned by i18n; do not free. */
const cJSON *i18n_catalog(const char *lang);
/* The text for a dotted key in lang, falling back to zh-CN, then to the key itself. */
const char *i18n_get(const char *lang, const char *key);
/* Normalises a language tag: "en", "en-US" → "en"; everything else → "zh-CN". NULL if not recognised. */
const char *i18n_lang(const char *tag);
#endif
