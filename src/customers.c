/* customers.c — all SQL for the customers table; see customers.h.
 *
 * The list at a million rows. Every list statement below starts from one index and pages by key
 * (never OFFSET); the other filters are row filters written "(?n IS NULL OR col = ?n)" so SQLite
 * cannot pick them as the driving index. The driving index is chosen by choose() below:
 *
 *   text filter (q)          customers_tri / customers_bi in rowid order (id sorts stream and stop
 *                            after one page; other sorts sort the matches, or for a common text of
 *                            Chinese characters walk the order's index: text_walk())
 *   manager (rep scope or    customers_by_manager (id sorts), customers_by_manager_name (名称);
 *   the manager filter)      地区/等级 orders walk those indexes with the manager as a row filter;
 *                            with 状态 (and any 地区/等级) or a 创建日期 range alone, and an id
 *                            sort: customers_by_manager_status, customers_by_manager_created
 *                            (schema/013), as a rare 状态 would otherwise walk the whole portfolio
 *   地区 filter              customers_by_region (id sorts; it holds every listed column, schema/016),
 *                            customers_by_region_name (名称)
 *   等级 / 状态 filter        customers_by_level / customers_by_status (id sorts; 状态 before 地区
 *                            and 等级, as a rare 状态 is the short walk)
 *   创建日期 range alone     customers_by_created, in creation order (= 客户编号 order)
 *   otherwise                the index of the sort: rowid, customers_by_name, _by_region, _by_level,
 *                            _by_manager; filters without their own index are row filters on it
 *   a 名称/地区/等级/客户经理  cheaper_plan() weighs that walk against reading the most selective
 *   sort with filters        filter's index and sorting its matches, from the kept counts
 *                            (schema/005): a rare 状态 sorted by 名称 took 1.8 s walking, a
 *                            portfolio sorted by 地区 0.28 s sorting; both are a few ms now
 *   a sort by a column the   客户编号 order (地区=北京 sorted by 地区 is sorted by id)
 *   filters fix
 *
 * 名称 sorts in pinyin order (按拼音): by name_key (crm_name_key(), src/name_key.c, schema/008 and 014:
 * GB2312's pinyin order, and ICU's pinyin for the characters GB2312 leaves out of it), on which the three
 * name indexes are built; the keyset keeps the last row's name as text
 * (after=NAME) and each page seeks from (crm_name_key(?9), ?10).
 *
 * Combinations without a suitable index and what they do instead (documented choice):
 *   two filters that are each common but rare together, in a 名称/地区/等级 order (等级=战略 +
 *   状态=预警 by 名称: 50 ms at 1,000,000): the cheaper of the walk and the sort is still long;
 *   创建日期 range + another filter: the range is a row filter on the other filter's index (the
 *   kept counts leave dates out);
 *   q + a sort other than 客户编号: the text matches are sorted (fast for selective text); a common
 *   text of Chinese characters alone walks the order's index instead (text_walk: 科技, a word in one
 *   name of ten, took 0.13 s sorted);
 *   q + a 创建日期 range: the text's matches, or the range's rows when they are fewer (each confirmed
 *   by the search index, a text of Chinese characters first tested with instr(): text_range).
 * Sorting by 客户经理 groups by manager (ordered by the manager's id, not by name); 等级 orders by the
 * level's dictionary value. Counts on manager / region / level / status alone are exact, read from the
 * counts the triggers of schema/005 keep; with a text or date filter they are capped (LIMIT cap in a
 * subquery) and use the filter's index. */
#include "customers.h"
#include "log.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const CUSTOMERS_SORTS[] = {"-id", "id", "name", "region", "level", "manager", NULL};
const char *const CUSTOMER_STATES[] = {"normal", "warning", "lost", NULL};

/* --- list statements -------------------------------------------------------------------------
 * ?1 manager, ?2 region, ?3 level, ?4 status, ?5 created from, ?6 created to (NULL = any),
 * ?7 trigram MATCH, ?8 bigram MATCH ('' = none), ?9 keyset sort value, ?10 keyset id, ?11 limit,
 * ?12 sort selector for the CASE orders (1 名称, 2 地区, 3 等级, 4 客户经理). */
/* the columns the list shows or filters on (customers_by_region holds them all, schema/016 and 019);
 * the customer's page reads the rest */
#define COLS                                                                                           \
    "SELECT c.id, c.no, c.name, c.region, c.level, c.manager_id, c.status,"                            \
    " c.phone, c.created_at"
#define FROM_PLAIN " FROM customers c WHERE c.retired = 0"
/* where a plan's index is one of several a statement could use, it names it: SQLite prefers an index that
 * holds every column the statement reads (customers_by_region, schema/016) to one with more of its
 * equalities, and an index chosen by such a rule could change with any index added later */
#define FROM_INDEX(NAME) " FROM customers c INDEXED BY " NAME " WHERE c.retired = 0"
#define FROM_TRI                                                                                       \
    " FROM customers_tri f CROSS JOIN customers c ON c.id = f.rowid"                                  \
    " WHERE customers_tri MATCH ?7 AND c.retired = 0"                                                  \
    " AND (?8 = '' OR c.id IN (SELECT rowid FROM customers_bi WHERE customers_bi MATCH ?8))"
#define FROM_BI                                                                                        \
    " FROM customers_bi f CROSS JOIN customers c ON c.id = f.rowid"                                   \
    " WHERE customers_bi MATCH ?8 AND c.retired = 0"
#define ROWF                                                                                           \
    " AND (?1 IS NULL OR c.manager_id = ?1) AND (?2 IS NULL OR c.region = ?2) AND (?3 IS NULL OR c.level = ?3)" \
    " AND (?4 IS NULL OR c.status = ?4) AND (?5 IS NULL OR c.created_at >= ?5) AND (?6 IS NULL OR c.created_at < ?6)"
#define EQ_MANAGER " AND c.manager_id = ?1"
#define EQ_REGION " AND c.region = ?2"
#define EQ_LEVEL " AND c.level = ?3"
#define EQ_STATUS " AND c.status = ?4"
#define EQ_CREATED " AND c.created_at >= coalesce(?5, 0) AND c.created_at < coalesce(?6, 9000000000000000000)"
#define BY_ID_DESC " AND c.id < ?10 ORDER BY c.id DESC LIMIT ?11"
#define BY_ID_ASC " AND c.id > ?10 ORDER BY c.id LIMIT ?11"
#define BY_ROWID_DESC " AND f.rowid < ?10 ORDER BY f.rowid DESC LIMIT ?11"
#define BY_ROWID_ASC " AND f.rowid > ?10 ORDER BY f.rowid LIMIT ?11"
#define BY_KEY(COL) " AND (" COL ", c.id) > (?9, ?10) ORDER BY " COL ", c.id LIMIT ?11"
#define BY_NAME " AND (c.name_key, c.id) > (crm_name_key(?9), ?10) ORDER BY c.name_key, c.id LIMIT ?11"
#define OTHER "CASE ?12 WHEN 1 THEN c.name_key WHEN 2 THEN c.region WHEN 3 THEN c.level ELSE c.manager_id END"
#define OTHER_AFTER "CASE ?12 WHEN 1 THEN crm_name_key(?9) ELSE ?9 END"
#define BY_OTHER " AND (" OTHER ", c.id) > (" OTHER_AFTER ", ?10) ORDER BY " OTHER ", c.id LIMIT ?11"
#define BY_CREATED_DESC " AND (c.created_at, c.id) < (?9, ?10) ORDER BY c.created_at DESC, c.id DESC LIMIT ?11"
#define BY_CREATED_ASC " AND (c.created_at, c.id) > (?9, ?10) ORDER BY c.created_at, c.id LIMIT ?11"

static const char SQL_NONE_ID_DESC[] = COLS FROM_PLAIN ROWF BY_ID_DESC;
static const char SQL_NONE_ID_ASC[] = COLS FROM_PLAIN ROWF BY_ID_ASC;
static const char SQL_NONE_NAME[] = COLS FROM_PLAIN ROWF BY_NAME;
static const char SQL_NONE_REGION[] = COLS FROM_PLAIN ROWF BY_KEY("c.region");
static const char SQL_NONE_LEVEL[] = COLS FROM_PLAIN ROWF BY_KEY("c.level");
static const char SQL_NONE_MANAGER[] = COLS FROM_PLAIN ROWF BY_KEY("c.manager_id");
static const char SQL_MGR_ID_DESC[] = COLS FROM_INDEX("customers_by_manager") EQ_MANAGER ROWF BY_ID_DESC;
static const char SQL_MGR_ID_ASC[] = COLS FROM_INDEX("customers_by_manager") EQ_MANAGER ROWF BY_ID_ASC;
static const char SQL_MGR_NAME[] = COLS FROM_INDEX("customers_by_manager_name") EQ_MANAGER ROWF BY_NAME;
static const char SQL_MGR_OTHER[] = COLS FROM_INDEX("customers_by_manager") EQ_MANAGER ROWF BY_OTHER;
static const char SQL_MGR_STA_ID_DESC[] = COLS FROM_INDEX("customers_by_manager_status") EQ_MANAGER EQ_STATUS ROWF BY_ID_DESC;
static const char SQL_MGR_STA_ID_ASC[] = COLS FROM_INDEX("customers_by_manager_status") EQ_MANAGER EQ_STATUS ROWF BY_ID_ASC;
static const char SQL_MGR_STA_OTHER[] = COLS FROM_INDEX("customers_by_manager_status") EQ_MANAGER EQ_STATUS ROWF BY_OTHER;
static const char SQL_MGR_CRE_DESC[] = COLS FROM_INDEX("customers_by_manager_created") EQ_MANAGER EQ_CREATED ROWF BY_CREATED_DESC;
static const char SQL_MGR_CRE_ASC[] = COLS FROM_INDEX("customers_by_manager_created") EQ_MANAGER EQ_CREATED ROWF BY_CREATED_ASC;
static const char SQL_REG_ID_DESC[] = COLS FROM_PLAIN EQ_REGION ROWF BY_ID_DESC;
static const char SQL_REG_ID_ASC[] = COLS FROM_PLAIN EQ_REGION ROWF BY_ID_ASC;
static const char SQL_REG_NAME[] = COLS FROM_INDEX("customers_by_region_name") EQ_REGION ROWF BY_NAME;
static const char SQL_REG_OTHER[] = COLS FROM_PLAIN EQ_REGION ROWF BY_OTHER;
static const char SQL_LEV_ID_DESC[] = COLS FROM_PLAIN EQ_LEVEL ROWF BY_ID_DESC;
/* (?14: the level walk's last id with a date range, level_span; NULL = none) */
static const char SQL_LEV_ID_ASC[] = COLS FROM_PLAIN EQ_LEVEL ROWF " AND c.id <= coalesce(?14, 9000000000000000000)" BY_ID_ASC;
static const char SQL_LEV_OTHER[] = COLS FROM_PLAIN EQ_LEVEL ROWF BY_OTHER;
static const char SQL_STA_ID_DESC[] = COLS FROM_PLAIN EQ_STATUS ROWF BY_ID_DESC;
static const char SQL_STA_ID_ASC[] = COLS FROM_PLAIN EQ_STATUS ROWF BY_ID_ASC;
static const char SQL_STA_OTHER[] = COLS FROM_PLAIN EQ_STATUS ROWF BY_OTHER;
static const char SQL_CRE_DESC[] = COLS FROM_PLAIN EQ_CREATED ROWF BY_CREATED_DESC;
static const char SQL_CRE_ASC[] = COLS FROM_PLAIN EQ_CREATED ROWF BY_CREATED_ASC;
/* a 创建日期 range with 状态, 地区 or 等级: the rows that match both, from one index (schema/022) */
static const char SQL_STA_CRE_DESC[] = COLS FROM_INDEX("customers_by_status_created") EQ_STATUS EQ_CREATED ROWF BY_CREATED_DESC;
static const char SQL_STA_CRE_ASC[] = COLS FROM_INDEX("customers_by_status_created") EQ_STATUS EQ_CREATED ROWF BY_CREATED_ASC;
static const char SQL_REG_CRE_DESC[] = COLS FROM_INDEX("customers_by_region_created") EQ_REGION EQ_CREATED ROWF BY_CREATED_DESC;
static const char SQL_REG_CRE_ASC[] = COLS FROM_INDEX("customers_by_region_created") EQ_REGION EQ_CREATED ROWF BY_CREATED_ASC;
static const char SQL_LEV_CRE_DESC[] = COLS FROM_INDEX("customers_by_level_created") EQ_LEVEL EQ_CREATED ROWF BY_CREATED_DESC;
static const char SQL_LEV_CRE_ASC[] = COLS FROM_INDEX("customers_by_level_created") EQ_LEVEL EQ_CREATED ROWF BY_CREATED_ASC;
/* the same ranges sorted in a 名称/地区/等级/客户经理 order (date_plan) */
static const char SQL_CRE_OTHER[] = COLS FROM_INDEX("customers_by_created") EQ_CREATED ROWF BY_OTHER;
static const char SQL_MGR_CRE_OTHER[] = COLS FROM_INDEX("customers_by_manager_created") EQ_MANAGER EQ_CREATED ROWF BY_OTHER;
static const char SQL_STA_CRE_OTHER[] = COLS FROM_INDEX("customers_by_status_created") EQ_STATUS EQ_CREATED ROWF BY_OTHER;
static const char SQL_REG_CRE_OTHER[] = COLS FROM_INDEX("customers_by_region_created") EQ_REGION EQ_CREATED ROWF BY_OTHER;
static const char SQL_LEV_CRE_OTHER[] = COLS FROM_INDEX("customers_by_level_created") EQ_LEVEL EQ_CREATED ROWF BY_OTHER;
/* and sorted by 客户编号, for the level walk's pages (date_plan) */
static const char SQL_MGR_CRE_ID[] = COLS FROM_INDEX("customers_by_manager_created") EQ_MANAGER EQ_CREATED ROWF BY_ID_ASC;
static const char SQL_STA_CRE_ID[] = COLS FROM_INDEX("customers_by_status_created") EQ_STATUS EQ_CREATED ROWF BY_ID_ASC;
static const char SQL_REG_CRE_ID[] = COLS FROM_INDEX("customers_by_region_created") EQ_REGION EQ_CREATED ROWF BY_ID_ASC;
static const char SQL_LEV_CRE_ID[] = COLS FROM_INDEX("customers_by_level_created") EQ_LEVEL EQ_CREATED ROWF BY_ID_ASC;
/* a text with a range of few rows: those rows, each confirmed by the search indexes (date_plan) */
#define TEXT_CONFIRM                                                                                   \
    " AND (?7 = '' OR EXISTS (SELECT 1 FROM customers_tri WHERE customers_tri MATCH ?7 AND rowid = c.id))" \
    " AND (?8 = '' OR EXISTS (SELECT 1 FROM customers_bi WHERE customers_bi MATCH ?8 AND rowid = c.id))"
static const char SQL_CRE_TXT_DESC[] = COLS FROM_INDEX("customers_by_created") EQ_CREATED ROWF TEXT_CONFIRM BY_CREATED_DESC;
static const char SQL_CRE_TXT_ASC[] = COLS FROM_INDEX("customers_by_created") EQ_CREATED ROWF TEXT_CONFIRM BY_CREATED_ASC;
static const char SQL_CRE_TXT_OTHER[] = COLS FROM_INDEX("customers_by_created") EQ_CREATED ROWF TEXT_CONFIRM BY_OTHER;
static const char SQL_TRI_ID_DESC[] = COLS FROM_TRI ROWF BY_ROWID_DESC;
static const char SQL_TRI_ID_ASC[] = COLS FROM_TRI ROWF BY_ROWID_ASC;
static const char SQL_TRI_OTHER[] = COLS FROM_TRI ROWF BY_OTHER;
static const char SQL_BI_ID_DESC[] = COLS FROM_BI ROWF BY_ROWID_DESC;
static const char SQL_BI_ID_ASC[] = COLS FROM_BI ROWF BY_ROWID_ASC;
static const char SQL_BI_OTHER[] = COLS FROM_BI ROWF BY_OTHER;
/* a common text walked in a sort's index (text_walk): ?13 is the text, one run of Chinese characters;
 * instr() passes the rows holding it, and the search index confirms each (the same matches as above) */
#define TEXT_CHECK                                                                                     \
    " AND instr(c.name || ' ' || c.no || ' ' || c.phone, ?13) > 0"                                    \
    " AND (?7 = '' OR EXISTS (SELECT 1 FROM customers_tri WHERE customers_tri MATCH ?7 AND rowid = c.id))" \
    " AND (?8 = '' OR EXISTS (SELECT 1 FROM customers_bi WHERE customers_bi MATCH ?8 AND rowid = c.id))"
static const char SQL_TXT_NAME[] = COLS FROM_PLAIN ROWF TEXT_CHECK BY_NAME;
static const char SQL_TXT_REGION[] = COLS FROM_PLAIN ROWF TEXT_CHECK BY_KEY("c.region");
static const char SQL_TXT_MANAGER[] = COLS FROM_PLAIN ROWF TEXT_CHECK BY_KEY("c.manager_id");
static const char SQL_MGR_TXT_NAME[] = COLS FROM_INDEX("customers_by_manager_name") EQ_MANAGER ROWF TEXT_CHECK BY_NAME;
/* a text of Chinese characters with a range of fewer rows than the text has matches: those rows, instr()
 * passing the few that hold the text and the search index confirming each of them (text_range) */
static const char SQL_CRE_CHK_DESC[] = COLS FROM_INDEX("customers_by_created") EQ_CREATED ROWF TEXT_CHECK BY_CREATED_DESC;
static const char SQL_CRE_CHK_ASC[] = COLS FROM_INDEX("customers_by_created") EQ_CREATED ROWF TEXT_CHECK BY_CREATED_ASC;
static const char SQL_CRE_CHK_OTHER[] = COLS FROM_INDEX("customers_by_created") EQ_CREATED ROWF TEXT_CHECK BY_OTHER;
static const char SQL_TEXT_HITS_TRI[] = "SELECT count(*) FROM (SELECT 1 FROM customers_tri WHERE customers_tri MATCH ?1 LIMIT ?2)";
static const char SQL_TEXT_HITS_BI[] = "SELECT count(*) FROM (SELECT 1 FROM customers_bi WHERE customers_bi MATCH ?1 LIMIT ?2)";

/* count statements, one per driving index: counted in SQL only with a 创建日期 range or a text (the kept
 * counts answer the rest), so each index but the manager's and status' holds the date range too */
#define COUNT_PLAIN "SELECT count(*) FROM (SELECT 1 FROM customers c WHERE c.retired = 0"
#define COUNT_INDEX(NAME) "SELECT count(*) FROM (SELECT 1 FROM customers c INDEXED BY " NAME " WHERE c.retired = 0"
#define COUNT_TAIL ROWF " LIMIT ?11)"
static const char SQL_COUNT_MGR_STA[] = COUNT_INDEX("customers_by_manager_status") EQ_MANAGER EQ_STATUS COUNT_TAIL;
static const char SQL_COUNT_MGR_CRE[] = COUNT_INDEX("customers_by_manager_created") EQ_MANAGER EQ_CREATED COUNT_TAIL;
static const char SQL_COUNT_STA_CRE[] = COUNT_INDEX("customers_by_status_created") EQ_STATUS EQ_CREATED COUNT_TAIL;
static const char SQL_COUNT_REG_CRE[] = COUNT_INDEX("customers_by_region_created") EQ_REGION EQ_CREATED COUNT_TAIL;
static const char SQL_COUNT_LEV_CRE[] = COUNT_INDEX("customers_by_level_created") EQ_LEVEL EQ_CREATED COUNT_TAIL;
static const char SQL_COUNT_CRE[] = COUNT_PLAIN EQ_CREATED COUNT_TAIL;
static const char SQL_COUNT_CRE_TXT[] = COUNT_INDEX("customers_by_created") EQ_CREATED ROWF TEXT_CONFIRM " LIMIT ?11)";
static const char SQL_COUNT_CRE_CHK[] = COUNT_INDEX("customers_by_created") EQ_CREATED ROWF TEXT_CHECK " LIMIT ?11)";
/* the rows of a date range alone (with the manager, 状态, 地区 or 等级 its index holds), up to ?11 (date_plan) */
#define RANGE_COUNT(NAME, EQ) COUNT_INDEX(NAME) EQ EQ_CREATED " LIMIT ?11)"
static const char SQL_RANGE_CRE[] = RANGE_COUNT("customers_by_created", "");
static const char SQL_RANGE_MGR[] = RANGE_COUNT("customers_by_manager_created", EQ_MANAGER);
static const char SQL_RANGE_STA[] = RANGE_COUNT("customers_by_status_created", EQ_STATUS);
static const char SQL_RANGE_REG[] = RANGE_COUNT("customers_by_region_created", EQ_REGION);
static const char SQL_RANGE_LEV[] = RANGE_COUNT("customers_by_level_created", EQ_LEVEL);
/* the ids a 等级's date range spans (level_span), from up to ?11 of its rows */
static const char SQL_LEV_SPAN[] =
    "SELECT count(*), min(id), max(id) FROM (SELECT c.id FROM customers c INDEXED BY customers_by_level_created"
    " WHERE c.retired = 0" EQ_LEVEL EQ_CREATED " LIMIT ?11)";
static const char SQL_COUNT_TRI[] =
    "SELECT count(*) FROM (SELECT 1 FROM customers_tri f CROSS JOIN customers c ON c.id = f.rowid"
    " WHERE customers_tri MATCH ?7 AND c.retired = 0"
    " AND (?8 = '' OR c.id IN (SELECT rowid FROM customers_bi WHERE customers_bi MATCH ?8))" COUNT_TAIL;
static const char SQL_COUNT_BI[] =
    "SELECT count(*) FROM (SELECT 1 FROM customers_bi f CROSS JOIN customers c ON c.id = f.rowid"
    " WHERE customers_bi MATCH ?8 AND c.retired = 0" COUNT_TAIL;

/* How a plan pages: by id only, by a text column, by an integer column, or by the CASE order. */
enum key_kind { K_ID, K_TEXT, K_INT, K_CASE };

typedef struct plan {
    const char *sql;
    enum key_kind key;
    const char *key_col;   /* row field holding the sort value (K_TEXT, K_INT) */
    bool desc;
} plan;

enum {
    P_NONE_ID_DESC, P_NONE_ID_ASC, P_NONE_NAME, P_NONE_REGION, P_NONE_LEVEL, P_NONE_MANAGER,
    P_MGR_ID_DESC, P_MGR_ID_ASC, P_MGR_NAME, P_MGR_OTHER, P_MGR_STA_ID_DESC, P_MGR_STA_ID_ASC, P_MGR_STA_OTHER,
    P_MGR_CRE_DESC, P_MGR_CRE_ASC,
    P_REG_ID_DESC, P_REG_ID_ASC, P_REG_NAME, P_REG_OTHER, P_LEV_ID_DESC, P_LEV_ID_ASC, P_LEV_OTHER,
    P_STA_ID_DESC, P_STA_ID_ASC, P_STA_OTHER,
    P_CRE_DESC, P_CRE_ASC, P_STA_CRE_DESC, P_STA_CRE_ASC, P_REG_CRE_DESC, P_REG_CRE_ASC, P_LEV_CRE_DESC, P_LEV_CRE_ASC,
    P_CRE_OTHER, P_MGR_CRE_OTHER, P_STA_CRE_OTHER, P_REG_CRE_OTHER, P_LEV_CRE_OTHER,
    P_MGR_CRE_ID, P_STA_CRE_ID, P_REG_CRE_ID, P_LEV_CRE_ID, P_CRE_TXT_DESC, P_CRE_TXT_ASC, P_CRE_TXT_OTHER,
    P_TRI_ID_DESC, P_TRI_ID_ASC, P_TRI_OTHER, P_BI_ID_DESC, P_BI_ID_ASC, P_BI_OTHER,
    P_TXT_NAME, P_TXT_REGION, P_TXT_MANAGER, P_MGR_TXT_NAME,   /* from here on ?13 is the text */
    P_CRE_CHK_DESC, P_CRE_CHK_ASC, P_CRE_CHK_OTHER,
};

static const plan PLANS[] = {
    [P_NONE_ID_DESC] = {SQL_NONE_ID_DESC, K_ID, NULL, true},
    [P_NONE_ID_ASC] = {SQL_NONE_ID_ASC, K_ID, NULL, false},
    [P_NONE_NAME] = {SQL_NONE_NAME, K_TEXT, "name", false},
    [P_NONE_REGION] = {SQL_NONE_REGION, K_TEXT, "region", false},
    [P_NONE_LEVEL] = {SQL_NONE_LEVEL, K_TEXT, "level", false},
    [P_NONE_MANAGER] = {SQL_NONE_MANAGER, K_INT, "manager_id", false},
    [P_MGR_ID_DESC] = {SQL_MGR_ID_DESC, K_ID, NULL, true},
    [P_MGR_ID_ASC] = {SQL_MGR_ID_ASC, K_ID, NULL, false},
    [P_MGR_NAME] = {SQL_MGR_NAME, K_TEXT, "name", false},
    [P_MGR_OTHER] = {SQL_MGR_OTHER, K_CASE, NULL, false},
    [P_MGR_STA_ID_DESC] = {SQL_MGR_STA_ID_DESC, K_ID, NULL, true},
    [P_MGR_STA_ID_ASC] = {SQL_MGR_STA_ID_ASC, K_ID, NULL, false},
    [P_MGR_STA_OTHER] = {SQL_MGR_STA_OTHER, K_CASE, NULL, false},
    [P_MGR_CRE_DESC] = {SQL_MGR_CRE_DESC, K_INT, "created_at", true},
    [P_MGR_CRE_ASC] = {SQL_MGR_CRE_ASC, K_INT, "created_at", false},
    [P_REG_ID_DESC] = {SQL_REG_ID_DESC, K_ID, NULL, true},
    [P_REG_ID_ASC] = {SQL_REG_ID_ASC, K_ID, NULL, false},
    [P_REG_NAME] = {SQL_REG_NAME, K_TEXT, "name", false},
    [P_REG_OTHER] = {SQL_REG_OTHER, K_CASE, NULL, false},
    [P_LEV_ID_DESC] = {SQL_LEV_ID_DESC, K_ID, NULL, true},
    [P_LEV_ID_ASC] = {SQL_LEV_ID_ASC, K_ID, NULL, false},
    [P_LEV_OTHER] = {SQL_LEV_OTHER, K_CASE, NULL, false},
    [P_STA_ID_DESC] = {SQL_STA_ID_DESC, K_ID, NULL, true},
    [P_STA_ID_ASC] = {SQL_STA_ID_ASC, K_ID, NULL, false},
    [P_STA_OTHER] = {SQL_STA_OTHER, K_CASE, NULL, false},
    [P_CRE_DESC] = {SQL_CRE_DESC, K_INT, "created_at", true},
    [P_CRE_ASC] = {SQL_CRE_ASC, K_INT, "created_at", false},
    [P_STA_CRE_DESC] = {SQL_STA_CRE_DESC, K_INT, "created_at", true},
    [P_STA_CRE_ASC] = {SQL_STA_CRE_ASC, K_INT, "created_at", false},
    [P_REG_CRE_DESC] = {SQL_REG_CRE_DESC, K_INT, "created_at", true},
    [P_REG_CRE_ASC] = {SQL_REG_CRE_ASC, K_INT, "created_at", false},
    [P_LEV_CRE_DESC] = {SQL_LEV_CRE_DESC, K_INT, "created_at", true},
    [P_LEV_CRE_ASC] = {SQL_LEV_CRE_ASC, K_INT, "created_at", false},
    [P_CRE_OTHER] = {SQL_CRE_OTHER, K_CASE, NULL, false},
    [P_MGR_CRE_OTHER] = {SQL_MGR_CRE_OTHER, K_CASE, NULL, false},
    [P_STA_CRE_OTHER] = {SQL_STA_CRE_OTHER, K_CASE, NULL, false},
    [P_REG_CRE_OTHER] = {SQL_REG_CRE_OTHER, K_CASE, NULL, false},
    [P_LEV_CRE_OTHER] = {SQL_LEV_CRE_OTHER, K_CASE, NULL, false},
    [P_MGR_CRE_ID] = {SQL_MGR_CRE_ID, K_ID, NULL, false},
    [P_STA_CRE_ID] = {SQL_STA_CRE_ID, K_ID, NULL, false},
    [P_REG_CRE_ID] = {SQL_REG_CRE_ID, K_ID, NULL, false},
    [P_LEV_CRE_ID] = {SQL_LEV_CRE_ID, K_ID, NULL, false},
    [P_CRE_TXT_DESC] = {SQL_CRE_TXT_DESC, K_INT, "created_at", true},
    [P_CRE_TXT_ASC] = {SQL_CRE_TXT_ASC, K_INT, "created_at", false},
    [P_CRE_TXT_OTHER] = {SQL_CRE_TXT_OTHER, K_CASE, NULL, false},
    [P_TRI_ID_DESC] = {SQL_TRI_ID_DESC, K_ID, NULL, true},
    [P_TRI_ID_ASC] = {SQL_TRI_ID_ASC, K_ID, NULL, false},
    [P_TRI_OTHER] = {SQL_TRI_OTHER, K_CASE, NULL, false},
    [P_BI_ID_DESC] = {SQL_BI_ID_DESC, K_ID, NULL, true},
    [P_BI_ID_ASC] = {SQL_BI_ID_ASC, K_ID, NULL, false},
    [P_BI_OTHER] = {SQL_BI_OTHER, K_CASE, NULL, false},
    [P_TXT_NAME] = {SQL_TXT_NAME, K_TEXT, "name", false},
    [P_TXT_REGION] = {SQL_TXT_REGION, K_TEXT, "region", false},
    [P_TXT_MANAGER] = {SQL_TXT_MANAGER, K_INT, "manager_id", false},
    [P_MGR_TXT_NAME] = {SQL_MGR_TXT_NAME, K_TEXT, "name", false},
    [P_CRE_CHK_DESC] = {SQL_CRE_CHK_DESC, K_INT, "created_at", true},
    [P_CRE_CHK_ASC] = {SQL_CRE_CHK_ASC, K_INT, "created_at", false},
    [P_CRE_CHK_OTHER] = {SQL_CRE_CHK_OTHER, K_CASE, NULL, false},
};

static bool set(const char *s) { return s && *s; }

/* The plan for f (see the table at the top of this file). */
static int choose(const customers_filter *f) {
    int s = f->sort;
    /* sorted by a column the filters fix to one value: that is 客户编号 order (the level walk of
     * list_in_level_order runs each level this way) */
    if (!set(f->tri) && !set(f->bi) &&
        ((s == CS_REGION && set(f->region)) || (s == CS_LEVEL && set(f->level)) || (s == CS_MANAGER && f->manager)))
        s = CS_ID_ASC;
    bool desc = s == CS_ID_DESC;
    bool dates = (f->created_from || f->created_to) && !f->by_id;
    if (set(f->tri)) return s == CS_ID_DESC ? P_TRI_ID_DESC : s == CS_ID_ASC ? P_TRI_ID_ASC : P_TRI_OTHER;
    if (set(f->bi)) return s == CS_ID_DESC ? P_BI_ID_DESC : s == CS_ID_ASC ? P_BI_ID_ASC : P_BI_OTHER;
    if (f->manager) {
        bool id_sort = s == CS_ID_DESC || s == CS_ID_ASC;
        if (id_sort && set(f->status)) return desc ? P_MGR_STA_ID_DESC : P_MGR_STA_ID_ASC;
        /* a date range: the manager's customers in it (a 地区 or 等级 tested on each), never more than
         * the walk of all the manager's customers it replaces */
        if (id_sort && dates) return desc ? P_MGR_CRE_DESC : P_MGR_CRE_ASC;
        if (s == CS_ID_DESC) return P_MGR_ID_DESC;
        if (s == CS_NAME) return P_MGR_NAME;
        if (s == CS_REGION) return P_NONE_REGION;   /* walked with the manager as a row filter; */
        if (s == CS_LEVEL) return P_NONE_LEVEL;     /* cheaper_plan() sorts the portfolio instead when small */
        return P_MGR_ID_ASC;
    }
    switch (s) {
    case CS_NAME: return set(f->region) ? P_REG_NAME : P_NONE_NAME;
    case CS_REGION: return P_NONE_REGION;
    case CS_LEVEL: return P_NONE_LEVEL;
    case CS_MANAGER: return P_NONE_MANAGER;
    default:
        /* 状态 first: a rare one (预警, 流失) is a short walk, where 地区 with a rare 状态 walked the whole
         * region (0.7 s for 北京 at 1,000,000 customers); a common one costs a walk of about 1 / the
         * share of the other filters. With a date range, the rows in that range of the same index
         * (schema/022, in 创建日期 order as the range alone lists them): a part of the walk without it,
         * where a range holding few of that value's customers walked all of them */
        if (set(f->status) && dates) return desc ? P_STA_CRE_DESC : P_STA_CRE_ASC;
        if (set(f->status)) return desc ? P_STA_ID_DESC : P_STA_ID_ASC;
        if (set(f->region) && dates) return desc ? P_REG_CRE_DESC : P_REG_CRE_ASC;
        if (set(f->region)) return desc ? P_REG_ID_DESC : P_REG_ID_ASC;
        if (set(f->level) && dates) return desc ? P_LEV_CRE_DESC : P_LEV_CRE_ASC;
        if (set(f->level)) return desc ? P_LEV_ID_DESC : P_LEV_ID_ASC;
        if (dates) return desc ? P_CRE_DESC : P_CRE_ASC;
        return desc ? P_NONE_ID_DESC : P_NONE_ID_ASC;
    }
}

/* The CASE selector of the K_CASE plans. */
static int case_selector(int sort) {
    return sort == CS_NAME ? 1 : sort == CS_REGION ? 2 : sort == CS_LEVEL ? 3 : 4;
}

/* Binds the filters (?1..?8) shared by list and count statements. */
static void bind_filters(sqlite3_stmt *st, const customers_filter *f) {
    if (f->manager) sqlite3_bind_int64(st, 1, f->manager);
    if (set(f->region)) sqlite3_bind_text(st, 2, f->region, -1, SQLITE_STATIC);
    if (set(f->level)) sqlite3_bind_text(st, 3, f->level, -1, SQLITE_STATIC);
    if (set(f->status)) sqlite3_bind_text(st, 4, f->status, -1, SQLITE_STATIC);
    if (f->created_from) sqlite3_bind_int64(st, 5, f->created_from);
    if (f->created_to) sqlite3_bind_int64(st, 6, f->created_to);
    sqlite3_bind_text(st, 7, set(f->tri) ? f->tri : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, set(f->bi) ? f->bi : "", -1, SQLITE_STATIC);
}

/* Parses a keyset integer; -1 when the text is not one (then the page starts at the beginning). */
static long long key_int(const char *s) {
    if (!set(s)) return -1;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    return end && *end == 0 ? v : -1;
}

/* --- 等级 in the dictionary's order -----------------------------------------------------------
 * The levels are few: a page is the rest of the keyset's level (level = L AND id > after, on the
 * level's own plan), then the following levels from their first id, until the page is full. The
 * levels are the dictionary's in its order, then any level customers still have that the dictionary
 * no longer lists (from customer_counts, so none is left out), by code. The keyset is (level, id). */
#define MAX_LEVELS 64
static const char SQL_LEVELS_PRESENT[] =
    "SELECT DISTINCT level FROM customer_counts WHERE manager_id = 0 AND n > 0 ORDER BY level";

/* Fills order with the levels to walk (strings owned by the arena behind cJSON: the caller's request
 * or the heap for a caller outside one; copied into arr). Returns the count or -1. */
static int level_walk_order(db *d, const char *const *dict, cJSON *arr, const char **order) {
    int n = 0;
    for (int i = 0; dict[i] && n < MAX_LEVELS; i++) order[n++] = dict[i];
    sqlite3_stmt *st = db_prepare(d, SQL_LEVELS_PRESENT);
    if (!st) return -1;
    while (n < MAX_LEVELS && sqlite3_step(st) == SQLITE_ROW) {
        const char *lv = db_text(st, 0);
        bool known = false;
        for (int i = 0; i < n && !known; i++) known = strcmp(order[i], lv) == 0;
        if (known) continue;
        cJSON *copy = cJSON_CreateString(lv);
        cJSON_AddItemToArray(arr, copy);
        order[n++] = copy->valuestring;
    }
    sqlite3_reset(st);
    return n;
}

static int list_in_level_order(db *d, const customers_filter *f, cJSON *rows, customers_page *page) {
    int limit = f->limit > 0 && f->limit <= 200 ? f->limit : 50;
    page->more = false;
    page->next_id = 0;
    page->next_key = "";
    cJSON *extra = cJSON_CreateArray();   /* level codes found only in the data */
    const char *order[MAX_LEVELS];
    int nlevels = level_walk_order(d, f->level_order, extra, order);
    int start = 0;
    if (nlevels > 0 && f->after && f->after_id > 0 && set(f->after_key)) {
        start = -1;
        for (int i = 0; i < nlevels && start < 0; i++)
            if (strcmp(order[i], f->after_key) == 0) start = i;
        if (start < 0) start = 0;   /* (a level that is gone: from the beginning) */
    }
    int got = 0, rc = nlevels < 0 ? -1 : 0;
    for (int i = start; rc == 0 && i < nlevels; i++) {
        customers_filter g = *f;
        g.level = order[i];
        g.level_order = NULL;
        g.sort = CS_ID_ASC;
        g.by_id = true;
        g.after = i == start && f->after && f->after_id > 0 && set(f->after_key) && strcmp(f->after_key, order[i]) == 0;
        g.after_key = "";
        g.limit = got < limit ? limit - got : 1;
        if (got == limit) {   /* the page is full: is there anything after it? */
            cJSON *probe = cJSON_CreateArray();
            customers_page pp = {0};
            int n = customers_list(d, &g, probe, &pp);
            cJSON_Delete(probe);
            if (n < 0) rc = -1;
            else if (n > 0) page->more = true;
            if (n != 0) break;
            continue;
        }
        customers_page sub = {0};
        cJSON *part = cJSON_CreateArray();   /* (customers_list trims its extra row by index: own array) */
        int n = customers_list(d, &g, part, &sub);
        cJSON *last = NULL;
        while (part->child) {
            last = cJSON_DetachItemViaPointer(part, part->child);
            cJSON_AddItemToArray(rows, last);
        }
        cJSON_Delete(part);
        if (n < 0) { rc = -1; break; }
        got += n;
        if (last) {
            page->next_id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(last, "id"));
            page->next_key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(last, "level"));
        }
        if (sub.more) { page->more = true; break; }
    }
    cJSON_Delete(extra);
    if (!page->more) { page->next_id = 0; page->next_key = ""; }
    return rc < 0 ? -1 : got;
}

/* Exact counts kept by triggers (schema/005 customer_counts) for filters on manager, region, level and
 * status only; manager 0 holds the totals over all managers. With a region the sum runs over at most
 * (levels x states) rows of the primary key, without one over (regions x levels x states). */
static const char SQL_KEPT_COUNT_REG[] =
    "SELECT coalesce(sum(n), 0) FROM customer_counts WHERE manager_id = ?1 AND region = ?2"
    " AND (?3 IS NULL OR level = ?3) AND (?4 IS NULL OR status = ?4)";
static const char SQL_KEPT_COUNT[] =
    "SELECT coalesce(sum(n), 0) FROM customer_counts WHERE manager_id = ?1"
    " AND (?3 IS NULL OR level = ?3) AND (?4 IS NULL OR status = ?4)";

/* The kept count of listed customers with these filters (manager 0: all managers; NULL or "": any). */
static long long kept_count(db *d, long long manager, const char *region, const char *level, const char *status) {
    const char *sql = set(region) ? SQL_KEPT_COUNT_REG : SQL_KEPT_COUNT;
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, manager);
    if (set(region)) sqlite3_bind_text(st, 2, region, -1, SQLITE_STATIC);
    if (set(level)) sqlite3_bind_text(st, 3, level, -1, SQLITE_STATIC);
    if (set(status)) sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

/* --- walk the sort's index, or sort the matches ---------------------------------------------
 * A 名称/地区/等级/客户经理 order whose filters have no index in that order walks the order's index
 * and tests each row. That visits about (page + 1) x (rows in the walk) / (rows that match): fine
 * while the matches are dense, 1.8 s for a rare 状态 sorted by 名称 at 1,000,000 customers. The
 * other way is to read every row of the most selective filter's index and sort them (the K_CASE
 * plans): cost about that filter's row count. The kept counts (schema/005) give both figures before
 * running anything; dates and text are left out of them (dates only thin the matches further). */
#define WALK_ROW_COST 3   /* measured at 1,000,000: a walked row 2.5 µs (the name index reads rows */
#define SORT_ROW_COST 2   /* out of id order), a sorted one 1.65 µs (the filter's index reads in id order) */

static int cheaper_plan(db *d, const customers_filter *f, int walk, int limit) {
    long long total;
    switch (walk) {
    case P_NONE_NAME: case P_NONE_REGION: case P_NONE_LEVEL: case P_NONE_MANAGER:
        total = kept_count(d, 0, NULL, NULL, NULL);
        break;
    case P_REG_NAME: total = kept_count(d, 0, f->region, NULL, NULL); break;
    case P_MGR_NAME: total = kept_count(d, f->manager, NULL, NULL, NULL); break;
    default: return walk;
    }
    long long matches = kept_count(d, f->manager, f->region, f->level, f->status);
    if (total < 0 || matches < 0 || matches >= total) return walk;   /* no row is filtered out */
    double walk_rows = (double)(limit + 1) * (double)total / (double)(matches > 0 ? matches : 1);
    if (walk_rows > (double)total) walk_rows = (double)total;
    walk_rows *= WALK_ROW_COST;
    struct { bool on; long long n; int plan; } by[] = {
        {f->manager && set(f->status), 0, P_MGR_STA_OTHER},
        {set(f->status), 0, P_STA_OTHER},
        {set(f->level), 0, P_LEV_OTHER},
        {set(f->region), 0, P_REG_OTHER},
        {f->manager != 0, 0, P_MGR_OTHER},
    };
    int best = walk;
    double best_rows = walk_rows;
    for (size_t i = 0; i < sizeof by / sizeof by[0]; i++) {
        if (!by[i].on) continue;
        switch (by[i].plan) {
        case P_MGR_STA_OTHER: by[i].n = kept_count(d, f->manager, NULL, NULL, f->status); break;
        case P_STA_OTHER: by[i].n = kept_count(d, 0, NULL, NULL, f->status); break;
        case P_LEV_OTHER: by[i].n = kept_count(d, 0, NULL, f->level, NULL); break;
        case P_REG_OTHER: by[i].n = kept_count(d, 0, f->region, NULL, NULL); break;
        default: by[i].n = kept_count(d, f->manager, NULL, NULL, NULL); break;
        }
        double rows = (double)by[i].n * SORT_ROW_COST;
        if (by[i].n >= 0 && rows < best_rows) { best = by[i].plan; best_rows = rows; }
    }
    return best;
}

/* --- a common text in a 名称/地区/客户经理 order ------------------------------------------------
 * The text's matches are sorted (P_TRI_OTHER, P_BI_OTHER): each costs a read of its customer, 0.13 s
 * for 科技 (in one name of ten at 1,000,000). When the text is common, walking the order's index and
 * testing each row finds a page sooner: about (page + 1) x customers / matches rows. So when the text
 * is one run of Chinese characters (no letters, digits or blanks: instr() on the row finds exactly
 * what the search index matches, and the index still confirms each row found) and no other filter
 * than the manager thins the rows, the search index's matches are counted up to
 * sqrt(1.5 x (page + 1) x customers), the count at which walking (~3 units a row) and sorting (~2 a
 * match) cost the same, and at that count or more the index is walked. A rep's portfolio walks
 * customers_by_manager_name in 名称 order; other orders with a manager keep the sort. */
static bool chinese_run(const char *s) {
    if (!set(s)) return false;
    int chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p += 3, chars++) {
        if (p[0] < 0xE3 || p[0] > 0xE9 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return false;
        unsigned cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        if (!((cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF))) return false;
    }
    return chars >= 2;
}

/* The match count at which walking an order's index (~3 units a row) and sorting the matches (~2 a
 * match) cost the same for a page of limit: sqrt(1.5 x (limit + 1) x customers), at least 1,000; -1
 * when the customers cannot be counted. */
static long long walk_cap(db *d, int limit) {
    long long total = kept_count(d, 0, NULL, NULL, NULL);
    if (total <= 0) return -1;
    long long cap = (long long)sqrt(1.5 * (double)(limit + 1) * (double)total);
    return cap < 1000 ? 1000 : cap;
}

/* The text's matches in the search index, counted up to cap. */
static long long text_hits(db *d, const customers_filter *f, long long cap) {
    bool tri = set(f->tri);
    sqlite3_stmt *st = db_prepare(d, tri ? SQL_TEXT_HITS_TRI : SQL_TEXT_HITS_BI);
    if (!st) return 0;
    sqlite3_bind_text(st, 1, tri ? f->tri : f->bi, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, cap);
    long long hits = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return hits;
}

static int text_walk(db *d, const customers_filter *f, int pi, int limit) {
    if ((pi != P_TRI_OTHER && pi != P_BI_OTHER) || !chinese_run(f->text)) return pi;
    if (set(f->region) || set(f->level) || set(f->status) || f->created_from || f->created_to) return pi;
    int walk = f->manager ? (f->sort == CS_NAME ? P_MGR_TXT_NAME : -1)
             : f->sort == CS_NAME ? P_TXT_NAME : f->sort == CS_REGION ? P_TXT_REGION
             : f->sort == CS_MANAGER ? P_TXT_MANAGER : -1;
    if (walk < 0) return pi;
    long long cap = walk_cap(d, limit);
    if (cap < 0) return pi;
    return text_hits(d, f, cap) >= cap ? walk : pi;   /* P_TRI_OTHER when f->tri is set, else P_BI_OTHER */
}

/* The index a date range is read from: the manager's, 状态's, 地区's or 等级's range (the first the
 * filter sets), or the range alone; with the statements that count, sort and list it (date_plan,
 * customers_count). by_id: none for the range alone (the level walk always sets a 等级). */
enum range_by { R_ALL, R_MGR, R_STA, R_REG, R_LEV };
static const struct range_plans {
    const char *rows;    /* its rows, up to ?11 */
    const char *count;   /* the matches, up to ?11 */
    int sorted, by_id;   /* plans: in a 名称/地区/等级/客户经理 order, by 客户编号 */
} RANGES[] = {
    [R_ALL] = {SQL_RANGE_CRE, SQL_COUNT_CRE, P_CRE_OTHER, -1},
    [R_MGR] = {SQL_RANGE_MGR, SQL_COUNT_MGR_CRE, P_MGR_CRE_OTHER, P_MGR_CRE_ID},
    [R_STA] = {SQL_RANGE_STA, SQL_COUNT_STA_CRE, P_STA_CRE_OTHER, P_STA_CRE_ID},
    [R_REG] = {SQL_RANGE_REG, SQL_COUNT_REG_CRE, P_REG_CRE_OTHER, P_REG_CRE_ID},
    [R_LEV] = {SQL_RANGE_LEV, SQL_COUNT_LEV_CRE, P_LEV_CRE_OTHER, P_LEV_CRE_ID},
};

static enum range_by range_by(const customers_filter *f) {
    return f->manager ? R_MGR : set(f->status) ? R_STA : set(f->region) ? R_REG : set(f->level) ? R_LEV : R_ALL;
}

/* True when a manager's 状态 has more customers than walk_cap (or they cannot be counted): then the
 * manager's date range is read rather than all the manager's customers of that 状态. */
static bool manager_status_common(db *d, const customers_filter *f, int limit) {
    long long cap = walk_cap(d, limit), n = kept_count(d, f->manager, NULL, NULL, f->status);
    return cap >= 0 && n >= 0 && n > cap;
}

/* The rows of f's date range alone, counted up to cap (cap when the count fails). */
static long long range_rows(db *d, const customers_filter *f, const char *sql, long long cap) {
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return cap;
    bind_filters(st, f);
    sqlite3_bind_int64(st, 11, cap);
    long long rows = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : cap;
    sqlite3_reset(st);
    return rows;
}

/* A text's matches are read from the search index in full (0.25 s for 科技 with an empty range at a
 * million customers); a range of fewer rows than this reads those rows and asks the search index
 * about each instead (a probe costs more than a read of a match, hence the lower bound). */
#define TEXT_RANGE_MAX 1000
/* A text of Chinese characters needs a probe only for the rows whose name, 客户编号 or phone holds it
 * (instr, TEXT_CHECK). Measured at a million customers (科技, a word in one name of ten, over one week:
 * 5,031 rows, 579 probes, ~12 ms against ~180 ms for its 100,000 matches): reading a range row and
 * testing it ~1.2 µs, a probe ~10 µs, reading a match ~1.8 µs. range_cheaper weighs the two by these;
 * ranges of up to this many rows are weighed. */
#define TEXT_CHECK_MAX 10000

/* How a text with a date range is listed and counted: from the text's matches (TR_MATCHES), or from
 * the range's rows, each confirmed by the search index (TR_CONFIRM) or first tested with instr()
 * (TR_CHECK, a text of Chinese characters). */
enum text_range { TR_MATCHES, TR_CONFIRM, TR_CHECK };

/* True when reading range rows and probing the share of them that hold the text costs less than reading
 * hits matches (of total customers). */
static bool range_cheaper(long long range, long long hits, long long total) {
    double share = total > 0 && hits < total ? (double)hits / (double)total : 1.0;
    return (double)range * (1.2 + 10.0 * share) < 1.8 * (double)hits;
}

static enum text_range text_range(db *d, const customers_filter *f) {
    if (f->text_range > 0) return (enum text_range)(f->text_range - 1);   /* noted by customers_list */
    if (!f->created_from && !f->created_to) return TR_MATCHES;
    bool chinese = chinese_run(f->text);
    if (range_rows(d, f, SQL_RANGE_CRE, TEXT_RANGE_MAX) < TEXT_RANGE_MAX) return chinese ? TR_CHECK : TR_CONFIRM;
    if (!chinese) return TR_MATCHES;
    long long hits = text_hits(d, f, TEXT_CHECK_MAX), total = kept_count(d, 0, NULL, NULL, NULL);
    if (hits <= TEXT_RANGE_MAX) return TR_MATCHES;
    long long range = range_rows(d, f, SQL_RANGE_CRE, TEXT_CHECK_MAX);
    return range < TEXT_CHECK_MAX && range_cheaper(range, hits, total) ? TR_CHECK : TR_MATCHES;
}

/* --- a date range in a 名称/地区/等级/客户经理 order, or with a manager and a common 状态 -------------
 * The kept counts leave dates out, so the plans above walk an order's index (or the manager's 状态)
 * testing each row's date: all of it when the range holds few of the rows (2.1 s for an empty range
 * in 名称 order at 1,000,000 customers). The range's rows (with the manager, 状态, 地区 or 等级 the
 * date indexes hold) are counted up to the same cap as text_walk's; below it they are read and sorted
 * (the *_CRE_OTHER plans), at it or above the range holds at least that share of the rows and the walk
 * finds a page soon. A manager's common 状态 (more customers than the cap) reads the manager's range.
 * The level walk's pages (by 客户编号 in each 等级) sort a small range by 客户编号 the same way, and a text
 * with a range of fewer than TEXT_RANGE_MAX rows reads those rows (TEXT_CONFIRM). */
static int date_plan(db *d, const customers_filter *f, int pi, int limit) {
    if (!f->created_from && !f->created_to) return pi;
    if (set(f->tri) || set(f->bi)) {
        enum text_range how = f->by_id ? TR_MATCHES : text_range(d, f);
        if (how == TR_MATCHES) return pi;
        if (how == TR_CHECK) return f->sort == CS_ID_DESC ? P_CRE_CHK_DESC : f->sort == CS_ID_ASC ? P_CRE_CHK_ASC : P_CRE_CHK_OTHER;
        return f->sort == CS_ID_DESC ? P_CRE_TXT_DESC : f->sort == CS_ID_ASC ? P_CRE_TXT_ASC : P_CRE_TXT_OTHER;
    }
    const plan *p = &PLANS[pi];
    if (p->key == K_INT && strcmp(p->key_col, "created_at") == 0) return pi;   /* already the range */
    if (!f->by_id && (pi == P_MGR_STA_ID_DESC || pi == P_MGR_STA_ID_ASC))
        return manager_status_common(d, f, limit) ? (pi == P_MGR_STA_ID_DESC ? P_MGR_CRE_DESC : P_MGR_CRE_ASC) : pi;
    /* other 客户编号 orders already read the range; the level walk's pages are ascending 客户编号 ones */
    if (f->by_id ? (p->key != K_ID || p->desc) : p->key == K_ID) return pi;
    const struct range_plans *r = &RANGES[range_by(f)];
    int sorted = f->by_id ? r->by_id : r->sorted;
    long long cap = walk_cap(d, limit);
    if (sorted < 0 || cap < 0) return pi;
    return range_rows(d, f, r->rows, cap) < cap ? sorted : pi;
}

/* The level walk's pages by 客户编号 with a date range too wide to sort (date_plan) walk the 等级's
 * customers in id order testing dates, from its first id to its last: at a million customers one
 * month's customers of 普通客户 are found after a year's older ones. The range's own smallest and largest
 * id bound that walk exactly (every customer in the range lies between them, whatever the order of
 * ids and dates). They are read from up to LEVEL_SPAN_MAX of the range's rows; for a wider range the
 * walk finds its rows soon anyway. Returns 1 with *lo and *hi, 0 when the range holds none of the
 * 等级's customers, -1 when the range is wider or on an error. */
#define LEVEL_SPAN_MAX 20000
static int level_span(db *d, const customers_filter *f, long long *lo, long long *hi) {
    sqlite3_stmt *st = db_prepare(d, SQL_LEV_SPAN);
    if (!st) return -1;
    bind_filters(st, f);
    sqlite3_bind_int(st, 11, LEVEL_SPAN_MAX + 1);
    int rc = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        long long n = sqlite3_column_int64(st, 0);
        *lo = sqlite3_column_int64(st, 1);
        *hi = sqlite3_column_int64(st, 2);
        rc = n == 0 ? 0 : n <= LEVEL_SPAN_MAX ? 1 : -1;
    }
    sqlite3_reset(st);
    return rc;
}

int customers_list(db *d, customers_filter *f, cJSON *rows, customers_page *page) {
    if (f->sort == CS_LEVEL && f->level_order && !set(f->level)) return list_in_level_order(d, f, rows, page);
    int limit = f->limit > 0 && f->limit <= 200 ? f->limit : 50;
    if ((set(f->tri) || set(f->bi)) && !f->by_id && !f->text_range) f->text_range = 1 + (int)text_range(d, f);
    int pi = date_plan(d, f, text_walk(d, f, cheaper_plan(d, f, choose(f), limit), limit), limit);
    const plan *p = &PLANS[pi];
    page->more = false;
    page->next_id = 0;
    page->next_key = "";
    long long span_lo = 0, span_hi = 0;
    int span = pi == P_LEV_ID_ASC && (f->created_from || f->created_to) ? level_span(d, f, &span_lo, &span_hi) : -1;
    if (span == 0) return 0;
    sqlite3_stmt *st = db_prepare(d, p->sql);
    if (!st) return -1;
    bind_filters(st, f);
    if (pi >= P_TXT_NAME) sqlite3_bind_text(st, 13, f->text, -1, SQLITE_STATIC);
    bool after = f->after && f->after_id > 0;
    long long id = after ? f->after_id : (p->desc ? 9000000000000000000LL : 0);
    if (span > 0) {
        if (id < span_lo - 1) id = span_lo - 1;
        sqlite3_bind_int64(st, 14, span_hi);
    }
    sqlite3_bind_int64(st, 10, id);
    sqlite3_bind_int(st, 11, limit + 1);
    switch (p->key) {
    case K_ID: break;
    case K_TEXT:
        sqlite3_bind_text(st, 9, after && f->after_key ? f->after_key : "", -1, SQLITE_STATIC);
        break;
    case K_INT:
        if (after) sqlite3_bind_int64(st, 9, key_int(f->after_key));
        else sqlite3_bind_int64(st, 9, p->desc ? 9000000000000000000LL : -1);
        break;
    case K_CASE:
        sqlite3_bind_int(st, 12, case_selector(f->sort));
        /* 名称 seeks from crm_name_key(?9) (the key of '' is below every key); otherwise an integer
         * sorts before any text: -1 starts the other CASE orders at their beginning */
        if (f->sort == CS_NAME) sqlite3_bind_text(st, 9, after && f->after_key ? f->after_key : "", -1, SQLITE_STATIC);
        else if (!after) sqlite3_bind_int64(st, 9, -1);
        else if (f->sort == CS_MANAGER) sqlite3_bind_int64(st, 9, key_int(f->after_key));
        else sqlite3_bind_text(st, 9, f->after_key ? f->after_key : "", -1, SQLITE_STATIC);
        break;
    }
    int n = db_rows_json(st, rows);
    if (n <= limit) return n;
    cJSON_DeleteItemFromArray(rows, limit);
    cJSON *last = cJSON_GetArrayItem(rows, limit - 1);
    page->more = true;
    page->next_id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(last, "id"));
    const char *col = p->key == K_CASE ? (f->sort == CS_NAME ? "name" : f->sort == CS_REGION ? "region"
                                          : f->sort == CS_LEVEL ? "level" : "manager_id")
                                       : p->key_col;
    if (col) {
        cJSON *v = cJSON_GetObjectItemCaseSensitive(last, col);
        if (cJSON_IsString(v)) page->next_key = v->valuestring;
        else if (cJSON_IsNumber(v)) {
            snprintf(page->num, sizeof page->num, "%.0f", v->valuedouble);
            page->next_key = page->num;
        }
    }
    return limit;
}

long long customers_count(db *d, const customers_filter *f, long long cap, bool *exact) {
    bool kept = !set(f->tri) && !set(f->bi) && !f->created_from && !f->created_to;
    if (kept) {
        if (exact) *exact = true;
        return kept_count(d, f->manager, f->region, f->level, f->status);
    }
    /* past the kept counts: a text (over a date range of few rows, those rows: as date_plan), else a
     * date range (a manager's 状态: its customers of that 状态 when few, else the manager's range) */
    const char *sql;
    enum text_range how = TR_MATCHES;
    if (set(f->tri) || set(f->bi)) {
        how = text_range(d, f);
        sql = how == TR_CHECK ? SQL_COUNT_CRE_CHK : how == TR_CONFIRM ? SQL_COUNT_CRE_TXT
            : set(f->tri) ? SQL_COUNT_TRI : SQL_COUNT_BI;
    } else if (f->manager && set(f->status) && !manager_status_common(d, f, 50))
        sql = SQL_COUNT_MGR_STA;
    else
        sql = RANGES[range_by(f)].count;
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return -1;
    bind_filters(st, f);
    sqlite3_bind_int64(st, 11, cap);
    if (how == TR_CHECK) sqlite3_bind_text(st, 13, f->text, -1, SQLITE_STATIC);
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    if (exact) *exact = n < cap;
    return n;
}

long long customers_driver_cap(db *d, int limit) {
    customers_filter all = {0};
    long long total = customers_count(d, &all, 0, NULL);
    double cap = sqrt((double)limit * (double)(total > 0 ? total : 0));
    if (cap < 2000) cap = 2000;
    if (cap > 50000) cap = 50000;
    return (long long)cap;
}

/* --- one customer ------------------------------------------------------------------------- */

#define GET_COLS                                                                                       \
    "SELECT c.id, c.no, c.name, c.region, c.manager_id, c.level, c.satisfaction, c.credit, c.address,"  \
    " c.postcode, c.phone, c.fax, c.website, c.license_no, c.legal_rep, c.reg_capital, c.annual_revenue," \
    " c.bank, c.bank_account, c.local_tax_no, c.national_tax_no, c.status, c.retired, c.last_order_date," \
    " c.version, c.created_at, c.updated_at, u.name AS manager_name, u.active AS manager_active"        \
    " FROM customers c JOIN users u ON u.id = c.manager_id WHERE c.id = ?1"
static const char SQL_GET[] = GET_COLS;
static const char SQL_GET_SCOPED[] = GET_COLS " AND c.manager_id = ?2";

cJSON *customers_get(db *d, long long id, long long scope) {
    sqlite3_stmt *st = db_prepare(d, scope ? SQL_GET_SCOPED : SQL_GET);
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, id);
    if (scope) sqlite3_bind_int64(st, 2, scope);
    cJSON *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) o = db_row_json(st);
    sqlite3_reset(st);
    return o;
}

static const char SQL_COUNTER[] =
    "INSERT INTO counters(name, value) VALUES (?1, 1)"
    " ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value";

int customers_next_no(db *d, long long now, char *out, size_t outlen) {
    time_t t = (time_t)now;
    struct tm tm;
    localtime_r(&t, &tm);   /* TZ is the configured zone (set at start) */
    char day[40], name[64];
    snprintf(day, sizeof day, "%04d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    snprintf(name, sizeof name, "customer:%s", day);
    sqlite3_stmt *st = db_prepare(d, SQL_COUNTER);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    long long seq = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    if (seq <= 0) return -1;
    snprintf(out, outlen, "KH%s%04lld", day, seq);
    return 0;
}

static const char SQL_INSERT[] =
    "INSERT INTO customers(no, name, region, level, manager_id, satisfaction, credit, address, postcode,"
    " phone, fax, website, license_no, legal_rep, reg_capital, annual_revenue, bank, bank_account,"
    " local_tax_no, national_tax_no, created_at, updated_at, name_key)"
    " VALUES (?1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?22,"
    " crm_name_key(?3))";

static const char SQL_UPDATE[] =
    "UPDATE customers SET name = ?3, name_key = crm_name_key(?3), region = ?4, level = ?5, manager_id = ?6,"
    " satisfaction = ?7, credit = ?8, address = ?9, postcode = ?10, phone = ?11, fax = ?12, website = ?13,"
    " license_no = ?14, legal_rep = ?15, reg_capital = ?16, annual_revenue = ?17, bank = ?18, bank_account = ?19,"
    " local_tax_no = ?20, national_tax_no = ?21, version = version + 1, updated_at = ?22"
    " WHERE id = ?1 AND version = ?2 AND retired = 0";

static const char *nz(const char *s) { return s ? s : ""; }

/* Binds the fields (?3..?21) and now (?22) shared by insert and update. */
static void bind_fields(sqlite3_stmt *st, const customer_fields *f, long long now) {
    sqlite3_bind_text(st, 3, nz(f->name), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, nz(f->region), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, nz(f->level), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, f->manager_id);
    sqlite3_bind_int(st, 7, f->satisfaction);
    sqlite3_bind_int(st, 8, f->credit);
    sqlite3_bind_text(st, 9, nz(f->address), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, nz(f->postcode), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, nz(f->phone), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 12, nz(f->fax), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 13, nz(f->website), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 14, nz(f->license_no), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 15, nz(f->legal_rep), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 16, f->reg_capital);
    sqlite3_bind_int64(st, 17, f->annual_revenue);
    sqlite3_bind_text(st, 18, nz(f->bank), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 19, nz(f->bank_account), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 20, nz(f->local_tax_no), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 21, nz(f->national_tax_no), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 22, now);
}

/* Inserts f as customer number no. Returns the id, STORE_DUPLICATE (the number is taken) or STORE_ERROR. */
static long long insert_numbered(db *d, const char *no, const customer_fields *f, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_INSERT);
    if (!st) return STORE_ERROR;
    sqlite3_bind_text(st, 1, no, -1, SQLITE_TRANSIENT);
    bind_fields(st, f, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return db_last_id(d);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) return STORE_DUPLICATE;
    log_error("customer insert failed: %s", sqlite3_errstr(rc));
    return STORE_ERROR;
}

/* each arm walks its own index (customers_by_name, _by_phone, _by_license); ?4 the scope (0 = all) */
static const char SQL_DUPLICATES[] =
    "SELECT id, no, name, min(same) AS same FROM ("
    "SELECT id, no, name, 1 AS same FROM customers WHERE name_key = crm_name_key(?1) AND name = ?1 AND retired = 0"
    " AND (?4 = 0 OR manager_id = ?4)"
    " UNION ALL SELECT id, no, name, 2 FROM customers WHERE phone = ?2 AND phone != '' AND retired = 0"
    " AND (?4 = 0 OR manager_id = ?4)"
    " UNION ALL SELECT id, no, name, 3 FROM customers WHERE license_no = ?3 AND license_no != '' AND retired = 0"
    " AND (?4 = 0 OR manager_id = ?4))"
    " GROUP BY id ORDER BY min(same), id LIMIT 10";

int customers_duplicates(db *d, const customer_fields *f, long long scope, cJSON *rows) {
    static const char *const SAME[] = {"", "name", "phone", "license_no"};
    sqlite3_stmt *st = db_prepare(d, SQL_DUPLICATES);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, f->name ? f->name : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, f->phone ? f->phone : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, f->license_no ? f->license_no : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, scope);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(st, 0));
        cJSON_AddStringToObject(o, "no", (const char *)sqlite3_column_text(st, 1));
        cJSON_AddStringToObject(o, "name", (const char *)sqlite3_column_text(st, 2));
        int same = sqlite3_column_int(st, 3);
        cJSON_AddStringToObject(o, "same", SAME[same >= 1 && same <= 3 ? same : 1]);
        cJSON_AddItemToArray(rows, o);
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("customer duplicates failed: %s", sqlite3_errstr(rc)); return -1; }
    return n;
}

long long customers_create(db *d, const customer_fields *f, long long now) {
    /* a number taken by an imported row is skipped: the counter moves on */
    for (int attempt = 0; attempt < 20; attempt++) {
        char no[32];
        if (customers_next_no(d, now, no, sizeof no) != 0) return STORE_ERROR;
        long long id = insert_numbered(d, no, f, now);
        if (id != STORE_DUPLICATE) return id;
    }
    log_error("customer insert: no free number");
    return STORE_ERROR;
}

/* --- many customers in one transaction (imports) -----------------------------------------------
 * customers_create takes each number with its own counter statement (38,000 instructions a customer at
 * a million customers, a tenth of an imported row's whole cost). A batch takes today's numbers in
 * blocks of BATCH_BLOCK with one statement, and customers_batch_end gives the unused rest back, so the
 * customers get the same consecutive numbers customers_create would have given them. Only inside one
 * write transaction (no other writer takes numbers meanwhile). */
#define BATCH_BLOCK 1024
static const char SQL_COUNTER_TAKE[] =
    "INSERT INTO counters(name, value) VALUES (?1, ?2)"
    " ON CONFLICT(name) DO UPDATE SET value = value + ?2 RETURNING value";
static const char SQL_COUNTER_GIVE[] = "UPDATE counters SET value = value - ?2 WHERE name = ?1 AND value = ?3";

int customers_batch_end(db *d, customers_batch *b) {
    int rc = 0;
    if (b->next && b->next <= b->end) {
        sqlite3_stmt *st = db_prepare(d, SQL_COUNTER_GIVE);
        if (!st) return -1;
        sqlite3_bind_text(st, 1, b->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, b->end - b->next + 1);
        sqlite3_bind_int64(st, 3, b->end);
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        sqlite3_reset(st);
    }
    b->next = b->end = 0;
    return rc;
}

long long customers_create_batch(db *d, customers_batch *b, const customer_fields *f, long long now) {
    time_t t = (time_t)now;
    struct tm tm;
    localtime_r(&t, &tm);   /* TZ is the configured zone (set at start) */
    char day[40];
    snprintf(day, sizeof day, "%04d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    if (b->next && strcmp(day, b->day) != 0 && customers_batch_end(d, b) != 0) return STORE_ERROR;
    /* a number taken by an imported row is skipped, as in customers_create */
    for (int attempt = 0; attempt < 20; attempt++) {
        if (!b->next || b->next > b->end) {
            snprintf(b->day, sizeof b->day, "%s", day);
            snprintf(b->name, sizeof b->name, "customer:%s", day);
            sqlite3_stmt *st = db_prepare(d, SQL_COUNTER_TAKE);
            if (!st) return STORE_ERROR;
            sqlite3_bind_text(st, 1, b->name, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 2, BATCH_BLOCK);
            long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
            sqlite3_reset(st);
            if (v < BATCH_BLOCK) return STORE_ERROR;
            b->end = v;
            b->next = v - BATCH_BLOCK + 1;
        }
        char no[64];
        snprintf(no, sizeof no, "KH%s%04lld", day, b->next++);
        long long id = insert_numbered(d, no, f, now);
        if (id != STORE_DUPLICATE) return id;
    }
    log_error("customer insert: no free number");
    return STORE_ERROR;
}

static const char SQL_STATE[] = "SELECT retired FROM customers WHERE id = ?1";

/* After an UPDATE ... WHERE version = ? AND retired = <retired> that changed nothing: why? STORE_LOCKED when
 * the customer is not in that state, STORE_STALE when it is (so the version moved on), or STORE_NOT_FOUND. */
static int why_unchanged(db *d, long long id, int retired) {
    sqlite3_stmt *st = db_prepare(d, SQL_STATE);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st), out = STORE_NOT_FOUND;
    if (rc == SQLITE_ROW) out = sqlite3_column_int(st, 0) != retired ? STORE_LOCKED : STORE_STALE;
    sqlite3_reset(st);
    return out;
}

int customers_update(db *d, long long id, long long version, const customer_fields *f, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_UPDATE);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, version);
    bind_fields(st, f, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("customer update failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_changes(d) == 1 ? STORE_OK : why_unchanged(d, id, 0);
}

static const char SQL_SET_RETIRED[] =
    "UPDATE customers SET retired = ?4, version = version + 1, updated_at = ?3"
    " WHERE id = ?1 AND version = ?2 AND retired = 1 - ?4";

int customers_set_retired(db *d, long long id, long long version, bool retired, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_SET_RETIRED);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, version);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int(st, 4, retired);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("customer retire/restore failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_changes(d) == 1 ? STORE_OK : why_unchanged(d, id, !retired);
}

static const char SQL_SET_MANAGER[] =
    "UPDATE customers SET manager_id = ?2, version = version + 1, updated_at = ?3 WHERE id = ?1 AND retired = 0";

int customers_set_manager(db *d, long long id, long long manager_id, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_SET_MANAGER);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, manager_id);
    sqlite3_bind_int64(st, 3, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("customer reassign failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_changes(d) == 1 ? STORE_OK : STORE_NOT_FOUND;
}

/* the three order figures in one pass over the customer's entries of orders_by_customer, which holds
 * status and total (schema/018: no row of orders is read), and the count from activities_by_customer */
static const char SQL_STATS[] =
    "SELECT count(*), coalesce(sum(total), 0), coalesce(sum(CASE WHEN status = 'paid' THEN total END), 0),"
    " (SELECT count(*) FROM activities WHERE customer_id = ?1) FROM orders WHERE customer_id = ?1";

int customers_stats(db *d, long long id, customer_stats *out) {
    *out = (customer_stats){0};
    sqlite3_stmt *st = db_prepare(d, SQL_STATS);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->orders = sqlite3_column_int64(st, 0);
        out->orders_total = sqlite3_column_int64(st, 1);
        out->orders_paid = sqlite3_column_int64(st, 2);
        out->activities = sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}
