-- Organisations, accounts, sessions, audit trail, jobs and stored files.
-- Portable SQL: {{pk}} expands per engine (see core/db/database.cpp). Times are Unix seconds.

CREATE TABLE organizations (
  id {{pk}},
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  college_type TEXT,
  province_id BIGINT REFERENCES organizations(id),
  region TEXT NOT NULL DEFAULT '',
  contact_name TEXT NOT NULL DEFAULT '',
  contact_phone TEXT NOT NULL DEFAULT '',
  enabled INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_organizations_type_name ON organizations(type, name);
CREATE INDEX ix_organizations_province ON organizations(province_id);

CREATE TABLE accounts (
  id {{pk}},
  username TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  phone TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT,
  last_login_at BIGINT,
  password_changed_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_accounts_username ON accounts(username);
CREATE INDEX ix_accounts_org ON accounts(org_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_sessions_account ON sessions(account_id);

CREATE TABLE audit_log (
  id {{pk}},
  at BIGINT NOT NULL,
  account_id BIGINT,
  username TEXT NOT NULL DEFAULT '',
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL DEFAULT '',
  org_id BIGINT,
  org_name TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  before_json TEXT,
  after_json TEXT,
  ip TEXT NOT NULL DEFAULT '',
  request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_audit_log_at ON audit_log(at);
CREATE INDEX ix_audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX ix_audit_log_org ON audit_log(org_id, at);

CREATE TABLE files (
  id {{pk}},
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  org_id BIGINT REFERENCES organizations(id),
  account_id BIGINT REFERENCES accounts(id),
  purpose TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX ix_files_org ON files(org_id);

CREATE TABLE file_chunks (
  file_id BIGINT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (file_id, seq)
);

CREATE TABLE jobs (
  id {{pk}},
  type TEXT NOT NULL,
  state TEXT NOT NULL,
  progress INTEGER NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT '',
  params TEXT NOT NULL DEFAULT '{}',
  result_json TEXT,
  result_file_id BIGINT REFERENCES files(id),
  error TEXT,
  org_id BIGINT REFERENCES organizations(id),
  account_id BIGINT REFERENCES accounts(id),
  worker TEXT,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  heartbeat_at BIGINT,
  finished_at BIGINT
);
CREATE INDEX ix_jobs_state ON jobs(state, id);
CREATE INDEX ix_jobs_org ON jobs(org_id, id);
