-- When a worker took each job (wall clock, milliseconds): the queue serves the organisation it
-- served least recently first, so one college's thirty exports do not keep every other waiting.
ALTER TABLE jobs ADD COLUMN claimed_at BIGINT;
CREATE INDEX ix_jobs_org_claimed ON jobs(org_id, claimed_at);
CREATE INDEX ix_files_purpose ON files(purpose, created_at);
