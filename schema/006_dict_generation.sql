-- 006_dict_generation.sql — a counter that changes whenever the 数据字典 (dict_items) changes, so each
-- worker keeps the dictionary in memory and re-reads it only when the counter moves (src/dict.c; the
-- session lookup reads the counter with the session, like perm_generation).
INSERT INTO settings(key, value) VALUES ('dict_generation', 1);
CREATE TRIGGER dict_items_changed_ins AFTER INSERT ON dict_items
BEGIN UPDATE settings SET value = value + 1 WHERE key = 'dict_generation'; END;
CREATE TRIGGER dict_items_changed_upd AFTER UPDATE ON dict_items
BEGIN UPDATE settings SET value = value + 1 WHERE key = 'dict_generation'; END;
CREATE TRIGGER dict_items_changed_del AFTER DELETE ON dict_items
BEGIN UPDATE settings SET value = value + 1 WHERE key = 'dict_generation'; END;
