-- 020_search_page_size.sql — the four search indexes write 1,000-byte leaf pages instead of FTS5's
-- default 4,050. The search walks a term's doclist newest first (search.c), and FTS5 starts a
-- backwards walk by reading every entry of the doclist's last leaf page: on a full 4,050-byte page of
-- a common term that is ~800 entries read to return the newest 200. At 1,000,000 customers
-- (scripts/profile-sql.sh, newest 200 matches): 科技 in customers_bi 345,000 -> 267,000 instructions;
-- 上海华信 in customers_tri 526,000 -> 335,000. The setting applies to every segment written from now
-- on; 'optimize' merges what is there into one segment written that way (a database with one segment
-- already keeps its pages until a later merge). `crm seed --customers N` fills after this migration.
INSERT INTO customers_tri(customers_tri, rank) VALUES ('pgsz', 1000);
INSERT INTO customers_bi(customers_bi, rank) VALUES ('pgsz', 1000);
INSERT INTO contacts_tri(contacts_tri, rank) VALUES ('pgsz', 1000);
INSERT INTO contacts_bi(contacts_bi, rank) VALUES ('pgsz', 1000);
INSERT INTO customers_tri(customers_tri) VALUES ('optimize');
INSERT INTO customers_bi(customers_bi) VALUES ('optimize');
INSERT INTO contacts_tri(contacts_tri) VALUES ('optimize');
INSERT INTO contacts_bi(contacts_bi) VALUES ('optimize');
