-- The sign-in before the current one: what 首页 shows as 最近登录 (the current one is now).
ALTER TABLE accounts ADD COLUMN previous_login_at BIGINT;
