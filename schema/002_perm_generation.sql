-- 002_perm_generation.sql — a counter that changes whenever the role × permission matrix changes,
-- so each worker can keep the matrix in memory and reload it only when the counter moves
-- (the session lookup reads the counter with the session, in the same query).
CREATE TABLE settings (
    key     TEXT PRIMARY KEY,
    value   INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO settings(key, value) VALUES ('perm_generation', 1);
CREATE TRIGGER role_perms_changed_ins AFTER INSERT ON role_perms
BEGIN UPDATE settings SET value = value + 1 WHERE key = 'perm_generation'; END;
CREATE TRIGGER role_perms_changed_del AFTER DELETE ON role_perms
BEGIN UPDATE settings SET value = value + 1 WHERE key = 'perm_generation'; END;
