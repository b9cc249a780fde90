-- 025_dict_english.sql — each 数据字典 item may carry its text in English (item_en, 英文条目): pages in
-- English show it where a value's text is shown (地区, 客户等级, 单位, 仓库, …; dict.c picks it by the
-- request's language) and fall back to the Chinese item where it is empty. The import also accepts it in
-- place of the Chinese text or the value. The built-in items get theirs here; an admin edits them on the
-- 数据字典 page like the rest of an item.
ALTER TABLE dict_items ADD COLUMN item_en TEXT NOT NULL DEFAULT '';
UPDATE dict_items SET item_en = CASE category || ':' || value
    WHEN 'customer_level:normal' THEN 'Standard'
    WHEN 'customer_level:key_prospect' THEN 'Key prospect'
    WHEN 'customer_level:major' THEN 'Major account'
    WHEN 'customer_level:partner' THEN 'Partner'
    WHEN 'customer_level:strategic' THEN 'Strategic partner'
    WHEN 'service_type:inquiry' THEN 'Inquiry'
    WHEN 'service_type:suggestion' THEN 'Suggestion'
    WHEN 'service_type:complaint' THEN 'Complaint'
    WHEN 'service_type:feedback' THEN 'Feedback'
    WHEN 'region:beijing' THEN 'Beijing'
    WHEN 'region:shanghai' THEN 'Shanghai'
    WHEN 'region:guangzhou' THEN 'Guangzhou'
    WHEN 'region:shenzhen' THEN 'Shenzhen'
    WHEN 'region:hangzhou' THEN 'Hangzhou'
    WHEN 'region:chengdu' THEN 'Chengdu'
    WHEN 'region:wuhan' THEN 'Wuhan'
    WHEN 'region:xian' THEN 'Xi''an'
    WHEN 'region:nanjing' THEN 'Nanjing'
    WHEN 'region:chongqing' THEN 'Chongqing'
    WHEN 'opportunity_source:phone' THEN 'Phone inquiry'
    WHEN 'opportunity_source:web' THEN 'Website'
    WHEN 'opportunity_source:exhibition' THEN 'Trade show'
    WHEN 'opportunity_source:referral' THEN 'Customer referral'
    WHEN 'opportunity_source:ads' THEN 'Advertising'
    WHEN 'unit:tai' THEN 'unit'
    WHEN 'unit:jian' THEN 'piece'
    WHEN 'unit:tao' THEN 'set'
    WHEN 'unit:xiang' THEN 'box'
    WHEN 'unit:ge' THEN 'each'
    WHEN 'warehouse:bj1' THEN 'Beijing No. 1'
    WHEN 'warehouse:sh1' THEN 'Shanghai Central'
    WHEN 'warehouse:gz1' THEN 'Guangzhou South'
    ELSE '' END
WHERE item_en = '';
