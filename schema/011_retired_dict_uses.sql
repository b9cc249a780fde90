-- 011_retired_dict_uses.sql — a retired customer keeps its 地区 and 等级 (its page stays readable, with
-- its history), so those values stay in use: the 数据字典 refuses to delete or recode them (dict.c,
-- dict_uses). The list indexes only hold active customers; these two small partial indexes hold the
-- retired ones, so counting them is a lookup, not a scan of every customer.
CREATE INDEX customers_retired_region ON customers(region) WHERE retired = 1;
CREATE INDEX customers_retired_level ON customers(level) WHERE retired = 1;
