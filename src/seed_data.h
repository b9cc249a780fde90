/* seed_data.h — the raw material of the demo data (src/seed.c): a small deterministic PRNG with
 * independent streams, name lists with pinyin, and generators for Chinese company names (region +
 * 字号 + 行业 + 有限公司), person names (common surnames; 2- and 3-character names), phones, addresses,
 * licence numbers, banks, and the product catalogue. No database access here. */
#ifndef CRM_SEED_DATA_H
#define CRM_SEED_DATA_H
#include <stddef.h>
#include <stdint.h>

/* splitmix64 state. seed_rng_at gives the independent stream `stream` for record `index`, so any
 * record's fields can be regenerated on their own (the same seed always gives the same data). */
typedef struct seed_rng { uint64_t s; } seed_rng;
seed_rng seed_rng_at(uint64_t seed, unsigned stream, uint64_t index);
uint64_t seed_next(seed_rng *r);
/* Uniform in [0, n) (n > 0). */
unsigned seed_below(seed_rng *r, unsigned n);
/* Uniform in [lo, hi] (lo <= hi). */
int seed_range(seed_rng *r, int lo, int hi);
/* True with probability pct/100. */
int seed_chance(seed_rng *r, unsigned pct);
/* Index drawn with the given weights (n > 0, some weight > 0). */
unsigned seed_weighted(seed_rng *r, const unsigned *weights, unsigned n);

/* What the generators know about a region (by its dictionary value); unknown values get a generic
 * profile. label is the dictionary's 条目 (e.g. "北京"), used as the city name. */
typedef struct seed_region {
    const char *value, *province, *area_code, *postcode, *admin_code;
    const char *districts[6];
    unsigned weight;
} seed_region;
const seed_region *seed_region_info(const char *value);

/* A person: name (2–4 characters), gender "male"/"female", and a pinyin e-mail local part. */
typedef struct seed_person { char name[32]; const char *gender; char email[48]; } seed_person;
void seed_person_gen(seed_rng *r, seed_person *p);

/* Company name for a city label (e.g. "北京" → "北京华信科技有限公司", "华信科技（北京）有限公司",
 * "北京ABC电子有限公司"); domain gets a pinyin web domain such as "huaxin.com.cn". A non-NULL
 * brand (字号, e.g. "华为") with its pinyin replaces the drawn one; the draws from r are the same. */
void seed_company_gen(seed_rng *r, const char *city, const char *brand_h, const char *brand_pinyin, char *name,
                      size_t namelen, char *domain, size_t domainlen);
/* "010-62345678" style landline for the region. */
void seed_phone_gen(seed_rng *r, const seed_region *g, char *out, size_t outlen);
/* "13812345678" style mobile. */
void seed_mobile_gen(seed_rng *r, char *out, size_t outlen);
/* "北京市海淀区中关村大街27号" style address; city is the dictionary label. */
void seed_address_gen(seed_rng *r, const seed_region *g, const char *city, char *out, size_t outlen);
/* Six-digit postcode for the region. */
void seed_postcode_gen(seed_rng *r, const seed_region *g, char *out, size_t outlen);
/* 18-character 统一社会信用代码. */
void seed_license_gen(seed_rng *r, const seed_region *g, char *out, size_t outlen);
/* "中国工商银行北京分行" style bank and a 16–19 digit account. */
void seed_bank_gen(seed_rng *r, const char *city, char *bank, size_t banklen, char *account, size_t accountlen);
/* Digits only, exactly n of them (first not 0) into out (size > n). */
void seed_digits(seed_rng *r, int n, char *out);

/* 职位 of a contact. */
const char *seed_title_gen(seed_rng *r);
/* An interaction record: place, summary and detail. */
typedef struct seed_activity { const char *place, *summary, *detail; } seed_activity;
const seed_activity *seed_activity_gen(seed_rng *r);
/* A contact note, or "" most of the time. */
const char *seed_note_gen(seed_rng *r);

/* The product catalogue (about fifty): unit is a dictionary unit value; price in 分. */
typedef struct seed_product { const char *name, *model, *grade, *unit; long long price; unsigned weight; } seed_product;
extern const seed_product SEED_PRODUCTS[];
extern const unsigned SEED_PRODUCT_COUNT;

/* Counts in the name lists, for the unit tests. */
extern const unsigned SEED_SURNAME_COUNT, SEED_GIVEN_COUNT, SEED_BRAND_CHAR_COUNT, SEED_INDUSTRY_COUNT;
#endif
