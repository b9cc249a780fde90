/* seed_data.c — PRNG, name lists and field generators for the demo data; see seed_data.h. */
#include "seed_data.h"
#include <stdio.h>
#include <string.h>

#define N_OF(a) ((unsigned)(sizeof(a) / sizeof((a)[0])))

/* ---- PRNG: splitmix64 */

uint64_t seed_next(seed_rng *r) {
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

seed_rng seed_rng_at(uint64_t seed, unsigned stream, uint64_t index) {
    seed_rng r = {seed ^ ((uint64_t)stream * 0xD1B54A32D192ED03ULL)};
    seed_next(&r);
    r.s ^= index * 0xA24BAED4963EE407ULL;
    seed_next(&r);
    return r;
}

unsigned seed_below(seed_rng *r, unsigned n) {
    return (unsigned)(((seed_next(r) >> 32) * (uint64_t)n) >> 32);
}

int seed_range(seed_rng *r, int lo, int hi) { return lo + (int)seed_below(r, (unsigned)(hi - lo + 1)); }

int seed_chance(seed_rng *r, unsigned pct) { return seed_below(r, 100) < pct; }

unsigned seed_weighted(seed_rng *r, const unsigned *weights, unsigned n) {
    unsigned total = 0;
    for (unsigned i = 0; i < n; i++) total += weights[i];
    unsigned x = seed_below(r, total ? total : 1);
    for (unsigned i = 0; i < n; i++) {
        if (x < weights[i]) return i;
        x -= weights[i];
    }
    return n - 1;
}

void seed_digits(seed_rng *r, int n, char *out) {
    for (int i = 0; i < n; i++) out[i] = (char)('0' + (i == 0 ? 1 + seed_below(r, 9) : seed_below(r, 10)));
    out[n] = 0;
}

/* ---- regions */

static const seed_region REGIONS[] = {
    {"beijing", "", "010", "100", "110108", {"海淀区", "朝阳区", "东城区", "西城区", "丰台区", "大兴区"}, 18},
    {"shanghai", "", "021", "200", "310115", {"浦东新区", "徐汇区", "静安区", "长宁区", "闵行区", "杨浦区"}, 18},
    {"guangzhou", "广东省", "020", "510", "440106", {"天河区", "越秀区", "海珠区", "白云区", "番禺区", "黄埔区"}, 10},
    {"shenzhen", "广东省", "0755", "518", "440305", {"南山区", "福田区", "罗湖区", "宝安区", "龙岗区", "龙华区"}, 12},
    {"hangzhou", "浙江省", "0571", "310", "330106", {"西湖区", "滨江区", "上城区", "拱墅区", "余杭区", "萧山区"}, 8},
    {"chengdu", "四川省", "028", "610", "510107", {"武侯区", "锦江区", "青羊区", "金牛区", "成华区", "高新区"}, 8},
    {"wuhan", "湖北省", "027", "430", "420106", {"武昌区", "江汉区", "洪山区", "江岸区", "汉阳区", "东湖高新区"}, 7},
    {"xian", "陕西省", "029", "710", "610113", {"雁塔区", "碑林区", "未央区", "莲湖区", "新城区", "高新区"}, 6},
    {"nanjing", "江苏省", "025", "210", "320106", {"鼓楼区", "玄武区", "秦淮区", "建邺区", "江宁区", "栖霞区"}, 7},
    {"chongqing", "", "023", "400", "500105", {"渝中区", "江北区", "南岸区", "九龙坡区", "沙坪坝区", "渝北区"}, 6},
};
static const seed_region GENERIC_REGION = {"", "", "0000", "000", "100000", {"高新区", "经济开发区", "城关区", "新区", "中心区", "工业园区"}, 5};

const seed_region *seed_region_info(const char *value) {
    for (unsigned i = 0; i < N_OF(REGIONS); i++)
        if (value && strcmp(REGIONS[i].value, value) == 0) return &REGIONS[i];
    return &GENERIC_REGION;
}

/* ---- people */

typedef struct hanzi { const char *h, *py; } hanzi;

/* The most common surnames, roughly in order of frequency (weights fall off down the list). */
static const hanzi SURNAMES[] = {
    {"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"杨", "yang"}, {"黄", "huang"},
    {"赵", "zhao"}, {"吴", "wu"}, {"周", "zhou"}, {"徐", "xu"}, {"孙", "sun"}, {"马", "ma"}, {"朱", "zhu"},
    {"胡", "hu"}, {"郭", "guo"}, {"何", "he"}, {"林", "lin"}, {"高", "gao"}, {"罗", "luo"}, {"郑", "zheng"},
    {"梁", "liang"}, {"谢", "xie"}, {"宋", "song"}, {"唐", "tang"}, {"许", "xu"}, {"韩", "han"}, {"冯", "feng"},
    {"邓", "deng"}, {"曹", "cao"}, {"彭", "peng"}, {"曾", "zeng"}, {"肖", "xiao"}, {"田", "tian"}, {"董", "dong"},
    {"袁", "yuan"}, {"潘", "pan"}, {"蒋", "jiang"}, {"蔡", "cai"}, {"余", "yu"}, {"杜", "du"}, {"叶", "ye"},
    {"程", "cheng"}, {"魏", "wei"}, {"苏", "su"}, {"吕", "lv"}, {"丁", "ding"}, {"任", "ren"}, {"沈", "shen"},
    {"姚", "yao"}, {"卢", "lu"}, {"姜", "jiang"}, {"崔", "cui"}, {"钟", "zhong"}, {"谭", "tan"}, {"陆", "lu"},
    {"汪", "wang"}, {"范", "fan"}, {"金", "jin"}, {"石", "shi"}, {"廖", "liao"}, {"贾", "jia"}, {"夏", "xia"},
    {"韦", "wei"}, {"付", "fu"}, {"方", "fang"}, {"白", "bai"}, {"邹", "zou"}, {"孟", "meng"}, {"熊", "xiong"},
    {"秦", "qin"}, {"邱", "qiu"}, {"江", "jiang"}, {"尹", "yin"}, {"薛", "xue"}, {"闫", "yan"}, {"段", "duan"},
    {"雷", "lei"}, {"侯", "hou"}, {"龙", "long"}, {"史", "shi"}, {"陶", "tao"}, {"黎", "li"}, {"贺", "he"},
    {"顾", "gu"}, {"毛", "mao"}, {"郝", "hao"}, {"龚", "gong"}, {"邵", "shao"}, {"万", "wan"}, {"钱", "qian"},
    {"严", "yan"}, {"武", "wu"}, {"戴", "dai"}, {"莫", "mo"}, {"孔", "kong"}, {"向", "xiang"}, {"汤", "tang"},
};
static const hanzi COMPOUND_SURNAMES[] = {{"欧阳", "ouyang"}, {"司马", "sima"}, {"上官", "shangguan"}, {"诸葛", "zhuge"}};

/* Given-name characters, male and female leaning. */
static const hanzi GIVEN_M[] = {
    {"伟", "wei"}, {"强", "qiang"}, {"磊", "lei"}, {"军", "jun"}, {"洋", "yang"}, {"勇", "yong"}, {"杰", "jie"},
    {"涛", "tao"}, {"明", "ming"}, {"超", "chao"}, {"刚", "gang"}, {"平", "ping"}, {"辉", "hui"}, {"鹏", "peng"},
    {"华", "hua"}, {"飞", "fei"}, {"鑫", "xin"}, {"波", "bo"}, {"斌", "bin"}, {"宇", "yu"}, {"浩", "hao"},
    {"凯", "kai"}, {"健", "jian"}, {"俊", "jun"}, {"帆", "fan"}, {"帅", "shuai"}, {"旭", "xu"}, {"宁", "ning"},
    {"龙", "long"}, {"林", "lin"}, {"建", "jian"}, {"国", "guo"}, {"志", "zhi"}, {"文", "wen"}, {"海", "hai"},
    {"东", "dong"}, {"峰", "feng"}, {"亮", "liang"}, {"成", "cheng"}, {"博", "bo"}, {"晨", "chen"}, {"阳", "yang"},
};
static const hanzi GIVEN_F[] = {
    {"芳", "fang"}, {"娜", "na"}, {"敏", "min"}, {"静", "jing"}, {"丽", "li"}, {"艳", "yan"}, {"娟", "juan"},
    {"霞", "xia"}, {"燕", "yan"}, {"玲", "ling"}, {"婷", "ting"}, {"雪", "xue"}, {"慧", "hui"}, {"颖", "ying"},
    {"琳", "lin"}, {"倩", "qian"}, {"洁", "jie"}, {"红", "hong"}, {"萍", "ping"}, {"佳", "jia"}, {"欣", "xin"},
    {"怡", "yi"}, {"梅", "mei"}, {"莉", "li"}, {"晶", "jing"}, {"蕾", "lei"}, {"薇", "wei"}, {"璐", "lu"},
    {"秀", "xiu"}, {"英", "ying"}, {"兰", "lan"}, {"琴", "qin"}, {"云", "yun"}, {"悦", "yue"}, {"月", "yue"},
    {"瑶", "yao"}, {"雯", "wen"}, {"晓", "xiao"}, {"思", "si"}, {"雨", "yu"}, {"梦", "meng"}, {"诗", "shi"},
};
const unsigned SEED_SURNAME_COUNT = N_OF(SURNAMES);
const unsigned SEED_GIVEN_COUNT = N_OF(GIVEN_M) + N_OF(GIVEN_F);

void seed_person_gen(seed_rng *r, seed_person *p) {
    const hanzi *sur;
    if (seed_below(r, 200) == 0) sur = &COMPOUND_SURNAMES[seed_below(r, N_OF(COMPOUND_SURNAMES))];
    else {
        /* frequency falls off: half the draws from the first 20 surnames */
        unsigned n = N_OF(SURNAMES);
        sur = &SURNAMES[seed_chance(r, 50) ? seed_below(r, 20) : seed_below(r, n)];
    }
    int female = seed_chance(r, 45);
    const hanzi *pool = female ? GIVEN_F : GIVEN_M;
    unsigned pn = female ? N_OF(GIVEN_F) : N_OF(GIVEN_M);
    const hanzi *g1 = &pool[seed_below(r, pn)], *g2 = NULL;
    if (seed_chance(r, 62)) {  /* three-character names are the majority; 张伟-style ones common */
        g2 = &pool[seed_below(r, pn)];
        if (g2 == g1 && seed_chance(r, 70)) g2 = &pool[(unsigned)(g1 - pool + 1) % pn];
    }
    p->gender = female ? "female" : "male";
    snprintf(p->name, sizeof p->name, "%s%s%s", sur->h, g1->h, g2 ? g2->h : "");
    char given[24];
    snprintf(given, sizeof given, "%s%s", g1->py, g2 ? g2->py : "");
    switch (seed_below(r, 5)) {
    case 0: snprintf(p->email, sizeof p->email, "%s.%s", given, sur->py); break;
    case 1: snprintf(p->email, sizeof p->email, "%s%s%u", sur->py, given, 1 + seed_below(r, 99)); break;
    default: snprintf(p->email, sizeof p->email, "%s%s", sur->py, given); break;
    }
}

/* ---- companies */

/* Characters of 字号 (trade names), with pinyin for the web domain. */
static const hanzi BRAND_CHARS[] = {
    {"华", "hua"}, {"信", "xin"}, {"达", "da"}, {"通", "tong"}, {"恒", "heng"}, {"瑞", "rui"}, {"泰", "tai"},
    {"鑫", "xin"}, {"盛", "sheng"}, {"源", "yuan"}, {"宏", "hong"}, {"远", "yuan"}, {"康", "kang"}, {"德", "de"},
    {"天", "tian"}, {"海", "hai"}, {"中", "zhong"}, {"新", "xin"}, {"安", "an"}, {"博", "bo"}, {"创", "chuang"},
    {"智", "zhi"}, {"金", "jin"}, {"润", "run"}, {"丰", "feng"}, {"汇", "hui"}, {"联", "lian"}, {"正", "zheng"},
    {"鼎", "ding"}, {"锦", "jin"}, {"佳", "jia"}, {"东", "dong"}, {"方", "fang"}, {"明", "ming"}, {"星", "xing"},
    {"光", "guang"}, {"辉", "hui"}, {"永", "yong"}, {"兴", "xing"}, {"隆", "long"}, {"昌", "chang"}, {"和", "he"},
    {"嘉", "jia"}, {"益", "yi"}, {"美", "mei"}, {"优", "you"}, {"立", "li"}, {"科", "ke"}, {"云", "yun"},
    {"易", "yi"}, {"捷", "jie"}, {"顺", "shun"}, {"腾", "teng"}, {"飞", "fei"}, {"龙", "long"}, {"凯", "kai"},
    {"万", "wan"}, {"宇", "yu"}, {"晟", "sheng"}, {"诚", "cheng"}, {"广", "guang"}, {"富", "fu"}, {"祥", "xiang"},
    {"元", "yuan"}, {"峰", "feng"}, {"宝", "bao"}, {"力", "li"},
    {"迅", "xun"}, {"拓", "tuo"}, {"维", "wei"}, {"讯", "xun"}, {"邦", "bang"}, {"众", "zhong"}, {"合", "he"},
    {"振", "zhen"}, {"睿", "rui"}, {"弘", "hong"}, {"致", "zhi"}, {"融", "rong"},
};
const unsigned SEED_BRAND_CHAR_COUNT = N_OF(BRAND_CHARS);

/* Latin trade names for mixed names such as "ABC科技". */
static const char *const LATIN_BRANDS[] = {
    "ABC", "BMC", "KTV", "UniStar", "iData", "NetPro", "Apex", "ZT", "Smart", "Neo", "JK", "V8", "CSP", "Sino", "E家",
};

static const char *const INDUSTRIES[] = {
    "科技", "信息技术", "网络科技", "电子", "软件", "贸易", "商贸", "机械", "机电设备", "物流", "医药", "医疗器械",
    "建材", "建筑工程", "食品", "化工", "环保科技", "新能源", "电气", "自动化", "文化传媒", "广告", "服饰",
    "家具", "汽车配件", "通信设备", "精密制造", "生物科技", "供应链管理", "实业",
};
static const char *const INDUSTRIES_PY[] = {
    "tech", "it", "net", "elec", "soft", "trade", "trading", "mach", "me", "logistics", "pharm", "medical",
    "build", "cons", "food", "chem", "eco", "energy", "electric", "auto", "media", "ad", "fashion",
    "furniture", "parts", "comm", "precision", "bio", "scm", "group",
};
const unsigned SEED_INDUSTRY_COUNT = N_OF(INDUSTRIES);

static void lower_ascii(char *s) { for (; *s; s++) if (*s >= 'A' && *s <= 'Z') *s = (char)(*s + 32); }

void seed_company_gen(seed_rng *r, const char *city, const char *brand_h, const char *brand_pinyin, char *name,
                      size_t namelen, char *domain, size_t domainlen) {
    unsigned nb = N_OF(BRAND_CHARS);
    const hanzi *a = &BRAND_CHARS[seed_below(r, nb)], *b = &BRAND_CHARS[seed_below(r, nb)];
    if (strcmp(a->h, b->h) == 0) b = &BRAND_CHARS[(unsigned)(b - BRAND_CHARS + 7) % nb];
    unsigned ind = seed_below(r, N_OF(INDUSTRIES));
    const char *industry = INDUSTRIES[ind];
    const char *suffix = seed_chance(r, 18) ? "股份有限公司" : "有限公司";
    char brand[64], brand_py[64];
    int latin = seed_chance(r, 7);
    if (latin) {
        const char *l = LATIN_BRANDS[seed_below(r, N_OF(LATIN_BRANDS))];
        snprintf(brand, sizeof brand, "%s", l);
        if (strcmp(l, "E家") == 0) snprintf(brand_py, sizeof brand_py, "ejia");
        else snprintf(brand_py, sizeof brand_py, "%s", l);
        lower_ascii(brand_py);
    } else {
        snprintf(brand, sizeof brand, "%s%s", a->h, b->h);
        snprintf(brand_py, sizeof brand_py, "%s%s", a->py, b->py);
    }
    if (brand_h) {
        latin = 0;
        snprintf(brand, sizeof brand, "%s", brand_h);
        snprintf(brand_py, sizeof brand_py, "%s", brand_pinyin);
    }
    unsigned form = seed_below(r, 100);
    if (form < 45 || latin) snprintf(name, namelen, "%s%s%s%s", city, brand, industry, suffix);
    else if (form < 72) snprintf(name, namelen, "%s%s（%s）%s", brand, industry, city, suffix);
    else if (form < 88) snprintf(name, namelen, "%s市%s%s%s", city, brand, industry, suffix);
    else snprintf(name, namelen, "%s%s集团%s", city, brand, suffix);
    const char *tld = seed_chance(r, 60) ? "com.cn" : seed_chance(r, 50) ? "cn" : "com";
    if (seed_chance(r, 40)) snprintf(domain, domainlen, "%s%s.%s", brand_py, INDUSTRIES_PY[ind], tld);
    else snprintf(domain, domainlen, "%s.%s", brand_py, tld);
}

/* ---- numbers and places */

void seed_phone_gen(seed_rng *r, const seed_region *g, char *out, size_t outlen) {
    char d[16];
    seed_digits(r, 7, d);
    snprintf(out, outlen, "%s-%c%s", g->area_code, (char)('5' + seed_below(r, 4)), d);
}

void seed_mobile_gen(seed_rng *r, char *out, size_t outlen) {
    static const char *const prefixes[] = {"130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
                                           "151", "152", "153", "155", "156", "157", "158", "159", "166", "176",
                                           "177", "178", "180", "181", "182", "183", "185", "186", "187", "188",
                                           "189", "198", "199"};
    char d[16];
    for (int i = 0; i < 8; i++) d[i] = (char)('0' + seed_below(r, 10));
    d[8] = 0;
    snprintf(out, outlen, "%s%s", prefixes[seed_below(r, N_OF(prefixes))], d);
}

static const char *const ROADS[] = {
    "中关村大街", "建国路", "人民路", "解放路", "中山路", "科技园路", "创业路", "长江路", "黄河路", "和平路",
    "学院路", "工业大道", "新华路", "滨江大道", "花园路", "世纪大道", "光华路", "南京路", "文化路", "金融街",
    "软件园路", "高新大道", "东风路", "青年路", "迎宾大道", "府前街", "复兴路", "延安路", "北京路", "天府大道",
};
static const char *const BUILDINGS[] = {"大厦", "国际中心", "科技园", "商务中心", "广场", "创业园"};

void seed_address_gen(seed_rng *r, const seed_region *g, const char *city, char *out, size_t outlen) {
    const char *district = g->districts[seed_below(r, 6)];
    const char *road = ROADS[seed_below(r, N_OF(ROADS))];
    int no = 1 + (int)seed_below(r, seed_chance(r, 70) ? 200 : 2000);
    char tail[96] = "";
    if (seed_chance(r, 55)) {
        const hanzi *a = &BRAND_CHARS[seed_below(r, N_OF(BRAND_CHARS))];
        const hanzi *b = &BRAND_CHARS[seed_below(r, N_OF(BRAND_CHARS))];
        if (a == b) b = &BRAND_CHARS[(unsigned)(b - BRAND_CHARS + 11) % N_OF(BRAND_CHARS)];
        snprintf(tail, sizeof tail, "%s%s%s%c座%d层", a->h, b->h, BUILDINGS[seed_below(r, N_OF(BUILDINGS))],
                 (char)('A' + seed_below(r, 4)), 1 + (int)seed_below(r, 28));
    }
    size_t cl = strlen(city);
    const char *shi = (cl >= 3 && strcmp(city + cl - 3, "市") == 0) ? "" : "市";
    snprintf(out, outlen, "%s%s%s%s%s%d号%s", g->province, city, shi, district, road, no, tail);
}

void seed_postcode_gen(seed_rng *r, const seed_region *g, char *out, size_t outlen) {
    snprintf(out, outlen, "%s%03u", g->postcode, seed_below(r, 1000));
}

void seed_license_gen(seed_rng *r, const seed_region *g, char *out, size_t outlen) {
    static const char alnum[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    char code[12];
    for (int i = 0; i < 10; i++) code[i] = alnum[seed_below(r, sizeof alnum - 1)];
    code[10] = 0;
    snprintf(out, outlen, "91%s%s", g->admin_code, code);
}

void seed_bank_gen(seed_rng *r, const char *city, char *bank, size_t banklen, char *account, size_t accountlen) {
    static const char *const banks[] = {"中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "交通银行",
                                        "招商银行", "中信银行", "浦发银行", "兴业银行", "民生银行", "平安银行"};
    static const char *const branches[] = {"分行营业部", "分行", "高新支行", "开发区支行", "城东支行", "城西支行"};
    snprintf(bank, banklen, "%s%s%s", banks[seed_below(r, N_OF(banks))], city, branches[seed_below(r, N_OF(branches))]);
    char d[24];
    seed_digits(r, 16 + (int)seed_below(r, 4), d);
    snprintf(account, accountlen, "%s", d);
}

const char *seed_title_gen(seed_rng *r) {
    static const char *const titles[] = {"总经理", "副总经理", "采购经理", "采购主管", "财务经理", "财务总监",
                                         "技术总监", "IT经理", "行政主管", "项目经理", "办公室主任", "董事长助理",
                                         "仓储主管", "销售总监", "运营经理", "采购专员"};
    return titles[seed_below(r, N_OF(titles))];
}

const char *seed_note_gen(seed_rng *r) {
    static const char *const notes[] = {"负责采购审批", "周末勿扰", "喜欢邮件沟通", "决策人", "技术对接人",
                                        "对价格敏感", "老客户介绍", "年底有预算"};
    return seed_chance(r, 20) ? notes[seed_below(r, N_OF(notes))] : "";
}

static const seed_activity ACTIVITIES[] = {
    {"电话", "电话回访", "了解近期采购计划，客户表示下季度可能扩容，约定月底再联系。"},
    {"客户公司会议室", "上门拜访", "与采购负责人洽谈年度框架合同，初步确认价格区间和交付周期。"},
    {"我司展厅", "产品演示", "演示新款设备和配套软件，客户技术部门对性能比较满意，要求提供测试样机。"},
    {"餐厅", "商务宴请", "与客户高层交流合作方向，对方有意扩大合作范围。"},
    {"客户现场", "售后跟进", "检查设备运行情况，更换一处易损件，客户对响应速度表示认可。"},
    {"客户公司", "合同签订", "签订年度采购合同，约定分两批交货，款到发货。"},
    {"电话", "投诉处理", "客户反映上批货物包装破损，已安排补发并致歉，客户接受处理方案。"},
    {"微信", "节日问候", "发送节日问候并告知新品上市信息。"},
    {"视频会议", "技术交流", "与客户工程师讨论系统集成方案，记录接口需求，三天内给出方案。"},
    {"电话", "催收回款", "提醒客户上月订单尚未回款，对方承诺本周内安排付款。"},
    {"展会现场", "展会接洽", "在行业展会上接待客户，介绍公司新产品，交换名片。"},
    {"客户公司", "需求调研", "调研客户仓储和采购流程，整理需求清单，下周提交报价。"},
};

const seed_activity *seed_activity_gen(seed_rng *r) { return &ACTIVITIES[seed_below(r, N_OF(ACTIVITIES))]; }

/* ---- products: name, model, grade, unit (dict value), price in 分, popularity */
const seed_product SEED_PRODUCTS[] = {
    {"机架式服务器", "HX-R2200", "标准版", "tai", 3580000, 4},
    {"塔式服务器", "HX-T1100", "标准版", "tai", 1680000, 3},
    {"笔记本电脑", "NB-14Pro", "A级", "tai", 649900, 9},
    {"台式电脑", "PC-D500", "A级", "tai", 459900, 9},
    {"激光打印机", "LP-M402", "A级", "tai", 189900, 7},
    {"彩色喷墨打印机", "IJ-C300", "B级", "tai", 129900, 4},
    {"千兆交换机", "SW-2448G", "企业级", "tai", 356000, 6},
    {"核心路由器", "RT-8800", "企业级", "tai", 2890000, 2},
    {"下一代防火墙", "FW-6000", "企业级", "tai", 4580000, 2},
    {"UPS不间断电源", "UPS-3K", "标准版", "tai", 520000, 4},
    {"商务投影仪", "PJ-X450", "A级", "tai", 399900, 4},
    {"27英寸显示器", "MN-27Q", "A级", "tai", 169900, 8},
    {"高速扫描仪", "SC-6020", "A级", "tai", 289900, 3},
    {"数码复合机", "MF-3055", "A级", "tai", 2380000, 3},
    {"网络存储", "NAS-8B", "企业级", "tai", 1299000, 3},
    {"无线接入点", "AP-650", "企业级", "ge", 129900, 6},
    {"视频会议终端", "VC-900", "标准版", "tao", 1880000, 2},
    {"工业平板电脑", "IPC-15T", "工业级", "tai", 780000, 3},
    {"PLC控制器", "PLC-S7A", "工业级", "tai", 560000, 4},
    {"变频器", "VFD-22K", "工业级", "tai", 430000, 4},
    {"伺服电机", "SV-750W", "工业级", "tai", 268000, 4},
    {"光电传感器", "PS-M18", "2024批", "ge", 18900, 6},
    {"条码扫描枪", "BS-1900", "标准版", "ge", 69900, 5},
    {"收银一体机", "POS-T2", "标准版", "tai", 329900, 3},
    {"办公桌", "DK-1600", "标准版", "jian", 128000, 5},
    {"人体工学椅", "CH-ERG", "标准版", "jian", 168000, 5},
    {"钢制文件柜", "FC-4D", "标准版", "jian", 89000, 4},
    {"空气净化器", "AP-X80", "A级", "tai", 359900, 3},
    {"网络摄像机", "CAM-4MP", "A级", "tai", 79900, 6},
    {"硬盘录像机", "NVR-16", "A级", "tai", 269900, 3},
    {"门禁一体机", "AC-F2", "标准版", "tai", 199900, 3},
    {"智能电表", "EM-3P", "2024批", "ge", 68000, 4},
    {"光纤模块", "SFP-10G", "企业级", "ge", 39900, 5},
    {"超五类网线", "CAT5E-305", "B级", "xiang", 45000, 5},
    {"A4复印纸", "A4-70G", "B级", "xiang", 16500, 9},
    {"原装硒鼓", "TN-402", "A级", "ge", 59900, 7},
    {"彩色墨盒", "INK-C4", "A级", "tao", 39900, 5},
    {"固态硬盘", "SSD-1T", "A级", "ge", 59900, 6},
    {"服务器内存条", "RAM-32G", "A级", "ge", 129900, 4},
    {"42U网络机柜", "RK-42U", "标准版", "tai", 368000, 2},
    {"低压配电柜", "DB-400", "工业级", "tai", 1560000, 2},
    {"阻燃电缆", "YJV-4x25", "2024批", "xiang", 286000, 3},
    {"协同办公软件", "OA-V8", "企业版", "tao", 4800000, 2},
    {"年度运维服务", "SVC-Y1", "标准版", "tao", 3600000, 2},
    {"云服务器年包", "CLD-8C16G", "企业版", "tao", 1280000, 3},
    {"数据库许可", "DB-EE", "企业版", "tao", 8800000, 1},
    {"财务软件", "FIN-V5", "标准版", "tao", 1980000, 2},
    {"平板电脑", "TB-11", "A级", "tai", 329900, 5},
    {"数字对讲机", "RD-D6", "标准版", "tai", 89900, 4},
    {"工控机", "IPC-610", "工业级", "tai", 698000, 3},
};
const unsigned SEED_PRODUCT_COUNT = N_OF(SEED_PRODUCTS);
