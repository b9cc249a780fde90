-- 010_autoincrement.sql — ids of deleted records are never given again. The tables whose rows can be
-- deleted (contacts, activities, orders, stock, dict_items) had plain INTEGER PRIMARY KEYs, with which
-- SQLite hands out max(id) + 1: delete the newest contact, add another, and it got the deleted one's
-- id — and the audit log (audit_log, keyed by record type and id) and the URLs then showed the deleted
-- record's history under the new one. AUTOINCREMENT never reuses an id, and it can only be declared
-- when a table is created, so each table is rebuilt by SQLite's documented steps (lang_altertable.html,
-- "Making Other Kinds Of Table Schema Changes"): create new_X, copy the rows with their ids, drop X,
-- rename new_X to X, recreate X's indexes and triggers. Every column, default, CHECK, foreign key,
-- index and trigger is as 001–009 left it (the contacts phone-digit columns and search triggers of
-- 009 included, their text exactly as 009 wrote it: src/import.c compares it). Nothing else changes.
--
-- The next id: sqlite_sequence starts at the largest id a record of the table's kind ever had in the
-- audit log (so an id already given to a record deleted before this migration is not given again
-- either), and copying the rows raises it to max(id) when that is larger.
--
-- db_migrate (src/db.c) runs a migration with foreign keys off and checks them (PRAGMA
-- foreign_key_check) before it commits: with them on, DROP TABLE orders would delete every row of
-- order_lines through its ON DELETE CASCADE. order_lines keeps its rows and its REFERENCES orders(id),
-- which names the rebuilt table once it has the name; its triggers, which name orders too, are dropped
-- and recreated around the rebuild (ALTER TABLE ... RENAME refuses while a trigger names a missing table).

-- ---- 联系人 (003, 009)
CREATE TABLE new_contacts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    name            TEXT NOT NULL,                   -- 姓名
    gender          TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'male', 'female')),
    title           TEXT NOT NULL DEFAULT '',        -- 职位
    office_phone    TEXT NOT NULL DEFAULT '',
    mobile          TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    is_primary      INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),   -- 首要联系人
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    mobile_digits   TEXT GENERATED ALWAYS AS (replace(replace(replace(replace(replace(replace(replace(mobile, '-', ''), ' ', ''), '(', ''), ')', ''), '+', ''), '.', ''), '/', '')) VIRTUAL,
    office_digits   TEXT GENERATED ALWAYS AS (replace(replace(replace(replace(replace(replace(replace(office_phone, '-', ''), ' ', ''), '(', ''), ')', ''), '+', ''), '.', ''), '/', '')) VIRTUAL
);
INSERT INTO sqlite_sequence(name, seq)
    SELECT 'new_contacts', m FROM (SELECT max(record_id) AS m FROM audit_log WHERE record_type = 'contact') WHERE m > 0;
INSERT INTO new_contacts(id, customer_id, name, gender, title, office_phone, mobile, email, note, is_primary,
                         version, created_at, updated_at)
    SELECT id, customer_id, name, gender, title, office_phone, mobile, email, note, is_primary,
           version, created_at, updated_at FROM contacts ORDER BY id;
DROP TABLE contacts;
ALTER TABLE new_contacts RENAME TO contacts;
CREATE INDEX contacts_by_customer ON contacts(customer_id, id);
CREATE UNIQUE INDEX contacts_one_primary ON contacts(customer_id) WHERE is_primary = 1;
-- the search triggers of 009, as 009 wrote them (contacts_tri and contacts_bi keep their rows: same ids)
CREATE TRIGGER contacts_search_ins AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_tri(rowid, name, mobile_digits, office_digits) VALUES (new.id, new.name, new.mobile_digits, new.office_digits);
    INSERT INTO contacts_bi(rowid, grams) VALUES (new.id, crm_bigrams(new.name || ' ' || new.mobile || ' ' || new.office_phone));
END;
CREATE TRIGGER contacts_search_del AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_tri(contacts_tri, rowid, name, mobile_digits, office_digits) VALUES ('delete', old.id, old.name, old.mobile_digits, old.office_digits);
    INSERT INTO contacts_bi(contacts_bi, rowid, grams) VALUES ('delete', old.id, crm_bigrams(old.name || ' ' || old.mobile || ' ' || old.office_phone));
END;
CREATE TRIGGER contacts_search_upd AFTER UPDATE OF name, mobile, office_phone ON contacts BEGIN
    INSERT INTO contacts_tri(contacts_tri, rowid, name, mobile_digits, office_digits) VALUES ('delete', old.id, old.name, old.mobile_digits, old.office_digits);
    INSERT INTO contacts_bi(contacts_bi, rowid, grams) VALUES ('delete', old.id, crm_bigrams(old.name || ' ' || old.mobile || ' ' || old.office_phone));
    INSERT INTO contacts_tri(rowid, name, mobile_digits, office_digits) VALUES (new.id, new.name, new.mobile_digits, new.office_digits);
    INSERT INTO contacts_bi(rowid, grams) VALUES (new.id, crm_bigrams(new.name || ' ' || new.mobile || ' ' || new.office_phone));
END;

-- ---- 交往记录 (003)
CREATE TABLE new_activities (                        -- 交往记录
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    at              INTEGER NOT NULL,                -- 时间
    place           TEXT NOT NULL DEFAULT '',        -- 地点
    summary         TEXT NOT NULL,                   -- 概要
    detail          TEXT NOT NULL DEFAULT '',        -- 详细信息
    user_id         INTEGER NOT NULL REFERENCES users(id),   -- recorded by
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
INSERT INTO sqlite_sequence(name, seq)
    SELECT 'new_activities', m FROM (SELECT max(record_id) AS m FROM audit_log WHERE record_type = 'activity') WHERE m > 0;
INSERT INTO new_activities(id, customer_id, at, place, summary, detail, user_id, version, created_at, updated_at)
    SELECT id, customer_id, at, place, summary, detail, user_id, version, created_at, updated_at
      FROM activities ORDER BY id;
DROP TABLE activities;
ALTER TABLE new_activities RENAME TO activities;
CREATE INDEX activities_by_customer ON activities(customer_id, at DESC, id DESC);

-- ---- 历史订单 (003, 007); order_lines is not rebuilt (its line ids are in no URL and no audit key)
CREATE TABLE new_orders (                            -- 历史订单
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    order_no        TEXT NOT NULL UNIQUE,            -- 订单号
    date            TEXT NOT NULL,                   -- 日期 YYYY-MM-DD
    address         TEXT NOT NULL DEFAULT '',        -- 送货地址
    status          TEXT NOT NULL DEFAULT 'unpaid' CHECK (status IN ('unpaid', 'paid')),  -- 未回款/已回款
    total           INTEGER NOT NULL DEFAULT 0,      -- maintained by the order_lines triggers (分)
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
INSERT INTO sqlite_sequence(name, seq)
    SELECT 'new_orders', m FROM (SELECT max(record_id) AS m FROM audit_log WHERE record_type = 'order') WHERE m > 0;
INSERT INTO new_orders(id, customer_id, order_no, date, address, status, total, version, created_at, updated_at)
    SELECT id, customer_id, order_no, date, address, status, total, version, created_at, updated_at
      FROM orders ORDER BY id;
DROP TRIGGER order_lines_ins;
DROP TRIGGER order_lines_del;
DROP TRIGGER order_lines_upd;
DROP TABLE orders;
ALTER TABLE new_orders RENAME TO orders;
CREATE INDEX orders_by_customer ON orders(customer_id, date DESC, id DESC);
CREATE INDEX orders_by_date ON orders(date, id);
CREATE INDEX orders_by_total ON orders(total, id);
CREATE TRIGGER orders_ins AFTER INSERT ON orders BEGIN
    UPDATE customers SET last_order_date = new.date
     WHERE id = new.customer_id AND (last_order_date IS NULL OR last_order_date < new.date);
END;
CREATE TRIGGER orders_del AFTER DELETE ON orders BEGIN
    UPDATE customers SET last_order_date = (SELECT max(date) FROM orders WHERE customer_id = old.customer_id)
     WHERE id = old.customer_id;
END;
CREATE TRIGGER orders_upd AFTER UPDATE OF date, customer_id ON orders BEGIN
    UPDATE customers SET last_order_date = (SELECT max(date) FROM orders WHERE customer_id = old.customer_id)
     WHERE id = old.customer_id;
    UPDATE customers SET last_order_date = (SELECT max(date) FROM orders WHERE customer_id = new.customer_id)
     WHERE id = new.customer_id;
END;
CREATE TRIGGER order_lines_ins AFTER INSERT ON order_lines BEGIN
    UPDATE orders SET total = total + new.amount WHERE id = new.order_id;
END;
CREATE TRIGGER order_lines_del AFTER DELETE ON order_lines BEGIN
    UPDATE orders SET total = total - old.amount WHERE id = old.order_id;
END;
CREATE TRIGGER order_lines_upd AFTER UPDATE OF amount, order_id ON order_lines BEGIN
    UPDATE orders SET total = total - old.amount WHERE id = old.order_id;
    UPDATE orders SET total = total + new.amount WHERE id = new.order_id;
END;

-- ---- 库存 (003)
CREATE TABLE new_stock (                             -- 库存
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id      INTEGER NOT NULL REFERENCES products(id),
    warehouse       TEXT NOT NULL,                   -- 仓库
    location        TEXT NOT NULL DEFAULT '',        -- 货位
    quantity        INTEGER NOT NULL DEFAULT 0 CHECK (quantity >= 0),   -- 件数
    note            TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
INSERT INTO sqlite_sequence(name, seq)
    SELECT 'new_stock', m FROM (SELECT max(record_id) AS m FROM audit_log WHERE record_type = 'stock') WHERE m > 0;
INSERT INTO new_stock(id, product_id, warehouse, location, quantity, note, version, created_at, updated_at)
    SELECT id, product_id, warehouse, location, quantity, note, version, created_at, updated_at FROM stock ORDER BY id;
DROP TABLE stock;
ALTER TABLE new_stock RENAME TO stock;
CREATE INDEX stock_by_product ON stock(product_id, id);
CREATE INDEX stock_by_warehouse ON stock(warehouse, id);

-- ---- 数据字典 (001, 006)
CREATE TABLE new_dict_items (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    category    TEXT NOT NULL,
    item        TEXT NOT NULL,            -- 条目: the label shown
    value       TEXT NOT NULL,            -- 值: the stored value
    editable    INTEGER NOT NULL DEFAULT 1 CHECK (editable IN (0, 1)),
    sort        INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (category, value)
);
INSERT INTO sqlite_sequence(name, seq)
    SELECT 'new_dict_items', m FROM (SELECT max(record_id) AS m FROM audit_log WHERE record_type = 'dict_item') WHERE m > 0;
INSERT INTO new_dict_items(id, category, item, value, editable, sort, version)
    SELECT id, category, item, value, editable, sort, version FROM dict_items ORDER BY id;
DROP TABLE dict_items;
ALTER TABLE new_dict_items RENAME TO dict_items;
CREATE INDEX dict_items_category ON dict_items(category, sort, id);
CREATE TRIGGER dict_items_changed_ins AFTER INSERT ON dict_items
BEGIN UPDATE settings SET value = value + 1 WHERE key = 'dict_generation'; END;
CREATE TRIGGER dict_items_changed_upd AFTER UPDATE ON dict_items
BEGIN UPDATE settings SET value = value + 1 WHERE key = 'dict_generation'; END;
CREATE TRIGGER dict_items_changed_del AFTER DELETE ON dict_items
BEGIN UPDATE settings SET value = value + 1 WHERE key = 'dict_generation'; END;
