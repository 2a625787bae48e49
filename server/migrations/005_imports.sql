-- Import records 导入记录: who imported what, when, how many rows succeeded and failed, and the
-- file of failed rows with their reasons.

CREATE TABLE import_records (
  id {{pk}},
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  target_id BIGINT,
  org_id BIGINT NOT NULL REFERENCES organizations(id),
  org_name TEXT NOT NULL,
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  username TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  file_name TEXT NOT NULL,
  total INTEGER NOT NULL,
  succeeded INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  failure_file_id BIGINT REFERENCES files(id),
  job_id BIGINT REFERENCES jobs(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX ix_import_records_org ON import_records(org_id, type, id);
