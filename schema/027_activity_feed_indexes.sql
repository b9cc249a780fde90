-- 027_activity_feed_indexes.sql — the 交往记录 list across customers (/activities, activity_feed.c) walks
-- every record newest first from activities_by_at, or one 记录人's from activities_by_user, checking each
-- record's customer on the way; a few customers' records come from activities_by_customer (003).
CREATE INDEX activities_by_at ON activities(at, id);
CREATE INDEX activities_by_user ON activities(user_id, at, id);
