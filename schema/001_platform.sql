-- 001_platform.sql — users, sessions, roles and permissions, data dictionary, audit log.
-- Times are UTC unix seconds. Every editable record carries a version for optimistic locking.

CREATE TABLE roles (
    code        TEXT PRIMARY KEY,           -- admin | director | rep | executive
    sort        INTEGER NOT NULL
) WITHOUT ROWID;

-- The role × permission matrix; permission codes are the vocabulary in src/perm.c.
CREATE TABLE role_perms (
    role        TEXT NOT NULL REFERENCES roles(code),
    perm        TEXT NOT NULL,
    PRIMARY KEY (role, perm)
) WITHOUT ROWID;

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    login           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL REFERENCES roles(code),
    region          TEXT NOT NULL DEFAULT '',
    lang            TEXT NOT NULL DEFAULT 'zh-CN' CHECK (lang IN ('zh-CN', 'en')),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    pw_hash         TEXT NOT NULL,
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER NOT NULL DEFAULT 0,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX users_role ON users(role, active);

-- A session row per login; only the SHA-256 of the cookie token is stored.
CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    token_hash  BLOB NOT NULL UNIQUE,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    csrf        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    ip          TEXT NOT NULL DEFAULT '',
    user_agent  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

-- 数据字典: categories are fixed codes (customer_level, region, service_type, opportunity_source, unit, ...)
CREATE TABLE dict_items (
    id          INTEGER PRIMARY KEY,
    category    TEXT NOT NULL,
    item        TEXT NOT NULL,            -- 条目: the label shown
    value       TEXT NOT NULL,            -- 值: the stored value
    editable    INTEGER NOT NULL DEFAULT 1 CHECK (editable IN (0, 1)),
    sort        INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (category, value)
);
CREATE INDEX dict_items_category ON dict_items(category, sort, id);

-- 操作日志: append-only; triggers refuse updates and deletes.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    user_id     INTEGER,                  -- NULL for the system (seed, scans)
    record_type TEXT NOT NULL,            -- user, session, dict_item, role_perm, ...
    record_id   INTEGER,
    action      TEXT NOT NULL,            -- create, update, delete, login, logout, ...
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX audit_log_record ON audit_log(record_type, record_id, id);
CREATE INDEX audit_log_user ON audit_log(user_id, id);
CREATE INDEX audit_log_action ON audit_log(action, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

INSERT INTO roles(code, sort) VALUES ('admin', 1), ('director', 2), ('rep', 3), ('executive', 4);

-- Default matrix (an admin edits it in 系统管理 › 角色权限).
INSERT INTO role_perms(role, perm) VALUES
    ('admin', 'user.manage'), ('admin', 'role.manage'), ('admin', 'dict.manage'), ('admin', 'audit.view'),
    ('admin', 'rules.edit'), ('admin', 'dashboard.view'), ('admin', 'customer.view'), ('admin', 'customer.view_all'),
    ('admin', 'customer.edit'), ('admin', 'customer.reassign'), ('admin', 'product.manage'),
    ('admin', 'report.view'), ('admin', 'data.import'), ('admin', 'data.export'),
    ('director', 'dashboard.view'), ('director', 'customer.view'), ('director', 'customer.view_all'),
    ('director', 'customer.edit'), ('director', 'customer.reassign'), ('director', 'opportunity.create'),
    ('director', 'opportunity.assign'), ('director', 'service.create'), ('director', 'service.assign'),
    ('director', 'report.view'), ('director', 'product.manage'), ('director', 'data.import'),
    ('director', 'data.export'), ('director', 'audit.view'),
    ('rep', 'workqueue.view'), ('rep', 'customer.view'), ('rep', 'customer.edit'), ('rep', 'opportunity.create'),
    ('rep', 'service.create'), ('rep', 'data.export'),
    ('executive', 'dashboard.view'), ('executive', 'customer.view'), ('executive', 'customer.view_all'),
    ('executive', 'report.view'), ('executive', 'data.export');

INSERT INTO dict_items(category, item, value, editable, sort) VALUES
    ('customer_level', '普通客户', 'normal', 0, 1),
    ('customer_level', '重点开发客户', 'key_prospect', 0, 2),
    ('customer_level', '大客户', 'major', 0, 3),
    ('customer_level', '合作伙伴', 'partner', 0, 4),
    ('customer_level', '战略合作伙伴', 'strategic', 0, 5),
    ('service_type', '咨询', 'inquiry', 0, 1),
    ('service_type', '建议', 'suggestion', 0, 2),
    ('service_type', '投诉', 'complaint', 0, 3),
    ('service_type', '反馈', 'feedback', 0, 4),
    ('region', '北京', 'beijing', 1, 1),
    ('region', '上海', 'shanghai', 1, 2),
    ('region', '广州', 'guangzhou', 1, 3),
    ('region', '深圳', 'shenzhen', 1, 4),
    ('region', '杭州', 'hangzhou', 1, 5),
    ('region', '成都', 'chengdu', 1, 6),
    ('region', '武汉', 'wuhan', 1, 7),
    ('region', '西安', 'xian', 1, 8),
    ('region', '南京', 'nanjing', 1, 9),
    ('region', '重庆', 'chongqing', 1, 10),
    ('opportunity_source', '电话咨询', 'phone', 1, 1),
    ('opportunity_source', '网站', 'web', 1, 2),
    ('opportunity_source', '展会', 'exhibition', 1, 3),
    ('opportunity_source', '老客户推荐', 'referral', 1, 4),
    ('opportunity_source', '广告', 'ads', 1, 5),
    ('unit', '台', 'tai', 1, 1),
    ('unit', '件', 'jian', 1, 2),
    ('unit', '套', 'tao', 1, 3),
    ('unit', '箱', 'xiang', 1, 4),
    ('unit', '个', 'ge', 1, 5);
