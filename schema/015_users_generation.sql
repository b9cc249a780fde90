-- 015_users_generation.sql — a counter that changes whenever what the pickers and lists show of a user
-- changes (login, name, role, region, active; a user added or removed), so each worker keeps the users in
-- memory (src/users.c) and re-reads them only when the counter moves; the session lookup reads it with
-- the session, like perm_generation and dict_generation. Sign-ins (failed_logins, locked_until), password
-- and language changes do not move it.
INSERT INTO settings(key, value) VALUES ('users_generation', 1);
CREATE TRIGGER users_changed_ins AFTER INSERT ON users
BEGIN UPDATE settings SET value = value + 1 WHERE key = 'users_generation'; END;
CREATE TRIGGER users_changed_upd AFTER UPDATE OF login, name, role, region, active ON users
BEGIN UPDATE settings SET value = value + 1 WHERE key = 'users_generation'; END;
CREATE TRIGGER users_changed_del AFTER DELETE ON users
BEGIN UPDATE settings SET value = value + 1 WHERE key = 'users_generation'; END;
