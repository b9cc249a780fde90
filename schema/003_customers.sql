-- 003_customers.sql — 客户信息管理 and 基础数据: customers, contacts, interaction records (交往记录),
-- orders with lines, products, stock, and the search indexes. Money is integer 分; times are UTC unix
-- seconds; calendar dates (订单日期) are 'YYYY-MM-DD' text. Every editable record has a version.

-- Per-day counters for generated numbers (客户编号 KHyyyymmddNNNN, 订单号 DDyyyymmddNNNN).
CREATE TABLE counters (
    name    TEXT PRIMARY KEY,          -- e.g. 'customer:20261125'
    value   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE customers (
    id              INTEGER PRIMARY KEY,
    no              TEXT NOT NULL UNIQUE,            -- 客户编号
    name            TEXT NOT NULL,                   -- 名称
    region          TEXT NOT NULL,                   -- 地区 (dict region value)
    manager_id      INTEGER NOT NULL REFERENCES users(id),   -- 客户经理
    level           TEXT NOT NULL,                   -- 客户等级 (dict customer_level value)
    satisfaction    INTEGER NOT NULL DEFAULT 3 CHECK (satisfaction BETWEEN 1 AND 5),
    credit          INTEGER NOT NULL DEFAULT 3 CHECK (credit BETWEEN 1 AND 5),
    address         TEXT NOT NULL DEFAULT '',
    postcode        TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    fax             TEXT NOT NULL DEFAULT '',
    website         TEXT NOT NULL DEFAULT '',
    license_no      TEXT NOT NULL DEFAULT '',        -- 营业执照注册号
    legal_rep       TEXT NOT NULL DEFAULT '',        -- 法人
    reg_capital     INTEGER NOT NULL DEFAULT 0,      -- 注册资金 (分)
    annual_revenue  INTEGER NOT NULL DEFAULT 0,      -- 年营业额 (分)
    bank            TEXT NOT NULL DEFAULT '',        -- 开户银行
    bank_account    TEXT NOT NULL DEFAULT '',        -- 银行帐号
    local_tax_no    TEXT NOT NULL DEFAULT '',        -- 地税登记号
    national_tax_no TEXT NOT NULL DEFAULT '',        -- 国税登记号
    status          TEXT NOT NULL DEFAULT 'normal' CHECK (status IN ('normal', 'warning', 'lost')),  -- 正常/预警/流失
    retired         INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),   -- left the lists, history kept
    last_order_date TEXT,                            -- maintained by the orders triggers
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
-- list indexes: every list filters retired = 0 and pages by key (id, or name then id)
CREATE INDEX customers_by_manager ON customers(manager_id, id) WHERE retired = 0;
CREATE INDEX customers_by_region ON customers(region, id) WHERE retired = 0;
CREATE INDEX customers_by_level ON customers(level, id) WHERE retired = 0;
CREATE INDEX customers_by_status ON customers(status, id) WHERE retired = 0;
CREATE INDEX customers_by_name ON customers(name, id) WHERE retired = 0;
CREATE INDEX customers_by_license ON customers(license_no) WHERE license_no != '';
CREATE INDEX customers_by_phone ON customers(phone) WHERE phone != '';

CREATE TABLE contacts (
    id              INTEGER PRIMARY KEY,
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
    updated_at      INTEGER NOT NULL
);
CREATE INDEX contacts_by_customer ON contacts(customer_id, id);
CREATE UNIQUE INDEX contacts_one_primary ON contacts(customer_id) WHERE is_primary = 1;

CREATE TABLE activities (                            -- 交往记录
    id              INTEGER PRIMARY KEY,
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
CREATE INDEX activities_by_customer ON activities(customer_id, at DESC, id DESC);

CREATE TABLE products (                              -- 产品
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    model           TEXT NOT NULL DEFAULT '',        -- 型号
    grade           TEXT NOT NULL DEFAULT '',        -- 等级/批次
    unit            TEXT NOT NULL DEFAULT '',        -- 单位 (dict unit value)
    price           INTEGER NOT NULL DEFAULT 0 CHECK (price >= 0),   -- 单价 (分)
    note            TEXT NOT NULL DEFAULT '',
    retired         INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX products_by_name ON products(name, id);

CREATE TABLE stock (                                 -- 库存
    id              INTEGER PRIMARY KEY,
    product_id      INTEGER NOT NULL REFERENCES products(id),
    warehouse       TEXT NOT NULL,                   -- 仓库
    location        TEXT NOT NULL DEFAULT '',        -- 货位
    quantity        INTEGER NOT NULL DEFAULT 0 CHECK (quantity >= 0),   -- 件数
    note            TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX stock_by_product ON stock(product_id, id);
CREATE INDEX stock_by_warehouse ON stock(warehouse, id);

CREATE TABLE orders (                                -- 历史订单
    id              INTEGER PRIMARY KEY,
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
CREATE INDEX orders_by_customer ON orders(customer_id, date DESC, id DESC);
CREATE INDEX orders_by_date ON orders(date, id);

CREATE TABLE order_lines (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    product_id      INTEGER NOT NULL REFERENCES products(id),
    quantity        INTEGER NOT NULL CHECK (quantity > 0),   -- 数量
    unit            TEXT NOT NULL DEFAULT '',                -- 单位
    price           INTEGER NOT NULL CHECK (price >= 0),     -- 单价 (分)
    amount          INTEGER NOT NULL                         -- quantity × price (分)
);
CREATE INDEX order_lines_by_order ON order_lines(order_id, id);
CREATE INDEX order_lines_by_product ON order_lines(product_id);

-- order totals and the customer's last order date follow the lines and orders
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

-- Search (see src/search.c). Two FTS5 indexes per searchable record:
--   *_tri: trigram tokenizer, finds any substring of 3+ characters (names, numbers, phones);
--   *_bi : overlapping character bigrams made by crm_bigrams() (db.c), finds 2-character terms such
--          as 华为 or 张伟, which trigram cannot (measured: 0 rows for 2 characters).
CREATE VIRTUAL TABLE customers_tri USING fts5(name, no, phone, content='customers', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE customers_bi USING fts5(grams, content='', tokenize='ascii');
CREATE VIRTUAL TABLE contacts_tri USING fts5(name, mobile, office_phone, content='contacts', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE contacts_bi USING fts5(grams, content='', tokenize='ascii');

CREATE TRIGGER customers_search_ins AFTER INSERT ON customers BEGIN
    INSERT INTO customers_tri(rowid, name, no, phone) VALUES (new.id, new.name, new.no, new.phone);
    INSERT INTO customers_bi(rowid, grams) VALUES (new.id, crm_bigrams(new.name || ' ' || new.phone));
END;
CREATE TRIGGER customers_search_del AFTER DELETE ON customers BEGIN
    INSERT INTO customers_tri(customers_tri, rowid, name, no, phone) VALUES ('delete', old.id, old.name, old.no, old.phone);
    INSERT INTO customers_bi(customers_bi, rowid, grams) VALUES ('delete', old.id, crm_bigrams(old.name || ' ' || old.phone));
END;
CREATE TRIGGER customers_search_upd AFTER UPDATE OF name, no, phone ON customers BEGIN
    INSERT INTO customers_tri(customers_tri, rowid, name, no, phone) VALUES ('delete', old.id, old.name, old.no, old.phone);
    INSERT INTO customers_bi(customers_bi, rowid, grams) VALUES ('delete', old.id, crm_bigrams(old.name || ' ' || old.phone));
    INSERT INTO customers_tri(rowid, name, no, phone) VALUES (new.id, new.name, new.no, new.phone);
    INSERT INTO customers_bi(rowid, grams) VALUES (new.id, crm_bigrams(new.name || ' ' || new.phone));
END;
CREATE TRIGGER contacts_search_ins AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_tri(rowid, name, mobile, office_phone) VALUES (new.id, new.name, new.mobile, new.office_phone);
    INSERT INTO contacts_bi(rowid, grams) VALUES (new.id, crm_bigrams(new.name || ' ' || new.mobile || ' ' || new.office_phone));
END;
CREATE TRIGGER contacts_search_del AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_tri(contacts_tri, rowid, name, mobile, office_phone) VALUES ('delete', old.id, old.name, old.mobile, old.office_phone);
    INSERT INTO contacts_bi(contacts_bi, rowid, grams) VALUES ('delete', old.id, crm_bigrams(old.name || ' ' || old.mobile || ' ' || old.office_phone));
END;
CREATE TRIGGER contacts_search_upd AFTER UPDATE OF name, mobile, office_phone ON contacts BEGIN
    INSERT INTO contacts_tri(contacts_tri, rowid, name, mobile, office_phone) VALUES ('delete', old.id, old.name, old.mobile, old.office_phone);
    INSERT INTO contacts_bi(contacts_bi, rowid, grams) VALUES ('delete', old.id, crm_bigrams(old.name || ' ' || old.mobile || ' ' || old.office_phone));
    INSERT INTO contacts_tri(rowid, name, mobile, office_phone) VALUES (new.id, new.name, new.mobile, new.office_phone);
    INSERT INTO contacts_bi(rowid, grams) VALUES (new.id, crm_bigrams(new.name || ' ' || new.mobile || ' ' || new.office_phone));
END;

INSERT INTO dict_items(category, item, value, editable, sort) VALUES
    ('warehouse', '北京一号库', 'bj1', 1, 1),
    ('warehouse', '上海中心库', 'sh1', 1, 2),
    ('warehouse', '广州南方库', 'gz1', 1, 3);
