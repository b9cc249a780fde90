# scripts/bench-terms.sh — the search terms `make bench` measures (sourced by bench.sh and
# search-terms.sh). 2 characters: trade-name words (common and rare), cities, contacts' names;
# 4 characters: industries, city + trade name.
terms2=(科技 华信 张伟 上海 恒达 王芳)
terms4=(网络科技 上海华信 信息技术 北京恒达 生物科技 广州鑫盛)
