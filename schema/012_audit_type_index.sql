-- 012_audit_type_index.sql — the 操作日志 filtered by record type alone, or by a date range, walks an
-- index newest first (audit.c picks one index per filter: record, user, date, action, type). Without
-- them such a filter walked the whole log from the newest entry, testing each.
CREATE INDEX audit_log_type ON audit_log(record_type, id);
CREATE INDEX audit_log_at ON audit_log(at, id);
