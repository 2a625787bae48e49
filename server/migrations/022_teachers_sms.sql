-- 教师管理 (seed 7.1): a college's teachers, each with a 1+X 师资培训门户 account whose user name is
-- the phone number (TCH-1), and the SMS messages that carry account details.

CREATE TABLE teachers (
  id {{pk}},
  college_id BIGINT NOT NULL REFERENCES organizations(id),
  account_id BIGINT,              -- the teacher's account (accounts module); user name = phone
  name TEXT NOT NULL,
  id_number TEXT NOT NULL,
  gender TEXT NOT NULL,           -- 男 / 女; from the 身份证号 when not given
  department TEXT NOT NULL,       -- 学院 (the school within the college)
  phone TEXT NOT NULL,            -- unique platform-wide: it is the account's user name
  education TEXT NOT NULL DEFAULT '',     -- 学历
  title TEXT NOT NULL DEFAULT '',         -- 职称
  position TEXT NOT NULL DEFAULT '',      -- 职务
  email TEXT NOT NULL DEFAULT '',
  research TEXT NOT NULL DEFAULT '',      -- 研究方向, at most 100 characters
  achievements TEXT NOT NULL DEFAULT '',  -- 主要成果, at most 100 characters
  address TEXT NOT NULL DEFAULT '',       -- 居住地址
  enabled INTEGER NOT NULL DEFAULT 1,     -- 停用 disables the account too
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_teachers_phone ON teachers(phone);
CREATE UNIQUE INDEX ux_teachers_id_number ON teachers(college_id, id_number);
CREATE INDEX ix_teachers_account ON teachers(account_id);

-- Outgoing SMS: written in the transaction of the change that sends it, delivered by the sender
-- (modules/sms/sender.*) with retries and backoff.
-- state: queued | sending | sent | failed
CREATE TABLE sms_messages (
  id {{pk}},
  college_id BIGINT,              -- the college whose action sent it (its 短信记录, its rate limit)
  phone TEXT NOT NULL,
  template TEXT NOT NULL,         -- teacher_account | teacher_phone_changed
  params TEXT NOT NULL,           -- the template's parameters as a JSON array
  body TEXT NOT NULL,             -- the text as the teacher reads it
  subject_type TEXT NOT NULL DEFAULT '',  -- what it is about: teacher
  subject_id BIGINT,
  state TEXT NOT NULL DEFAULT 'queued',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms BIGINT NOT NULL,        -- wall clock, milliseconds
  claimed_by TEXT NOT NULL DEFAULT '',
  claimed_ms BIGINT,
  provider TEXT NOT NULL DEFAULT '',
  answer TEXT NOT NULL DEFAULT '',        -- the provider's last answer
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  updated_at BIGINT NOT NULL
);
CREATE INDEX ix_sms_due ON sms_messages(state, next_attempt_ms);
CREATE INDEX ix_sms_phone ON sms_messages(phone, created_at);
CREATE INDEX ix_sms_college ON sms_messages(college_id, created_at);
CREATE INDEX ix_sms_subject ON sms_messages(subject_type, subject_id, id);
