#!/bin/bash
# scripts/bench-import-csv.sh N — writes the CSV file of N customers that `make bench` (scripts/bench.sh,
# section 3) and scripts/bench-import.sh import: UTF-8 with BOM, Chinese headers and labels, CRLF; names,
# phones and licence numbers unlike any seeded customer's, so no row is a duplicate and every row is
# written. Standard output.
set -euo pipefail
import_rows=${1:?usage: scripts/bench-import-csv.sh N}
awk -v n="$import_rows" 'BEGIN {
    split("北京 上海 广州 深圳 杭州 成都 武汉 西安 南京 重庆", city, " ");
    split("010 021 020 0755 0571 028 027 029 025 023", area, " ");
    split("华 信 达 通 恒 瑞 泰 鑫 盛 源 宏 远 康 德 天 海 中 新 安 博", bc, " ");
    split("科技 信息技术 网络科技 电子 软件 贸易 商贸 机械 物流 医药", ind, " ");
    split("普通客户 重点开发客户 大客户 合作伙伴 战略合作伙伴", lev, " ");
    split("rep1 rep2", rep, " ");
    printf "\357\273\277客户名称,地区,客户等级,客户经理(登录名),满意度,信用度,地址,邮编,电话,传真,网址,营业执照注册号,法人,注册资金(元),年营业额(元),开户银行,银行帐号,地税登记号,国税登记号\r\n";
    for (i = 1; i <= n; i++) {
        c = 1 + i % 10; b = bc[1 + int(i / 10) % 20] bc[1 + int(i / 200) % 20];
        lic = sprintf("92%04d%012d", c, i);
        printf "%s%s%s有限公司第%d分部,%s,%s,%s,%d,%d,%s市高新区科技路%d号,%d00000,%s-9%07d,,www.bench%d.cn,%s,李%s,%d,%d,中国银行%s分行,6222%012d,%s,%s\r\n",
            city[c], b, ind[1 + i % 10], i, city[c], lev[1 + i % 5], rep[1 + i % 2], 1 + i % 5, 1 + (i * 7) % 5,
            city[c], i % 999 + 1, c, area[c], i, i, lic, bc[1 + i % 20], (i % 100 + 1) * 10000, (i % 900 + 100) * 100000,
            city[c], i, lic, lic;
    }
}'
